"""Who may do what with e-licences (registered in core's table from ``LicencesConfig.ready``).

*Which* holdings a user may act on is the scope rule in :mod:`zwfw.licences.selectors`:
applicants their own (matched by 公民身份号码 / 统一社会信用代码), staff the holdings issued by
departments in their scope (core's department rule on ``issuer_department``).
"""

from __future__ import annotations

from zwfw.core.models import Role
from zwfw.core.permissions import ALL_ROLES, APPLICANTS, STAFF, register

register("licences.wallet.view", APPLICANTS, "查看本人电子证照")
register("licences.holding.verify", ALL_ROLES, "核验电子证照", public=True)
register("licences.holding.view_any", {Role.DEPT_ADMIN, Role.PLATFORM_ADMIN}, "查看辖区电子证照")
register(
    "licences.holding.issue",
    {Role.WINDOW_CLERK, Role.REVIEWER, Role.DEPT_ADMIN, Role.PLATFORM_ADMIN},
    "签发电子证照",
)
register("licences.holding.revoke", {Role.DEPT_ADMIN, Role.PLATFORM_ADMIN}, "注销电子证照")
register("licences.type.ensure", STAFF, "登记电子证照类型")
register("licences.signing_key.rotate", {Role.DEPT_ADMIN, Role.PLATFORM_ADMIN}, "轮换电子印章密钥")
register("licences.foreign.check", {Role.WINDOW_CLERK, Role.REVIEWER, Role.DEPT_ADMIN}, "核验外省电子证照（互认）")
register("licences.trust.manage", {Role.PLATFORM_ADMIN}, "维护电子证照互认信任清单")
register(
    "licences.document.view_any",
    {Role.WINDOW_CLERK, Role.REVIEWER, Role.DEPT_ADMIN, Role.PLATFORM_ADMIN},
    "查看辖区电子文书（受理通知书、决定书）",
)
register("licences.document.revoke", {Role.DEPT_ADMIN, Role.PLATFORM_ADMIN}, "撤销电子文书")
register("licences.document.view", ALL_ROLES, "查看电子文书（本人办件的受理通知书、决定书；工作人员限辖区）")
register("licences.pdf.download", ALL_ROLES, "下载加盖电子印章的PDF（本人证照与文书；工作人员限辖区）")
