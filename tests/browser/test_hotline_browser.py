"""12345 hotline in a real browser (issue 11 acceptance).

With the demo accounts and the hotline demo data (categories, 权责清单, knowledge base, a model
trained on the demo appeals), the demo operator ``hotline`` takes a call: types the caller and the
appeal, sees the model's top-3 categories appear beside the form, accepts the suggested 商贸旅游
and submits; the 权责清单 routes the 武侯区 appeal to 成都市市场监督管理局 (武侯区 has no
rule of its own for the line). The demo ``reviewer`` of that department signs and answers it in
the 12345 inbox; the operator records the caller's 回访 (非常满意, 已解决) and closes it; the
KPI page counts one more visited order for the department.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from zwfw.core.models import User
from zwfw.core.services.seed import DEMO_PASSWORD, demo_accounts_ensure, seed_reference_data

TEXT = "武侯区玉林路某超市销售过期食品，价格标签与结算不一致，希望尽快处理"


@pytest.fixture
def demo(db, tmp_path, monkeypatch):
    from zwfw.hotline.demo import load_demo
    from zwfw.hotline.services import classify

    monkeypatch.setattr(classify, "model_dir", lambda: tmp_path)
    classify.classifier_reset_cache()
    seed_reference_data(actor=None)
    demo_accounts_ensure(actor=None)
    load_demo(actor=None)
    yield
    classify.classifier_reset_cache()


def _kpi_row():
    from django.utils import timezone

    from zwfw.hotline.kpi import kpi_table

    rows, _ = kpi_table(user=User.objects.get(username="hotline_sup"), month=timezone.localdate().strftime("%Y-%m"))
    return next((r for r in rows if r.key == "510100-scjg"), None)


def _logout(page):
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("banner").get_by_role("link", name="登录")).to_be_visible()


def test_operator_takes_a_call_department_answers_caller_visited_kpi_counts_it(page, login, demo):
    before = _kpi_row()
    visited_before = before.visited if before else 0

    login(page, "hotline", DEMO_PASSWORD)
    page.goto("/hotline/intake/")
    page.get_by_label("来电人").fill("钱多多")
    page.get_by_label("联系电话").fill("13688889999")
    page.get_by_label("诉求类型").select_option(label="投诉")
    page.get_by_label("诉求区划").select_option("510107")
    page.get_by_label("诉求内容（来电记录）").fill(TEXT)
    suggestions = page.get_by_test_id("suggestions")
    expect(suggestions).to_contain_text("商贸旅游")
    expect(page.get_by_test_id("suggested-department")).to_have_text("成都市市场监督管理局")
    page.get_by_role("button", name="采纳“商贸旅游”").click()
    expect(page.locator("#id_category option:checked")).to_have_text("商贸旅游")
    page.get_by_role("button", name="受理", exact=True).click()
    expect(page.get_by_test_id("order-status")).to_have_text("已派单待签收")
    expect(page.get_by_test_id("department")).to_have_text("成都市市场监督管理局")
    expect(page.get_by_test_id("caller")).to_contain_text("13688889999")  # the intake operator sees it
    number = re.search(r"RX\d{13}", page.get_by_role("heading", level=1).inner_text()).group(0)
    _logout(page)

    login(page, "reviewer", DEMO_PASSWORD)
    page.goto("/hotline/inbox/")
    page.get_by_test_id("to-sign").get_by_role("link", name=number).click()
    expect(page.get_by_test_id("caller")).to_contain_text("136****9999")  # masked for the department
    page.get_by_role("button", name="签收").click()
    expect(page.get_by_test_id("order-status")).to_have_text("已签收")
    page.get_by_label("答复内容").fill("经现场核查，已责令该超市下架过期食品并立案调查。")
    page.get_by_role("button", name="答复", exact=True).click()
    expect(page.get_by_test_id("order-status")).to_have_text("已答复待回访")
    _logout(page)

    login(page, "hotline", DEMO_PASSWORD)
    page.goto("/hotline/queue/to_visit/")
    page.get_by_role("link", name=number).click()
    page.get_by_label("满意度").select_option(label="非常满意")
    page.get_by_label("问题是否解决").select_option(label="已解决")
    page.get_by_label("回访记录").fill("来电人对处理结果满意")
    page.get_by_role("button", name="记录回访").click()
    expect(page.get_by_test_id("visit")).to_contain_text("满意度 5 / 5，已解决")
    page.get_by_role("button", name="办结").click()
    expect(page.get_by_test_id("order-status")).to_have_text("已办结")

    page.goto("/hotline/dashboard/")
    after = _kpi_row()
    assert after.visited == visited_before + 1
    row = page.get_by_test_id("kpi-department").locator("tr", has_text="成都市市场监督管理局")
    expect(row.locator("td").nth(1)).to_have_text(str(after.received))
    expect(row.locator("td").nth(4)).to_have_text(str(after.visited))
    page.screenshot(path="test-results/hotline-kpi.png", full_page=True)
