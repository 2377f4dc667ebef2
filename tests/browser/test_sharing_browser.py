"""Sharing in a real browser (issue 16): a holder shows a 政务服务码, a window clerk scans it with
consent, sees the holder's licences and matched 惠企政策, and accepts a 川渝通办 case; every page
the sharing navigation offers opens for its roles; anyone verifies a signed licence file on the
public page."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from zwfw.core.models import Role
from zwfw.core.tests.factories import make_user
from zwfw.licences.signing import signed_document
from zwfw.licences.tests.factories import issue
from zwfw.sharing.services import dataset_register

PASSWORD = "zwfw-browser-2026"


def _slow(page):
    # the shared 2-core machine can be slow to answer the first request
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(90_000)
    expect.set_options(timeout=30_000)


def _nav(page):
    return page.get_by_role("navigation", name="主导航")


YUZHONG_IMPL = "511A0101000000-500103000000-000-500103-scjg-1-00"


def _chuanyu_item_and_policy(holder_uscc: str) -> None:
    """渝中区市场监管局's 食品经营许可 on the 川渝通办 list for 成都市's windows, and one 惠企政策
    item the holder matched in the latest run (rows written directly: the matching itself is
    tested in the policies app)."""
    import copy
    import datetime as dt

    from django.utils import timezone

    from zwfw.catalog.interchange.catalog_json import catalog_import
    from zwfw.catalog.services import cross_region_item_save
    from zwfw.catalog.tests import factories as cf
    from zwfw.core.models import Department, Region
    from zwfw.core.tests.factories import make_department
    from zwfw.policies.models import EnterpriseProfile, MatchResult, MatchRun, Policy, SupportItem

    make_department("500103", "scjg")
    make_department("510100", "fg")
    impl = cf.implementation(
        code=YUZHONG_IMPL, region="500103", level=4, department="500103-scjg",
        elements=cf.elements(promised_limit_days=9, materials=cf.elements()["materials"][:2]),
    )  # fmt: skip
    catalog_import(actor=None, data=cf.payload(bases=[cf.base_item()], impls=[copy.deepcopy(impl)]), publish=True)
    cross_region_item_save(actor=None, implementation_code=YUZHONG_IMPL, intake_region_codes=["510100"], batch="第一批")
    dept = Department.objects.get(code="510100-fg")
    policy = Policy.objects.create(
        key="sb-rd", title="成都市研发投入补助政策", issuer="成都市人民政府", effective_from=dt.date(2025, 1, 1),
        region=Region.objects.get(code="510100"), department=dept, status="in_force",
    )  # fmt: skip
    item = SupportItem.objects.create(
        policy=policy, key="sb-rd-item", title="研发费用补助", benefit="subsidy", department=dept,
        rule_text="conditions:\n  all:\n    - {attr: region_code, op: within, value: \"510100\"}\n",
    )  # fmt: skip
    profile = EnterpriseProfile.objects.create(uscc=holder_uscc, name="成都某某科技有限公司", region_code="510107")
    run = MatchRun.objects.create(as_of=dt.date(2026, 6, 1), status="done", finished_at=timezone.now())
    MatchResult.objects.create(run=run, profile=profile, item=item, status="eligible", amount=12_000_000)


def test_clerk_scans_a_holders_code_sees_licences_and_policies_and_accepts_a_chuanyu_case(page, login):
    """The holder (an enterprise) shows its 政务服务码; a 成都 window clerk scans it with consent,
    sees its licences and matched 惠企政策, then receives and accepts a 川渝通办 case for it
    (办理: 重庆市渝中区市场监督管理局)."""
    from zwfw.licences.tests.factories import ENTERPRISE_USCC

    holder = make_user(
        role=Role.ENTERPRISE, username="sb_ent", uscc=ENTERPRISE_USCC, display_name="成都某某科技有限公司",
        region="510107", password=PASSWORD,
    )  # fmt: skip
    h = issue(
        licence_type="business_licence", holder_name="成都某某科技有限公司", holder_id_number="",
        holder_uscc=ENTERPRISE_USCC, department="510107-scjg",
    )  # fmt: skip
    _chuanyu_item_and_policy(ENTERPRISE_USCC)
    clerk = make_user(role=Role.WINDOW_CLERK, username="sb_clerk", department="510107-zwfw", password=PASSWORD)
    _slow(page)

    login(page, holder.username, PASSWORD)
    _nav(page).get_by_role("link", name="政务服务码").click()
    page.get_by_test_id("issue-code").click()
    expect(page.get_by_test_id("live-code").locator("svg")).to_be_visible()
    token = page.get_by_test_id("code-token").inner_text().strip()
    page.get_by_role("button", name="退出").click()

    login(page, clerk.username, PASSWORD)
    _nav(page).get_by_role("link", name="扫码核验").click()
    page.get_by_label("政务服务码").fill(token)
    page.get_by_role("button", name="查看").click()  # without consent: nothing shown
    expect(page.get_by_test_id("scan-error")).to_contain_text("同意")
    expect(page.get_by_test_id("scan-result")).to_have_count(0)
    page.get_by_label("政务服务码").fill(token)
    page.get_by_label("持码人已当面同意查询其证照和办件信息").check()
    page.get_by_role("button", name="查看").click()
    expect(page.get_by_test_id("scan-licences")).to_contain_text(h.number)
    expect(page.get_by_test_id("scan-policies")).to_contain_text("研发费用补助")
    expect(page.get_by_test_id("scan-policies")).to_contain_text("120,000.00元")
    # 川渝通办: receive the holder's application here for 渝中区's department
    chuanyu = page.get_by_test_id("scan-chuanyu")
    expect(chuanyu).to_contain_text("渝中区")
    chuanyu.get_by_role("link", name="代为申请（川渝通办）").click()
    expect(page.get_by_test_id("cross-region-notice")).to_contain_text("重庆市渝中区市场监督管理局")
    expect(page.get_by_test_id("applicant-found")).to_contain_text("成都某某科技有限公司")
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_test_id("case-status")).to_have_text("待受理")
    expect(page.get_by_test_id("cross-region")).to_contain_text("重庆市渝中区市场监督管理局审批")
    page.get_by_role("button", name="受理", exact=True).click()
    expect(page.get_by_test_id("case-status")).to_have_text("已受理")
    # the clock runs from this window's acceptance: 9 working days on the official calendar
    from django.utils import timezone

    from zwfw.cases.services import case_due_date

    due = case_due_date(accepted_on=timezone.localdate(), limit_days=9)
    expect(page.locator(".case-meta")).to_contain_text(f"承诺办结日期 {due.year}年{due.month}月{due.day}日")
    page.get_by_role("button", name="退出").click()

    login(page, holder.username, PASSWORD)
    page.goto("/sharing/code/")
    expect(page.get_by_test_id("code-uses")).to_contain_text("已查看（经您同意）")
    expect(page.get_by_test_id("code-uses")).to_contain_text("未经同意，未显示")


NAV_PAGES = [
    (Role.WINDOW_CLERK, "共享数据", "共享数据目录"),
    (Role.WINDOW_CLERK, "扫码核验", "政务服务码扫码核验"),
    (Role.REVIEWER, "共享数据", "共享数据目录"),
    (Role.DEPT_ADMIN, "共享数据", "共享数据目录"),
    (Role.DEPT_ADMIN, "关联图谱", "关联图谱"),
    (Role.PLATFORM_ADMIN, "共享数据", "共享数据目录"),
    (Role.PLATFORM_ADMIN, "关联图谱", "关联图谱"),
    (Role.PERSON, "政务服务码", "政务服务码"),
    (Role.ENTERPRISE, "政务服务码", "政务服务码"),
]


@pytest.mark.parametrize(("role", "link", "heading"), NAV_PAGES, ids=[f"{r.value}-{link}" for r, link, _ in NAV_PAGES])
def test_every_sharing_nav_page_opens_for_its_role(page, login, role, link, heading):
    dataset_register(actor=None, code="sb-ent", name="市场主体登记信息", department_code="510000-scjg")
    departments = {Role.REVIEWER: "510100-scjg", Role.DEPT_ADMIN: "510100-scjg", Role.PLATFORM_ADMIN: "510000-zwfw"}
    user = make_user(role=role, username=f"sbn_{role.value}", department=departments.get(role), password=PASSWORD)
    _slow(page)
    login(page, user.username, PASSWORD)
    _nav(page).get_by_role("link", name=link, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    if link == "共享数据":
        expect(page.get_by_test_id("dataset-list")).to_contain_text("市场主体登记信息")
    if link == "关联图谱":
        expect(page.get_by_test_id("priority")).to_contain_text("市场主体登记信息")


def test_anyone_verifies_a_signed_licence_file(page):
    h = issue()
    _slow(page)
    page.goto("/licences/verify/signed/")
    page.get_by_label("或粘贴文件内容").fill(json.dumps(signed_document(h), ensure_ascii=False))
    page.get_by_role("button", name="核验").click()
    expect(page.get_by_test_id("signed-result")).to_contain_text("电子印章签名有效")
    doc = signed_document(h)
    doc["payload"]["holder_name"] = "李四"
    page.get_by_label("或粘贴文件内容").fill(json.dumps(doc, ensure_ascii=False))
    page.get_by_role("button", name="核验").click()
    expect(page.get_by_test_id("signed-result")).to_contain_text("签名无效")
