"""公共资源交易 in a real browser (issue 14 acceptance): a bid is sealed, the opening reveals it,
the supervisor sees the flagged tender.

An enterprise bids through the bidder page (price and an uploaded file); the page and the
database show the bid sealed. The opening time then passes (the test moves the schedule, which
the sealing key does not depend on); the trading supervisor opens the section in the opening room
and sees the price; two of the bids paid their bond from one account, so the section tops the
supervisor's 围标串标预警 queue, and the drill-down shows the flag with its evidence and the
co-bidding picture.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from zwfw.core.models import Role
from zwfw.core.tests.factories import TEST_PASSWORD, make_user
from zwfw.trading.models import Bid, Section
from zwfw.trading.tests import factories as f


def test_bid_sealed_opened_and_flagged(page, login, browser, live_server):
    section = f.section(region="510107")
    f.bid(section, price_fen=800_000_00, bond_account="6222000011112222")
    f.bid(section, price_fen=870_000_00, bond_account="6222000011112222")
    bidder = make_user(role=Role.ENTERPRISE, username="bidder_b", display_name="成都乙建设有限公司")
    make_user(role=Role.TRADING_SUPERVISOR, username="jg_sup", region="510100")

    login(page, "bidder_b", TEST_PASSWORD)
    page.goto("/trading/bidder/")
    page.get_by_label("投标报价（元）").fill("912345.67")
    page.get_by_label("商务标文件").set_input_files(
        files=[{"name": "商务标.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 bid"}]
    )
    page.get_by_role("button", name="加密并递交").click()
    expect(page.get_by_text("投标文件已加密密封")).to_be_visible()
    expect(page.get_by_test_id("my-bids")).to_contain_text("已密封")
    assert Bid.objects.get(section=section, bidder=bidder).price_fen is None

    past = timezone.now() - dt.timedelta(minutes=1)
    Section.objects.filter(pk=section.pk).update(bid_deadline=past, opening_at=past)

    context = browser.new_context(locale="zh-CN", base_url=live_server.url, viewport={"width": 1280, "height": 900})
    sup_page = context.new_page()
    try:
        login(sup_page, "jg_sup", TEST_PASSWORD)
        sup_page.goto(f"/trading/sections/{section.pk}/")
        expect(sup_page.get_by_test_id("sealed-notice")).to_contain_text("已密封投标 3 份")
        sup_page.get_by_role("button", name="开标").click()
        expect(sup_page.get_by_test_id("opening-record")).to_contain_text("912,345.67")
        expect(sup_page.get_by_test_id("section-status")).to_have_text("已开标")

        sup_page.goto("/")
        expect(sup_page.get_by_text("围标串标预警").first).to_be_visible()
        sup_page.goto("/trading/risk/")
        queue = sup_page.get_by_test_id("risk-queue")
        expect(queue).to_contain_text(section.name)
        queue.get_by_role("link", name=section.name).click()
        expect(sup_page.get_by_test_id("red-flags")).to_contain_text("投标保证金从同一单位或个人的账户转出")
        expect(sup_page.locator("svg.trading-network")).to_be_visible()
        sup_page.screenshot(path="test-results/trading_risk_detail.png", full_page=True)
    finally:
        context.close()
