"""Who may do what with policies (actions registered in :mod:`zwfw.core.permissions`).

- policy officers (惠企政策专员): draft, publish and retire policies and items of their region,
  import profiles, run matching, confirm 免申即享 lists, accept and review 申兑 applications
  (受审分离: the service refuses a review by the officer who accepted the application);
- window clerks: accept applications (综合窗口受理);
- enterprises: see policies for them with explanations, apply, raise objections during 公示;
- everyone: read published policies.
*Which* rows: :mod:`zwfw.policies.selectors`.
"""

from __future__ import annotations

from zwfw.core.models import Role
from zwfw.core.permissions import register

OFFICER = Role.POLICY_OFFICER
ADMIN = Role.PLATFORM_ADMIN

POLICY_MANAGE = "policies.policy.manage"
PROFILE_IMPORT = "policies.profile.import"
MATCH_RUN = "policies.match.run"
GRANT_DECIDE = "policies.grant.decide"
APPLY = "policies.application.apply"
ACCEPT = "policies.application.accept"
REVIEW = "policies.application.review"
OBJECT = "policies.application.object"
CONSOLE = "policies.console.view"

register(POLICY_MANAGE, {OFFICER, ADMIN}, "起草、发布、废止惠企政策")
register(PROFILE_IMPORT, {OFFICER, ADMIN}, "导入企业画像数据")
register(MATCH_RUN, {OFFICER, ADMIN}, "运行政策匹配")
register(GRANT_DECIDE, {OFFICER, ADMIN}, "确认免申即享名单")
register(APPLY, {Role.ENTERPRISE}, "申报惠企事项")
register(ACCEPT, {OFFICER, Role.WINDOW_CLERK, ADMIN}, "受理惠企事项申报")
register(REVIEW, {OFFICER, ADMIN}, "审核惠企事项申报")
register(OBJECT, {Role.ENTERPRISE, Role.PERSON, OFFICER, ADMIN}, "公示期提出异议")
register(CONSOLE, {OFFICER, Role.WINDOW_CLERK, ADMIN}, "查看惠企政策工作台")
