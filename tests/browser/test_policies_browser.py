"""惠企政策 in a real browser (issue 13 acceptance): the policy officer drafts a policy, adds an
application item and a 免申即享 item with rules, publishes it and runs a match; the demo
enterprise sees "policies for me" with the per-condition explanation and applies in one click;
the officer confirms the 免申即享 list, the grant reaches the enterprise without an application,
and a second match run grants nothing twice."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from zwfw.core.services.seed import DEMO_PASSWORD, demo_accounts_ensure, demo_uscc, seed_reference_data
from zwfw.policies import services
from zwfw.policies.models import Application, Grant, MatchRun

RESULTS = Path(__file__).resolve().parents[2] / "test-results"

RULE_APPLY = """reference: 测试政策 第二条
conditions:
  all:
    - {attr: region_code, op: within, value: "510100"}
    - {attr: rd_expense, op: ge, value: 200万元}
    - {attr: no_major_accident, op: eq, value: true}
amount: {percent: 10, of: rd_expense, cap: 100万元}
"""
RULE_AUTO = """conditions:
  all:
    - {attr: region_code, op: within, value: "510100"}
    - {attr: graduate_hires, op: ge, value: 1}
amount: {each: 1500元, per: graduate_hires}
"""


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    seed_reference_data(actor=None)
    demo_accounts_ensure(actor=None)
    uscc = demo_uscc()
    rows = {
        "市场监管": "uscc,name,region_code,industry_code,established_on\n"
        + f"{uscc},成都示例科技有限公司,510107,6511,2019-05-01\n",
        "税务": "uscc,revenue,total_assets,rd_expense\n" + f"{uscc},68000000,52000000,9000000\n",
        "人社": "uscc,employees,graduate_hires\n" + f"{uscc},85,4\n",
    }
    for source, text in rows.items():
        services.profile_import(actor=None, source=source, filename=f"{source}.csv", content=text.encode())


def _add_item(page, key, title, rule, auto=False):
    form = page.locator("form", has=page.get_by_role("heading", name="添加惠企事项"))
    form.get_by_label("标识").fill(key)
    form.get_by_label("事项名称").fill(title)
    form.get_by_label("申报条件（YAML 规则）").fill(rule)
    if auto:
        form.get_by_label("免申即享").check()
    form.get_by_role("button", name="添加事项").click()
    expect(page.get_by_text("申报条件已通过类型检查")).to_be_visible()


def test_officer_publishes_matches_enterprise_applies_and_grant_once(page, login, demo):
    login(page, "policy", DEMO_PASSWORD)
    page.goto("/policies/console/")
    form = page.locator("form", has=page.get_by_role("button", name="保存草稿"))
    form.get_by_label("标识").fill("cd-browser")
    form.get_by_label("政策名称").fill("成都市支持企业研发测试政策")
    form.get_by_label("发文机关").fill("成都市人民政府办公厅")
    form.get_by_label("文号").fill("成办函〔2026〕1号")
    form.get_by_label("施行日期").fill("2026-01-01")
    form.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_role("heading", name="成都市支持企业研发测试政策")).to_be_visible()
    _add_item(page, "rd-browser", "研发投入补助", RULE_APPLY)
    _add_item(page, "hire-browser", "一次性扩岗补助", RULE_AUTO, auto=True)
    page.get_by_label("变更状态").select_option("published")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("状态：施行中")).to_be_visible()

    page.goto("/policies/console/runs")
    page.get_by_role("button", name="开始匹配").click()
    expect(page.get_by_role("cell", name="已完成").first).to_be_visible()
    page.goto("/policies/console/grants")
    expect(page.get_by_role("cell", name="一次性扩岗补助")).to_be_visible()
    page.get_by_role("button", name="确认兑现所选").click()
    expect(page.get_by_text("已确认兑现 1 户")).to_be_visible()

    page.context.clear_cookies()
    login(page, "enterprise", DEMO_PASSWORD)
    page.goto("/policies/for-me/")
    card = page.locator("article", has=page.get_by_role("heading", name="研发投入补助"))
    expect(card).to_contain_text("待企业承诺/申报后符合")
    expect(card.get_by_role("row", name="上年度研发费用")).to_contain_text("900万元")
    expect(card.get_by_role("row", name="上年度研发费用")).to_contain_text("满足")
    expect(card).to_contain_text("需企业承诺/申报")
    grant_card = page.locator("article", has=page.get_by_role("heading", name="一次性扩岗补助"))
    expect(grant_card).to_contain_text("免申即享：已为您兑现 6000元，无需申请")
    page.screenshot(path=str(RESULTS / "policies_for_me.png"), full_page=True)
    card.get_by_role("link", name="一键申报").click()
    expect(page.get_by_text("预计金额：90万元")).to_be_visible()
    page.get_by_label("本企业承诺").check()
    page.get_by_role("button", name="确认并提交申报").click()
    expect(page.get_by_text("已提交“研发投入补助”申报")).to_be_visible()
    assert Application.objects.filter(item__key="rd-browser", status="submitted").count() == 1

    run = services.match_run_create(actor=None)
    services.match_run_execute(run_id=run.pk)
    assert MatchRun.objects.filter(status="done").count() == 2
    assert Grant.objects.filter(item__key="hire-browser").count() == 1
    page.goto("/policies/for-me/")
    expect(page.get_by_text("免申即享：已为您兑现")).to_have_count(1)
