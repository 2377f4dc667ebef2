"""我的办件 pages: own cases only, 办理进度, the 补正 notice and resubmission, the result licence."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zwfw.cases.models import Case, CaseStatus
from zwfw.cases.services import case_accept, case_decide, case_request_correction, case_step_complete
from zwfw.cases.services.workflow import step_get
from zwfw.cases.tests.conftest import pdf

pytestmark = pytest.mark.django_db


def test_the_list_shows_only_ones_own_cases_without_n_plus_one(people, apply_case, client_for):
    mine = apply_case()
    other = apply_case(user=people["person2"])
    client = client_for(people["person"])
    with CaptureQueriesContext(connection) as one:
        html = client.get(reverse("cases:mine")).content.decode()
    assert mine.number in html and other.number not in html and "待受理" in html
    for _ in range(4):
        apply_case()
    with CaptureQueriesContext(connection) as five:
        client.get(reverse("cases:mine"))
    assert len(five) == len(one)


def test_another_applicants_case_is_404(people, apply_case, client_for):
    case = apply_case()
    assert client_for(people["person2"]).get(reverse("cases:mine_case", args=[case.pk])).status_code == 404
    assert client_for(people["person2"]).get(reverse("cases:case_open", args=[case.pk])).status_code == 404


def test_the_case_page_shows_progress_and_the_verify_code(people, apply_case, client_for):
    case = apply_case()
    case_accept(actor=people["clerk"], case=case)
    html = client_for(people["person"]).get(reverse("cases:mine_case", args=[case.pk])).content.decode()
    assert "办理进度" in html and "申请" in html and "受理" in html
    assert case.verify_code in html and "承诺办结日期" in html
    assert "免提交（电子证照）" in html


def test_the_correction_notice_and_resubmission(people, apply_case, client_for):
    case = apply_case(uploads={"application_form": pdf()})
    case_request_correction(
        actor=people["clerk"],
        case=case,
        items=[{"key": "layout_plan", "problem": "未提交"}],
        note="请补正",
        deadline=timezone.localdate() + dt.timedelta(days=10),
    )
    client = client_for(people["person"])
    html = client.get(reverse("cases:mine_case", args=[case.pk])).content.decode()
    assert "补正告知（一次性告知，共1项）" in html and 'name="material_layout_plan"' in html
    bad = client.post(reverse("cases:mine_resubmit", args=[case.pk]), {"material_layout_plan": pdf("x.txt")})
    assert bad.status_code == 422 and "只接受PDF" in bad.content.decode()
    ok = client.post(reverse("cases:mine_resubmit", args=[case.pk]), {"material_layout_plan": pdf("plan.pdf")})
    assert ok.status_code == 302
    assert Case.objects.get(pk=case.pk).status == CaseStatus.SUBMITTED


def test_the_result_licence_links_to_the_wallet(people, apply_case, client_for):
    case = apply_case()
    case_accept(actor=people["clerk"], case=case)
    for key in ("review", "inspect"):
        case_step_complete(actor=people["reviewer"], case=case, step=step_get(case, key))
    case_decide(actor=people["reviewer"], case=Case.objects.get(pk=case.pk), approved=True, reason="符合")
    html = client_for(people["person"]).get(reverse("cases:mine_case", args=[case.pk])).content.decode()
    assert "LIC-0001" in html and reverse("licences:wallet") in html


def test_withdraw_before_acceptance_only(people, apply_case, client_for):
    case = apply_case()
    client = client_for(people["person"])
    html = client.get(reverse("cases:mine_case", args=[case.pk])).content.decode()
    assert "确定撤回吗" in html and 'name="confirm" value="yes"' in html
    unconfirmed = client.post(reverse("cases:mine_withdraw", args=[case.pk]))  # one click is not enough
    assert unconfirmed.status_code == 422 and "请确认撤回" in unconfirmed.content.decode()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.SUBMITTED
    assert client.post(reverse("cases:mine_withdraw", args=[case.pk]), {"confirm": "yes"}).status_code == 302
    assert Case.objects.get(pk=case.pk).status == CaseStatus.WITHDRAWN
    again = client.post(reverse("cases:mine_withdraw", args=[case.pk]), {"confirm": "yes"})
    assert again.status_code == 409 and "已撤回" in again.content.decode()


def test_the_notification_link_opens_the_right_console(people, apply_case, client_for):
    case = apply_case()
    url = reverse("cases:case_open", args=[case.pk])
    assert client_for(people["person"]).get(url)["Location"] == reverse("cases:mine_case", args=[case.pk])
    assert client_for(people["clerk"]).get(url)["Location"] == reverse("cases:window_case", args=[case.pk])
    assert client_for(people["reviewer"]).get(url)["Location"] == reverse("cases:review_case", args=[case.pk])
