"""The catalog in a real browser (issue 3 acceptance): with the demo catalog loaded, a visitor
searches "开饭店" on the portal, finds 食品经营许可, opens its 办事指南, sees the 一图 diagram and
opens the 百姓体 guide."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from zwfw.catalog.interchange.demo import build_catalog
from zwfw.catalog.interchange.excel.bulk import catalog_import_new
from zwfw.catalog.search import search_index_invalidate
from zwfw.core.services.seed import seed_reference_data

FOOD = "食品经营许可（新办）"


@pytest.fixture
def demo_catalog():
    """Reference data and the 101-item Sichuan demo catalog, imported and published through the
    catalog's import service (the same path ``zwfw demo`` takes)."""
    seed_reference_data(actor=None)
    report = catalog_import_new(actor=None, data=build_catalog(), publish=True)
    search_index_invalidate()
    yield report
    search_index_invalidate()


def _open_food_guide_from_search(page, query: str) -> None:
    page.get_by_role("search").get_by_role("searchbox").fill(query)
    page.get_by_role("search").get_by_role("button", name="搜索").click()
    results = page.get_by_test_id("item-list")
    expect(results).to_contain_text(FOOD)
    results.get_by_role("link", name=FOOD).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(FOOD)


def test_visitor_searches_opens_the_guide_sees_the_diagram_and_the_plain_guide(page, demo_catalog):
    page.goto("/")
    _open_food_guide_from_search(page, "开饭店")

    diagram = page.get_by_test_id("diagram").locator("svg[role='img']")
    expect(diagram).to_be_visible()
    expect(diagram.locator("g[data-step]").first).to_be_visible()
    assert diagram.locator("g[data-step]").count() >= 5
    assert diagram.locator("g.step.critical").count() >= 2
    expect(diagram.locator("g[data-step]").filter(has_text="受理").first).to_be_visible()
    expect(page.get_by_test_id("materials")).to_contain_text("免提交：可用电子证照")

    page.get_by_role("link", name="看大白话版（百姓体）").click()
    plain = page.get_by_test_id("plain-guide")
    expect(plain.get_by_role("heading", name="要准备什么")).to_be_visible()
    expect(plain.get_by_role("heading", name="最快几天")).to_be_visible()
    expect(plain).to_contain_text("个工作日")
    expect(plain.get_by_role("heading", name="要不要钱")).to_be_visible()


def test_on_a_phone_the_catalog_search_and_guide_work(mobile_page, demo_catalog):
    page = mobile_page
    page.goto("/items/")
    expect(page.get_by_role("heading", level=1)).to_have_text("办事指南")
    _open_food_guide_from_search(page, "餐饮 许可")
    diagram = page.get_by_test_id("diagram").locator("svg")
    expect(diagram).to_be_visible()
    # The diagram fits the phone's width: no horizontal scrolling of the page.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
