"""Fixtures shared by every app's tests. Core's data builders live in ``zwfw.core.tests.factories``.

Regions come from migration core.0003 (always present in the test database); departments and
users are created on demand. The fixtures:

- ``region_sichuan`` 510000, ``region_chengdu`` 510100, ``region_wuhou`` 510107,
  ``region_mianyang`` 510700: :class:`~zwfw.core.models.Region` rows.
- ``dept_sichuan_scjg`` 省市场监管局, ``dept_chengdu_scjg`` 成都市市场监管局,
  ``dept_chengdu_zwfw`` 成都市网络理政办 (the service hall), ``dept_mianyang_zwfw`` 绵阳市政务服务中心.
- ``make_user(role=…, region=…, department=…, **fields)``: a user through ``user_create`` with
  valid identifiers; see :func:`zwfw.core.tests.factories.make_user`.
- ``role_users``: one user per role (keys are role values) placed like the demo accounts, in
  成都市, plus ``"clerk_my"``, a 绵阳市 window clerk. Needs the full seed (``seeded``).
- ``seeded``: runs :func:`zwfw.core.services.seed.seed_reference_data` (all departments).
- ``client_for(user)``: a logged-in Django test client (``None`` → anonymous).
"""

from __future__ import annotations

import pytest

from zwfw.core.models import Region, Role
from zwfw.core.tests import factories


@pytest.fixture
def region_sichuan(db) -> Region:
    return Region.objects.get(code="510000")


@pytest.fixture
def region_chengdu(db) -> Region:
    return Region.objects.get(code="510100")


@pytest.fixture
def region_wuhou(db) -> Region:
    return Region.objects.get(code="510107")


@pytest.fixture
def region_mianyang(db) -> Region:
    return Region.objects.get(code="510700")


@pytest.fixture
def dept_sichuan_scjg(db):
    return factories.make_department("510000", "scjg")


@pytest.fixture
def dept_chengdu_scjg(db):
    return factories.make_department("510100", "scjg")


@pytest.fixture
def dept_chengdu_zwfw(db):
    return factories.make_department("510100", "zwfw")


@pytest.fixture
def dept_mianyang_zwfw(db):
    return factories.make_department("510700", "zwfw")


@pytest.fixture
def make_user(db):
    return factories.make_user


@pytest.fixture
def seeded(db):
    from zwfw.core.services.seed import seed_reference_data

    return seed_reference_data(actor=None)


ROLE_USER_DEPARTMENTS = {
    Role.WINDOW_CLERK: "510100-zwfw",
    Role.REVIEWER: "510100-scjg",
    Role.DEPT_ADMIN: "510100-scjg",
    Role.HOTLINE_OPERATOR: "510100-zwfw",
    Role.POLICY_OFFICER: "510100-fg",
    Role.TRADING_SUPERVISOR: "510100-ggzy",
    Role.PLATFORM_ADMIN: "510000-zwfw",
    Role.HOTLINE_SUPERVISOR: "510100-zwfw",
    Role.SUPERVISION_OFFICER: "510100-scjg",
    Role.BID_EXPERT: "510100-ggzy",
}


@pytest.fixture
def role_users(seeded) -> dict:
    users = {}
    for role in Role:
        users[role.value] = factories.make_user(
            role=role, username=f"m_{role.value}", department=ROLE_USER_DEPARTMENTS.get(role)
        )
    users["clerk_my"] = factories.make_user(role=Role.WINDOW_CLERK, username="m_clerk_my", department="510700-zwfw")
    return users


@pytest.fixture
def client_for(db):
    return factories.login_client


# --- reference data after transactional tests --------------------------------------------------
# A transactional test (``transaction=True``, ``transactional_db``, ``live_server``) ends by
# flushing every table, which also removes what the migrations loaded: the GB/T 2260 regions and
# the official holiday calendar. Every later test on the same database relies on them, so they are
# loaded again, committed, right after such a test's teardown (once its flush has run).

_BLOCKER = []


@pytest.fixture(scope="session", autouse=True)
def _keep_db_blocker(django_db_blocker):
    _BLOCKER.append(django_db_blocker)
    yield
    _BLOCKER.clear()


def _uses_transactional_db(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    names = set(getattr(item, "fixturenames", ()))
    return bool(
        names & {"transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}
    )


def reference_data_restore() -> None:
    """Load the migrations' reference data again if a flush removed it (idempotent)."""
    import importlib

    from django.apps import apps

    from zwfw.core.models import CalendarYear

    if not Region.objects.exists():
        importlib.import_module("zwfw.core.migrations.0003_seed_regions").seed(apps, None)
    if not CalendarYear.objects.exists():
        importlib.import_module("zwfw.core.migrations.0002_seed_calendar").seed(apps, None)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    if _BLOCKER and _uses_transactional_db(item):
        with _BLOCKER[0].unblock():
            reference_data_restore()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit and login-lock counters live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
