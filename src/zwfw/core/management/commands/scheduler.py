"""``zwfw scheduler [--list] [--once] [--run-now]``: enqueue the periodic jobs of :mod:`zwfw.periodic`.

A small loop: it sleeps until the next slot of any job, enqueues the jobs whose slot came, and
repeats; workers (``zwfw worker``) run what it enqueued, on either backend. django-tasks has no
periodic jobs of its own (its maintainers suggest an external cron), and a loop in our own code
works the same on the database and the Redis backend.

Run exactly one per installation. On PostgreSQL a second one refuses to start (it holds a
session advisory lock); elsewhere that is the operator's duty (docs/tasks.md).
"""

from __future__ import annotations

import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from zwfw.core.management.checks import OPERATIONAL_CHECKS
from zwfw.periodic import Scheduler, periodic_jobs

_SCHEDULER_LOCK_KEY = 0x7A777363  # "zwsc"


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "按 zwfw/periodic.py 的声明定时提交周期任务（每个安装只运行一个）"

    def add_arguments(self, parser):
        parser.add_argument("--list", dest="list_jobs", action="store_true", help="列出周期任务后退出")
        parser.add_argument("--once", action="store_true", help="立即提交所有周期任务一次后退出")
        parser.add_argument("--run-now", action="store_true", help="启动时先提交所有周期任务一次")

    def handle(self, *args, list_jobs: bool, once: bool, run_now: bool, **options):
        jobs = periodic_jobs()
        if list_jobs:
            for job in jobs:
                self.stdout.write(f"{job.name}\t每 {job.every}（偏移 {job.offset}）\t{job.task}\t{job.description}")
            return
        if once:
            enqueued = Scheduler(jobs, run_now=True).tick()
            self.stdout.write(f"已提交 {len(enqueued)} 个周期任务：{', '.join(enqueued)}")
            return
        self._lock()
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        scheduler = Scheduler(jobs, run_now=run_now)
        self.stdout.write(f"周期任务调度已启动：{len(jobs)} 个任务")
        while not stopping:
            for name in scheduler.tick():
                self.stdout.write(f"已提交周期任务 {name}")
            deadline = time.monotonic() + min(scheduler.seconds_to_next(), 60.0)
            while not stopping and time.monotonic() < deadline:
                time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
        self.stdout.write("周期任务调度已停止")

    def _lock(self) -> None:
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [_SCHEDULER_LOCK_KEY])
            (locked,) = cursor.fetchone()
        if not locked:
            raise CommandError("另一个 zwfw scheduler 正在运行 / another scheduler is running")
