"""Who may do what with 一件事 (registered in core's table from ``BundlesConfig.ready``).

Role checks live here; *which* bundle a reviewer may act on is the lead department's scope
(``department_scope_q(user, "lead_department")`` in :mod:`zwfw.bundles.selectors`): the 牵头部门's
admins (and admins of a department above it) review and publish, platform admins everywhere.
"""

from __future__ import annotations

from zwfw.core.models import Role
from zwfw.core.permissions import ALL_ROLES, APPLICANTS, register

VIEW = "bundles.bundle.view"
COMPOSE = "bundles.bundle.compose"
REVIEW = "bundles.bundle.review"
PUBLISH = "bundles.bundle.publish"
RECOMPOSE = "bundles.bundle.recompose"
APPLY = "bundles.application.apply"
VIEW_APPLICATION = "bundles.application.view"

REVIEWERS = {Role.DEPT_ADMIN, Role.PLATFORM_ADMIN}

register(VIEW, ALL_ROLES, "查看一件事", public=True)
register(COMPOSE, ALL_ROLES, "自由组合事项", public=True)
register(REVIEW, REVIEWERS, "复核材料合并建议")
register(PUBLISH, REVIEWERS, "发布一件事")
register(RECOMPOSE, REVIEWERS, "重新组合一件事")
register(APPLY, APPLICANTS | {Role.WINDOW_CLERK}, "一件事申请")
register(
    VIEW_APPLICATION,
    APPLICANTS | {Role.WINDOW_CLERK, Role.REVIEWER, Role.DEPT_ADMIN, Role.PLATFORM_ADMIN},
    "查看一件事申请",
)
