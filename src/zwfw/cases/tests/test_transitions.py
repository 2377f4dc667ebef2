"""Every transition and its permission: a table state × action × role → allowed / 409 / 403.

The case is brought into each state through the services, then each action is tried by each
role: 403 when the role lacks the action (or the step), 409 naming the state when the state does
not allow it, else allowed (the resulting status is checked).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from zwfw.cases.errors import CaseError
from zwfw.cases.models import Case, CaseStatus
from zwfw.cases.services import (
    case_accept,
    case_accept_on_pledge,
    case_accept_with_shortfall,
    case_complete,
    case_decide,
    case_deliver,
    case_refuse,
    case_request_correction,
    case_resubmit,
    case_step_complete,
    case_withdraw,
)
from zwfw.cases.services.workflow import step_get
from zwfw.cases.tests.conftest import pdf

pytestmark = pytest.mark.django_db
LATER = dt.date.today() + dt.timedelta(days=7)

ACTIONS = {
    "accept": lambda u, c: case_accept(actor=u, case=c),
    "refuse": lambda u, c: case_refuse(actor=u, case=c, reason="不属于本机关职权范围"),
    "correction": lambda u, c: case_request_correction(
        actor=u, case=c, items=[{"key": "layout_plan", "problem": "模糊"}], deadline=LATER
    ),
    "resubmit": lambda u, c: case_resubmit(actor=u, case=c, uploads={"layout_plan": pdf("plan2.pdf")}),
    "withdraw": lambda u, c: case_withdraw(actor=u, case=c),
    "shortfall": lambda u, c: case_accept_with_shortfall(
        actor=u, case=c, materials=["layout_plan"], pledge_text="承诺", due_date=LATER
    ),
    "pledge": lambda u, c: case_accept_on_pledge(actor=u, case=c, pledge_text="承诺"),
    "review": lambda u, c: case_step_complete(actor=u, case=c, step=step_get(c, "review")),
    "decide": lambda u, c: case_decide(actor=u, case=c, approved=True, reason="符合"),
    "deliver": lambda u, c: case_deliver(actor=u, case=c, method="pickup"),
    "complete": lambda u, c: case_complete(actor=u, case=c),
}


def bring_to(state: str, people, apply_case) -> Case:
    clerk, reviewer = people["clerk2"], people["reviewer"]
    uploads = None if state != "shortfall_ready" else {"application_form": pdf()}
    case = apply_case(uploads=uploads)
    if state in {"submitted", "shortfall_ready"}:
        return case
    if state == "correction":
        case_request_correction(
            actor=clerk, case=case, items=[{"key": "layout_plan", "problem": "模糊"}], deadline=LATER
        )
    elif state == "refused":
        case_refuse(actor=clerk, case=case, reason="x")
    elif state == "withdrawn":
        case_withdraw(actor=case.applicant, case=case)
    else:
        case_accept(actor=clerk, case=case)
        if state != "accepted":
            for key in ("review", "inspect"):
                case_step_complete(actor=reviewer, case=case, step=step_get(case, key))
            case_decide(actor=reviewer, case=case, approved=True, reason="符合")
            if state in {"delivered", "completed"}:
                case_deliver(actor=clerk, case=case, method="pickup")
            if state == "completed":
                case_complete(actor=clerk, case=case)
    return Case.objects.get(pk=case.pk)


# (state, action) → {role: outcome}; outcome is the new status, 403 or 409
OK, NO, BAD = "ok", 403, 409
STAFF_CLERK = {"person": NO, "reviewer": NO, "clerk": OK}
TABLE = [
    ("submitted", "accept", {**STAFF_CLERK, "clerk": CaseStatus.ACCEPTED}),
    ("submitted", "refuse", {**STAFF_CLERK, "clerk": CaseStatus.REFUSED}),
    ("submitted", "correction", {**STAFF_CLERK, "clerk": CaseStatus.CORRECTION}),
    ("submitted", "pledge", {**STAFF_CLERK, "clerk": CaseStatus.ACCEPTED}),
    ("submitted", "withdraw", {"person": CaseStatus.WITHDRAWN, "clerk": NO, "reviewer": NO}),
    ("submitted", "resubmit", {"person": BAD, "clerk": BAD, "reviewer": NO}),
    ("submitted", "decide", {"person": NO, "clerk": BAD, "reviewer": BAD}),
    ("submitted", "deliver", {"person": NO, "clerk": BAD}),
    ("submitted", "complete", {"person": NO, "clerk": BAD}),
    ("shortfall_ready", "shortfall", {**STAFF_CLERK, "clerk": CaseStatus.ACCEPTED}),
    ("correction", "resubmit", {"person": CaseStatus.SUBMITTED, "clerk": CaseStatus.SUBMITTED, "reviewer": NO}),
    ("correction", "accept", {"clerk": BAD, "person": NO}),
    ("correction", "refuse", {"clerk": CaseStatus.REFUSED}),
    ("correction", "withdraw", {"person": CaseStatus.WITHDRAWN}),
    ("accepted", "accept", {"clerk": BAD, "person": NO, "reviewer": NO}),
    ("accepted", "refuse", {"clerk": BAD}),
    ("accepted", "correction", {"clerk": BAD}),
    ("accepted", "withdraw", {"person": BAD}),
    ("accepted", "pledge", {"clerk": BAD}),
    ("accepted", "review", {"reviewer": CaseStatus.ACCEPTED, "clerk": NO, "person": NO}),
    ("accepted", "decide", {"reviewer": BAD, "clerk": BAD, "person": NO}),  # 决定 step not active yet
    ("accepted", "deliver", {"clerk": BAD}),
    ("accepted", "complete", {"clerk": BAD}),
    ("decided", "decide", {"reviewer": BAD}),
    ("decided", "accept", {"clerk": BAD}),
    ("decided", "deliver", {"clerk": CaseStatus.DELIVERED, "reviewer": NO, "person": NO}),
    ("decided", "complete", {"clerk": BAD}),  # 请先送达
    ("delivered", "complete", {"clerk": CaseStatus.COMPLETED, "reviewer": NO, "person": NO}),
    ("delivered", "deliver", {"clerk": BAD}),
    ("completed", "complete", {"clerk": BAD}),
    ("completed", "accept", {"clerk": BAD}),
    ("refused", "accept", {"clerk": BAD}),
    ("refused", "resubmit", {"person": BAD}),
    ("withdrawn", "accept", {"clerk": BAD}),
]
CASES = [(state, action, role, outcome) for state, action, row in TABLE for role, outcome in row.items()]
LABELS = {s.value: str(s.label) for s in CaseStatus} | {"shortfall_ready": "待受理"}


@pytest.mark.parametrize(("state", "action", "role", "outcome"), CASES, ids=lambda v: str(v))
def test_transition_table(people, apply_case, state, action, role, outcome):
    case = bring_to(state, people, apply_case)
    actor = case.applicant if role == "person" else people[role]
    if outcome == NO:
        with pytest.raises((PermissionDenied, Http404, CaseError)) as exc:
            ACTIONS[action](actor, case)
        if isinstance(exc.value, CaseError):
            assert exc.value.status == 403, exc.value.message
    elif outcome == BAD:
        with pytest.raises(CaseError) as exc:
            ACTIONS[action](actor, case)
        assert exc.value.status == 409
        assert LABELS[state] in exc.value.message or "环节" in exc.value.message
    else:
        ACTIONS[action](actor, case)
        assert Case.objects.get(pk=case.pk).status == outcome


def test_illegal_accept_names_the_state_in_chinese(people, apply_case):
    case = apply_case()
    case_accept(actor=people["clerk"], case=case)
    with pytest.raises(CaseError) as exc:
        case_accept(actor=people["clerk2"], case=case)
    assert exc.value.message == "办件当前状态为“已受理”，不能再次受理"
    assert exc.value.as_body()["code"] == "case_illegal_transition"


def test_stale_row_version_is_a_conflict_naming_the_current_state(people, apply_case):
    case = apply_case()
    stale = Case.objects.get(pk=case.pk)
    case_refuse(actor=people["clerk"], case=case, reason="不属于本机关职权范围")
    with pytest.raises(CaseError) as exc:
        case_accept(actor=people["clerk2"], case=stale)  # still believes it is 待受理
    assert exc.value.code.code == "case_conflict" and "不予受理" in exc.value.message


def test_out_of_scope_clerk_gets_404(people, apply_case):
    case = apply_case()
    with pytest.raises(Http404):
        case_accept(actor=people["clerk_my"], case=case)


def test_reviewer_of_another_department_cannot_complete_the_step(people, apply_case):
    case = bring_to("accepted", people, apply_case)
    with pytest.raises((Http404, CaseError)):
        case_step_complete(actor=people["reviewer_wjw"], case=case, step=step_get(case, "review"))


def test_the_clerk_who_accepted_cannot_decide(people, apply_case):
    from zwfw.cases.services.workflow import ensure_not_acting_on_own_acceptance

    case = bring_to("accepted", people, apply_case)
    with pytest.raises(CaseError) as exc:
        ensure_not_acting_on_own_acceptance(actor=people["clerk2"], case=case)
    assert exc.value.code.code == "case_separation_of_duties"


def test_return_sends_the_decision_back_to_review(people, apply_case):
    case = bring_to("accepted", people, apply_case)
    reviewer = people["reviewer"]
    for key in ("review", "inspect"):
        case_step_complete(actor=reviewer, case=case, step=step_get(case, key))
    with pytest.raises(CaseError):  # a return needs an opinion
        case_step_complete(actor=reviewer, case=case, step=step_get(case, "decide"), action="return")
    case_step_complete(actor=reviewer, case=case, step=step_get(case, "decide"), action="return", opinion="补充核查")
    statuses = dict(case.steps.values_list("key", "status"))
    assert statuses["decide"] == "pending" and statuses["review"] == "active" and statuses["inspect"] == "active"
    with pytest.raises(CaseError) as exc:  # review's only predecessor is 受理: nothing to return to
        case_step_complete(actor=reviewer, case=case, step=step_get(case, "review"), action="return", opinion="x")
    assert exc.value.code.code == "case_step_cannot_return"
