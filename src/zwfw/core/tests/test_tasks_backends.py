"""One task through each real backend: the database (django-tasks-db) and Redis (django-tasks-rq).

The suite otherwise runs tasks immediately (``zwfw.settings.test``); these tests switch ``TASKS``
to a real backend, enqueue ``ping``, run the worker in batch (burst) mode through ``zwfw worker``,
and read the result back through the backend.

Redis: ``ZWFW_TEST_REDIS_URL`` (default ``redis://127.0.0.1:6379/15``). Each test uses a queue of
its own name and removes its keys, so test runs sharing one Redis do not see each other's jobs.
When Redis cannot be reached the test is skipped, unless ``ZWFW_REQUIRE_SERVICES=1`` (CI), where
it fails: CI must prove both backends.
"""

from __future__ import annotations

import os
import signal
import uuid

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks import TaskResultStatus

from zwfw.core.tasks import ping

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
REDIS_URL = os.environ.get("ZWFW_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
REQUIRE_SERVICES = os.environ.get("ZWFW_REQUIRE_SERVICES", "") == "1"


@pytest.fixture
def keep_signal_handlers():
    """The workers install SIGINT/SIGTERM handlers; give pytest its own back afterwards."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    yield
    for s, handler in saved.items():
        signal.signal(s, handler)


@pytest.mark.django_db(transaction=True)
def test_task_runs_through_the_database_backend(keep_signal_handlers):
    with override_settings(TASKS=DB_TASKS):
        result = ping.enqueue({"值": "数据库后端", "n": 1})
        assert result.status == TaskResultStatus.READY
        call_command("worker", batch=True, verbosity=0)
        result.refresh()
        assert result.status == TaskResultStatus.SUCCESSFUL
        assert result.return_value == {"值": "数据库后端", "n": 1}
        assert ping.get_result(result.id).return_value == {"值": "数据库后端", "n": 1}


@pytest.fixture
def redis_queue():
    """A fresh queue name on the test Redis, with TASKS and RQ_QUEUES pointing at it."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        if REQUIRE_SERVICES:
            pytest.fail(f"Redis at {REDIS_URL} is unreachable and ZWFW_REQUIRE_SERVICES=1: {exc}")
        pytest.skip(f"Redis at {REDIS_URL} is unreachable ({exc}); set ZWFW_TEST_REDIS_URL or start Redis")
    name = f"zwfw-test-{uuid.uuid4().hex[:12]}"
    tasks = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [name]}}
    # django-tasks-rq fetches results through the "default" queue's connection: keep one.
    queues = {q: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 60} for q in ("default", name)}
    with override_settings(TASKS=tasks, RQ_QUEUES=queues):
        yield client, name
    for key in client.scan_iter(match=f"*{name}*"):
        client.delete(key)
    client.srem("rq:queues", f"rq:queue:{name}")


def _run_rq(name: str, task, *args):
    result = task.using(queue_name=name).enqueue(*args)
    assert result.status == TaskResultStatus.READY
    call_command("worker", batch=True, in_process=True, queue=name, verbosity=0)
    result.refresh()
    return result


@pytest.mark.redis
@pytest.mark.django_db
def test_task_runs_through_the_redis_backend(redis_queue, keep_signal_handlers):
    client, name = redis_queue
    result = _run_rq(name, ping, ["Redis后端", 2])
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == ["Redis后端", 2]
    assert client.llen(f"rq:queue:{name}") == 0
    client.delete(f"rq:job:{result.id}", f"rq:results:{result.id}")


@pytest.mark.redis
@pytest.mark.django_db
def test_failed_task_is_reported_failed_on_redis(redis_queue, keep_signal_handlers):
    from zwfw.core.tasks import deliver_notification

    client, name = redis_queue
    result = _run_rq(name, deliver_notification, "not-an-id")
    assert result.status == TaskResultStatus.FAILED
    assert result.errors
    client.delete(f"rq:job:{result.id}", f"rq:results:{result.id}")
