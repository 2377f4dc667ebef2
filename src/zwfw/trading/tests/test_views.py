"""The trading pages: role access, sealing on the page, opening, risk drill-down, blind scoring."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zwfw.core.models import Role
from zwfw.core.tests.factories import make_user
from zwfw.trading.models import Bid
from zwfw.trading.services import experts as expert_services
from zwfw.trading.services.opening import section_open

from . import factories as f

pytestmark = pytest.mark.django_db


def test_bidder_seals_a_bid_from_the_page(client_for):
    section = f.section()
    bidder = f.enterprise()
    c = client_for(bidder)
    assert c.get("/trading/bidder/").status_code == 200
    r = c.post(
        "/trading/bidder/",
        {"section": section.pk, "price": "1234567.89", "commercial": SimpleUploadedFile("c.pdf", b"commercial")},
    )
    assert r.status_code == 302
    bid = Bid.objects.get(section=section)
    assert bid.price_fen is None and bid.client_ip == "127.0.0.1"
    page = c.get("/trading/bidder/").content.decode()
    assert "已密封" in page and "1,234,567.89" not in page
    r = c.post(
        "/trading/bidder/", {"section": section.pk, "price": "abc", "commercial": SimpleUploadedFile("c.pdf", b"x")}
    )
    assert r.status_code == 422 and "报价" in r.content.decode()


def test_section_page_hides_prices_until_opened_then_shows_them(client_for):
    section = f.section()
    bidders = [f.enterprise() for _ in range(3)]
    for b, p in zip(bidders, (800_000_00, 870_000_12, 955_000_00), strict=True):
        f.bid(section, b, price_fen=p)
    sup = f.supervisor()
    page = client_for(sup).get(f"/trading/sections/{section.pk}/").content.decode()
    assert "已密封投标 3 份" in page and "870,000.12" not in page
    r = client_for(sup).post(f"/trading/sections/{section.pk}/")
    assert r.status_code == 409 and "未到开标时间" in r.content.decode()
    section_open(actor=sup, section=section, now=f.after_opening(section))
    page = client_for(bidders[0]).get(f"/trading/sections/{section.pk}/").content.decode()
    assert "870,000.12" in page


def test_page_roles(client_for):
    expert_user = make_user(role=Role.BID_EXPERT)
    person = make_user(role=Role.PERSON)
    assert client_for(person).get("/trading/risk/").status_code == 403
    assert client_for(person).get("/trading/bidder/").status_code == 403
    assert client_for(expert_user).get("/trading/expert/").status_code == 200
    assert client_for(f.supervisor()).get("/trading/opening/").status_code == 200
    assert client_for(f.enterprise()).get("/trading/agent/").status_code == 200


def test_risk_queue_and_drilldown_with_network_picture(client_for):
    sup = f.supervisor()
    section = f.section()
    for p in (800_000_00, 824_000_00, 848_000_00, 872_000_00):
        f.bid(section, price_fen=p, bond_account="6222000011112222")
    section_open(actor=sup, section=section, now=f.after_opening(section))
    page = client_for(sup).get("/trading/risk/").content.decode()
    assert section.name in page
    detail = client_for(sup).get(f"/trading/risk/{section.pk}/").content.decode()
    assert "保证金从同一单位" in detail and "<svg" in detail and "报价呈规律性差异" in detail
    assert client_for(f.supervisor(region="510700")).get(f"/trading/risk/{section.pk}/").status_code == 404


def test_expert_scores_by_code_and_tenderee_awards(client_for):
    sup = f.supervisor()
    tenderee = f.enterprise("招标人")
    section = f.section(tenderee=tenderee)
    bids = [f.bid(section, price_fen=p) for p in (800_000_00, 870_000_00, 955_000_00)]
    experts = [f.expert(sup, user=make_user(role=Role.BID_EXPERT)) for _ in range(5)]
    section = section_open(actor=sup, section=section, now=f.after_opening(section))
    expert_services.expert_draw(actor=sup, section=section, size=5, reserve_size=0, seed="v")
    c = client_for(experts[0].user)
    page = c.get(f"/trading/expert/{section.pk}/").content.decode()
    assert bids[0].anonymous_code in page and bids[0].bidder_name not in page
    r = c.post(
        f"/trading/expert/{section.pk}/", {"code": bids[0].anonymous_code, "technical": "55", "commercial": "30"}
    )
    assert r.status_code == 302
    r = c.post(f"/trading/expert/{section.pk}/", {"code": bids[0].anonymous_code, "technical": "99", "commercial": "1"})
    assert r.status_code == 422
    assert client_for(f.enterprise()).get("/trading/agent/").status_code == 200
