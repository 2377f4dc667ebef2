"""The transition table (``zwfw.cases.transitions``) is what the services enforce, what the pages
offer and what the docs say.

``test_every_action_in_every_state_by_every_role`` brings one case into each state through the
services, then tries every action of the table by every role, each attempt inside a savepoint
rolled back afterwards. For each attempt:

- a role without the action's permission gets 403, an applicant on another's case 404;
- a state not among the action's sources gets 409 ``case_illegal_transition`` naming the state;
- what ``available_actions`` offers either works (the case ends in the row's target state, or
  stays where it was for an in-state action) or is refused for its input only (422), or — for
  ``complete_step`` — for the step chosen (a step of another role: the case is in handling);
- what it does not offer is refused with the very error the table's guard names;
- a refusal changes nothing (status, ``row_version``, the steps).

And every action works for the roles that should be able to take it (:data:`WORKS_FOR`): an
independent statement of who does what, so that a wrong table row cannot pass unnoticed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import transaction
from django.http import Http404

from zwfw.cases import services
from zwfw.cases.errors import CaseError
from zwfw.cases.models import Case, CaseStatus, CaseStep, MaterialStatus
from zwfw.cases.services import (
    case_accept,
    case_accept_with_shortfall,
    case_decide,
    case_deliver,
    case_refuse,
    case_request_correction,
    case_step_complete,
    case_withdraw,
)
from zwfw.cases.services.workflow import step_get
from zwfw.cases.tests.conftest import pdf
from zwfw.cases.transitions import BY_ACTION, TABLE, available_actions, docs_with_table, render_markdown
from zwfw.core.permissions import can, registered_actions

pytestmark = pytest.mark.django_db
LATER = dt.date.today() + dt.timedelta(days=7)
DOCS = Path(__file__).resolve().parents[4] / "docs" / "cases.md"


def _step(case: Case) -> CaseStep:
    """An active step that is not 决定/送达 if there is one, else any step, else an unsaved one
    (the service refuses the state before it looks at the step)."""
    steps = list(case.steps.select_related("department"))
    active = [s for s in steps if s.status == "active"]
    chosen = next((s for s in active if s.kind not in {"decide", "deliver"}), None) or (active or steps or [None])[0]
    return chosen or CaseStep(case=case, key="none", name="无", kind="review", status="pending")


def _pledged(case: Case) -> str | None:
    return case.materials.filter(status=MaterialStatus.SHORTFALL_PLEDGED).values_list("key", flat=True).first()


#: action → how a test calls its service with valid input (None: not applicable to this case)
CALLS: dict[str, Callable[[object, Case], object] | None] = {
    "upload": lambda u, c: services.case_material_upload(actor=u, case=c, key="application_form", upload=pdf()),
    "upload_shortfall": lambda u, c: services.case_material_upload(
        actor=u, case=c, key=_pledged(c), upload=pdf("plan.pdf")
    ),
    "accept": lambda u, c: services.case_accept(actor=u, case=c),
    "accept_with_shortfall": lambda u, c: services.case_accept_with_shortfall(
        actor=u, case=c, materials=["layout_plan"], pledge_text="承诺按期补交", due_date=LATER
    ),
    "accept_on_pledge": lambda u, c: services.case_accept_on_pledge(
        actor=u, case=c, pledge_text="本人承诺符合条件", materials=["layout_plan"]
    ),
    "request_correction": lambda u, c: services.case_request_correction(
        actor=u, case=c, items=[{"key": "layout_plan", "problem": "模糊"}], deadline=LATER
    ),
    "resubmit": lambda u, c: services.case_resubmit(actor=u, case=c, uploads={"layout_plan": pdf("plan2.pdf")}),
    "refuse": lambda u, c: services.case_refuse(actor=u, case=c, reason="不属于本机关职权范围"),
    "withdraw": lambda u, c: services.case_withdraw(actor=u, case=c),
    "complete_step": lambda u, c: services.case_step_complete(actor=u, case=c, step=_step(c), opinion="同意"),
    "clock_stop": lambda u, c: services.case_clock_stop(actor=u, case=c, kind="expert_review", reason="专家评审"),
    "clock_resume": lambda u, c: services.case_clock_resume(actor=u, case=c, result="评审结束"),
    "extend": lambda u, c: services.case_extend(actor=u, case=c, reason="需征求卫健部门意见"),
    "decide": lambda u, c: services.case_decide(actor=u, case=c, approved=True, reason="符合条件"),
    "deliver": lambda u, c: services.case_deliver(actor=u, case=c, method="pickup"),
    "complete": lambda u, c: services.case_complete(actor=u, case=c),
    "spawn_children": lambda u, c: services.case_spawn_children(actor=u, parent=c, implementation_codes=[]),
}

ROLES = ("person", "person2", "clerk", "reviewer", "dept_admin", "admin")

#: Who must be able to take each action (in at least one of the states below). Independent of
#: the table on purpose: the table must agree with it.
CLERK, ADMIN = {"clerk", "admin"}, {"admin"}
WORKS_FOR = {
    "upload": {"person"} | CLERK,
    "upload_shortfall": {"person"} | CLERK,
    "accept": CLERK,
    "accept_with_shortfall": CLERK,
    "accept_on_pledge": CLERK,
    "request_correction": CLERK,
    "resubmit": {"person"} | CLERK,
    "refuse": CLERK,
    "withdraw": {"person"} | ADMIN,
    "complete_step": {"reviewer"} | ADMIN,
    "clock_stop": {"clerk", "reviewer"} | ADMIN,
    "clock_resume": {"clerk", "reviewer"} | ADMIN,
    "extend": {"dept_admin"} | ADMIN,
    "decide": {"reviewer"} | ADMIN,
    "deliver": CLERK,
    "complete": CLERK,
    "spawn_children": CLERK,
}

STATES = (
    "submitted",  # every material in
    "submitted_missing",  # 平面布局图 missing (可容缺, 可承诺替代)
    "correction",
    "accepted",  # 审查 and 现场核查 (which stops the clock) active
    "accepted_shortfall",
    "ready_to_decide",  # 决定 active, clock running
    "decided",
    "delivered",
    "completed",
    "refused",
    "withdrawn",
)


class Rollback(Exception):
    pass


def bring_to(state: str, people, apply_case) -> Case:
    clerk, reviewer = people["clerk2"], people["reviewer"]
    missing = state in {"submitted_missing", "accepted_shortfall"}
    case = apply_case(uploads={"application_form": pdf()} if missing else None)
    if state == "accepted_shortfall":
        case_accept_with_shortfall(
            actor=clerk, case=case, materials=["layout_plan"], pledge_text="承诺按期补交", due_date=LATER
        )
    elif state == "correction":
        case_request_correction(
            actor=clerk, case=case, items=[{"key": "layout_plan", "problem": "模糊"}], deadline=LATER
        )
    elif state == "refused":
        case_refuse(actor=clerk, case=case, reason="x")
    elif state == "withdrawn":
        case_withdraw(actor=case.applicant, case=case)
    elif state not in {"submitted", "submitted_missing"}:
        case_accept(actor=clerk, case=case)
        if state != "accepted":
            for key in ("review", "inspect"):
                case_step_complete(actor=reviewer, case=case, step=step_get(case, key))
        if state in {"decided", "delivered", "completed"}:
            case_decide(actor=reviewer, case=case, approved=True, reason="符合")
        if state in {"delivered", "completed"}:
            case_deliver(actor=clerk, case=case, method="pickup")
        if state == "completed":
            services.case_complete(actor=clerk, case=case)
    return Case.objects.get(pk=case.pk)


def _snapshot(pk: int) -> tuple:
    case = Case.objects.get(pk=pk)
    steps = tuple(case.steps.order_by("pk").values_list("status", flat=True))
    return case.status, case.row_version, steps


def _page_case(pk: int) -> Case:
    """The case as a page holds it (``case_detail_for``'s prefetches)."""
    return Case.objects.prefetch_related("steps__department", "materials", "clock_stops").get(pk=pk)


def _attempt(call, actor, pk: int):
    """Run the service in a savepoint that is always rolled back; the outcome and the status."""
    case = Case.objects.get(pk=pk)
    try:
        with transaction.atomic():
            call(actor, case)
            status = Case.objects.get(pk=pk).status
            raise Rollback
    except Rollback:
        return "ok", status
    except PermissionDenied as exc:
        return 403, exc
    except Http404 as exc:
        return 404, exc
    except CaseError as exc:
        return exc.status, exc


def _same_error(raised, expected) -> bool:
    if isinstance(expected, CaseError):
        return isinstance(raised, CaseError) and raised.code == expected.code and raised.message == expected.message
    return type(raised) is type(expected)


LABELS = {s.value: str(s.label) for s in CaseStatus}


def test_every_action_in_every_state_by_every_role(people, apply_case):
    problems: list[str] = []
    worked: dict[str, set[str]] = {action: set() for action in CALLS}
    for state in STATES:
        pk = bring_to(state, people, apply_case).pk
        for t in TABLE:
            call = CALLS.get(t.action, "system")
            if call == "system":
                assert t.permission is None, f"{t.action}: no test call for a user action"
                continue
            if t.action == "upload_shortfall" and _pledged(Case.objects.get(pk=pk)) is None:
                continue  # the upload of a material nobody owes is the plain `upload` row
            for role in ROLES:
                case = _page_case(pk)
                actor = case.applicant if role == "person" else people[role]
                offered = t.action in available_actions(case, actor)
                expected = t.refusal(case, actor)
                before = _snapshot(pk)
                outcome, detail = _attempt(call, actor, pk)
                where = f"{state} · {t.action} · {role}: {outcome} {getattr(detail, 'message', detail)}"
                if outcome != "ok" and _snapshot(pk) != before:
                    problems.append(f"{where} — refused but the case changed")
                if not can(actor, t.permission):
                    if outcome != 403 or offered:
                        problems.append(f"{where} — expected 403 and no button (the role lacks {t.permission})")
                    continue
                if role == "person2":  # pages show only cases in scope: the service must say 404
                    if outcome != 404:
                        problems.append(f"{where} — expected 404 (another applicant's case)")
                    continue
                if case.status not in t.sources:
                    ok = outcome == 409 and detail.code.code == "case_illegal_transition"
                    if not ok or LABELS[case.status] not in detail.message or offered:
                        problems.append(f"{where} — expected 409 naming “{LABELS[case.status]}”, not offered")
                    continue
                if offered:
                    if outcome == "ok":
                        if detail != (t.target or case.status):
                            problems.append(f"{where} — ended in {detail}, the table says {t.target}")
                        worked[t.action].add(role)
                    elif outcome != 422 and not (
                        t.action == "complete_step" and getattr(detail, "code", None) and "step" in detail.code.code
                    ):
                        problems.append(f"{where} — offered but refused")
                elif outcome == "ok" or expected is None or not _same_error(detail, expected):
                    problems.append(f"{where} — not offered, so the table's refusal {expected!r} was expected")
    for action, roles in WORKS_FOR.items():
        if worked[action] != roles:
            problems.append(f"{action}: worked for {sorted(worked[action])}, expected {sorted(roles)}")
    assert not problems, "\n".join(problems)


def test_the_table_names_real_services_permissions_and_states():
    registered = registered_actions()
    assert len(BY_ACTION) == len(TABLE), "an action appears twice in the table"
    for t in TABLE:
        assert hasattr(services, t.service), t.service
        assert t.permission is None or t.permission in registered, t.permission
        assert t.sources and t.sources <= set(CaseStatus.values), t.action
        assert t.target is None or t.target in CaseStatus.values, t.action
        for guard in t.guards:
            assert guard.zh and guard.en and guard.code, (t.action, guard.name)
    assert set(CALLS) == {t.action for t in TABLE if t.permission is not None}
    # every status but the final ones is left by some action; every status is reached by one
    reached = {t.target for t in TABLE if t.target} | {CaseStatus.SUBMITTED}
    assert reached == set(CaseStatus.values)


def test_system_actions_are_never_offered(people, apply_case):
    case = apply_case()
    for role in ("person", "clerk", "reviewer", "dept_admin", "admin"):
        actor = case.applicant if role == "person" else people[role]
        offered = available_actions(case, actor)
        assert "deem_accept" not in offered and "revoke_decision" not in offered


def test_the_docs_state_table_is_generated_from_the_table():
    text = DOCS.read_text(encoding="utf-8")
    assert render_markdown() in text
    assert docs_with_table(text) == text, "docs/cases.md is stale: run `zwfw cases transitions --write`"


def test_the_command_checks_and_writes_the_docs(tmp_path, capsys):
    stale = tmp_path / "cases.md"
    text = DOCS.read_text(encoding="utf-8")
    stale.write_text(text.replace("| `accept` | 受理 |", "| `accept` | 收件 |"), encoding="utf-8")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="过期"):
        call_command("cases_transitions", "--check", "--path", str(stale))
    call_command("cases_transitions", "--write", "--path", str(stale))
    assert stale.read_text(encoding="utf-8") == text
    call_command("cases_transitions", "--check", "--path", str(stale))
    assert "一致" in capsys.readouterr().out
    nowhere = tmp_path / "none.md"
    nowhere.write_text("# no markers\n", encoding="utf-8")
    with pytest.raises(CommandError, match="markers"):
        call_command("cases_transitions", "--check", "--path", str(nowhere))


def test_services_leave_state_checks_to_the_table():
    """No service tests a state itself: ``illegal_transition`` and the raw compare-and-set are
    the table's (``enforce``/``commit``)."""
    root = Path(services.__file__).parent
    for path in root.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "illegal_transition" not in text, path.name
        assert "compare_and_set" not in text or path.name == "_base.py", path.name


def test_the_api_detail_lists_what_the_caller_may_do(people, apply_case):
    from zwfw.core.tests.factories import bearer_client

    case = apply_case()
    url = f"/api/v1/cases/{case.pk}"
    assert bearer_client(people["person"]).get(url).json()["actions"] == ["upload", "withdraw"]
    clerk = bearer_client(people["clerk"])
    offered = clerk.get(url).json()["actions"]
    assert set(offered) == {
        "upload",
        "accept",
        "accept_with_shortfall",
        "accept_on_pledge",
        "request_correction",
        "refuse",
        "spawn_children",
    }
    answer = clerk.post(f"{url}/accept", data="{}", content_type="application/json").json()
    assert answer["status"] == "accepted"
    assert "accept" not in answer["actions"] and "refuse" not in answer["actions"]
    assert bearer_client(people["person"]).get(url).json()["actions"] == []  # nothing left for the applicant
