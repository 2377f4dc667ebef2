"""The case transition table: every action on a case, in one declarative place.

Each :class:`Transition` says from which states an action may be taken, which permission (and so
which roles, :mod:`zwfw.cases.permissions`) it needs, which guards must hold (each with the
error, in Chinese and English, that refuses it), the state it leads to and what it does to the
clock. Everything else reads this table:

- the services call :func:`enforce` (role, scope, state, guards; 403/404/409/422) before they
  validate their input, and :func:`commit` for the compare-and-set write of the new state;
- the pages and the API call :func:`available_actions` to decide which buttons to show (and
  ``GET /api/v1/cases/{id}`` lists them under ``actions``);
- ``zwfw cases transitions --write`` renders the table into docs/cases.md
  (:func:`render_markdown`; a test keeps the two in sync);
- the transition test iterates the table (every state × action × role).

Guards read the case, its version and its prefetched rows; on a page (``case_detail_for``) or
in the API detail they cost no query, in a service at most the one the check made before.
Input checks (a reason, the materials, a date) stay in the services: a guard is about whether
the action is open at all, so that a page never offers a button the service would refuse for
the state of the case.

This module imports no service: the services depend on it, never the other way round.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from zwfw.cases import permissions as perms
from zwfw.cases.errors import CaseError, CaseErrorCode, conflict, illegal_transition
from zwfw.cases.legal import ITEM_TYPE_LABELS, item_type_of, licensing_law_applies
from zwfw.cases.models import Case, CaseStatus, CaseStep, Decision, StepStatus
from zwfw.cases.models.case import FINAL_STATUSES
from zwfw.cases.selectors import (
    SCOPED_FOR,
    case_steps,
    case_steps_cached,
    credit_eligibility_of,
    intake_scope_q,
    step_scope_q,
)
from zwfw.core.labels import choice_label
from zwfw.core.models import Role
from zwfw.core.permissions import can, require, roles_for
from zwfw.core.prepared import update_where
from zwfw.core.selectors.scope import scoped_q

S = CaseStatus
ALL_STATUSES = frozenset(S)
OPEN_STATUSES = ALL_STATUSES - FINAL_STATUSES


class Clock(enum.StrEnum):
    """What an action does to the promised-limit clock (docs/cases.md, “The clock”)."""

    NONE = ""
    START = "start"  # acceptance: the due date is set, working days count
    STOP = "stop"  # the decision: the promised limit is met (送达 has its own art. 44 limit)
    SUSPEND = "suspend"  # a special procedure (art. 45): the days are not counted
    RESUME = "resume"  # the procedure ends: the due date moves by its working days
    EXTEND = "extend"  # art. 42: the limit grows by 10 working days, once


CLOCK_LABELS = {
    Clock.NONE: "",
    Clock.START: "开始计时",
    Clock.STOP: "停止计时",
    Clock.SUSPEND: "暂停计时",
    Clock.RESUME: "恢复计时",
    Clock.EXTEND: "延长时限",
}

#: A guard's test: ``None`` when the action may go ahead, else the exception that refuses it.
Refusal = Callable[[Case, Any], Exception | None]


@dataclass(frozen=True)
class Guard:
    """A condition on the case (and the actor) an action needs beyond its state and role."""

    name: str
    zh: str  # what must hold, for the docs and the pages
    en: str
    refusal: Refusal
    code: str = ""  # the error code a refusal carries (docs)


@dataclass(frozen=True)
class Transition:
    """One action on a case: from ``sources`` to ``target`` (``None``: the state stays)."""

    action: str
    label: str  # the verb in “办件当前状态为“X”，不能{label}”
    sources: frozenset[str]
    target: str | None
    permission: str | None  # None: the system only (a periodic job, another app's hook)
    service: str
    guards: tuple[Guard, ...] = ()
    clock: Clock = Clock.NONE
    again_label: str = ""  # the verb once the case has been accepted before (再次受理)
    note: str = ""

    @property
    def roles(self) -> frozenset[str]:
        """The roles holding the permission (platform admins hold every action)."""
        return roles_for(self.permission) if self.permission else frozenset()

    def label_for(self, case: Case) -> str:
        return self.again_label if self.again_label and case.accepted_at is not None else self.label

    def refusal(self, case: Case, actor) -> Exception | None:
        """The state or guard refusal for ``case`` (no role or scope check), or ``None``."""
        if case.status not in self.sources:
            return illegal_transition(status=case.status, action=self.label_for(case))
        for guard in self.guards:
            refused = guard.refusal(case, actor)
            if refused is not None:
                return refused
        return None


# ---- access: the role and the case's scope ------------------------------------------------------


def check(actor, action: str, case: Case | None = None) -> None:
    """The role holds ``action`` and (for a case) the case is in the actor's scope.

    ``actor=None`` is the system (periodic jobs, the demo loader): always allowed. A case out of
    scope answers 404 exactly like a missing one (STYLE.md convention 3).
    """
    if actor is None:
        return
    require(actor, action)
    if case is None:
        return
    if actor.pk is not None and getattr(case, SCOPED_FOR, None) == actor.pk:
        return  # fetched through the scoped selector for this actor in this request
    scope = case_scope_q(actor)
    if not scope:  # everything (platform admins); ``Q() | q`` would be ``q`` alone
        return
    if not Case.objects.filter(pk=case.pk).filter(scope | step_scope_q(actor)).exists():
        raise Http404("对象不存在或无权查看")
    setattr(case, SCOPED_FOR, actor.pk)  # asked once per case instance


def case_scope_q(actor):
    """The cases ``actor`` may act on: the registered scope (region, department, own applications),
    plus the 跨域通办 cases the actor's window received (收件地, :func:`selectors.intake_scope_q`).
    ``Q()`` (everything) is returned as it is: ``Q() | q`` would be ``q`` alone."""
    scope = scoped_q(actor, region="region", department="department", owner="applicant")
    if not scope:
        return scope
    return scope | intake_scope_q(actor)


# ---- guards -------------------------------------------------------------------------------------


def _steps(case: Case) -> list[CaseStep]:
    """The case's steps: the prefetched ones on a page, else one query with their departments."""
    held = case_steps_cached(case)
    return held if held is not None else case_steps(case)


def _role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role


def _step_department(step: CaseStep, attr: str) -> str:
    """The step department's ``code``/``name``/``path``: the API detail's steps carry them as
    columns (``zwfw_department_<attr>``), the others have the department row."""
    value = getattr(step, f"zwfw_department_{attr}", None)
    return value if value is not None else getattr(step.department, attr)


def step_refusal(*, actor, step: CaseStep) -> CaseError | None:
    """The actor holds the step's role and, for department roles, belongs to the step's
    department subtree (window clerks serve every department of their region: the case scope
    already says so). Platform admins may act on any step."""
    if actor is None or getattr(actor, "is_platform_admin", False):
        return None
    if step.role and actor.role != step.role:
        return CaseError(
            CaseErrorCode.STEP_NOT_YOURS,
            detail={"step": step.key, "role": step.role},
            step=step.name,
            role=_role_label(step.role),
            department=_step_department(step, "name"),
        )
    if actor.role in {"reviewer", "dept_admin"}:
        path = actor.department.path if actor.department_id else ""
        if not path or not _step_department(step, "path").startswith(path):
            return CaseError(
                CaseErrorCode.STEP_NOT_YOURS,
                detail={"step": step.key, "department": _step_department(step, "code")},
                step=step.name,
                role=_role_label(step.role),
                department=_step_department(step, "name"),
            )
    return None


def step_check_actor(*, actor, case: Case, step: CaseStep) -> None:
    refused = step_refusal(actor=actor, step=step)
    if refused is not None:
        raise refused


def _own_case(what: str) -> Refusal:
    def refusal(case: Case, actor) -> Exception | None:
        if actor is not None and getattr(actor, "is_applicant", False) and case.applicant_id != actor.pk:
            return PermissionDenied(f"只能{what}本人的申请")
        return None

    return refusal


def _shortfall_allowed(case: Case, actor) -> Exception | None:
    if not case.version.shortfall_allowed:
        return CaseError(CaseErrorCode.SHORTFALL_NOT_ALLOWED, reason="本事项不适用容缺受理")
    return None


def _pledge_allowed(case: Case, actor) -> Exception | None:
    return None if case.version.pledge_allowed else CaseError(CaseErrorCode.PLEDGE_NOT_ALLOWED)


CREDIT_CACHE = "_zwfw_credit"


def credit_of(case: Case):
    """The applicant's credit eligibility (supervision's selectors), read once per case instance:
    the page's notice and the guards share the one query."""
    if not hasattr(case, CREDIT_CACHE):
        setattr(case, CREDIT_CACHE, credit_eligibility_of(case))
    return getattr(case, CREDIT_CACHE)


def _credit_allows(what: str) -> Refusal:
    """信用分级分类 (issue 15): 信用+容缺受理 and 告知承诺 only for an applicant whose grade allows
    it (A and B; C and D refused with the grade's reasons). Without supervision installed nothing
    is refused."""

    def refusal(case: Case, actor) -> Exception | None:
        eligibility = credit_of(case)
        if eligibility is None:
            return None
        allowed = eligibility.pledge if what == "告知承诺" else eligibility.shortfall
        if allowed:
            return None
        return CaseError(
            CaseErrorCode.CREDIT_NOT_ELIGIBLE,
            detail={"grade": eligibility.grade, "reasons": list(eligibility.reasons)},
            grade=eligibility.grade,
            what=what,
            reasons="；".join(eligibility.reasons) or "信用等级低于B级",
        )

    return refusal


def decide_step_of(case: Case, steps: Iterable[CaseStep] | None = None) -> CaseStep | None:
    """The active 决定 step (the first, in graph order), or None."""
    steps = _steps(case) if steps is None else steps
    return next((s for s in steps if s.kind == "decide" and s.status == StepStatus.ACTIVE), None)


def _decision_ready(case: Case, actor) -> Exception | None:
    """The graph's 决定 step is active and the actor's (role, department); a graph without a
    决定 step is ready once every pre-decision step is finished."""
    steps = _steps(case)
    decide = [s for s in steps if s.kind == "decide"]
    if decide:
        active = decide_step_of(case, decide)
        if active is None:
            current = decide[0]
            return CaseError(
                CaseErrorCode.STEP_NOT_ACTIVE,
                detail={"step": current.key, "status": current.status},
                step=current.name,
                status=str(choice_label(current, "status")),
            )
        return step_refusal(actor=actor, step=active)
    finished = {StepStatus.DONE, StepStatus.SKIPPED}
    if any(s.kind not in {"produce", "deliver"} and s.status not in finished for s in steps):
        return CaseError(CaseErrorCode.STEP_NEEDS_DECISION, detail={"open_steps": True}, step="审查")
    return None


def _separation_of_duties(case: Case, actor) -> Exception | None:
    """受审分离: the person who accepted the case does not decide it (即办件 excepted)."""
    if actor is not None and case.accepted_by_id == actor.pk and case.version.case_type != "instant":
        return CaseError(CaseErrorCode.SEPARATION_OF_DUTIES, detail={"accepted_by": actor.pk})
    return None


def ensure_not_acting_on_own_acceptance(*, actor, case: Case) -> None:
    refused = _separation_of_duties(case, actor)
    if refused is not None:
        raise refused


def _open_produce(case: Case) -> CaseStep | None:
    return next(
        (s for s in _steps(case) if s.kind == "produce" and s.status in {StepStatus.PENDING, StepStatus.ACTIVE}), None
    )


def _result_ready(case: Case, actor) -> Exception | None:
    produce = _open_produce(case)
    if produce is not None:
        return CaseError(CaseErrorCode.DELIVERY_BEFORE_RESULT, detail={"step": produce.key}, step=produce.name)
    return None


def _nothing_to_hand_over(case: Case, actor) -> Exception | None:
    """办结 straight from 已决定 only where the graph has no 送达 step and 制证 is finished."""
    if case.status != CaseStatus.DECIDED:
        return None
    steps = _steps(case)
    if any(s.kind == "deliver" for s in steps):
        return illegal_transition(status=case.status, action="办结（请先送达办理结果）")
    if any(s.kind == "produce" and s.status in {StepStatus.PENDING, StepStatus.ACTIVE} for s in steps):
        return illegal_transition(status=case.status, action="办结（制证环节未完成）")
    return None


def _clock_running(case: Case, actor) -> Exception | None:
    if not case.clock_stopped:
        return None
    stop = next((s for s in case.clock_stops.all() if s.ended_on is None), None)
    kind = str(choice_label(stop, "kind")) if stop is not None else ""
    return CaseError(CaseErrorCode.CLOCK_ALREADY_STOPPED, detail={"kind": getattr(stop, "kind", "")}, kind=kind)


def _clock_stopped(case: Case, actor) -> Exception | None:
    return None if case.clock_stopped else CaseError(CaseErrorCode.CLOCK_NOT_STOPPED)


def _licensing(case: Case, actor) -> Exception | None:
    if licensing_law_applies(case):
        return None
    kind = item_type_of(case)
    return CaseError(
        CaseErrorCode.EXTENSION_NOT_APPLICABLE, detail={"item_type": kind}, item_type=ITEM_TYPE_LABELS.get(kind, kind)
    )


def _not_extended(case: Case, actor) -> Exception | None:
    if case.extended_at is None:
        return None
    return CaseError(
        CaseErrorCode.EXTENSION_ONCE,
        detail={"extended_at": case.extended_at.isoformat()},
        date=f"{timezone.localdate(case.extended_at):%Y-%m-%d}",
    )


def _within_limit(case: Case, actor) -> Exception | None:
    if case.due_date is not None and case.due_date >= timezone.localdate():
        return None
    due = f"{case.due_date:%Y-%m-%d}" if case.due_date else "无"
    return CaseError(CaseErrorCode.EXTENSION_LATE, detail={"due_date": due}, due=due)


def _shortfall_owed(case: Case, actor) -> Exception | None:
    if case.with_shortfall:
        return None
    return illegal_transition(status=case.status, action="补交容缺材料（本办件不是容缺受理）")


def _approved(case: Case, actor) -> Exception | None:
    if case.decision == Decision.APPROVED:
        return None
    return illegal_transition(status=case.status, action="撤销准予决定")


E = CaseErrorCode
OWN_WITHDRAW = Guard(
    "own_case", "申请人只能撤回本人的申请", "Applicants act on their own cases only", _own_case("撤回"), "403"
)
OWN_RESUBMIT = Guard(
    "own_case", "申请人只能补正本人的申请", "Applicants act on their own cases only", _own_case("补正"), "403"
)
SHORTFALL_ALLOWED = Guard(
    "shortfall_allowed",
    "事项版本允许容缺受理",
    "The item version allows shortfall acceptance",
    _shortfall_allowed,
    E.SHORTFALL_NOT_ALLOWED.code,
)
PLEDGE_ALLOWED = Guard(
    "pledge_allowed",
    "事项版本适用告知承诺制",
    "The item version allows approval on pledge",
    _pledge_allowed,
    E.PLEDGE_NOT_ALLOWED.code,
)
CREDIT_SHORTFALL = Guard(
    "credit",
    "申请人信用等级允许信用+容缺受理（A、B级）",
    "The applicant's credit grade allows it (A or B)",
    _credit_allows("信用+容缺受理"),
    E.CREDIT_NOT_ELIGIBLE.code,
)
CREDIT_PLEDGE = Guard(
    "credit",
    "申请人信用等级允许告知承诺（A、B级）",
    "The applicant's credit grade allows it (A or B)",
    _credit_allows("告知承诺"),
    E.CREDIT_NOT_ELIGIBLE.code,
)
DECISION_READY = Guard(
    "decide_step",
    "“决定”环节待办且由本人的角色和部门办理（无决定环节的：其余环节均已办结）",
    "The decide step is active and the actor's (without one: every other step is finished)",
    _decision_ready,
    f"{E.STEP_NOT_ACTIVE.code} / {E.STEP_NOT_YOURS.code} / {E.STEP_NEEDS_DECISION.code}",
)
SEPARATION = Guard(
    "separation_of_duties",
    "受审分离：受理人不作决定（即办件除外）",
    "The person who accepted does not decide (instant items excepted)",
    _separation_of_duties,
    E.SEPARATION_OF_DUTIES.code,
)
RESULT_READY = Guard(
    "result_ready",
    "“制证”环节已办结",
    "The result is produced (no open produce step)",
    _result_ready,
    E.DELIVERY_BEFORE_RESULT.code,
)
NOTHING_TO_HAND_OVER = Guard(
    "nothing_to_hand_over",
    "从已决定直接办结：流程图没有“送达”环节且制证已办结",
    "From decided only when the graph has no deliver step and the result is produced",
    _nothing_to_hand_over,
    E.ILLEGAL_TRANSITION.code,
)
CLOCK_RUNNING = Guard(
    "clock_running",
    "没有进行中的特别程序",
    "No special procedure is running",
    _clock_running,
    E.CLOCK_ALREADY_STOPPED.code,
)
CLOCK_STOPPED = Guard(
    "clock_stopped",
    "有进行中的特别程序",
    "A special procedure is running",
    _clock_stopped,
    E.CLOCK_NOT_STOPPED.code,
)
LICENSING = Guard(
    "licensing_item",
    "行政许可事项（第四十二条）",
    "A licensing item (art. 42)",
    _licensing,
    E.EXTENSION_NOT_APPLICABLE.code,
)
NOT_EXTENDED = Guard(
    "once", "尚未延长过（只能一次）", "Not extended before (once only)", _not_extended, E.EXTENSION_ONCE.code
)
WITHIN_LIMIT = Guard(
    "within_limit",
    "承诺办结日期未过",
    "The due date has not passed",
    _within_limit,
    E.EXTENSION_LATE.code,
)
SHORTFALL_OWED = Guard(
    "shortfall_owed",
    "容缺受理的办件",
    "The case was accepted with a shortfall",
    _shortfall_owed,
    E.ILLEGAL_TRANSITION.code,
)
APPROVED = Guard("approved", "审批结果为准予", "The decision was an approval", _approved, E.ILLEGAL_TRANSITION.code)
del E

#: Every action on a case. The order is the docs' order (the life cycle).
TABLE: tuple[Transition, ...] = (
    Transition(
        "upload",
        "上传材料",
        frozenset({S.SUBMITTED, S.CORRECTION}),
        None,
        perms.UPLOAD,
        "case_material_upload",
        note="材料文件（PDF/JPG/PNG/OFD）",
    ),
    Transition(
        "accept",
        "受理",
        frozenset({S.SUBMITTED}),
        S.ACCEPTED,
        perms.ACCEPT,
        "case_accept",
        clock=Clock.START,
        again_label="再次受理",
        note="收件即受理：必要材料齐全（否则 422 列明缺少的材料）；开始计时和流程",
    ),
    Transition(
        "accept_with_shortfall",
        "容缺受理",
        frozenset({S.SUBMITTED}),
        S.ACCEPTED,
        perms.SHORTFALL,
        "case_accept_with_shortfall",
        (SHORTFALL_ALLOWED, CREDIT_SHORTFALL),
        Clock.START,
        note="只容缺标注可容缺的非关键材料，记录承诺和补交期限",
    ),
    Transition(
        "accept_on_pledge",
        "告知承诺受理",
        frozenset({S.SUBMITTED}),
        S.ACCEPTED,
        perms.PLEDGE,
        "case_accept_on_pledge",
        (PLEDGE_ALLOWED, CREDIT_PLEDGE),
        Clock.START,
        note="只承诺代替标注可承诺替代的材料；由部门审批（受审分离）",
    ),
    Transition(
        "deem_accept",
        "视为受理",
        frozenset({S.SUBMITTED}),
        S.ACCEPTED,
        None,
        "case_deemed_accept_due",
        clock=Clock.START,
        note="每日时限扫描：行政许可事项收到申请5个工作日内未告知补正的，自收到之日起视为受理（第三十二条）",
    ),
    Transition(
        "request_correction",
        "告知补正",
        frozenset({S.SUBMITTED}),
        S.CORRECTION,
        perms.CORRECTION,
        "case_request_correction",
        note="一次性告知全部补正内容，须有补正期限",
    ),
    Transition(
        "resubmit",
        "重新提交",
        frozenset({S.CORRECTION}),
        S.SUBMITTED,
        perms.RESUBMIT,
        "case_resubmit",
        (OWN_RESUBMIT,),
        note="补齐补正告知列明的材料；第三十二条的5个工作日重新起算",
    ),
    Transition(
        "refuse",
        "不予受理",
        frozenset({S.SUBMITTED, S.CORRECTION}),
        S.REFUSED,
        perms.REFUSE,
        "case_refuse",
        note="须写明理由",
    ),
    Transition(
        "withdraw",
        "撤回",
        frozenset({S.SUBMITTED, S.CORRECTION}),
        S.WITHDRAWN,
        perms.WITHDRAW,
        "case_withdraw",
        (OWN_WITHDRAW,),
    ),
    Transition(
        "complete_step",
        "办理环节",
        frozenset({S.ACCEPTED, S.DECIDED}),
        None,
        perms.STEP,
        "case_step_complete",
        note="通过/退回一个待办环节：环节的角色和部门办理（决定、送达环节由各自的服务办理）",
    ),
    Transition(
        "clock_stop",
        "暂停计时",
        frozenset({S.ACCEPTED}),
        None,
        perms.CLOCK,
        "case_clock_stop",
        (CLOCK_RUNNING,),
        Clock.SUSPEND,
        note="特别程序（第四十五条），书面告知申请人",
    ),
    Transition(
        "clock_resume",
        "恢复计时",
        frozenset({S.ACCEPTED, S.DECIDED, S.DELIVERED}),
        None,
        perms.CLOCK,
        "case_clock_resume",
        (CLOCK_STOPPED,),
        Clock.RESUME,
        note="特别程序结束，承诺办结日期顺延其工作日",
    ),
    Transition(
        "extend",
        "延长审批",
        frozenset({S.ACCEPTED}),
        None,
        perms.EXTEND,
        "case_extend",
        (LICENSING, NOT_EXTENDED, WITHIN_LIMIT),
        Clock.EXTEND,
        note="经本行政机关负责人批准延长10个工作日（第四十二条），理由告知申请人",
    ),
    Transition(
        "decide",
        "作出审批决定",
        frozenset({S.ACCEPTED}),
        S.DECIDED,
        perms.DECIDE,
        "case_decide",
        (DECISION_READY, SEPARATION),
        Clock.STOP,
        note="不予的须有理由和法律依据；准予的开始第四十四条的送达期限",
    ),
    Transition(
        "upload_shortfall",
        "补交容缺材料",
        frozenset({S.ACCEPTED, S.DECIDED, S.DELIVERED, S.COMPLETED}),
        None,
        perms.UPLOAD,
        "case_material_upload",
        (SHORTFALL_OWED,),
        note="容缺后补的材料（补齐后承诺记为已履行）",
    ),
    Transition(
        "deliver",
        "送达",
        frozenset({S.DECIDED}),
        S.DELIVERED,
        perms.DELIVER,
        "case_deliver",
        (RESULT_READY,),
        note="窗口领取、邮寄（须快递单号）或电子送达；窗口领取不再计为全程网办",
    ),
    Transition(
        "complete",
        "办结",
        frozenset({S.DELIVERED, S.DECIDED}),
        S.COMPLETED,
        perms.COMPLETE,
        "case_complete",
        (NOTHING_TO_HAND_OVER,),
    ),
    Transition(
        "revoke_decision",
        "撤销准予决定",
        frozenset({S.DECIDED, S.DELIVERED, S.COMPLETED}),
        None,
        None,
        "case_decision_revoke",
        (APPROVED,),
        note="监管部门核查告知承诺不实，经注册的钩子撤销（证照注销）",
    ),
    Transition(
        "spawn_children",
        "生成子件",
        OPEN_STATUSES,
        None,
        perms.SPAWN,
        "case_spawn_children",
        note="一件事主件为每个事项生成子件",
    ),
)

BY_ACTION: dict[str, Transition] = {t.action: t for t in TABLE}


def transition_for(action: str) -> Transition:
    try:
        return BY_ACTION[action]
    except KeyError:
        raise KeyError(f"no case action {action!r} in the transition table") from None


# ---- what services, pages and the API call -----------------------------------------------------


def enforce(case: Case, action: str, actor) -> Transition:
    """Refuse ``action`` on ``case`` by ``actor`` unless the table allows it, else return its row.

    In this order: the role (403 ``PermissionDenied``), the case's scope (404), the state (409
    ``case_illegal_transition`` naming it in Chinese), each guard (its own 403/409/422).
    ``actor=None`` is the system; an action without a permission is the system's (or a hook's).
    """
    t = transition_for(action)
    if t.permission is not None:
        check(actor, t.permission, case)
    refused = t.refusal(case, actor)
    if refused is not None:
        raise refused
    return t


def available_actions(case: Case, actor) -> dict[str, Transition]:
    """The actions ``actor`` may take on ``case`` now, by name (the buttons a page shows).

    The role, the state and every guard as :func:`enforce` checks them; the scope is not asked
    again (the case was fetched through a scoped selector). System actions are never offered.
    The state is tested first: :meth:`Transition.refusal` would build (and drop) a translated
    409 for each of the table's rows the state rules out, on every detail answer.
    """
    return {
        t.action: t
        for t in TABLE
        if t.permission is not None
        and case.status in t.sources
        and can(actor, t.permission)
        and t.refusal(case, actor) is None
    }


def commit(case: Case, action: str, **fields: Any) -> Case:
    """Write ``action``'s new state (and ``fields``) with a compare-and-set, or raise 409.

    One ``UPDATE … WHERE id = … AND row_version = <read> AND status = <read>``: when another
    transaction changed the case since it was read, no row matches and the caller is told the
    state the case is in now (``case_conflict``). On PostgreSQL the second of two concurrent
    updates waits for the first to commit, then re-checks the WHERE and matches nothing; on
    SQLite transactions begin IMMEDIATE, so writers are serialised anyway.
    """
    t = transition_for(action)
    if case.status not in t.sources:
        raise illegal_transition(status=case.status, action=t.label_for(case))
    if fields.get("accepted_at") is not None and "accepted_online" not in fields:
        # Every acceptance path (受理, 容缺, 告知承诺, art. 32) fixes the report channel here.
        fields["accepted_online"] = bool(fields.get("fully_online", case.fully_online))
    return compare_and_set(case, to=t.target or case.status, **fields)


def compare_and_set(case: Case, *, to: str, **fields: Any) -> Case:
    """The write itself (see :func:`commit`); ``to`` = the case's own status changes fields only
    (``row_version`` and ``status_changed_at`` move all the same, as they always have)."""
    now = timezone.now()
    values = {"status": to, "status_changed_at": now, **fields}
    updated = update_where(  # SQL written once per set of fields (zwfw.core.prepared)
        Case,
        where={"pk": case.pk, "row_version": case.row_version, "status": case.status},
        values={"updated_at": now, **values},
        increment=("row_version",),
    )
    if not updated:
        current = Case.objects.filter(pk=case.pk).values_list("status", flat=True).first()
        raise conflict(status=current or case.status)
    for name, value in values.items():
        setattr(case, name, value)
    case.row_version += 1
    case.updated_at = now
    return case


# ---- the docs -----------------------------------------------------------------------------------

DOC_BEGIN = "<!-- transitions:begin (generated by `zwfw cases transitions --write`; do not edit) -->"
DOC_END = "<!-- transitions:end -->"


def _roles_text(t: Transition) -> str:
    if t.permission is None:
        return "系统"
    order = [r.value for r in Role]
    roles = sorted(t.roles, key=order.index)
    return "、".join(_role_label(r) for r in roles) + f" (`{t.permission}`)"


def render_markdown() -> str:
    """The state table of docs/cases.md, from :data:`TABLE`."""
    label = {s.value: str(s.label) for s in CaseStatus}
    lines = [
        DOC_BEGIN,
        "",
        "| action | 中文 | from | → to | who (permission) | guards (refused with) | clock | service | rule |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for t in TABLE:
        sources = ", ".join(f"`{s}` {label[s]}" for s in sorted(t.sources, key=list(CaseStatus).index))
        target = f"`{t.target}` {label[t.target]}" if t.target else "(unchanged)"
        guards = "; ".join(f"{g.zh} (`{g.code}`)" for g in t.guards) or "—"
        clock = f"{t.clock.value} {CLOCK_LABELS[t.clock]}" if t.clock else ""
        cells = [f"`{t.action}`", t.label, sources, target, _roles_text(t), guards, clock, f"`{t.service}`", t.note]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", DOC_END]
    return "\n".join(lines)


def docs_with_table(text: str) -> str:
    """``text`` (docs/cases.md) with the generated section replaced by :func:`render_markdown`."""
    start, end = text.find(DOC_BEGIN), text.find(DOC_END)
    if start < 0 or end < start:
        raise ValueError("docs/cases.md has no transitions section (the begin/end markers)")
    return text[:start] + render_markdown() + text[end + len(DOC_END) :]
