"""Supervision pages and API: the inbox's 决定 column (issue 8 item 12), the home-page queues,
permissions, the webhook receiver, credit and warning pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from zwfw.core.selectors.home import home_summary_for
from zwfw.core.tests.factories import bearer_client
from zwfw.supervision.models import InboxEvent
from zwfw.supervision.services import credit_event_record, inbox_receive

pytestmark = pytest.mark.django_db


def test_the_inbox_shows_the_decision_label(officers, payload, client_for):
    """Issue 8 item 12: the 决定 column was blank (get_…_display on a field without choices)."""
    inbox_receive(source_key="a", payload=payload(decision="approved"))
    inbox_receive(source_key="b", payload=payload(decision="denied"))
    inbox_receive(source_key="c", payload=payload(kind="shortfall", decision=""))
    html = client_for(officers["cd"]).get(reverse("supervision:inbox")).content.decode()
    cells = [part.split("</td>")[0] for part in html.split('data-testid="decision">')[1:]]
    assert sorted(cells) == sorted(["准予", "不予", "—"])
    assert "待签收3件" in html


def test_sign_and_check_through_the_page(officers, payload, client_for):
    event, _ = inbox_receive(source_key="p", payload=payload(kind="pledge", pledge={"text": "承诺"}))
    client = client_for(officers["cd"])
    assert client.post(reverse("supervision:event_sign", args=[event.pk])).status_code == 302
    again = client.post(reverse("supervision:event_sign", args=[event.pk]))
    assert again.status_code == 409 and "已处理" in again.content.decode()
    check = event.pledge_check
    url = reverse("supervision:pledge_check", args=[check.pk])
    bad = client.post(url, {"verdict": "true", "method": "onsite", "result": ""})
    assert bad.status_code == 422 and "核查情况" in bad.content.decode()
    assert client.post(url, {"verdict": "true", "method": "onsite", "result": "现场一致"}).status_code == 302
    assert client_for(officers["my"]).post(reverse("supervision:event_sign", args=[event.pk])).status_code == 404


def test_home_queues_count_live(officers, payload):
    inbox_receive(source_key="q1", payload=payload())
    inbox_receive(source_key="q2", payload=payload(kind="pledge"))
    counts = {q.key: q.count for q in home_summary_for(user=officers["cd"]).queues}
    assert counts["supervision_unsigned"] == 2 and counts["supervision_pledges"] == 1
    assert counts["supervision_repairs"] == 0
    assert {q.key: q.count for q in home_summary_for(user=officers["my"]).queues}["supervision_unsigned"] == 0


def test_pages_answer_by_role(officers, client_for):
    officer, person = client_for(officers["cd"]), client_for(officers["person"])
    for name in ("inbox", "credit", "plans", "warnings", "items"):
        assert officer.get(reverse(f"supervision:{name}")).status_code == 200, name
        assert person.get(reverse(f"supervision:{name}")).status_code == 403, name
    assert person.get(reverse("supervision:my_credit")).status_code == 200
    assert client_for(None).get(reverse("supervision:public")).status_code == 200
    assert client_for(None).get(reverse("supervision:inbox")).status_code == 302  # to the login page


def test_credit_page_shows_grade_and_reasons(officers, client_for):
    uscc = officers["enterprise"].uscc
    credit_event_record(
        actor=officers["cd"], subject_kind="enterprise", subject_id=uscc, kind="violation", occurred_on=dt.date.today()
    )
    html = client_for(officers["cd"]).get(reverse("supervision:credit"), {"subject": uscc}).content.decode()
    assert 'data-testid="grade">B<' in html and "违法违规1条（-10分）" in html
    mine = client_for(officers["enterprise"]).get(reverse("supervision:my_credit")).content.decode()
    assert "违法违规" in mine and "申请修复" in mine


def test_webhook_receiver_is_idempotent_and_guarded(officers, payload):
    body = {**payload(), "event_key": "remote:notice:9"}
    admin = bearer_client(officers["admin"])
    first = admin.post("/api/v1/supervision/inbox", body, content_type="application/json")
    second = admin.post("/api/v1/supervision/inbox", body, content_type="application/json")
    assert first.status_code == 201 and second.status_code == 200 and second.json()["created"] is False
    assert InboxEvent.objects.count() == 1
    denied = bearer_client(officers["cd"]).post("/api/v1/supervision/inbox", body, content_type="application/json")
    assert denied.status_code == 403
    bad = admin.post(
        "/api/v1/supervision/inbox", {**body, "event_key": "x", "decision": "maybe"}, content_type="application/json"
    )
    assert bad.status_code == 422 and bad.json()["code"] == "supervision_bad_event"
    listed = bearer_client(officers["cd"]).get("/api/v1/supervision/inbox").json()
    assert listed[0]["decision_label"] == "准予"


def test_grade_api_and_warnings(officers, payload, client_for):
    client = bearer_client(officers["cd"])
    assert client.get("/api/v1/supervision/credit/grade").status_code == 422
    grade = client.get("/api/v1/supervision/credit/grade", {"subject": officers["enterprise"].uscc}).json()
    assert grade["grade"] == "B" and grade["pledge_eligible"] is True
    for n in range(5):
        inbox_receive(source_key=f"w{n}", payload=payload(item_code="X1", decision="denied" if n < 2 else "approved"))
    inbox_receive(source_key="w-over", payload=payload(item_code="X2", overdue=True))
    rows = {r["item_code"]: r for r in client.get("/api/v1/supervision/warnings").json()}
    assert rows["X1"]["refusal_abnormal"] is True and rows["X1"]["refusal_rate"] == 0.4
    assert rows["X2"]["overdue_cases"] == 1
    html = client_for(officers["cd"]).get(reverse("supervision:warnings")).content.decode()
    assert html.count('data-testid="warning-row"') == 2
    assert bearer_client(officers["my"]).get("/api/v1/supervision/warnings").json() == []
