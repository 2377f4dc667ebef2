"""审批工作台 pages: the queue (no N+1), steps, special procedures, the decision, permissions."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zwfw.cases.models import Case, CaseStatus, StepStatus
from zwfw.cases.services import case_accept
from zwfw.cases.services.workflow import step_get

pytestmark = pytest.mark.django_db


def act(client, case, action, data=None):
    payload = {"row_version": Case.objects.get(pk=case.pk).row_version, **(data or {})}
    return client.post(reverse("cases:review_action", args=[case.pk, action]), payload)


def _accepted(people, apply_case, **kw):
    case = apply_case(**kw)
    case_accept(actor=people["clerk"], case=case)
    return Case.objects.get(pk=case.pk)


def test_the_queue_shows_the_reviewers_active_steps_without_n_plus_one(people, apply_case, client_for):
    client = client_for(people["reviewer"])
    case = _accepted(people, apply_case)
    with CaptureQueriesContext(connection) as one:
        html = client.get(reverse("cases:review")).content.decode()
    assert case.number in html and "现场核查" in html and "审查" in html
    for _ in range(3):
        _accepted(people, apply_case)
    with CaptureQueriesContext(connection) as four:
        client.get(reverse("cases:review"))
    assert len(four) == len(one)


def test_a_reviewer_of_another_department_sees_nothing(people, apply_case, client_for):
    case = _accepted(people, apply_case)
    html = client_for(people["reviewer_wjw"]).get(reverse("cases:review")).content.decode()
    assert case.number not in html
    assert client_for(people["reviewer_wjw"]).get(reverse("cases:review_case", args=[case.pk])).status_code == 404


def test_clerks_and_applicants_cannot_open_the_review_console(people, client_for):
    assert client_for(people["clerk"]).get(reverse("cases:review")).status_code == 403
    assert client_for(people["person"]).get(reverse("cases:review")).status_code == 403


def test_steps_then_decision_through_the_page(people, apply_case, client_for):
    case = _accepted(people, apply_case)
    client = client_for(people["reviewer"])
    page = client.get(reverse("cases:review_case", args=[case.pk])).content.decode()
    assert "办理“审查”" in page and "办理“现场核查”" in page and 'data-testid="decide-form"' not in page
    for key in ("review", "inspect"):
        step = step_get(case, key)
        response = act(client, case, "step", {"step": step.pk, "action": "pass", "opinion": "符合"})
        assert response.status_code == 302
    assert step_get(case, "decide").status == StepStatus.ACTIVE
    assert 'data-testid="decide-form"' in client.get(reverse("cases:review_case", args=[case.pk])).content.decode()
    denied = act(client, case, "decide", {"decision": "denied", "reason": "场所不符合"})
    assert denied.status_code == 422 and "法律依据" in denied.content.decode()
    assert act(client, case, "decide", {"decision": "approved", "reason": "符合条件"}).status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert case.status == CaseStatus.DECIDED and case.decision == "approved"


def test_a_step_done_by_someone_else_is_a_conflict(people, apply_case, client_for):
    case = _accepted(people, apply_case)
    client = client_for(people["reviewer"])
    step = step_get(case, "review")
    seen = case.row_version
    assert act(client, case, "step", {"step": step.pk, "action": "pass"}).status_code == 302
    again = client.post(
        reverse("cases:review_action", args=[case.pk, "step"]), {"row_version": seen, "step": step.pk, "action": "pass"}
    )
    assert again.status_code == 409 and "办件已被他人处理" in again.content.decode()


def test_return_needs_an_opinion(people, apply_case, client_for):
    case = _accepted(people, apply_case)
    step = step_get(case, "review")
    response = act(client_for(people["reviewer"]), case, "step", {"step": step.pk, "action": "return"})
    assert response.status_code == 422


def test_special_procedure_stops_and_resumes_the_clock(people, apply_case, client_for):
    case = _accepted(people, apply_case)
    client = client_for(people["reviewer"])
    # 现场核查 already stops the clock while active; finish it to start an ad-hoc procedure.
    act(client, case, "step", {"step": step_get(case, "inspect").pk, "action": "pass"})
    assert act(client, case, "clock_stop", {"kind": "expert_review", "reason": ""}).status_code == 422
    assert act(client, case, "clock_stop", {"kind": "expert_review", "reason": "组织专家评审"}).status_code == 302
    assert Case.objects.get(pk=case.pk).clock_stopped
    assert "恢复计时" in client.get(reverse("cases:review_case", args=[case.pk])).content.decode()
    assert act(client, case, "clock_resume", {"result": "评审通过"}).status_code == 302
    assert not Case.objects.get(pk=case.pk).clock_stopped


def test_a_reviewer_cannot_accept_at_the_window(people, apply_case, client_for):
    case = apply_case()
    response = client_for(people["reviewer"]).post(
        reverse("cases:window_action", args=[case.pk, "accept"]), {"row_version": case.row_version}
    )
    assert response.status_code == 403
