"""Core tasks, the periodic-job declarations, the scheduler loop and the worker command."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks.base import Task

from zwfw import periodic
from zwfw.core import tasks
from zwfw.core.models import AuditLog, Notification, NotificationStatus, Role
from zwfw.core.services.audit import audit_log_write
from zwfw.periodic import Periodic, Scheduler, periodic_register, slot_of

SH = ZoneInfo("Asia/Shanghai")


# ---- tasks ---------------------------------------------------------------------------------------


def test_ping_returns_its_value():
    result = tasks.ping.enqueue({"a": [1, "二"]})
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {"a": [1, "二"]}


@pytest.mark.django_db
def test_audit_verify_task_reports_ok_and_broken():
    row = audit_log_write(actor=None, action="zwfw.core.region.created", object_type="core.region", object_id="t")
    ok = tasks.audit_verify_task.enqueue().return_value
    assert ok["ok"] is True
    assert ok["head_id"] == row.pk
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {AuditLog._meta.db_table} SET object_id = %s WHERE id = %s", ["x", row.pk])  # noqa: S608
    broken = tasks.audit_verify_task.enqueue().return_value
    assert broken["ok"] is False
    assert {"row_id": row.pk, "kind": "edited"} in broken["problems"]


@pytest.mark.django_db
def test_deliver_notification_task_sends_a_pending_row(make_user):
    user = make_user(role=Role.PERSON, email="li@example.cn")
    n = Notification.objects.create(recipient=user, channel="email", subject="提醒", body="请及时办理")
    result = tasks.deliver_notification.enqueue(n.pk)
    assert result.return_value == NotificationStatus.SENT


@pytest.mark.django_db
def test_notifications_retry_task_returns_a_count():
    assert tasks.notifications_retry_task.enqueue().return_value == 0


# ---- periodic declarations -----------------------------------------------------------------------


def test_every_periodic_job_points_at_a_task():
    names = [job.name for job in periodic.periodic_jobs()]
    assert len(names) == len(set(names))
    assert {"core.audit_verify", "core.notifications_retry"} <= set(names)
    for job in periodic.periodic_jobs():
        assert isinstance(import_string(job.task), Task), job.task


def test_periodic_register_is_idempotent_and_refuses_conflicts(monkeypatch):
    monkeypatch.setattr(periodic, "PERIODIC", list(periodic.PERIODIC))
    job = periodic_register("cases.case_deadline_scan", "zwfw.core.tasks.ping", every=timedelta(hours=1))
    assert periodic_register("cases.case_deadline_scan", "zwfw.core.tasks.ping", every=timedelta(hours=1)) == job
    assert job in periodic.periodic_jobs()
    with pytest.raises(ImproperlyConfigured):
        periodic_register("cases.case_deadline_scan", "zwfw.core.tasks.ping", every=timedelta(hours=2))


@pytest.mark.parametrize(
    ("every", "offset", "name"),
    [
        (timedelta(seconds=30), timedelta(0), "core.x"),
        (timedelta(hours=1), timedelta(hours=1), "core.x"),
        (timedelta(hours=1), timedelta(0), "nodots"),
    ],
)
def test_bad_periodic_declarations_fail_early(every, offset, name):
    with pytest.raises(ImproperlyConfigured):
        Periodic(name, "zwfw.core.tasks.ping", every=every, offset=offset)


# ---- scheduler -----------------------------------------------------------------------------------


@pytest.fixture
def recorded(monkeypatch):
    """Periodic jobs whose task records its enqueues instead of running."""
    calls: list[str] = []

    class Recorder:
        def __init__(self, name):
            self.name = name

        def enqueue(self, **kwargs):
            calls.append(self.name)

    monkeypatch.setattr("zwfw.periodic.import_string", lambda path: Recorder(path))
    return calls


def test_daily_job_runs_once_at_its_local_time(recorded):
    job = Periodic("core.daily", "t.daily", every=timedelta(hours=24), offset=timedelta(hours=2))
    start = datetime(2026, 3, 1, 0, 30, tzinfo=SH)
    scheduler = Scheduler([job], now=start)
    assert scheduler.tick(start) == []  # nothing at start-up
    assert scheduler.tick(datetime(2026, 3, 1, 1, 59, tzinfo=SH)) == []
    assert scheduler.tick(datetime(2026, 3, 1, 2, 0, 5, tzinfo=SH)) == ["core.daily"]
    assert scheduler.tick(datetime(2026, 3, 1, 14, 0, tzinfo=SH)) == []
    assert scheduler.tick(datetime(2026, 3, 2, 2, 0, 1, tzinfo=SH)) == ["core.daily"]
    assert recorded == ["t.daily", "t.daily"]


def test_scheduler_sleeps_until_the_next_slot():
    job = Periodic("core.tenmin", "t.x", every=timedelta(minutes=10))
    now = datetime(2026, 3, 1, 9, 7, 0, tzinfo=SH)
    assert Scheduler([job], now=now).seconds_to_next(now) == 180


def test_run_now_enqueues_everything_on_the_first_tick(recorded):
    jobs = [Periodic("core.a", "t.a", every=timedelta(hours=1)), Periodic("core.b", "t.b", every=timedelta(days=7))]
    assert Scheduler(jobs, run_now=True).tick() == ["core.a", "core.b"]


def test_one_failing_enqueue_does_not_stop_the_others(monkeypatch):
    def fake(path):
        if path == "t.broken":
            raise ImportError(path)
        return tasks.ping

    monkeypatch.setattr("zwfw.periodic.import_string", fake)
    jobs = [
        Periodic("core.broken", "t.broken", every=timedelta(hours=1)),
        Periodic("core.ok", "t.ok", every=timedelta(hours=1)),
    ]
    scheduler = Scheduler(jobs, run_now=True)
    assert scheduler.tick() == ["core.ok"]
    assert scheduler.last_slot["core.broken"] is None  # retried at the next tick


def test_slots_follow_the_local_clock():
    job = Periodic("core.hourly", "t.x", every=timedelta(hours=1))
    a = slot_of(job, datetime(2026, 3, 1, 9, 59, tzinfo=SH))
    b = slot_of(job, datetime(2026, 3, 1, 2, 0, tzinfo=ZoneInfo("UTC")))  # 10:00 in 成都
    assert b == a + 1


@pytest.mark.django_db
def test_scheduler_command_lists_and_runs_once():
    out = StringIO()
    call_command("scheduler", list_jobs=True, stdout=out)
    assert "core.audit_verify" in out.getvalue()
    out = StringIO()
    call_command("scheduler", once=True, stdout=out)
    assert "core.audit_verify" in out.getvalue()
    assert "core.notifications_retry" in out.getvalue()


# ---- worker command ------------------------------------------------------------------------------


def test_worker_needs_nothing_for_the_immediate_backend():
    out = StringIO()
    call_command("worker", batch=True, stdout=out)
    assert "无需后台进程" in out.getvalue()


def test_worker_rejects_bad_arguments():
    with pytest.raises(CommandError):
        call_command("worker", max_tasks=0)
    with pytest.raises(CommandError):
        call_command("worker", backend="nope")
    with pytest.raises(CommandError):
        call_command("worker", queue=" , ")


def test_worker_reports_unreachable_redis():
    tasks_setting = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    queues = {"default": {"URL": "redis://127.0.0.1:1/0", "DEFAULT_TIMEOUT": 5}}
    with override_settings(TASKS=tasks_setting, RQ_QUEUES=queues), pytest.raises(CommandError, match="Redis"):
        call_command("worker", batch=True, in_process=True, verbosity=0)
