"""Search that finds what residents mean, in a real browser (issue 10 item 5): a resident asks
"开饭店要办什么", sees what the engine understood, 食品经营许可 first and no unrelated 生育登记; an
editor then sees the query counted on 检索词维护 and adds a synonym that works at once."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from zwfw.catalog.demo import build_catalog
from zwfw.catalog.interchange.excel.bulk import catalog_import_new
from zwfw.catalog.search import search_index_invalidate
from zwfw.catalog.search.synonyms import synonym_table_invalidate
from zwfw.core.models import Role
from zwfw.core.services.seed import seed_reference_data
from zwfw.core.tests.factories import make_user

PASSWORD = "zwfw-browser-2026"


@pytest.fixture
def demo_catalog():
    seed_reference_data(actor=None)
    catalog_import_new(actor=None, data=build_catalog(), publish=True)
    search_index_invalidate()
    synonym_table_invalidate()
    yield
    search_index_invalidate()
    synonym_table_invalidate()


def test_resident_question_then_editor_adds_a_synonym(page, login, demo_catalog):
    page.goto("/items/search/?q=开饭店要办什么")
    results = page.get_by_test_id("item-list")
    expect(results.get_by_role("link").first).to_have_text("食品经营许可（新办）")
    expect(results).not_to_contain_text("生育登记")
    expect(page.get_by_test_id("understood")).to_contain_text("“饭店”→“餐饮服务、食品经营”")
    page.screenshot(path="test-results/search-colloquial.png", full_page=True)

    page.goto("/items/search/?q=想开个苍蝇馆子")  # no item, no synonym yet: a zero-result query
    expect(page.get_by_text("没有找到相关事项")).to_be_visible()

    user = make_user(role=Role.DEPT_ADMIN, department="510000-scjg", username="search_editor_browser")
    user.set_password(PASSWORD)
    user.save()
    login(page, "search_editor_browser", PASSWORD)
    page.goto("/catalog/search/")
    expect(page.get_by_test_id("zero-results")).to_contain_text("想开个苍蝇馆子")
    page.get_by_label("口语说法").fill("苍蝇馆子")
    page.get_by_label("规范用语（逗号分隔）").fill("餐饮服务,食品经营")
    page.get_by_role("button", name="添加").click()
    expect(page.get_by_test_id("synonyms")).to_contain_text("苍蝇馆子")
    page.screenshot(path="test-results/search-editors.png", full_page=True)

    page.goto("/items/search/?q=想开个苍蝇馆子")
    expect(page.get_by_test_id("item-list").get_by_role("link").first).to_have_text("食品经营许可（新办）")
