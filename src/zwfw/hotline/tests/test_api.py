"""The hotline API: masking, department scoping, the flow through HTTP, Open311 GeoReport v2
shapes, assist, KPIs."""

from __future__ import annotations

import pytest

from zwfw.core.tests.factories import login_client
from zwfw.hotline import services

pytestmark = pytest.mark.django_db

OPEN311_REQUEST_KEYS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}


def test_caller_is_masked_for_all_but_intake_operator_and_caller(hl, make_order):
    order = make_order(caller_user=hl.caller, caller_name="王小明", caller_phone="13800001111")
    url = f"/api/v1/hotline/orders/{order.pk}"
    full = login_client(hl.operator).get(url).json()
    assert (full["caller_name"], full["caller_phone"]) == ("王小明", "13800001111")
    assert login_client(hl.caller).get(url).json()["caller_phone"] == "13800001111"
    for user in (hl.operator2, hl.supervisor, hl.scjg):
        body = login_client(user).get(url).json()
        assert body["caller_name"] == "王*明" and body["caller_phone"] == "138****1111", user.username
        assert "13800001111" not in login_client(user).get("/api/v1/hotline/orders").content.decode()


def test_department_sees_only_its_own_orders(hl, make_order):
    mine = make_order()
    theirs = make_order("公司拖欠工资三个月，工人讨薪无门", category="劳动和社会保障", caller_phone="13700000001")
    client = login_client(hl.scjg)
    ids = {o["id"] for o in client.get("/api/v1/hotline/orders").json()}
    assert mine.pk in ids and theirs.pk not in ids
    assert client.get(f"/api/v1/hotline/orders/{theirs.pk}").status_code == 404
    assert login_client(hl.rst).get(f"/api/v1/hotline/orders/{mine.pk}").status_code == 404
    assert login_client(hl.mianyang).get(f"/api/v1/hotline/orders/{mine.pk}").status_code == 404
    assert login_client(hl.other_person).get(f"/api/v1/hotline/orders/{mine.pk}").status_code == 404
    # acting on an order outside scope answers 404 too, before any state is revealed
    assert (
        login_client(hl.rst)
        .post(f"/api/v1/hotline/orders/{mine.pk}/sign", {}, content_type="application/json")
        .status_code
        == 404
    )


def test_flow_over_http(hl):
    op = login_client(hl.operator)
    created = op.post(
        "/api/v1/hotline/orders",
        {
            "text": "武侯区某超市销售过期食品",
            "region": "510107",
            "category": hl.top["商贸旅游"],
            "appeal_type": "complaint",
            "caller_name": "赵六",
            "caller_phone": "13911112222",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    order = created.json()
    assert order["status"] == "dispatched" and order["department"] == "510100-scjg"
    dept = login_client(hl.scjg)
    base = f"/api/v1/hotline/orders/{order['id']}"
    assert (
        dept.post(f"{base}/answer", {"answer": "x"}, content_type="application/json").json()["code"]
        == "hotline_illegal_transition"
    )
    signed = dept.post(f"{base}/sign", {"row_version": order["row_version"]}, content_type="application/json")
    assert signed.status_code == 200 and signed.json()["status"] == "signed"
    stale = dept.post(f"{base}/sign", {"row_version": order["row_version"]}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["code"] == "hotline_conflict"
    assert (
        dept.post(f"{base}/answer", {"answer": "已处理"}, content_type="application/json").json()["status"]
        == "answered"
    )
    visit = op.post(f"{base}/visit", {"satisfaction": 9, "resolved": True}, content_type="application/json")
    assert visit.status_code == 422
    assert (
        op.post(f"{base}/visit", {"satisfaction": 5, "resolved": True}, content_type="application/json").status_code
        == 200
    )
    detail = op.post(f"{base}/close", {}, content_type="application/json").json()
    assert detail["status"] == "closed"
    assert [e["kind"] for e in detail["events"]][-1] == "closed"


def test_operator_cannot_sign_and_department_cannot_intake(hl, make_order):
    order = make_order()
    assert (
        login_client(hl.operator)
        .post(f"/api/v1/hotline/orders/{order.pk}/sign", {}, content_type="application/json")
        .status_code
        == 403
    )
    r = login_client(hl.scjg).post(
        "/api/v1/hotline/orders", {"text": "x", "region": "510107"}, content_type="application/json"
    )
    assert r.status_code == 403 and set(r.json()) == {"code", "message", "detail"}


def test_person_files_on_the_web_for_themselves(hl):
    r = login_client(hl.caller).post(
        "/api/v1/hotline/orders",
        {"text": "小区电梯坏了一个月", "region": "510107", "channel": "web"},
        content_type="application/json",
    )
    assert r.status_code == 201
    assert r.json()["caller_phone"] == "13912345678"
    assert (
        login_client(hl.caller)
        .post(
            "/api/v1/hotline/orders",
            {"text": "x", "region": "510107", "channel": "phone"},
            content_type="application/json",
        )
        .status_code
        == 422
    )


def test_open311_services_are_public_first_level_categories(hl):
    from django.test import Client

    body = Client().get("/api/v1/hotline/open311/services.json").json()
    assert {s["service_name"] for s in body} == set(hl.top)
    assert set(body[0]) == {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
    assert body[0]["type"] == "realtime" and body[0]["metadata"] is False


def test_open311_post_and_get_requests(hl):
    from django.test import Client

    client = login_client(hl.caller)
    posted = client.post(
        "/api/v1/hotline/open311/requests.json",
        {
            "service_code": hl.top["商贸旅游"],
            "description": "超市卖过期面包",
            "lat": "30.64",
            "long": "104.05",
            "address_string": "武侯区玉林路1号",
            "jurisdiction_id": "510107",
            "first_name": "三丰",
            "last_name": "张",
        },
    )
    assert posted.status_code == 201, posted.content
    created = posted.json()
    assert isinstance(created, list) and set(created[0]) == {"service_request_id", "service_notice", "account_id"}
    rid = created[0]["service_request_id"]
    one = client.get(f"/api/v1/hotline/open311/requests/{rid}.json").json()
    assert isinstance(one, list) and set(one[0]) == OPEN311_REQUEST_KEYS
    assert one[0]["status"] == "open" and one[0]["service_code"] == hl.top["商贸旅游"]
    assert one[0]["lat"] == pytest.approx(30.64) and one[0]["agency_responsible"] == "成都市市场监督管理局"
    listed = client.get("/api/v1/hotline/open311/requests.json", {"status": "open"}).json()
    assert [r["service_request_id"] for r in listed] == [rid]
    assert client.get("/api/v1/hotline/open311/requests.json", {"status": "closed"}).json() == []
    assert client.get("/api/v1/hotline/open311/requests.json", {"status": "maybe"}).status_code == 422
    assert login_client(hl.other_person).get(f"/api/v1/hotline/open311/requests/{rid}.json").status_code == 404
    assert (
        Client().post("/api/v1/hotline/open311/requests.json", {"service_code": "x", "description": "y"}).status_code
        == 401
    )
    bad = client.post("/api/v1/hotline/open311/requests.json", {"service_code": "NOPE", "description": "y"})
    assert bad.status_code == 422 and bad.json()["code"] == "hotline_unknown_category"


def test_assist_without_model_gives_knowledge_and_similar_orders(hl, make_order):
    import datetime as dt

    services.knowledge_entry_save(
        actor=None,
        question="预付卡商家跑路怎么办",
        answer="向市场监管部门投诉",
        department_code="510100-scjg",
        review_date=dt.date(2027, 1, 1),
    )
    make_order("健身房预付卡商家跑路，余额无法退还")
    r = login_client(hl.operator).get("/api/v1/hotline/assist", {"text": "预付卡商家跑路了", "region": "510107"})
    assert r.status_code == 200
    body = r.json()
    assert body["suggestions"] == [] and body["model_version"] is None
    assert body["knowledge"][0]["question"] == "预付卡商家跑路怎么办"
    assert body["similar"] and "预付卡" in body["similar"][0]["title"]
    assert login_client(hl.scjg).get("/api/v1/hotline/assist", {"text": "x"}).status_code == 403


def test_kpis_over_http(hl, make_order):
    from django.utils import timezone

    order = make_order()
    services.work_order_sign(actor=hl.scjg, order_id=order.pk)
    services.work_order_answer(actor=hl.scjg, order_id=order.pk, answer="ok")
    services.work_order_visit(actor=hl.operator, order_id=order.pk, satisfaction=5, resolved=True)
    month = timezone.localdate().strftime("%Y-%m")
    body = login_client(hl.supervisor).get("/api/v1/hotline/kpis", {"month": month}).json()
    row = next(r for r in body["rows"] if r["key"] == "510100-scjg")
    assert row["received"] == 1 and row["signed_on_time_rate"] == 1.0 and row["visited_rate"] == 1.0
    assert row["satisfied_rate"] == 1.0 and row["resolved_rate"] == 1.0 and row["first_contact_rate"] == 0.0
    assert login_client(hl.supervisor).get("/api/v1/hotline/kpis", {"month": "2026-13"}).status_code == 422
    assert login_client(hl.scjg).get("/api/v1/hotline/kpis", {"month": month}).status_code == 403
    xlsx = login_client(hl.supervisor).get("/api/v1/hotline/kpis.xlsx", {"month": month})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
