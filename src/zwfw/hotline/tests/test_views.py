"""The hotline pages: who sees which console, intake by form, actions by form, exports."""

from __future__ import annotations

import pytest
from django.utils import timezone

from zwfw.core.tests.factories import login_client
from zwfw.hotline import services

pytestmark = pytest.mark.django_db


def test_consoles_by_role(hl, make_order):
    order = make_order()
    op, sup, dept = login_client(hl.operator), login_client(hl.supervisor), login_client(hl.scjg)
    assert op.get("/hotline/intake/").status_code == 200
    assert dept.get("/hotline/intake/").status_code == 403
    assert login_client(hl.caller).get("/hotline/intake/").status_code == 403
    assert login_client(None).get("/hotline/intake/").status_code == 302
    inbox = dept.get("/hotline/inbox/")
    assert inbox.status_code == 200 and order.number in inbox.content.decode()
    assert login_client(hl.rst).get("/hotline/inbox/").content.decode().count(order.number) == 0
    assert op.get("/hotline/inbox/").status_code == 403
    assert sup.get("/hotline/supervise/").status_code == 200
    assert op.get("/hotline/supervise/").status_code == 403
    for url in (
        "/hotline/orders/",
        "/hotline/queue/to_dispatch/",
        "/hotline/knowledge/",
        "/hotline/dashboard/",
        "/hotline/brief/",
    ):
        assert sup.get(url).status_code == 200, url
    assert op.get("/hotline/queue/nope/").status_code == 404


def test_order_page_masks_caller_and_offers_role_actions(hl, make_order):
    order = make_order(caller_name="王小明", caller_phone="13800001111")
    page = login_client(hl.operator).get(f"/hotline/orders/{order.pk}/").content.decode()
    assert "13800001111" in page
    page = login_client(hl.scjg).get(f"/hotline/orders/{order.pk}/").content.decode()
    assert "13800001111" not in page and "138****1111" in page and "签收" in page
    assert login_client(hl.rst).get(f"/hotline/orders/{order.pk}/").status_code == 404


def test_intake_form_and_actions(hl):
    op = login_client(hl.operator)
    r = op.post(
        "/hotline/intake/",
        {
            "text": "超市销售过期牛奶",
            "region": "510107",
            "channel": "phone",
            "appeal_type": "complaint",
            "urgency": "normal",
            "category": hl.top["商贸旅游"],
            "caller_name": "赵六",
            "caller_phone": "13911112222",
        },
    )
    assert r.status_code == 302
    order_id = int(r["Location"].rstrip("/").split("/")[-1])
    dept = login_client(hl.scjg)
    assert dept.post(f"/hotline/orders/{order_id}/act/sign/").status_code == 302
    bad = dept.post(f"/hotline/orders/{order_id}/act/answer/", {"answer": ""})
    assert bad.status_code == 422 and "请填写答复内容" in bad.content.decode()
    assert dept.post(f"/hotline/orders/{order_id}/act/answer/", {"answer": "已处理"}).status_code == 302
    assert op.post(f"/hotline/orders/{order_id}/act/visit/", {"satisfaction": "5", "resolved": "1"}).status_code == 302
    assert op.post(f"/hotline/orders/{order_id}/act/close/").status_code == 302
    assert op.post(f"/hotline/orders/{order_id}/act/nope/").status_code == 404
    bad = op.post("/hotline/intake/", {"text": "", "region": "510107"})
    assert bad.status_code == 422


def test_assist_partial(hl, make_order):
    make_order("健身房预付卡商家跑路，余额无法退还")
    r = login_client(hl.operator).get("/hotline/intake/assist/", {"text": "预付卡跑路", "caller_phone": "13800001111"})
    body = r.content.decode()
    assert r.status_code == 200 and "相似工单" in body and "健身房预付卡" in body and "来电历史" in body


def test_dashboard_and_exports(hl, make_order):
    order = make_order()
    services.work_order_sign(actor=hl.scjg, order_id=order.pk)
    sup = login_client(hl.supervisor)
    month = timezone.localdate().strftime("%Y-%m")
    page = sup.get("/hotline/dashboard/", {"month": month}).content.decode()
    assert "成都市市场监督管理局" in page and "按时签收率" in page
    assert sup.get("/hotline/dashboard/", {"month": "x"}).status_code == 422
    xlsx = sup.get("/hotline/dashboard/kpi.xlsx", {"month": month})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    brief = sup.get("/hotline/brief.xlsx")
    assert brief.status_code == 200 and brief.content[:2] == b"PK"
    assert sup.get("/hotline/brief/", {"week": "bad"}).status_code == 422


def test_home_queues_count_live(hl, make_order):
    make_order(category=None)
    home = login_client(hl.operator).get("/").content.decode()
    assert "待派单" in home and 'data-queue="hotline_to_dispatch"' in home


def test_knowledge_page_search_and_create(hl):
    sup = login_client(hl.supervisor)
    r = sup.post(
        "/hotline/knowledge/",
        {"question": "公租房申请条件", "answer": "见办法", "department": "510100-zj", "review_date": "2027-01-01"},
    )
    assert r.status_code == 302
    assert "公租房申请条件" in sup.get("/hotline/knowledge/", {"q": "公租房"}).content.decode()
    assert (
        sup.post(
            "/hotline/knowledge/", {"question": "x", "answer": "y", "department": "nope", "review_date": "2027-01-01"}
        ).status_code
        == 422
    )
    assert login_client(hl.operator).post("/hotline/knowledge/", {"question": "x"}).status_code == 403
