"""Issue 15 in cases: 信用+容缺受理 and 告知承诺 only for applicants whose credit grade allows them.

The grade is the supervision app's (read through its selectors); C and D are refused with the
grade's reasons — in the service, the API and the window page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from zwfw.cases.errors import CaseError
from zwfw.cases.models import Case, CaseStatus
from zwfw.cases.services import case_accept_on_pledge, case_accept_with_shortfall
from zwfw.cases.tests.conftest import pdf
from zwfw.core.tests.factories import login_client
from zwfw.supervision.models import CreditEvent

pytestmark = pytest.mark.django_db
LATER = dt.date.today() + dt.timedelta(days=10)


def _record(subject_id: str, kind: str, *, kind_of_subject: str = "enterprise") -> None:
    CreditEvent.objects.create(
        subject_kind=kind_of_subject, subject_id=subject_id, kind=kind, occurred_on=dt.date.today(), note="测试"
    )


@pytest.fixture
def grade_c(people):
    """The enterprise's pledge was found untrue: 85 − 25 = 60 points, grade C."""
    _record(people["enterprise"].uscc, "pledge_untrue")
    return people["enterprise"]


def _short_case(apply_case, user):
    return apply_case(user=user, uploads={"application_form": pdf()})  # 平面布局图 left out


def test_grade_c_is_refused_shortfall_and_pledge_with_the_reason(people, apply_case, grade_c):
    case = _short_case(apply_case, grade_c)
    with pytest.raises(CaseError) as exc:
        case_accept_with_shortfall(
            actor=people["clerk"], case=case, materials=["layout_plan"], pledge_text="承诺补交", due_date=LATER
        )
    assert exc.value.status == 422 and exc.value.code.code == "case_credit_not_eligible"
    assert "C级" in exc.value.message and "信用+容缺受理" in exc.value.message and "承诺不实" in exc.value.message
    assert exc.value.detail["grade"] == "C"
    with pytest.raises(CaseError) as exc:
        case_accept_on_pledge(actor=people["clerk"], case=case, pledge_text="承诺", materials=["layout_plan"])
    assert exc.value.code.code == "case_credit_not_eligible" and "告知承诺" in exc.value.message
    assert Case.objects.get(pk=case.pk).status == CaseStatus.SUBMITTED


def test_a_blacklisted_person_grade_d_is_refused(people, apply_case):
    _record(people["person"].id_number, "blacklist", kind_of_subject="person")
    case = _short_case(apply_case, people["person"])
    with pytest.raises(CaseError) as exc:
        case_accept_on_pledge(actor=people["clerk"], case=case, pledge_text="承诺", materials=["layout_plan"])
    assert exc.value.code.code == "case_credit_not_eligible" and exc.value.detail["grade"] == "D"


def test_grade_b_without_records_may_use_both(people, apply_case):
    case = _short_case(apply_case, people["enterprise"])
    case_accept_on_pledge(actor=people["clerk"], case=case, pledge_text="承诺", materials=["layout_plan"])
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED and case.on_pledge


def test_the_api_answers_422_with_the_grade(people, apply_case, grade_c):
    case = _short_case(apply_case, grade_c)
    clerk = login_client(people["clerk"])
    r = clerk.post(
        f"/api/v1/cases/{case.pk}/pledge",
        data={"pledge_text": "承诺", "materials": ["layout_plan"]},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["code"] == "case_credit_not_eligible"
    assert "C级" in r.json()["message"]
    r = clerk.post(
        f"/api/v1/cases/{case.pk}/shortfall",
        data={"pledge_text": "承诺", "materials": ["layout_plan"], "due_date": LATER.isoformat()},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["code"] == "case_credit_not_eligible"


def test_the_window_page_shows_the_grade_and_offers_neither(people, apply_case, grade_c, client_for):
    case = _short_case(apply_case, grade_c)
    html = client_for(people["clerk"]).get(reverse("cases:window_case", args=[case.pk])).content.decode()
    assert 'data-testid="credit-refusal"' in html and "信用等级为C级" in html and "承诺不实" in html
    assert "以承诺代替的材料" not in html and "容缺的非关键材料" not in html
    other = _short_case(apply_case, people["person"])  # grade B: both offered
    html = client_for(people["clerk"]).get(reverse("cases:window_case", args=[other.pk])).content.decode()
    assert "credit-refusal" not in html and "以承诺代替的材料" in html and "容缺的非关键材料" in html
