"""Every role's home page in a real browser, checked against the database (issue 8 acceptance).

With the whole demo loaded (``zwfw demo``'s data: catalog, licences, cases, bundles), each of the
12 roles of :class:`Role` logs in with its demo account and its home page is checked:

- the identity block names the account, its role and its department;
- the queue cards are exactly the queues an app registered with a count provider for the role
  (no static cards, no queue pretending to be empty), and each card's number is the database's:
  for applicants counted straight from the tables (cases, licences, 一件事 applications), for staff
  from the owning app's scoped selector; a card that lists rows lists at most five of them;
- no hard-coded empty sentence contradicts the numbers (您还没有办件 beside 5 cases).

Screenshots of each home, and of the window (综合窗口) and review (审批) case pages, are written to
``docs/screenshots/``. The demo data is loaded once (it takes a while), so the roles are walked in
one test; a failure names every role that failed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from zwfw.core.models import Role, User
from zwfw.core.navigation import workbench_queues_for
from zwfw.core.services.seed import DEMO_PASSWORD, demo_accounts_ensure, demo_data_load_all, seed_reference_data

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

DEMO_ACCOUNT = {
    Role.PERSON: "person",
    Role.ENTERPRISE: "enterprise",
    Role.WINDOW_CLERK: "clerk",
    Role.REVIEWER: "reviewer",
    Role.DEPT_ADMIN: "deptadmin",
    Role.HOTLINE_OPERATOR: "hotline",
    Role.POLICY_OFFICER: "policy",
    Role.TRADING_SUPERVISOR: "trading",
    Role.PLATFORM_ADMIN: "admin",
    Role.HOTLINE_SUPERVISOR: "hotline_sup",
    Role.SUPERVISION_OFFICER: "supervisor",
    Role.BID_EXPERT: "expert",
}

STATIC_EMPTY_TEXTS = [
    "您还没有办件",
    "您还没有电子证照",
    "暂无待审批的办件",
    "暂无待派单的工单",
    "暂无已发布的政策",
    "暂无在场交易项目",
    "人员管理页面建设中",
    "暂无跨区划授权",
]


def _applicant_counts(user: User) -> dict[str, int]:
    """Straight from the tables, not through the selectors the page uses."""
    from zwfw.bundles.models import BundleApplication
    from zwfw.cases.models import Case
    from zwfw.licences.models import LicenceHolding

    holdings = (
        LicenceHolding.objects.filter(holder_uscc=user.uscc)
        if user.role == Role.ENTERPRISE
        else LicenceHolding.objects.filter(holder_id_number=user.id_number)
    )
    return {
        "cases_mine": Case.objects.filter(applicant=user).count(),
        "licences_wallet": holdings.count(),
        "bundles_mine": BundleApplication.objects.filter(applicant=user).count(),
    }


def _check_home(page, user: User) -> list[str]:
    problems: list[str] = []
    page.goto("/")
    identity = page.get_by_test_id("identity")
    expect(identity).to_contain_text(user.display_name or user.username)
    expect(page.get_by_test_id("role")).to_have_text(user.get_role_display())
    if user.department_id:
        expect(page.get_by_test_id("department")).to_have_text(user.department.name)
    # outside the live cards, no empty sentence at all; inside a card, only when its count is 0
    outside = page.evaluate(
        "() => { const m = document.querySelector('main').cloneNode(true);"
        " m.querySelectorAll('[data-queue]').forEach(e => e.remove()); return m.innerText; }"
    )
    problems += [f"static text {t!r}" for t in STATIC_EMPTY_TEXTS if t in outside]

    cards = page.locator("[data-queue]")
    shown = {
        cards.nth(i).get_attribute("data-queue"): int(cards.nth(i).get_attribute("data-count"))
        for i in range(cards.count())
    }
    registered = {q.key: q for q in workbench_queues_for(str(user.role)) if q.count is not None}
    if set(shown) != set(registered):
        problems.append(f"cards {sorted(shown)} != registered queues with data {sorted(registered)}")
    expected = {key: q.count(user) for key, q in registered.items()}
    if user.role in {Role.PERSON, Role.ENTERPRISE}:
        expected.update(_applicant_counts(user))
    for key, count in expected.items():
        if key in shown and shown[key] != count:
            problems.append(f"card {key}: page {shown[key]}, database {count}")
    for key in shown:
        if shown[key] and page.locator(f"[data-queue='{key}'] .empty-state").count():
            problems.append(f"card {key}: count {shown[key]} beside an empty-state sentence")
        rows = page.locator(f"[data-queue='{key}'] [data-testid='queue-rows'] li").count()
        if rows > min(5, shown[key]):
            problems.append(f"card {key}: {rows} rows for a count of {shown[key]}")
        if shown[key] and registered.get(key) and registered[key].rows is not None and rows == 0:
            problems.append(f"card {key}: count {shown[key]} but no rows listed")
    if page.locator("[aria-current='page']").count() != 1:
        problems.append("not exactly one current navigation item")
    return problems


@pytest.fixture
def demo_world(db):
    seed_reference_data(actor=None)
    demo_accounts_ensure(actor=None)
    demo_data_load_all()
    return {role: User.objects.select_related("department").get(username=name) for role, name in DEMO_ACCOUNT.items()}


def test_every_role_home_matches_the_database(page, login, demo_world):
    assert set(DEMO_ACCOUNT) == set(Role), "a role without a demo account"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    failures: dict[str, list[str]] = {}
    for role, user in demo_world.items():
        login(page, user.username, DEMO_PASSWORD)
        problems = _check_home(page, user)
        page.screenshot(path=str(SCREENSHOTS / f"home-{role.value}.png"), full_page=True)
        if problems:
            failures[role.value] = problems
        page.context.clear_cookies()
    # the applicant homes are not vacuous: the demo gives the enterprise its cases, 张伟 licences
    assert _applicant_counts(demo_world[Role.ENTERPRISE])["cases_mine"] > 0
    assert _applicant_counts(demo_world[Role.PERSON])["licences_wallet"] > 0
    assert not failures, failures
    _case_pages(page, login, demo_world)


def _case_pages(page, login, demo_world):
    """The clerk's 综合窗口 page of a submitted case and the reviewer's 审批 page of an accepted one
    (screenshots; in the same test, so the demo is loaded once)."""
    from zwfw.cases.selectors import review_queue, window_queue

    clerk, reviewer = demo_world[Role.WINDOW_CLERK], demo_world[Role.REVIEWER]
    waiting = window_queue(user=clerk)["to_accept"].first()
    assert waiting is not None, "the demo has a case waiting at the window"
    login(page, clerk.username, DEMO_PASSWORD)
    page.goto(f"/cases/window/{waiting.pk}/")
    expect(page.get_by_test_id("case-page")).to_contain_text(waiting.number)
    page.screenshot(path=str(SCREENSHOTS / "case-window.png"), full_page=True)
    page.context.clear_cookies()

    step = review_queue(user=reviewer).first()
    assert step is not None, "the demo has a step waiting for the reviewer"
    login(page, reviewer.username, DEMO_PASSWORD)
    page.goto(f"/cases/review/{step.case_id}/")
    expect(page.get_by_test_id("case-page")).to_contain_text(step.case.number)
    page.screenshot(path=str(SCREENSHOTS / "case-review.png"), full_page=True)
