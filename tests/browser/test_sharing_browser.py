"""Sharing in a real browser (issue 16): a holder shows a 政务服务码, a window clerk scans it with
consent and sees the holder's licences; every page the sharing navigation offers opens for its
roles; anyone verifies a signed licence file on the public page."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from zwfw.core.models import Role
from zwfw.core.tests.factories import make_user
from zwfw.licences.signing import signed_document
from zwfw.licences.tests.factories import PERSON_ID, issue
from zwfw.sharing.services import dataset_register

PASSWORD = "zwfw-browser-2026"


def _slow(page):
    # the shared 2-core machine can be slow to answer the first request
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(90_000)
    expect.set_options(timeout=30_000)


def _nav(page):
    return page.get_by_role("navigation", name="主导航")


def test_clerk_scans_a_holders_code_with_consent_and_sees_the_licences(page, login):
    h = issue()
    holder = make_user(
        role=Role.PERSON, username="sb_person", id_number=PERSON_ID, display_name="张伟", password=PASSWORD
    )
    clerk = make_user(role=Role.WINDOW_CLERK, username="sb_clerk", region="510107", password=PASSWORD)
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
    expect(page.get_by_test_id("scan-result")).not_to_contain_text(PERSON_ID)  # masked
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
