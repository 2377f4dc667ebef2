"""Real-browser fixtures: Playwright for Python (sync API) driving Debian's /usr/bin/chromium.

Browsers are never downloaded (no ``playwright install``): the tests drive the system Chromium,
installed with ``apt-get install -y chromium``. When it is missing the tests are skipped, unless
``ZWFW_REQUIRE_BROWSER=1`` (set by ``.ci/run``), where a missing browser fails the run instead.

Fixtures:

- ``browser``: one headless Chromium for the tests of this package.
- ``page``: a fresh browser context and page per test (own cookies, Chinese locale, 1280×800),
  with a screenshot in ``test-results/`` when the test fails.
- ``mobile_page``: the same at a phone's size (390×844, touch).
- ``login(page, username, password)``: logs in through the login form.

- ``reference_data`` (autouse): regions, departments and the calendar, reloaded when an earlier
  transactional test flushed them.

The pages talk to pytest-django's ``live_server``, which runs in another thread, so every test
here gets a transactional database (committed data the server thread can see).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(items):
    """Every test under tests/browser/ (sub-packages included) is a browser test with a transactional database."""
    here = Path(__file__).resolve().parent
    for item in items:
        if Path(str(item.fspath)).resolve().is_relative_to(here):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="package")
def browser(django_db_blocker) -> Iterator:
    if not CHROMIUM.exists():
        reason = "Debian chromium not installed (apt-get install chromium)"
        if os.environ.get("ZWFW_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason}; ZWFW_REQUIRE_BROWSER=1 makes this an error", pytrace=False)
        pytest.skip(reason)
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls (creating
    # users) are still synchronous and safe, so let Django allow them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # While Playwright's sync API is started, code runs in another contextvars context, so Django
    # hands out separate connection objects; keep Playwright to this package (scope="package") so
    # the tests after it get their usual connections back, and close ours at the end.
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
            with django_db_blocker.unblock():
                connections.close_all()


def _screenshot_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("_")[:150] + ".png"


def _page(browser, request, live_server, **context_args):
    context = browser.new_context(locale="zh-CN", base_url=live_server.url, **context_args)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        RESULTS_DIR.mkdir(exist_ok=True)
        # a failed screenshot must not hide the real failure
        with contextlib.suppress(Exception):
            page.screenshot(path=str(RESULTS_DIR / _screenshot_name(request.node.nodeid)), full_page=True)
    context.close()


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """Regions, departments and the calendar, as a migrated and seeded database has them.

    A transactional test empties every table when it ends (earlier transactional tests included),
    which removes what the migrations loaded; load it again when it is missing. Cheap when present.
    """
    from django.core.management import call_command

    from zwfw.core.models import CalendarYear, Department
    from zwfw.core.services.seed import seed_reference_data

    if not Department.objects.exists():
        seed_reference_data(actor=None)
    if not CalendarYear.objects.exists():
        call_command("calendar_load", "--from-package", verbosity=0)


@pytest.fixture
def page(browser, request, live_server):
    yield from _page(browser, request, live_server, viewport={"width": 1280, "height": 800})


@pytest.fixture
def mobile_page(browser, request, live_server):
    yield from _page(
        browser,
        request,
        live_server,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )


@pytest.fixture
def login():
    def _login(page, username: str, password: str) -> None:
        page.goto("/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录", exact=True).click()
        page.wait_for_load_state()

    return _login
