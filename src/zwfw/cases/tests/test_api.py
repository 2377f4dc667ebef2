"""The cases API: apply, upload, actions, error bodies, queues, public lookup, role matrix."""

from __future__ import annotations

import pytest

from zwfw.cases.tests.conftest import IMPL, pdf
from zwfw.core.tests.factories import login_client
from zwfw.core.tests.matrix import Row, check_row

pytestmark = pytest.mark.django_db
API = "/api/v1/cases"


def _post(client, path, body=None):
    return client.post(path, data=body or {}, content_type="application/json")


def test_apply_upload_accept_and_the_illegal_transition_body(people):
    applicant, clerk = login_client(people["person"]), login_client(people["clerk"])
    r = _post(
        applicant, API, {"implementation_code": IMPL, "channel": "mobile", "form_data": {"applicant_name": "张三丰"}}
    )
    assert r.status_code == 201, r.content
    body = r.json()
    case_id = body["id"]
    assert body["status"] == "submitted" and body["verify_code"] and body["channel"] == "mobile"
    exempt = {m["key"]: m["exempt"] for m in body["materials"]}
    assert exempt == {"application_form": False, "business_licence": True, "layout_plan": False, "household_data": True}
    for key in ("application_form", "layout_plan"):
        r = applicant.post(f"{API}/{case_id}/materials/{key}", data={"file": pdf(f"{key}.pdf")})
        assert r.status_code == 200 and r.json()["status"] == "uploaded", r.content
    r = applicant.post(f"{API}/{case_id}/materials/application_form", data={"file": pdf("x.exe")})
    assert r.status_code == 422 and r.json()["code"] == "case_upload_invalid"
    assert _post(applicant, f"{API}/{case_id}/accept").status_code == 403  # applicants do not accept
    r = _post(clerk, f"{API}/{case_id}/accept", {"row_version": body["row_version"] + 5})
    assert r.status_code == 409 and r.json()["code"] == "case_conflict"
    r = _post(clerk, f"{API}/{case_id}/accept")
    assert r.status_code == 200 and r.json()["status"] == "accepted" and r.json()["due_date"]
    assert r.json()["verify_code"] is None  # only the applicant sees the 查询码
    r = _post(clerk, f"{API}/{case_id}/accept")
    assert r.status_code == 409
    assert r.json() == {
        "code": "case_illegal_transition",
        "message": "办件当前状态为“已受理”，不能再次受理",
        "detail": {"status": "accepted", "action": "再次受理"},
    }
    assert _post(login_client(people["clerk_my"]), f"{API}/{case_id}/accept").status_code == 404


def test_review_queue_step_complete_decide_deliver_complete(people, apply_case):
    case = apply_case()
    clerk, reviewer = login_client(people["clerk"]), login_client(people["reviewer"])
    assert _post(clerk, f"{API}/{case.pk}/accept").status_code == 200
    queue = reviewer.get(f"{API}/queues/review").json()
    assert {q["step"]["key"] for q in queue} == {"review", "inspect"}
    assert login_client(people["reviewer_wjw"]).get(f"{API}/queues/review").json() == []
    for key in ("review", "inspect"):
        r = _post(reviewer, f"{API}/{case.pk}/steps/{key}/complete", {"action": "pass", "opinion": "同意"})
        assert r.status_code == 200, r.content
    r = _post(reviewer, f"{API}/{case.pk}/decide", {"approved": False})
    assert r.status_code == 422 and r.json()["code"] == "case_reason_required"
    r = _post(reviewer, f"{API}/{case.pk}/decide", {"approved": True, "reason": "符合条件"})
    assert r.status_code == 200 and r.json()["result_licence_number"] == "LIC-0001"
    window = clerk.get(f"{API}/queues/window").json()
    assert [c["id"] for c in window["to_hand_out"]] == [case.pk]
    r = _post(clerk, f"{API}/{case.pk}/deliver", {"method": "post"})
    assert r.status_code == 422 and r.json()["code"] == "case_tracking_required"
    assert _post(clerk, f"{API}/{case.pk}/deliver", {"method": "pickup"}).status_code == 200
    r = _post(clerk, f"{API}/{case.pk}/complete")
    assert r.status_code == 200 and r.json()["status"] == "completed"
    inbox = login_client(people["supervisor"]).get(f"{API}/supervision").json()
    assert [n["case_number"] for n in inbox] == [case.number]
    mine = login_client(people["person"]).get(f"{API}?mine=true").json()
    assert mine["count"] == 1 and mine["items"][0]["status"] == "completed"
    assert login_client(people["person2"]).get(f"{API}/{case.pk}").status_code == 404


def test_public_lookup_shows_progress_without_personal_data(people, apply_case, client):
    case = apply_case(contact_phone="13800138000")
    from zwfw.cases.services import case_accept

    case_accept(actor=people["clerk"], case=case)
    case.refresh_from_db()
    r = client.get(f"{API}/lookup", {"number": case.number, "code": case.verify_code.lower()})
    assert r.status_code == 200, r.content
    data = r.json()
    text = r.content.decode()
    person = people["person"]
    assert data["status_label"] == "已受理" and data["due_date"] == case.due_date.isoformat()
    assert [e["event"] for e in data["timeline"]][:2] == ["申请", "受理"]
    assert person.id_number not in text and "13800138000" not in text and "138" not in text
    assert "张三丰" not in text and data["applicant"] == "张**"
    assert "verify_code" not in data
    wrong = client.get(f"{API}/lookup", {"number": case.number, "code": "AAAAAA"})
    unknown = client.get(f"{API}/lookup", {"number": "510100-20990101-000001", "code": case.verify_code})
    assert wrong.status_code == unknown.status_code == 404 and wrong.json() == unknown.json()


def test_consultation_log_and_list(people):
    clerk = login_client(people["clerk"])
    r = _post(
        clerk,
        f"{API}/consultations",
        {"channel": "phone", "department": "510100-zwfw", "topic": "食品经营许可要带什么"},
    )
    assert r.status_code == 201, r.content
    assert _post(clerk, f"{API}/consultations", {"channel": "fax", "department": "510100-zwfw"}).status_code == 422
    assert _post(clerk, f"{API}/consultations", {"channel": "onsite", "department": "510700-zwfw"}).status_code == 404
    assert [c["channel"] for c in clerk.get(f"{API}/consultations").json()] == ["phone"]
    assert login_client(people["clerk_my"]).get(f"{API}/consultations").json() == []


ANY_CASE = "/api/v1/cases/999999"
ROWS = [
    Row("GET", API, {"person": 200, "enterprise": 200, "window_clerk": 200, "reviewer": 200, "anonymous": 401}),
    Row(
        "GET",
        f"{API}/queues/window",
        {"window_clerk": 200, "clerk_my": 200, "platform_admin": 200, "reviewer": 403, "person": 403, "anonymous": 401},
    ),
    Row(
        "GET",
        f"{API}/queues/review",
        {"reviewer": 200, "platform_admin": 200, "window_clerk": 403, "person": 403, "anonymous": 401},
    ),
    Row(
        "GET",
        f"{API}/supervision",
        {"reviewer": 200, "dept_admin": 200, "window_clerk": 403, "person": 403, "anonymous": 401},
    ),
    Row(
        "GET",
        f"{API}/verifications",
        {"reviewer": 200, "dept_admin": 200, "window_clerk": 403, "enterprise": 403, "anonymous": 401},
    ),
    Row(
        "GET",
        f"{API}/consultations",
        {
            "window_clerk": 200,
            "hotline_operator": 200,
            "dept_admin": 200,
            "person": 403,
            "reviewer": 403,
            "anonymous": 401,
        },
    ),
    Row("GET", ANY_CASE, {"person": 404, "window_clerk": 404, "policy_officer": 404, "anonymous": 401}),
    Row("POST", f"{ANY_CASE}/accept", {"window_clerk": 404, "person": 403, "reviewer": 403, "anonymous": 401}, body={}),
    Row(
        "POST",
        f"{ANY_CASE}/decide",
        {"reviewer": 404, "person": 403, "hotline_operator": 403, "anonymous": 401},
        body={"approved": True},
    ),
    Row("GET", f"{API}/lookup?number=x&code=y", {"anonymous": 404, "person": 404}),
]


@pytest.mark.parametrize("row", ROWS, ids=str)
def test_cases_role_matrix(row, role_users):
    check_row(row, role_users)


def test_a_clerk_cannot_apply_for_an_item_outside_the_region_and_a_retry_makes_nothing(people):
    """Issue 18.1: refused before anything is committed or anyone told; a retry makes no duplicate."""
    from zwfw.cases.models import Case, CaseNumberCounter
    from zwfw.core.models import Notification

    clerk_my = login_client(people["clerk_my"])
    body = {
        "implementation_code": IMPL,  # a 成都 item
        "channel": "window",
        "form_data": {"applicant_name": "张三丰"},
        "on_behalf_of": people["person"].pk,
    }
    notified = Notification.objects.count()
    for _ in range(2):
        r = _post(clerk_my, API, body)
        assert r.status_code in {403, 404}, r.content
    assert not Case.objects.exists() and not CaseNumberCounter.objects.exists()
    assert Notification.objects.count() == notified
    r = _post(login_client(people["clerk"]), API, body)  # the 成都 clerk may
    assert r.status_code == 201 and Case.objects.count() == 1


def test_the_apply_page_of_a_clerk_outside_the_region_keeps_nothing(people, client_for):
    from django.urls import reverse

    from zwfw.cases.models import Case

    client = client_for(people["clerk_my"])
    response = client.post(
        reverse("cases:apply", args=[IMPL]),
        {"applicant": people["person"].username, "f-applicant_name": "张三丰"},
    )
    assert response.status_code in {403, 404, 422}
    assert not Case.objects.exists()
