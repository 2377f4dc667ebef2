"""综合窗口 pages: queues (no N+1), scope, each front-desk action, the 409 of a stale page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zwfw.cases.models import Case, CaseStatus, PledgeVerification
from zwfw.cases.services import case_accept, case_decide, case_step_complete
from zwfw.cases.services.workflow import step_get
from zwfw.cases.tests.conftest import pdf

pytestmark = pytest.mark.django_db


def act(client, case, action, data=None, **kw):
    payload = {"row_version": Case.objects.get(pk=case.pk).row_version, **(data or {})}
    return client.post(reverse("cases:window_action", args=[case.pk, action]), payload, **kw)


def test_the_queue_lists_cases_without_n_plus_one(people, apply_case, client_for):
    client = client_for(people["clerk"])
    apply_case()
    with CaptureQueriesContext(connection) as one:
        response = client.get(reverse("cases:window"))
    assert response.status_code == 200
    for _ in range(4):
        apply_case(user=people["person2"])
    with CaptureQueriesContext(connection) as five:
        response = client.get(reverse("cases:window"))
    html = response.content.decode()
    assert html.count("cases/window/") >= 5 and "待受理" in html and "容缺到期" in html and "待出件" in html
    assert len(five) == len(one)


def test_overdue_cases_are_highlighted(people, apply_case, client_for):
    case = apply_case()
    Case.objects.filter(pk=case.pk).update(is_overdue=True, due_date=timezone.localdate() - dt.timedelta(days=1))
    html = client_for(people["clerk"]).get(reverse("cases:window")).content.decode()
    assert 'class="overdue"' in html and "超期" in html


def test_a_clerk_of_another_city_gets_404_and_a_reviewer_gets_403(people, apply_case, client_for):
    case = apply_case()
    assert client_for(people["clerk_my"]).get(reverse("cases:window_case", args=[case.pk])).status_code == 404
    assert act(client_for(people["clerk_my"]), case, "accept").status_code == 404
    reviewer = client_for(people["reviewer"])
    assert reviewer.get(reverse("cases:window")).status_code == 403
    assert act(reviewer, case, "accept").status_code == 403
    assert Case.objects.get(pk=case.pk).status == CaseStatus.SUBMITTED


def test_accept_then_a_second_clerk_on_the_stale_page_gets_409(people, apply_case, client_for):
    case = apply_case()
    seen = case.row_version
    response = act(client_for(people["clerk"]), case, "accept")
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ACCEPTED
    # the workflow started: both parallel branches are active (the services saw fresh rows)
    assert set(case.steps.filter(status="active").values_list("key", flat=True)) == {"review", "inspect"}
    stale = client_for(people["clerk2"]).post(
        reverse("cases:window_action", args=[case.pk, "accept"]), {"row_version": seen}
    )
    assert stale.status_code == 409
    assert "办件已被他人处理，当前状态为“已受理”" in stale.content.decode()


def test_accepting_with_missing_materials_names_them(people, apply_case, client_for):
    case = apply_case(uploads={"application_form": pdf()})
    response = act(client_for(people["clerk"]), case, "accept")
    assert response.status_code == 422
    assert "材料不齐全，不能受理：经营场所平面布局图" in response.content.decode()


def test_correction_lists_every_ticked_material_in_one_notice(people, apply_case, client_for):
    case = apply_case()
    response = act(
        client_for(people["clerk"]),
        case,
        "correction",
        {
            "m_application_form": "on",
            "p_application_form": "未签字",
            "m_layout_plan": "on",
            "note": "请一并补正",
            "deadline": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
        },
    )
    assert response.status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert case.status == CaseStatus.CORRECTION
    notice = case.correction_notices.get()
    assert [i["key"] for i in notice.items] == ["application_form", "layout_plan"]
    assert notice.items[0]["problem"] == "未签字"


def test_correction_with_nothing_ticked_is_refused(people, apply_case, client_for):
    case = apply_case()
    deadline = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    response = act(client_for(people["clerk"]), case, "correction", {"deadline": deadline})
    assert response.status_code == 422 and "一次性列明" in response.content.decode()


def test_correction_without_a_deadline_is_refused_and_the_page_offers_one(people, apply_case, client_for):
    case = apply_case()
    client = client_for(people["clerk"])
    html = client.get(reverse("cases:window_case", args=[case.pk])).content.decode()
    assert 'name="deadline"' in html and 'value="20' in html  # pre-filled with the default period
    response = act(client, case, "correction", {"m_layout_plan": "on"})
    assert response.status_code == 422 and "请填写补正期限" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.SUBMITTED


def test_refuse_needs_a_reason(people, apply_case, client_for):
    case = apply_case()
    client = client_for(people["clerk"])
    assert act(client, case, "refuse", {"reason": ""}).status_code == 422
    assert act(client, case, "refuse", {"reason": "不属于本机关职权范围"}).status_code == 302
    assert Case.objects.get(pk=case.pk).status == CaseStatus.REFUSED


def test_shortfall_acceptance_records_the_pledge(people, apply_case, client_for):
    case = apply_case(uploads={"application_form": pdf()})
    page = client_for(people["clerk"]).get(reverse("cases:window_case", args=[case.pk])).content.decode()
    assert "容缺受理" in page and 'value="layout_plan"' in page
    due = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    response = act(
        client_for(people["clerk"]),
        case,
        "shortfall",
        {"materials": ["layout_plan"], "pledge_text": "十日内补交", "due_date": due},
    )
    assert response.status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert case.status == CaseStatus.ACCEPTED and case.with_shortfall
    html = client_for(people["clerk"]).get(reverse("cases:window")).content.decode()
    assert "补交期限" in html and case.number in html


def test_the_window_receives_a_pledge_and_hands_the_decision_to_the_department(people, apply_case, client_for):
    case = apply_case(uploads={"application_form": pdf()})
    client = client_for(people["clerk"])
    page = client.get(reverse("cases:window_case", args=[case.pk])).content.decode()
    assert "受理承诺，转部门审批" in page and "按承诺准予" not in page
    response = act(client, case, "pledge", {"pledge_text": "本人承诺符合条件", "materials": ["layout_plan"]})
    assert response.status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert case.status == CaseStatus.ACCEPTED and case.on_pledge and not case.decision
    assert not PledgeVerification.objects.filter(case=case).exists()  # opened by the department's approval
    html = client_for(people["reviewer"]).get(reverse("cases:review")).content.decode()
    assert case.number in html  # in the department reviewer's queue


def _decided(people, apply_case):
    case = apply_case()
    case_accept(actor=people["clerk"], case=case)
    for key in ("review", "inspect"):
        case_step_complete(actor=people["reviewer"], case=case, step=step_get(case, key))
    case_decide(actor=people["reviewer"], case=Case.objects.get(pk=case.pk), approved=True, reason="符合条件")
    return Case.objects.get(pk=case.pk)


def test_deliver_by_post_needs_a_tracking_number_then_complete(people, apply_case, client_for):
    case = _decided(people, apply_case)
    client = client_for(people["clerk"])
    assert case.number in client.get(reverse("cases:window")).content.decode()  # 待出件
    response = act(client, case, "deliver", {"method": "post"})
    assert response.status_code == 422 and "快递单号" in response.content.decode()
    assert (
        act(client, case, "deliver", {"method": "post", "carrier": "EMS", "tracking_number": "EMS123"}).status_code
        == 302
    )
    assert Case.objects.get(pk=case.pk).status == CaseStatus.DELIVERED
    assert act(client, case, "complete").status_code == 302
    assert Case.objects.get(pk=case.pk).status == CaseStatus.COMPLETED


def test_an_unknown_action_is_404(people, apply_case, client_for):
    case = apply_case()
    assert act(client_for(people["clerk"]), case, "teleport").status_code == 404


def test_get_is_not_allowed_on_actions(people, apply_case, client_for):
    case = apply_case()
    url = reverse("cases:window_action", args=[case.pk, "accept"])
    assert client_for(people["clerk"]).get(url).status_code == 405
