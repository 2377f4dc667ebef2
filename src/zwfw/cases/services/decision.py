"""The decision (准予/不予) and the result it produces (e-licence into the holder's wallet).

行政许可法 第三十八条: a denial states its reasons and tells the applicant of the right to
administrative reconsideration or litigation; so a denial needs a reason and a legal basis.
第四十四条: the licence is issued within 10 days of the decision (the 制证/送达 steps).
Every decision is sent to the supervising department (审管联动,
:mod:`zwfw.cases.services.supervision`).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zwfw.cases.errors import CaseError, CaseErrorCode
from zwfw.cases.legal import DENIAL_NOTICE, licensing_law_applies
from zwfw.cases.models import Case, Decision, StepAction
from zwfw.cases.services._base import audit, commit, enforce, notify_applicant, today, touch
from zwfw.cases.services.clock import DELIVERY_LIMIT_WORKDAYS, clock_stop_close
from zwfw.cases.services.frontdesk import pledge_verification_open
from zwfw.cases.services.supervision import supervision_notice_create
from zwfw.cases.services.workflow import step_finish, step_for_kind, steps_activate, steps_in_hand, steps_skip_open
from zwfw.cases.transitions import decide_step_of
from zwfw.core.errors import CalendarYearNotLoaded
from zwfw.core.selectors.calendar import add_workdays

#: Form fields that never go onto a licence face (contact data, not licence data).
PRIVATE_FORM_FIELDS = frozenset({"phone", "email", "postal_address", "postal_code", "contact_name", "bank_account"})


def _licence_issue(**kwargs):
    from zwfw.licences.services import licence_issue

    return licence_issue(**kwargs)


@transaction.atomic
def case_decide(*, actor, case: Case, approved: bool, reason: str = "", legal_basis: str = "") -> Case:
    """准予 or 不予 (已受理 → 已决定), by the holder of the active 决定 step.

    - The graph's 决定 step must be active (its predecessors done); a graph without a 决定 step is
      decided once every pre-decision step is finished.
    - 受审分离: the clerk who accepted cannot decide (即办件 excepted).
    - A denial needs ``reason`` and ``legal_basis``; open steps other than 送达 are skipped (the
      denial notice is still delivered). An approval activates 制证/送达.
    - Creates the 审管联动 notice for the supervising department and tells the applicant.
    """
    with steps_in_hand(case):  # one read of the steps for the guards, the step changes and what follows
        enforce(case, "decide", actor)  # the 决定 step is ready and the actor's; 受审分离
        step = decide_step_of(case)
        reason, legal_basis = reason.strip(), legal_basis.strip()
        if not approved and not reason:
            raise CaseError(CaseErrorCode.REASON_REQUIRED, what="不予许可的理由")
        if not approved and not legal_basis:
            raise CaseError(CaseErrorCode.REASON_REQUIRED, what="不予许可的法律依据")
        open_stop = (  # an open stop sets clock_stopped in its transaction: no read without it
            case.clock_stops.filter(ended_on__isnull=True, step__isnull=True).first() if case.clock_stopped else None
        )
        if open_stop is not None:  # an ad-hoc special procedure ends with the decision
            clock_stop_close(case=case, stop=open_stop, on=today(), actor=actor, result="作出决定，特别程序结束")
        decision = Decision.APPROVED if approved else Decision.DENIED
        now = timezone.now()
        due = delivery_limit_due(case=case, decision=decision, decided_at=now)
        commit(  # the decision and its delivery limit in one UPDATE
            case,
            "decide",
            decision=decision,
            decision_reason=reason,
            legal_basis=legal_basis,
            decided_at=now,
            decided_by=actor,
            **({"delivery_due_date": due} if due is not None else {}),
        )
        if step is not None:
            step_finish(case=case, step=step, actor=actor, action=StepAction.PASS, opinion=reason or "准予")
        if not approved:
            steps_skip_open(case=case, keep_kinds={"deliver"}, actor=actor)
        steps_activate(case=case, actor=actor)
        decision_followups(case=case, actor=actor)
        audit(actor, "decided", case, after={"decision": decision, "reason": reason, "legal_basis": legal_basis})
        label = "准予" if approved else "不予"
        body = f"办件{case.number}（{case.item_name}）审批结果：{label}。"
        verification = case.pledge_verifications.order_by("-id").first() if approved and case.on_pledge else None
        if verification is not None:
            body += f"监管部门将在{verification.due_date:%Y年%m月%d日}前核查承诺内容，承诺不实的将依法撤销。"
        if not approved:
            body += f"理由：{reason}；依据：{legal_basis}。{DENIAL_NOTICE}"
        notify_applicant(case, verb="decided", subject=f"审批结果：{label}（{case.item_name}）", body=body)
    return case


def decision_followups(*, case: Case, actor) -> None:
    """After any decision: 告知承诺 verification task (an approval of a case accepted on pledge),
    审管联动 notice; for an approval without a 制证 step, the result."""
    pledge_verification_open(case=case)
    supervision_notice_create(case=case)
    if case.decision == Decision.APPROVED and step_for_kind(case, "produce") is None:
        result_produce(case=case, actor=actor)


def delivery_limit_due(*, case: Case, decision: str, decided_at) -> dt.date | None:
    """行政许可法 第四十四条: an approved licensing case is to be issued and delivered within 10
    working days of the decision (``delivery_due_date``, written with the decision; the deadline
    scan flags it overdue). None: no limit applies, or the calendar year is not loaded (the scan
    reports the missing year; no guessed limit)."""
    if decision != Decision.APPROVED or not licensing_law_applies(case):
        return None
    try:
        return add_workdays(timezone.localdate(decided_at), DELIVERY_LIMIT_WORKDAYS)
    except CalendarYearNotLoaded:
        return None


def result_produce(*, case: Case, actor) -> str:
    """Issue the result e-licence when the pinned version's result is a licence type (制证).

    The licence goes into the holder's wallet (``zwfw.licences.services.licence_issue``); the
    case keeps its number. Nothing happens for a denial, a result without a licence type, or a
    case that already has its licence (idempotent). Returns the licence number or "".
    """
    version = case.version
    if case.decision != Decision.APPROVED or not version.result_licence_type or case.result_licence_number:
        return case.result_licence_number
    holding = _licence_issue(
        actor=actor,
        licence_type=version.result_licence_type,
        holder_name=case.applicant_name,
        holder_id_number=case.applicant_id_number,
        holder_uscc=case.applicant_uscc,
        issuer_department_code=case.department.code,
        source_case_number=case.number,
        data={
            "item": case.item_name,
            "result_name": version.result_name,
            **{k: v for k, v in case.form_data.items() if k not in PRIVATE_FORM_FIELDS},
        },
        valid_until=None,
    )
    number = str(holding.number)
    touch(
        case,
        result_licence_type=version.result_licence_type,
        result_licence_number=number,
        result_issued_at=timezone.now(),
    )
    audit(actor, "result_issued", case, after={"licence_type": version.result_licence_type, "licence_number": number})
    notify_applicant(
        case,
        verb="result_issued",
        subject=f"电子证照已发放：{version.result_name or case.item_name}",
        body=f"您的{version.result_name or '电子证照'}（编号{number}）已存入证照夹。",
    )
    return number
