"""A full case life: apply → accept → 审查 ∥ 现场核查 → 决定 → 送达 → 办结."""

from __future__ import annotations

import pytest

from zwfw.cases.models import Case, CaseStatus, MaterialStatus, StepStatus, SupervisionNotice
from zwfw.cases.services import (
    case_accept,
    case_complete,
    case_decide,
    case_deliver,
    case_step_complete,
)
from zwfw.cases.services.workflow import step_get
from zwfw.core.models import AuditLog, Notification

pytestmark = pytest.mark.django_db


def test_full_lifecycle_runs_the_pinned_graph(people, apply_case, licences):
    person, clerk, reviewer = people["person"], people["clerk"], people["reviewer"]
    case = apply_case()
    assert case.status == CaseStatus.SUBMITTED
    assert case.number.startswith("510100-") and len(case.number) == len("510100-20260123-000123")
    assert len(case.verify_code) == 6
    statuses = dict(case.materials.values_list("key", "status"))
    assert statuses == {
        "application_form": MaterialStatus.UPLOADED,
        "business_licence": MaterialStatus.EXEMPT_LICENCE,
        "layout_plan": MaterialStatus.UPLOADED,
        "household_data": MaterialStatus.EXEMPT_SHARED,
    }

    case_accept(actor=clerk, case=case)
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED and case.due_date is not None
    steps = {s.key: s.status for s in case.steps.all()}
    assert steps == {
        "apply": StepStatus.DONE,
        "accept": StepStatus.DONE,
        "review": StepStatus.ACTIVE,
        "inspect": StepStatus.ACTIVE,  # parallel branch, in parallel
        "decide": StepStatus.PENDING,
        "deliver": StepStatus.PENDING,
    }
    assert case.clock_stopped  # 现场核查 stops the clock while it runs
    case_step_complete(actor=reviewer, case=case, step=step_get(case, "review"), opinion="材料齐全")
    assert step_get(case, "decide").status == StepStatus.PENDING  # waits for the other branch
    case_step_complete(actor=reviewer, case=case, step=step_get(case, "inspect"), opinion="现场符合")
    case.refresh_from_db()
    assert not case.clock_stopped and case.clock_stops.get().ended_on is not None
    assert step_get(case, "decide").status == StepStatus.ACTIVE

    case_decide(actor=reviewer, case=case, approved=True, reason="符合条件")
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED and case.decision == "approved"
    assert case.result_licence_number == "LIC-0001"
    assert licences.issued[0]["licence_type"] == "food_business_licence"
    assert licences.issued[0]["source_case_number"] == case.number
    assert licences.issued[0]["holder_id_number"] == person.id_number
    notice = SupervisionNotice.objects.get(case=case)
    assert notice.department.code == "510000-scjg" and notice.status == "pending"  # handed over after commit

    case_deliver(actor=clerk, case=case, method="post", tracking_number="SF123", carrier="顺丰")
    case_complete(actor=clerk, case=case)
    case.refresh_from_db()
    assert case.status == CaseStatus.COMPLETED and case.completed_at
    assert case.fully_online  # applied online, result posted
    assert all(s.status == StepStatus.DONE for s in case.steps.all())
    actions = list(
        AuditLog.objects.filter(object_id=str(case.pk), object_type="cases.case").values_list("action", flat=True)
    )
    for verb in ("applied", "accepted", "decided", "result_issued", "delivered", "completed"):
        assert f"zwfw.cases.case.{verb}" in actions
    events = set(Notification.objects.filter(recipient=person).values_list("event", flat=True))
    assert {"zwfw.cases.case.accepted", "zwfw.cases.case.decided", "zwfw.cases.case.completed"} <= events


def test_denial_needs_reason_and_basis_and_skips_to_delivery(people, apply_case):
    case = apply_case()
    case_accept(actor=people["clerk"], case=case)
    for key in ("review", "inspect"):
        case_step_complete(actor=people["reviewer"], case=case, step=step_get(case, key))
    from zwfw.cases.errors import CaseError

    with pytest.raises(CaseError) as exc:
        case_decide(actor=people["reviewer"], case=case, approved=False, reason="")
    assert exc.value.code.code == "case_reason_required"
    case_decide(
        actor=people["reviewer"], case=case, approved=False, reason="场所不符合", legal_basis="食品安全法第三十五条"
    )
    case = Case.objects.get(pk=case.pk)
    assert case.decision == "denied" and not case.result_licence_number
    assert step_get(case, "deliver").status == StepStatus.ACTIVE
