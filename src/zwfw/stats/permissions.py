"""Who may read the monthly window report (窗口月报).

Window clerks (their region subtree: the 综合窗口 serves every department), department admins
(their department subtree) and platform admins (everything). *Which rows* each sees is the
case/consultation scope of :mod:`zwfw.core.selectors.scope`, applied by the report selectors.
Logging a consultation is the cases app's action ``cases.consultation.log``.
"""

from __future__ import annotations

from zwfw.core.models import Role
from zwfw.core.permissions import register

REPORT_VIEW = "stats.report.view"

register(REPORT_VIEW, {Role.WINDOW_CLERK, Role.DEPT_ADMIN, Role.PLATFORM_ADMIN}, "查看窗口月报")
