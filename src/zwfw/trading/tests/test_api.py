"""The trading API: sealing per role over HTTP, the opening, red flags, OCDS, errors as 4xx."""

from __future__ import annotations

import base64
import datetime as dt

import pytest

from zwfw.core.models import Role
from zwfw.core.tests.factories import make_user
from zwfw.trading.services.opening import section_open

from . import factories as f

pytestmark = pytest.mark.django_db
API = "/api/v1/trading"


@pytest.fixture
def sealed():
    tenderee = f.enterprise("招标人")
    section = f.section(tenderee=tenderee)
    bidders = [f.enterprise() for _ in range(4)]
    for b, p in zip(bidders, (800_000_00, 824_000_00, 848_000_00, 872_000_00), strict=True):
        f.bid(section, b, price_fen=p)
    return section, tenderee, bidders


def test_every_role_gets_409_for_prices_before_opening(sealed, client_for):
    section, tenderee, bidders = sealed
    sup = f.supervisor()
    for user in (tenderee, bidders[0], sup, make_user(role=Role.PLATFORM_ADMIN)):
        r = client_for(user).get(f"{API}/sections/{section.pk}/bids")
        assert r.status_code == 409, (user.role, r.content)
        assert r.json()["code"] == "trading_not_yet_open"
    r = client_for(sup).get(f"{API}/sections/{section.pk}")
    assert r.status_code == 200 and r.json()["sealed_bids"] == 4
    assert "price" not in str(r.json()).replace("price_", "")


def test_out_of_scope_section_is_404(sealed, client_for):
    section, *_ = sealed
    r = client_for(f.supervisor(region="510700")).get(f"{API}/sections/{section.pk}")
    assert r.status_code == 404
    r = client_for(f.enterprise()).get(f"{API}/sections/{section.pk}")
    assert r.status_code == 404


def test_bid_over_http(client_for):
    section = f.section()
    bidder = f.enterprise()
    body = {
        "price_fen": 500_000_00,
        "documents": [{"kind": "technical", "filename": "t.pdf", "content_base64": base64.b64encode(b"plan").decode()}],
    }
    r = client_for(bidder).post(f"{API}/sections/{section.pk}/bids", body, content_type="application/json")
    assert r.status_code == 201, r.content
    assert len(r.json()["anonymous_code"]) == 6 and "price_fen" not in r.json()
    bad = {**body, "documents": [{"kind": "technical", "filename": "t.pdf", "content_base64": "***"}]}
    r = client_for(bidder).post(f"{API}/sections/{section.pk}/bids", bad, content_type="application/json")
    assert r.status_code == 422
    r = client_for(bidder).post(f"{API}/sections/{section.pk}/bids", body, content_type="application/json")
    assert r.status_code == 409 and r.json()["code"] == "trading_duplicate_bid"


def test_open_reveals_and_supervisor_sees_flags_and_ocds(sealed, client_for):
    section, _, bidders = sealed
    sup = f.supervisor()
    r = client_for(sup).post(f"{API}/sections/{section.pk}/open")
    assert r.status_code == 409  # not yet
    section_open(actor=sup, section=section, now=f.after_opening(section))
    rows = client_for(bidders[0]).get(f"{API}/sections/{section.pk}/bids").json()
    assert [x["price_fen"] for x in rows] == [800_000_00, 824_000_00, 848_000_00, 872_000_00]
    queue = client_for(sup).get(f"{API}/risk-queue").json()
    assert queue[0]["id"] == section.pk and "regular_price_pattern" in queue[0]["risk_flags"]
    flags = client_for(sup).get(f"{API}/sections/{section.pk}/red-flags").json()
    assert any(x["code"] == "regular_price_pattern" for x in flags)
    assert client_for(bidders[0]).get(f"{API}/risk-queue").status_code == 403
    package = client_for(sup).get(f"{API}/sections/{section.pk}/ocds").json()
    release = package["releases"][0]
    assert [d["value"]["amount"] for d in release["bids"]["details"]] == [800000, 824000, 848000, 872000]
    assert {"buyer", "tenderer"} <= {r for p in release["parties"] for r in p["roles"]}


def test_project_create_validation(client_for):
    tenderee = f.enterprise("招标人")
    body = {"code": "P-1", "name": "x", "category": "construction", "region_code": "510107", "budget_fen": 100}
    r = client_for(tenderee).post(f"{API}/projects", body, content_type="application/json")
    assert r.status_code == 201
    r = client_for(tenderee).post(
        f"{API}/projects", {**body, "code": "P-2", "budget_fen": -1}, content_type="application/json"
    )
    assert r.status_code == 422
    r = client_for(tenderee).post(
        f"{API}/projects", {**body, "code": "P-3", "agent_uscc": "91510100MA6XXXXXX1"}, content_type="application/json"
    )
    assert r.status_code == 422
    r = client_for(f.supervisor()).post(f"{API}/projects", {**body, "code": "P-4"}, content_type="application/json")
    assert r.status_code == 403
    deadline = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).isoformat()
    r = client_for(tenderee).post(
        f"{API}/projects/{r.json().get('id', 0) or 1}/sections",
        {"name": "一标段", "ceiling_fen": 10, "specialty": "x", "bid_deadline": deadline, "opening_at": deadline},
        content_type="application/json",
    )
    assert r.status_code in (404, 422)


def test_figures(client_for, sealed):
    sup = f.supervisor()
    rates = client_for(sup).get(f"{API}/figures/electronic-rate").json()
    assert rates[0]["category"] == "construction" and rates[0]["rate"] == 1.0
    assert client_for(sup).get(f"{API}/figures/deposits").status_code == 200
