"""Who may do what in 互联网+监管.

- 监管执法人员 (supervision_officer, department-scoped): the inbox, 告知承诺核查, 双随机 plans,
  credit records and 信用修复 review, the early-warning dashboard, for their department subtree.
- Reviewers and department admins keep reading the 审管联动 inbox (they did in cases) and
  reviewers may still record a 核查 result; department admins manage their 监管事项清单.
- Enterprises and persons request 信用修复 for their own records.
- The public reads published 双随机 results (no personal data).
- Receiving a webhook event from a remote cases deployment needs ``supervision.inbox.receive``
  (a platform-admin API token).
"""

from __future__ import annotations

from zwfw.core.models import Role
from zwfw.core.permissions import register

S, ADMIN = Role.SUPERVISION_OFFICER, Role.PLATFORM_ADMIN

INBOX_VIEW = "supervision.inbox.view"
INBOX_RECEIVE = "supervision.inbox.receive"
INBOX_SIGN = "supervision.inbox.sign"
PLEDGE_VERIFY = "supervision.pledge.verify"
ITEM_MANAGE = "supervision.item.manage"
CREDIT_VIEW = "supervision.credit.view"
CREDIT_RECORD = "supervision.credit.record"
REPAIR_REQUEST = "supervision.repair.request"
REPAIR_REVIEW = "supervision.repair.review"
INSPECTION_MANAGE = "supervision.inspection.manage"
INSPECTION_PUBLIC = "supervision.inspection.public"
WARNING_VIEW = "supervision.warning.view"

register(INBOX_VIEW, {S, Role.REVIEWER, Role.DEPT_ADMIN, ADMIN}, "查看审管联动收件箱")
register(INBOX_RECEIVE, {ADMIN}, "接收审管联动推送")
register(INBOX_SIGN, {S, Role.REVIEWER, Role.DEPT_ADMIN, ADMIN}, "签收审管联动事件")
register(PLEDGE_VERIFY, {S, Role.REVIEWER, Role.DEPT_ADMIN, ADMIN}, "告知承诺核查")
register(ITEM_MANAGE, {S, Role.DEPT_ADMIN, ADMIN}, "维护监管事项清单")
register(CREDIT_VIEW, {S, Role.DEPT_ADMIN, Role.REVIEWER, ADMIN}, "查看信用记录与等级")
register(CREDIT_RECORD, {S, ADMIN}, "录入与导入信用记录")
register(REPAIR_REQUEST, {Role.ENTERPRISE, Role.PERSON}, "申请信用修复")
register(REPAIR_REVIEW, {S, ADMIN}, "审核信用修复")
register(INSPECTION_MANAGE, {S, ADMIN}, "双随机抽查")
register(INSPECTION_PUBLIC, set(Role), "查看抽查结果公示", public=True)
register(WARNING_VIEW, {S, Role.DEPT_ADMIN, ADMIN}, "查看监测预警")
