"""Case handling in a real browser (issue 4 acceptance).

With the demo catalog and the demo accounts loaded, the demo applicant ``person`` (张伟), who holds
an e-licence 居民身份证, opens 居住证申领 (武侯公安分局) in the 办事指南 and applies: the page
exempts 居民身份证 (免提交) and the applicant uploads the three other required materials. The
demo window clerk ``clerk`` accepts; a reviewer of the implementing department (武侯公安分局:
the demo ``reviewer`` belongs to 市场监管, so the test adds one) does 审查, 决定 (准予) and 制证,
which issues 居住证 into the wallet; the clerk hands the result out and completes the case; the
applicant sees 已办结 and the new 居住证 in 我的证照.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from zwfw.catalog.interchange.catalog_json import catalog_import
from zwfw.catalog.interchange.demo import build_catalog
from zwfw.core.models import Role, User
from zwfw.core.services.seed import DEMO_PASSWORD, demo_accounts_ensure, seed_reference_data
from zwfw.core.tests.factories import make_user
from zwfw.licences.services import licence_issue, licence_type_ensure

ITEM = "512B02004000-510107000000-000-510107GA-1-00"  # 居住证申领, 成都市公安局武侯区分局
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def demo(db):
    """Reference data, the demo accounts, the published demo catalog, the applicant's 居民身份证
    e-licence, and a reviewer of the implementing department."""
    seed_reference_data(actor=None)
    demo_accounts_ensure(actor=None)
    catalog_import(actor=None, data=build_catalog(), publish=True)
    licence_type_ensure(actor=None, code="id_card", name="居民身份证")
    licence_type_ensure(actor=None, code="residence_permit", name="居住证")
    person = User.objects.get(username="person")
    held = licence_issue(
        actor=None,
        licence_type="id_card",
        holder_name=person.display_name,
        holder_id_number=person.id_number,
        issuer_department_code="510107-ga",
        source_case_number="DEMO-ID-000001",
        data={},
    )
    make_user(role=Role.REVIEWER, username="reviewer_ga", department="510107-ga", password=DEMO_PASSWORD)
    return {"person": person, "id_card": str(held.number)}


def _logout(page):
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("banner").get_by_role("link", name="登录")).to_be_visible()


def _message(page, text: str):
    expect(page.locator(".messages")).to_contain_text(text)


def test_apply_with_an_exempt_licence_accept_approve_and_see_the_new_licence(page, login, demo):
    # The applicant opens the guide and applies online.
    login(page, "person", DEMO_PASSWORD)
    page.goto(f"/items/{ITEM}/")
    page.get_by_role("link", name="在线申请").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("居住证申领")
    checklist = page.get_by_test_id("checklist")
    expect(page.get_by_test_id("exempt-id_card")).to_have_text("免提交：已关联您的电子证照《居民身份证》")
    expect(checklist.locator("input[name='material_id_card']")).to_have_count(0)
    expect(page.get_by_label("姓名")).to_have_value(demo["person"].display_name)
    expect(page.locator("[data-identifier-message]")).to_contain_text("校验通过")  # live 身份证号 check
    page.get_by_label("住址").fill("成都市武侯区人民南路四段1号")
    page.get_by_label("通讯地址").fill("成都市武侯区人民南路四段1号")
    uploads = checklist.locator("input[type='file']")
    expect(uploads).to_have_count(3)
    for i in range(3):
        name = uploads.nth(i).get_attribute("name")
        uploads.nth(i).set_input_files({"name": f"{name}.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_role("button", name="提交申请").click()
    _message(page, "申请已提交")
    expect(page.get_by_test_id("case-status")).to_have_text("待受理")
    number = re.search(r"\d{6}-\d{8}-\d{6}", page.get_by_test_id("case-page").inner_text()).group(0)
    expect(page.get_by_test_id("case-materials")).to_contain_text("免提交（电子证照）")
    _logout(page)

    # The window clerk accepts it (收件即受理).
    login(page, "clerk", DEMO_PASSWORD)
    page.goto("/cases/window/")
    page.get_by_test_id("queue-to_accept").get_by_role("link", name=number).click()
    page.get_by_role("button", name="受理", exact=True).click()
    _message(page, "已受理")
    expect(page.get_by_test_id("case-status")).to_have_text("已受理")
    _logout(page)

    # The reviewer of 武侯公安分局 does 审查, 决定 (准予) and 制证.
    login(page, "reviewer_ga", DEMO_PASSWORD)
    page.goto("/cases/review/")
    page.get_by_test_id("review-queue").get_by_role("link", name=number).click()
    page.get_by_role("button", name="办理“审查”").click()
    _message(page, "“审查”已办理")
    page.get_by_test_id("decide-form").get_by_label("理由").fill("符合居住证申领条件")
    page.get_by_role("button", name="作出决定").click()
    _message(page, "已作出准予决定")
    page.get_by_role("button", name="办理“制证”").click()
    _message(page, "“制证”已办理")
    expect(page.get_by_test_id("case-status")).to_have_text("已决定")
    _logout(page)

    # The clerk hands the result out at the window and completes the case.
    login(page, "clerk", DEMO_PASSWORD)
    page.goto("/cases/window/")
    page.get_by_test_id("queue-to_hand_out").get_by_role("link", name=number).click()
    page.get_by_role("button", name="送达", exact=True).click()
    _message(page, "已送达（窗口领取）")
    page.get_by_role("button", name="办结", exact=True).click()
    _message(page, "已办结")
    _logout(page)

    # The applicant sees 已办结 and the new 居住证 in the wallet.
    login(page, "person", DEMO_PASSWORD)
    page.goto("/cases/mine/")
    mine = page.get_by_test_id("my-cases")
    expect(mine).to_contain_text(number)
    expect(mine).to_contain_text("已办结")
    mine.get_by_role("link", name="居住证申领").click()
    expect(page.get_by_test_id("case-status")).to_have_text("已办结")
    expect(page.get_by_test_id("timeline")).to_contain_text("办结")
    licence = page.get_by_test_id("result-licence")
    expect(licence).to_be_visible()
    licence_number = licence.locator(".code").inner_text()
    licence.get_by_role("link", name="查看我的证照").click()
    card = page.locator(f"[data-testid='licence-card'][data-number='{licence_number}']")
    expect(card).to_contain_text("居住证")
    expect(card).to_contain_text(demo["person"].display_name)


def test_on_a_phone_the_apply_page_records_the_mobile_channel(mobile_page, login, demo):
    page = mobile_page
    login(page, "person", DEMO_PASSWORD)
    page.goto(f"/cases/apply/{ITEM}/?channel=mobile")
    expect(page.get_by_test_id("channel")).to_have_text("移动端")
    expect(page.get_by_test_id("exempt-id_card")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
