"""一件事 in a real browser (issue 5 acceptance): the demo applicant searches 报装 on the free
combination page, ticks 供水报装, 低压用电报装 and 燃气报装, confirms the suggested merge of the
applicant's identity document, applies once (one form, one window) and sees one child case per
item on the application's progress page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from zwfw.bundles.models import BundleApplication
from zwfw.catalog.interchange.catalog_json import catalog_import
from zwfw.catalog.interchange.demo import build_catalog
from zwfw.catalog.search import search_index_invalidate
from zwfw.core.models import User
from zwfw.core.services.seed import DEMO_PASSWORD, demo_accounts_ensure, seed_reference_data

ITEMS = ["供水报装", "低压用电报装", "燃气报装"]


@pytest.fixture
def demo(db):
    seed_reference_data(actor=None)
    demo_accounts_ensure(actor=None)
    search_index_invalidate()
    catalog_import(actor=None, data=build_catalog(), publish=True)
    yield
    search_index_invalidate()


def test_free_combine_three_items_confirm_a_merge_apply_once_and_see_the_child_cases(page, login, demo):
    login(page, "person", DEMO_PASSWORD)
    page.goto("/bundles/compose/")
    page.get_by_role("search", name="查找事项").get_by_role("searchbox").fill("报装")
    page.get_by_role("search", name="查找事项").get_by_role("button", name="查找").click()
    hits = page.get_by_test_id("hits")
    for name in ITEMS:
        hits.get_by_role("checkbox", name=name).check()
    hits.get_by_role("button", name="加入组合").click()

    selected = page.get_by_test_id("selected")
    for name in ITEMS:
        expect(selected).to_contain_text(name)
    figures = page.get_by_test_id("figures")
    expect(figures).to_contain_text("申请材料")
    suggestions = page.get_by_test_id("suggestion")
    open_before = suggestions.count()
    assert open_before >= 1
    expect(suggestions.first).to_contain_text("可能是同一份材料")
    expect(suggestions.first).not_to_contain_text("相似度")  # no engine score for citizens
    suggestions.first.get_by_role("button", name="确认合并").click()
    expect(page.get_by_text("您已确认1条材料合并结论")).to_be_visible()
    assert page.get_by_test_id("suggestion").count() == open_before - 1

    page.get_by_role("link", name="一次申请").click()
    form = page.get_by_test_id("apply-form")
    phone = form.get_by_label("联系电话")
    if phone.count():  # asked only when the account holds no phone number
        phone.fill("13800138000")
    form.get_by_label("住址").fill("四川省成都市武侯区人民南路四段1号")
    files = form.locator("input[type=file]")
    for i in range(files.count()):  # one set of materials: every required one is handed in at submission
        files.nth(i).set_input_files(
            files=[{"name": f"material-{i}.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%test\n"}]
        )
    form.get_by_role("button", name="提交申请").click()

    progress = page.get_by_test_id("progress")
    expect(progress).to_be_visible()
    children = progress.get_by_test_id("child")
    expect(children).to_have_count(3)
    for name in ITEMS:
        expect(progress).to_contain_text(name)
    application = BundleApplication.objects.get(applicant=User.objects.get(username="person"))
    numbers = [c.case.number for c in application.children.select_related("case")]
    assert len(numbers) == 3 and all(numbers)
    for number in numbers:
        expect(progress.get_by_role("link", name=number)).to_be_visible()
    assert len(application.decisions) == 1 and application.decisions[0]["accepted"] is True
