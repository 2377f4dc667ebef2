"""The page shell in a real browser: portal, clerk login, the 适老化 switch, errors, phones."""

from __future__ import annotations

from playwright.sync_api import expect

from zwfw.core.models import Role
from zwfw.core.tests.factories import TEST_PASSWORD, make_user


def _font_size(page) -> float:
    return float(page.evaluate("getComputedStyle(document.body).fontSize").removesuffix("px"))


def test_anonymous_visitor_sees_the_portal(page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("一网通办")
    expect(page.get_by_role("search")).to_be_visible()
    expect(page.get_by_role("link", name="登录").first).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"


def test_clerk_logs_in_and_sees_the_clerk_home(page, login):
    clerk = make_user(role=Role.WINDOW_CLERK, username="clerk_b", department="510100-zwfw", display_name="李窗口")
    login(page, "clerk_b", TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("综合窗口工作台")
    expect(page.get_by_test_id("department")).to_have_text(clerk.department.name)
    expect(page.get_by_test_id("region")).to_contain_text("成都市")
    expect(page.get_by_test_id("account")).to_contain_text("李窗口")
    expect(page.get_by_test_id("account")).to_contain_text("窗口人员")
    for queue in ("待受理", "补正退回", "容缺到期", "待出件"):
        expect(page.get_by_role("heading", name=queue)).to_be_visible()


def test_logout_returns_to_the_portal(page, login):
    make_user(role=Role.PERSON, username="person_b")
    login(page, "person_b", TEST_PASSWORD)
    expect(page.get_by_role("heading", name="我的办件")).to_be_visible()
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("一网通办")


def test_bad_password_shows_the_chinese_error(page, login):
    make_user(role=Role.WINDOW_CLERK, username="clerk_c", department="510100-zwfw")
    login(page, "clerk_c", "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("用户名或密码不正确")
    assert page.url.endswith("/accounts/login/")


def test_large_font_switch_enlarges_text_and_persists(page):
    page.goto("/")
    before = _font_size(page)
    toggle = page.get_by_role("button", name="大字模式")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(page.locator("html")).to_have_class("large-font")
    after = _font_size(page)
    assert after >= 20
    assert after > before
    expect(toggle).to_have_attribute("aria-pressed", "true")
    page.reload()
    assert _font_size(page) == after
    expect(page.get_by_role("button", name="大字模式")).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="大字模式").click()
    expect(page.locator("html")).not_to_have_class("large-font")
    assert _font_size(page) == before


def test_large_font_is_remembered_on_the_account(page, browser, live_server, login):
    make_user(role=Role.PERSON, username="person_c")
    login(page, "person_c", TEST_PASSWORD)
    page.get_by_role("button", name="大字模式").click()
    expect(page.locator("html")).to_have_class("large-font")
    other_device = browser.new_context(locale="zh-CN", base_url=live_server.url).new_page()
    try:
        login(other_device, "person_c", TEST_PASSWORD)
        expect(other_device.locator("html")).to_have_class("large-font")
    finally:
        other_device.context.close()


def test_skip_link_is_the_first_tab_stop(page):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "跳到主要内容"


def test_portal_fits_a_phone_screen(mobile_page):
    mobile_page.goto("/")
    expect(mobile_page.get_by_role("search")).to_be_visible()
    overflow = mobile_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
