"""``zwfw demo --no-serve`` and ``zwfw seed``: idempotent, accounts for every role, valid identifiers."""

from __future__ import annotations

import io
import signal
import types

import pytest
from django.core.management import call_command

from zwfw.core.identifiers import validate_id_number, validate_uscc
from zwfw.core.management import serving
from zwfw.core.management.commands.demo import render_table
from zwfw.core.models import Department, Region, Role, User
from zwfw.core.selectors.scope import visible_region_codes
from zwfw.core.services import seed as seed_module
from zwfw.core.services.seed import DEMO_ACCOUNTS, DEMO_PASSWORD


def _demo() -> str:
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    return out.getvalue()


@pytest.fixture
def no_app_hooks(monkeypatch):
    """Other apps' demo data is their tests' business; here only core's part is checked."""
    monkeypatch.setattr("zwfw.core.management.commands.demo.demo_data_load_all", lambda: [("fake", "ok")])


def test_demo_twice_is_idempotent_and_creates_every_role(db, no_app_hooks):
    first = _demo()
    counts = (User.objects.count(), Department.objects.count(), Region.objects.count())
    second = _demo()
    assert (User.objects.count(), Department.objects.count(), Region.objects.count()) == counts
    assert "新建 13 个" in first and "已存在 13 个" in second

    users = {u.username: u for u in User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS])}
    assert {u.role for u in users.values()} == set(Role.values)
    for user in users.values():
        assert user.check_password(DEMO_PASSWORD)
    assert validate_id_number(users["person"].id_number).valid
    assert users["person"].region_id == "510107"
    assert validate_uscc(users["enterprise"].uscc).valid
    assert users["clerk"].department.region_id == "510100"
    assert users["clerk_my"].department.region_id == "510700"
    assert "510700" not in visible_region_codes(users["clerk"])
    assert "510100" not in visible_region_codes(users["clerk_my"])
    assert Region.objects.filter(parent_id="510000").count() == 21

    for heading in ("用户名", "角色", "窗口人员", "clerk_my", DEMO_PASSWORD, "演示数据［fake］：ok"):
        assert heading in second


def test_demo_with_every_installed_app_hook(db):
    """The real ``make demo`` path: core plus every app's ``load_demo_data``, twice."""
    _demo()
    second = _demo()
    assert "已存在 13 个" in second


def test_seed_command(db):
    out = io.StringIO()
    call_command("seed", stdout=out)
    assert "部门新增" in out.getvalue()
    assert Department.objects.filter(code="510100-scjg").exists()
    call_command("seed", stdout=out)
    assert "部门新增 0 个" in out.getvalue()


def test_demo_hooks_run_in_app_order(db, monkeypatch):
    calls = []
    fake = [
        types.SimpleNamespace(label="a", load_demo_data=lambda: calls.append("a") or {"items": 3}),
        types.SimpleNamespace(label="b"),
        types.SimpleNamespace(label="c", load_demo_data=lambda: calls.append("c") or "done"),
    ]
    monkeypatch.setattr(seed_module.django_apps, "get_app_configs", lambda: fake)
    assert seed_module.demo_data_load_all() == [("a", "items=3"), ("c", "done")]
    assert calls == ["a", "c"]


def test_render_table_aligns_chinese():
    table = render_table(["用户名", "角色"], [["clerk", "窗口人员"], ["admin", "平台管理员"]])
    lines = table.splitlines()
    widths = {sum(2 if ord(c) > 0x2E80 else 1 for c in line) for line in lines}
    assert len(widths) == 1


def test_worker_only_for_database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert not serving.uses_database_backend()
    settings.TASKS = {"default": {"BACKEND": serving.DB_BACKEND}}
    assert serving.uses_database_backend()


def test_serve_starts_and_stops_the_worker(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": serving.DB_BACKEND}}
    events = []

    class FakeProcess:
        pid = 4242

        def poll(self):
            return None

        def terminate(self):
            events.append("terminate")

        def wait(self, timeout=None):
            events.append("wait")

    monkeypatch.setattr(serving, "start_db_worker", lambda: FakeProcess())

    def fake_runserver(name, addr, use_reloader):
        events.append((name, addr, use_reloader))
        raise KeyboardInterrupt

    monkeypatch.setattr(serving, "call_command", fake_runserver)
    before = signal.getsignal(signal.SIGTERM)
    serving.serve_with_worker(host="127.0.0.1", port=8123, stdout=io.StringIO())
    assert events == [("runserver", "127.0.0.1:8123", False), "terminate", "wait"]
    assert signal.getsignal(signal.SIGTERM) is before
