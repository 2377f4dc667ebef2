"""``zwfw worker [--batch] [--queue default] [--max-tasks N]``: run the task backend's worker.

- ``ZWFW_TASK_BACKEND=database`` (django-tasks-db): runs ``db_worker``, which polls the
  ``django_tasks_db`` table. Several workers may share one PostgreSQL database (rows are claimed
  with ``SELECT … FOR UPDATE SKIP LOCKED``); with SQLite run one.
- ``ZWFW_TASK_BACKEND=redis`` (django-tasks-rq): runs an RQ worker on the queues in ``RQ_QUEUES``
  (``ZWFW_REDIS_URL``), forking one work horse per task; start as many as needed, on any machine
  that can reach Redis and the database.
- ``immediate``/``dummy``: tasks run in the web process (or not at all); there is nothing to run.

``--batch`` processes what is queued now and exits (used by tests, cron-style deployments and
``make`` targets); without it the worker runs until SIGTERM/Ctrl-C, finishing the current task.
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME, task_backends
from django_tasks.exceptions import InvalidTaskBackendError

from zwfw.core.management.checks import OPERATIONAL_CHECKS


def backend_kind(alias: str = DEFAULT_TASK_BACKEND_ALIAS) -> str:
    """``database``, ``redis`` or ``inline`` for the backend configured under ``alias``."""
    backend = task_backends[alias]
    module = type(backend).__module__
    if module.startswith("django_tasks_db"):
        return "database"
    if module.startswith("django_tasks_rq"):
        return "redis"
    return "inline"


def run_rq_worker(
    *, queue_names: list[str], batch: bool, max_tasks: int | None, in_process: bool = False, verbosity: int = 1
) -> bool:
    """Run an RQ worker for django-tasks jobs on ``queue_names``; returns whether it ran any job.

    ``in_process`` uses RQ's ``SimpleWorker`` (no fork): for tests, and for platforms without
    ``fork``. The job class must be django-tasks-rq's, which calls the Task, not a plain function.
    """
    import django_rq
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker, Worker

    queues = [django_rq.get_queue(name, job_class=Job) for name in queue_names]
    worker_class = SimpleWorker if in_process else Worker
    worker = worker_class(queues, connection=queues[0].connection, job_class=Job)
    if not in_process:
        connections.close_all()  # the forked work horses must not share the parent's sockets
    level = {0: "WARNING", 1: "INFO"}.get(verbosity, "DEBUG")
    return worker.work(burst=batch, max_jobs=max_tasks, logging_level=level)


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "运行后台任务进程（数据库后端：db_worker；Redis后端：RQ worker）"

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="处理完当前队列中的任务后退出")
        parser.add_argument(
            "--queue", default=DEFAULT_TASK_QUEUE_NAME, help="队列名，多个用逗号分隔（默认 %(default)s）"
        )
        parser.add_argument("--max-tasks", type=int, default=None, help="最多执行多少个任务后退出")
        parser.add_argument("--backend", default=DEFAULT_TASK_BACKEND_ALIAS, help="TASKS 中的后端别名")
        parser.add_argument("--interval", type=float, default=1.0, help="数据库后端：队列为空时的轮询间隔（秒）")
        parser.add_argument("--in-process", action="store_true", help="Redis后端：不fork，在本进程内执行任务")

    def handle(self, *args, batch, queue, max_tasks, backend, interval, in_process, **options):
        verbosity = options.get("verbosity", 1)
        if max_tasks is not None and max_tasks <= 0:
            raise CommandError("--max-tasks 必须大于0")
        try:
            kind = backend_kind(backend)
        except InvalidTaskBackendError as exc:
            raise CommandError(f"任务后端 {backend!r} 未配置：{exc}") from exc
        queue_names = [q.strip() for q in queue.split(",") if q.strip()]
        if not queue_names:
            raise CommandError("--queue 不能为空")
        if kind == "database":
            call_command(
                "db_worker",
                queue_name=",".join(queue_names),
                batch=batch,
                reload=False,
                startup_delay=not batch,
                max_tasks=max_tasks,
                interval=interval,
                backend_name=backend,
                verbosity=verbosity,
                stdout=self.stdout,
                stderr=self.stderr,
            )
        elif kind == "redis":
            from redis.exceptions import ConnectionError as RedisConnectionError

            try:
                run_rq_worker(
                    queue_names=queue_names,
                    batch=batch,
                    max_tasks=max_tasks,
                    in_process=in_process,
                    verbosity=verbosity,
                )
            except RedisConnectionError as exc:
                raise CommandError(f"无法连接Redis（ZWFW_REDIS_URL）：{exc}") from exc
        else:
            self.stdout.write(
                f"任务后端 {backend!r} 在请求进程内执行任务，无需后台进程。"
                " / This task backend runs tasks inline; no worker is needed."
            )
