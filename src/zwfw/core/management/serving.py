"""Run the development server with a background task worker beside it (``zwfw demo``/``zwfw serve``).

With the ``database`` task backend (django-tasks-db) enqueued tasks only run when a
``db_worker`` process polls the table, so the worker is started as a subprocess and terminated
when the server stops (Ctrl-C included). Other backends need nothing here: ``immediate`` runs
in-process, ``redis`` has its own rq workers.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command

DB_BACKEND = "django_tasks_db.DatabaseBackend"


def uses_database_backend() -> bool:
    return any(cfg.get("BACKEND") == DB_BACKEND for cfg in getattr(settings, "TASKS", {}).values())


def start_db_worker() -> subprocess.Popen:
    env = os.environ.copy()
    env.setdefault("DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE)
    return subprocess.Popen([sys.executable, "-m", "django", "db_worker", "--no-reload"], env=env)


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _exit_on_sigterm(signum, frame):
    raise SystemExit(0)  # unwinds through the finally below, so the worker is stopped too


def serve_with_worker(*, host: str, port: int, stdout) -> None:
    """Run the server in the foreground; Ctrl-C or SIGTERM stops the server and then the worker."""
    worker = None
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    if uses_database_backend():
        worker = start_db_worker()
        stdout.write(f"后台任务进程已启动（db_worker，pid {worker.pid}）")
    try:
        call_command("runserver", f"{host}:{port}", use_reloader=False)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        stop(worker)
        signal.signal(signal.SIGTERM, previous)
