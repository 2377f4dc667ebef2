"""中介服务网上超市 in a real browser (issue 15 acceptance): a project owner buys an intermediary
service by random draw, the agency delivers late, the owner rates it, the agency's grade drops."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from playwright.sync_api import expect

from zwfw.core.models import Role
from zwfw.core.services.seed import seed_reference_data
from zwfw.core.tests.factories import make_user
from zwfw.intermediaries.models import Contract
from zwfw.intermediaries.services import agency_register, listing_publish, qualification_add

PASSWORD = "zwfw-browser-2026"
SHOTS = Path(__file__).resolve().parents[2] / "test-results"


def _logout(page):
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("banner").get_by_role("link", name="登录")).to_be_visible()


def test_owner_buys_by_random_draw_late_delivery_lowers_the_grade(page, login):
    seed_reference_data(actor=None)
    owner = make_user(role=Role.ENTERPRISE, username="im_owner", display_name="成都业主建设有限公司", password=PASSWORD)
    account = make_user(role=Role.ENTERPRISE, username="im_agency", display_name="示例环评有限公司", password=PASSWORD)
    agency = agency_register(actor=account, name="示例环评有限公司")
    qualification_add(
        actor=account, agency=agency, name="环评资质", number="Q-1", valid_until=dt.date.today() + dt.timedelta(days=90)
    )
    listing_publish(
        actor=account,
        agency=agency,
        service_item="环境影响评价",
        conditions="资料齐全",
        process="委托→编制→交付",
        time_limit_days=10,
        fee_standard_fen=2_000_000,
    )

    # the shared 2-core machine can be slow to answer the first request
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(90_000)
    expect.set_options(timeout=30_000)

    # the owner announces and draws
    login(page, owner.username, PASSWORD)
    page.goto("/intermediaries/purchases/")
    page.get_by_label("项目名称").fill("厂房扩建项目环评")
    page.get_by_label("服务事项").fill("环境影响评价")
    page.get_by_label("预算（元）").fill("25000")
    page.get_by_label("选取方式").select_option("random")
    page.get_by_role("button", name="发布").click()
    expect(page.get_by_role("heading", name="厂房扩建项目环评")).to_be_visible()
    page.get_by_role("button", name="随机抽取").click()
    expect(page.get_by_test_id("selected")).to_contain_text("示例环评有限公司")
    expect(page.get_by_test_id("seed")).to_have_text(re.compile(r"^\d+$"))
    expect(page.get_by_test_id("selected-grade")).to_have_text("B")
    page.get_by_label(re.compile("合同金额")).fill("18000.00")
    page.get_by_role("button", name="签订合同").click()
    expect(page.get_by_test_id("status")).to_have_text("已签约")
    _logout(page)

    # the agency delivers after the due date (the test moves the deadline into the past)
    Contract.objects.filter(agency=agency).update(due_date=dt.date.today() - dt.timedelta(days=3))
    login(page, account.username, PASSWORD)
    page.goto("/intermediaries/agency/")
    expect(page.get_by_test_id("grade")).to_have_text("B")
    page.get_by_role("button", name="交付").click()
    expect(page.locator(".messages")).to_contain_text("已交付（逾期）")
    _logout(page)

    # the owner accepts and rates; the grade drops
    login(page, owner.username, PASSWORD)
    page.goto("/intermediaries/purchases/")
    page.get_by_role("link", name="厂房扩建项目环评").click()
    expect(page.get_by_test_id("late")).to_be_visible()
    page.get_by_label("实际收费（元）").fill("18000")
    page.get_by_role("button", name="验收").click()
    page.get_by_label("评分").select_option("2")
    page.get_by_label("评价").fill("交付拖延")
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator(".messages")).to_contain_text("评价已提交")
    expect(page.get_by_test_id("selected-grade")).to_have_text("C")
    page.goto("/intermediaries/")
    row = page.get_by_test_id("agency-row").filter(has_text="示例环评有限公司")
    expect(row.get_by_test_id("agency-grade")).to_have_text("C")
    expect(row).to_contain_text("逾期交付1次")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "intermediaries_market.png"), full_page=True)
