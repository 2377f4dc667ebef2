"""Who may do what with cases: actions registered in :mod:`zwfw.core.permissions`.

Role table (platform admins and superusers hold everything):

- applicants (person, enterprise): apply, view their own cases, resubmit after 补正, withdraw;
- window clerks (综合窗口): apply on an applicant's behalf (代办/帮办), accept, refuse, 补正,
  容缺, 告知承诺 approval, deliver, complete, log consultations, clock stop/resume of their cases;
- reviewers (部门审批人员): complete workflow steps of their role and department, decide,
  start/end special procedures, verify 告知承诺 pledges, read the supervision inbox;
- department admins: view cases and the supervision inbox of their department subtree, and
  approve the one 10-working-day extension of a licensing case (延长审批, 行政许可法 第四十二条:
  “经本行政机关负责人批准”).

受审分离 (the clerk who accepts is not the reviewer who decides) follows from the table: accepting
is a window-clerk action, deciding a reviewer action, and a service also refuses a decision by the
user who accepted the case (a platform admin holding both).

*Which* cases: :func:`zwfw.cases.selectors.case_get_for` (region/department scope, own cases).
"""

from __future__ import annotations

from zwfw.core.models import Role
from zwfw.core.permissions import APPLICANTS, STAFF, register

ADMIN = Role.PLATFORM_ADMIN
CLERK = Role.WINDOW_CLERK
REVIEWER = Role.REVIEWER
DEPT_ADMIN = Role.DEPT_ADMIN

APPLY = "cases.case.apply"
VIEW = "cases.case.view"
ACCEPT = "cases.case.accept"
REFUSE = "cases.case.refuse"
CORRECTION = "cases.case.request_correction"
RESUBMIT = "cases.case.resubmit"
WITHDRAW = "cases.case.withdraw"
SHORTFALL = "cases.case.accept_with_shortfall"
SHORTFALL_FULFIL = "cases.case.fulfil_shortfall"
PLEDGE = "cases.case.approve_on_pledge"
STEP = "cases.step.complete"
DECIDE = "cases.case.decide"
CLOCK = "cases.case.clock"
EXTEND = "cases.case.extend"
DELIVER = "cases.case.deliver"
COMPLETE = "cases.case.complete"
SPAWN = "cases.case.spawn_children"
UPLOAD = "cases.material.upload"
MATERIAL_VIEW = "cases.material.view"
WINDOW_QUEUE = "cases.queue.window"
REVIEW_QUEUE = "cases.queue.review"
SUPERVISION_VIEW = "cases.supervision.view"
VERIFY = "cases.pledge.verify"
CONSULTATION_LOG = "cases.consultation.log"
CONSULTATION_VIEW = "cases.consultation.view"

register(APPLY, APPLICANTS | {CLERK, ADMIN}, "申请办件")
register(VIEW, STAFF | APPLICANTS, "查看办件")
register(UPLOAD, APPLICANTS | {CLERK, ADMIN}, "上传办件材料")
# The files themselves: the applicant, and the staff who handle cases (not hotline, policy, …).
register(MATERIAL_VIEW, APPLICANTS | {CLERK, REVIEWER, DEPT_ADMIN, ADMIN}, "查看办件材料文件")
register(ACCEPT, {CLERK, ADMIN}, "受理办件")
register(REFUSE, {CLERK, ADMIN}, "不予受理")
register(CORRECTION, {CLERK, ADMIN}, "一次性告知补正")
register(RESUBMIT, APPLICANTS | {CLERK, ADMIN}, "补正后重新提交")
register(WITHDRAW, APPLICANTS | {ADMIN}, "撤回申请")
register(SHORTFALL, {CLERK, ADMIN}, "容缺受理")
register(SHORTFALL_FULFIL, {CLERK, ADMIN}, "容缺材料补齐")
register(PLEDGE, {CLERK, ADMIN}, "告知承诺审批")
register(STEP, {CLERK, REVIEWER, ADMIN}, "办理环节")
register(DECIDE, {CLERK, REVIEWER, ADMIN}, "作出审批决定")  # clerks: 即办件 decide steps only
register(CLOCK, {CLERK, REVIEWER, ADMIN}, "特别程序（暂停/恢复计时）")
# 行政许可法 第四十二条: 经本行政机关负责人批准 — the department admin stands for the agency head.
register(EXTEND, {DEPT_ADMIN, ADMIN}, "延长审批（第四十二条）")
register(DELIVER, {CLERK, ADMIN}, "送达（出件/邮寄）")
register(COMPLETE, {CLERK, ADMIN}, "办结")
register(SPAWN, {CLERK, ADMIN}, "一件事生成子件")
register(WINDOW_QUEUE, {CLERK, ADMIN}, "查看窗口待办")
register(REVIEW_QUEUE, {REVIEWER, ADMIN}, "查看审批待办")
register(SUPERVISION_VIEW, {REVIEWER, DEPT_ADMIN, ADMIN}, "查看审管联动通知")
register(VERIFY, {REVIEWER, DEPT_ADMIN, ADMIN}, "告知承诺核查")
register(CONSULTATION_LOG, {CLERK, Role.HOTLINE_OPERATOR, ADMIN}, "登记咨询")
register(CONSULTATION_VIEW, {CLERK, Role.HOTLINE_OPERATOR, DEPT_ADMIN, ADMIN}, "查看咨询登记")
