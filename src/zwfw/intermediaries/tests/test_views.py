"""中介服务网上超市 pages: public market, owner pages scoped to the owner, money parsing, the
agency's page, the supervisor's page and its home-page queue."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zwfw.core.selectors.home import home_summary_for
from zwfw.intermediaries.models import Agency, Purchase

from .conftest import ITEM

pytestmark = pytest.mark.django_db


def test_market_is_public_and_hides_ineligible_nothing_personal(market, client_for):
    html = client_for(None).get(reverse("intermediaries:market")).content.decode()
    assert "示例环评0有限公司" in html and "≤20,000.00元" in html
    assert client_for(None).get("/api/v1/intermediaries/listings").status_code == 200


def test_owner_flow_through_the_pages(market, client_for):
    owner = client_for(market["users"]["owner"])
    bad = owner.post(
        reverse("intermediaries:purchases"),
        {"title": "环评", "service_item": ITEM, "budget": "12.345", "method": "random"},
    )
    assert bad.status_code == 422 and "两位小数" in bad.content.decode()
    response = owner.post(
        reverse("intermediaries:purchases"),
        {"title": "环评", "service_item": ITEM, "budget": "30000", "method": "direct"},
    )
    purchase = Purchase.objects.get()
    assert response.status_code == 302 and purchase.budget_fen == 3_000_000
    url = reverse("intermediaries:purchase_action", args=[purchase.pk, "select"])
    expired = owner.post(url, {"listing": market["listings"][2].pk, "reason": "便宜"})
    assert expired.status_code == 422
    assert owner.post(url, {"listing": market["listings"][0].pk, "reason": "经验丰富"}).status_code == 302
    sign = reverse("intermediaries:purchase_action", args=[purchase.pk, "sign"])
    assert owner.post(sign, {"fee": "abc"}).status_code == 422
    assert owner.post(sign, {"fee": "19999.99"}).status_code == 302
    assert (
        client_for(market["users"]["owner2"]).get(reverse("intermediaries:purchase", args=[purchase.pk])).status_code
        == 404
    )
    agency_page = client_for(market["users"]["agency0"]).get(reverse("intermediaries:agency")).content.decode()
    assert "环评" in agency_page and 'data-testid="contract-row"' in agency_page
    other_agency = client_for(market["users"]["agency1"])
    contract = purchase.contract
    assert other_agency.post(reverse("intermediaries:deliver", args=[contract.pk])).status_code == 404


def test_supervisor_blacklists_through_the_page(market, client_for):
    officer = market["users"]["officer"]
    client = client_for(officer)
    assert client_for(market["users"]["owner"]).get(reverse("intermediaries:supervise")).status_code == 403
    agency = market["agencies"][1]
    response = client.post(
        reverse("intermediaries:supervise"),
        {"agency": agency.pk, "kind": "fraud", "note": "虚假报告", "blacklist": "1"},
    )
    assert response.status_code == 302 and Agency.objects.get(pk=agency.pk).status == "blacklisted"
    assert (
        client.post(reverse("intermediaries:supervise"), {"agency": agency.pk, "kind": "x", "note": "n"}).status_code
        == 422
    )
    queues = {q.key: q.count for q in home_summary_for(user=officer).queues}
    assert queues["intermediaries_fee_flags"] == 0


def test_a_new_enterprise_registers_its_agency(market, client_for):
    client = client_for(market["users"]["owner2"])
    assert "入驻" in client.get(reverse("intermediaries:agency")).content.decode()
    assert client.post(reverse("intermediaries:agency"), {"form": "register", "name": "新中介"}).status_code == 302
    assert Agency.objects.filter(name="新中介", uscc=market["users"]["owner2"].uscc).exists()
    bad = client.post(
        reverse("intermediaries:agency"), {"form": "qualification", "name": "资质", "number": "1", "valid_until": "x"}
    )
    assert bad.status_code == 422
