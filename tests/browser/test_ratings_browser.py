"""好差评 in a real browser (issue 12 acceptance).

The applicant of a finished case rates it 非常不满意 from 我的评价; the responsible department
(成都市市场监管局) finds the rectification in 差评整改, verifies it, rectifies, and records the 回访
(satisfied); the public 好差评公示 figures move at each step (ratings, 差评整改率, 回访满意率).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from zwfw.cases.tests.conftest import Holding, LicenceStub, pdf, publish_item
from zwfw.core.models import Role
from zwfw.core.tests.factories import TEST_PASSWORD, make_department, make_user
from zwfw.ratings.tests.conftest import finish


@pytest.fixture
def finished_case(monkeypatch):
    from zwfw.cases.services import case_apply
    from zwfw.catalog.tests.factories import IMPL_CODE

    stub = LicenceStub()
    monkeypatch.setattr("zwfw.cases.services.apply.licence_holdings", stub.holdings_for)
    monkeypatch.setattr("zwfw.cases.services.decision._licence_issue", stub.issue)
    for region, line in (("510100", "zwfw"), ("510000", "scjg"), ("510100", "scjg")):
        make_department(region, line)
    publish_item()
    users = {
        "person": make_user(role=Role.PERSON, username="rb_person", display_name="王小明"),
        "clerk": make_user(role=Role.WINDOW_CLERK, username="rb_clerk", department="510100-zwfw"),
        "reviewer": make_user(role=Role.REVIEWER, username="rb_reviewer", department="510100-scjg"),
    }
    stub.holdings[users["person"].id_number] = [Holding("business_licence", "BL-0001")]
    case = case_apply(
        actor=users["person"],
        implementation_code=IMPL_CODE,
        channel="online",
        uploads={"application_form": pdf(), "layout_plan": pdf("plan.pdf")},
        form_data={"applicant_name": "王小明", "phone": "13800138000"},
    )
    return finish(case, users), users


def _logout(page):
    page.get_by_role("button", name="退出").click()


def _public_totals(page) -> tuple[str, str, str]:
    page.goto("/ratings/public/", wait_until="domcontentloaded")
    table = page.get_by_test_id("figures-month")
    return (
        table.get_by_test_id("total-count").inner_text(),
        table.get_by_test_id("total-rect-rate").inner_text(),
        table.get_by_test_id("total-revisit-rate").inner_text(),
    )


def test_a_very_unsatisfied_rating_is_rectified_revisited_and_counted(page, login, finished_case):
    case, _ = finished_case
    assert _public_totals(page) == ("0", "—", "—")

    # The applicant rates the finished case 非常不满意.
    login(page, "rb_person", TEST_PASSWORD)
    page.get_by_role("link", name="我的评价").first.click()
    page.get_by_role("link", name=f"评价：{case.item_name}").click()
    page.get_by_label("非常不满意", exact=True).check()
    page.get_by_label("多次跑腿").check()
    page.get_by_label("文字评价（选填，500字以内）").fill("材料要求没有一次说清楚，跑了三趟")
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator(".messages")).to_contain_text("感谢您的评价")
    expect(page.get_by_test_id("my-ratings")).to_contain_text("非常不满意")
    expect(page.get_by_test_id("my-ratings")).to_contain_text("待核实")
    _logout(page)
    assert _public_totals(page) == ("1", "0.0%", "—")

    # The department sees the task, verifies, rectifies and records the 回访.
    login(page, "rb_reviewer", TEST_PASSWORD)
    page.get_by_role("link", name="差评整改").first.click()
    tasks = page.get_by_test_id("tasks")
    expect(tasks).to_contain_text("非常不满意")
    tasks.get_by_role("link", name=case.item_name).click()
    expect(page.get_by_test_id("rating")).to_contain_text("多次跑腿")
    page.get_by_label("问题属实，立行立改").check()
    page.get_by_label("核实情况").fill("属实：补正告知未列全材料")
    page.get_by_role("button", name="提交核实").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("差评整改：整改中")
    page.get_by_label("整改措施").fill("修订一次告知清单，窗口按清单一次性告知")
    page.get_by_role("button", name="提交整改").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("差评整改：待回访")
    page.get_by_test_id("revisit-form").get_by_label("满意", exact=True).check()
    page.get_by_label("回访情况").fill("电话回访，办事人认可整改")
    page.get_by_role("button", name="记录回访").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("差评整改：已办结")
    expect(page.get_by_test_id("progress")).to_contain_text("按时")
    page.screenshot(path="test-results/ratings-task-closed.png", full_page=True)
    _logout(page)

    # The figures moved: one rating, 差评整改率 and 回访满意率 100 %.
    assert _public_totals(page) == ("1", "100.0%", "100.0%")
    html = page.content()
    assert "王小明" not in html and case.number not in html and "13800138000" not in html
