"""Who may do what in 好差评 (role level; *which* rows is :mod:`zwfw.ratings.selectors`' scope).

- rating: applicants rate their own subjects (page, API, SMS link); 12345 operators and
  supervisors enter a rating on a caller's behalf (回访); window clerks record a visit for the pad.
- rectification: reviewers and department admins of the responsible department handle it
  (核实, 整改, 回访); department admins file an appeal (申诉); the **hub** decides appeals and hides
  abusive text: platform admins and admins of a 政务服务管理 department (line ``zwfw``), see
  :func:`zwfw.ratings.selectors.is_hub`.
- 办不成事: applicants and window clerks report; department admins, reviewers and the hub handle.
- figures: every staff role, scoped; the public summary is public.
"""

from __future__ import annotations

from zwfw.core.models import Role
from zwfw.core.permissions import APPLICANTS, STAFF, register

RATE = "ratings.rating.create"
RATE_ON_BEHALF = "ratings.rating.enter_on_behalf"
RATING_VIEW = "ratings.rating.view"
RATING_HIDE = "ratings.rating.hide"
INVITE = "ratings.invitation.issue"
VISIT_RECORD = "ratings.visit.record"
RECTIFY = "ratings.rectification.handle"
REVISIT = "ratings.rectification.revisit"
APPEAL = "ratings.rectification.appeal"
APPEAL_DECIDE = "ratings.appeal.decide"
BLOCKED_REPORT = "ratings.blocked.report"
BLOCKED_HANDLE = "ratings.blocked.handle"
FIGURES = "ratings.figures.view"

HANDLERS = {Role.REVIEWER, Role.DEPT_ADMIN, Role.PLATFORM_ADMIN}

register(RATE, APPLICANTS, "评价办件/服务")
register(RATE_ON_BEHALF, {Role.HOTLINE_OPERATOR, Role.HOTLINE_SUPERVISOR}, "12345回访代录评价")
register(RATING_VIEW, STAFF | APPLICANTS, "查看评价")
register(RATING_HIDE, {Role.PLATFORM_ADMIN, Role.DEPT_ADMIN}, "屏蔽评价不当文字（政务服务管理机构）")
register(INVITE, {Role.WINDOW_CLERK, Role.HOTLINE_OPERATOR, Role.DEPT_ADMIN, Role.PLATFORM_ADMIN}, "发送评价短信")
register(VISIT_RECORD, {Role.WINDOW_CLERK}, "登记窗口服务（评价器）")
register(RECTIFY, HANDLERS, "差评核实、整改")
register(REVISIT, HANDLERS | {Role.HOTLINE_OPERATOR, Role.HOTLINE_SUPERVISOR}, "差评整改回访")
register(APPEAL, {Role.DEPT_ADMIN}, "差评申诉")
register(APPEAL_DECIDE, {Role.PLATFORM_ADMIN, Role.DEPT_ADMIN}, "审核差评申诉（政务服务管理机构）")
register(BLOCKED_REPORT, APPLICANTS | {Role.WINDOW_CLERK}, "反映办不成的事")
register(BLOCKED_HANDLE, HANDLERS, "办理办不成事反映")
register(FIGURES, STAFF, "查看好差评统计")
