"""Periodic jobs: the one place that says what runs when (STYLE.md convention 6).

``zwfw scheduler`` reads :func:`periodic_jobs` and enqueues each job's task when its slot comes
(:class:`Scheduler` below); a worker (``zwfw worker``) runs it like any other task, on the
database or the Redis backend. Run exactly one scheduler per installation.

Core's jobs are listed in :data:`PERIODIC` below. Another app adds its own from its
``AppConfig.ready()`` with :func:`periodic_register`, so the job is declared beside the code it
runs yet listed here for everyone (``zwfw scheduler --list``)::

    # zwfw/cases/apps.py
    def ready(self):
        from datetime import timedelta
        from zwfw.periodic import periodic_register

        periodic_register("cases.case_deadline_scan", "zwfw.cases.tasks.case_deadline_scan",
                          every=timedelta(hours=1))

Slots are aligned to the clock in ``TIME_ZONE`` (Asia/Shanghai), not to when the scheduler
started: ``every=24h, offset=2h`` runs at 02:00 each day, ``every=1h`` at the top of each hour.
A job whose slot passed while no scheduler was running is not caught up; jobs must therefore be
scans ("everything overdue now"), not "what happened in the last hour".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger("zwfw.periodic")


@dataclass(frozen=True)
class Periodic:
    """One periodic job: ``task`` is the dotted path of a ``@task`` function taking no ids."""

    name: str
    task: str
    every: timedelta
    offset: timedelta = timedelta(0)
    kwargs: dict = field(default_factory=dict)
    description: str = ""

    def __post_init__(self) -> None:
        if self.every < timedelta(minutes=1):
            raise ImproperlyConfigured(f"periodic job {self.name!r}: every must be at least one minute")
        if not timedelta(0) <= self.offset < self.every:
            raise ImproperlyConfigured(f"periodic job {self.name!r}: offset must be within one period")
        if "." not in self.name or "." not in self.task:
            raise ImproperlyConfigured(f"periodic job {self.name!r}: name is <app>.<job>, task a dotted path")


PERIODIC: list[Periodic] = [
    Periodic(
        "core.audit_verify",
        "zwfw.core.tasks.audit_verify_task",
        every=timedelta(hours=24),
        offset=timedelta(hours=2),
        description="每日02:00校验审计日志哈希链",
    ),
    Periodic(
        "core.notifications_retry",
        "zwfw.core.tasks.notifications_retry_task",
        every=timedelta(minutes=10),
        description="每10分钟重新投递待发送的短信、邮件",
    ),
    Periodic(
        "core.audit_anchor",
        "zwfw.core.tasks.audit_anchor_task",
        every=timedelta(hours=1),
        description="每小时写入审计链锚点（签名的链头检查点，存于数据库之外）",
    ),
    Periodic(
        "core.idempotency_purge",
        "zwfw.core.tasks.idempotency_purge_task",
        every=timedelta(hours=1),
        description="每小时删除超过24小时的幂等请求记录（Idempotency-Key）",
    ),
    Periodic(
        "core.uploads_sweep",
        "zwfw.core.tasks.uploads_sweep_task",
        every=timedelta(hours=24),
        offset=timedelta(hours=3),
        description="每日03:00删除无记录引用且超过24小时的上传文件（上传后事务回滚留下的）",
    ),
]


def periodic_register(
    name: str,
    task: str,
    *,
    every: timedelta,
    offset: timedelta = timedelta(0),
    kwargs: dict | None = None,
    description: str = "",
) -> Periodic:
    """Add a job (from an app's ``ready``). The same declaration again is a no-op; a different
    one under a registered name raises ``ImproperlyConfigured``."""
    job = Periodic(name, task, every=every, offset=offset, kwargs=dict(kwargs or {}), description=description)
    for existing in PERIODIC:
        if existing.name == name:
            if existing != job:
                raise ImproperlyConfigured(f"periodic job {name!r} is already declared differently")
            return existing
    PERIODIC.append(job)
    return job


def periodic_jobs() -> list[Periodic]:
    return list(PERIODIC)


# ---- the scheduler loop's logic (the command ``zwfw scheduler`` drives it) ----------------------

_EPOCH = datetime(2000, 1, 3)  # a Monday, so weekly slots start on Mondays


def slot_of(job: Periodic, now: datetime) -> int:
    """The number of the slot ``now`` falls in: it changes at each local ``offset + k * every``."""
    local = timezone.localtime(now).replace(tzinfo=None)
    return int((local - _EPOCH - job.offset) // job.every)


class Scheduler:
    """Enqueues each job once per slot. Starts in the current slots (nothing runs at start-up
    unless asked), so restarting the scheduler never runs a job twice in one slot."""

    def __init__(self, jobs: list[Periodic] | None = None, *, now: datetime | None = None, run_now: bool = False):
        self.jobs = list(periodic_jobs() if jobs is None else jobs)
        now = now or timezone.now()
        self.last_slot = {job.name: (None if run_now else slot_of(job, now)) for job in self.jobs}

    def tick(self, now: datetime | None = None) -> list[str]:
        """Enqueue every job whose slot changed since the last tick; returns their names."""
        now = now or timezone.now()
        enqueued = []
        for job in self.jobs:
            slot = slot_of(job, now)
            if self.last_slot.get(job.name) == slot:
                continue
            self.last_slot[job.name] = slot
            try:
                import_string(job.task).enqueue(**job.kwargs)
            except Exception:  # one broken job (or a broker hiccup) must not stop the others
                logger.exception("periodic job %s: enqueue failed", job.name)
                self.last_slot[job.name] = None  # try again at the next tick
                continue
            logger.info("periodic job %s enqueued (%s)", job.name, job.task)
            enqueued.append(job.name)
        return enqueued

    def seconds_to_next(self, now: datetime | None = None) -> float:
        """Seconds until the earliest next slot of any job (at least 1)."""
        now = now or timezone.now()
        local = timezone.localtime(now).replace(tzinfo=None)
        waits = []
        for job in self.jobs:
            start = _EPOCH + job.offset + (slot_of(job, now) + 1) * job.every
            waits.append((start - local).total_seconds())
        return max(1.0, min(waits, default=60.0))
