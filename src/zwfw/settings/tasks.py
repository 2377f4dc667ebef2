"""Background tasks through the Tasks API (django-tasks).

``ZWFW_TASK_BACKEND``: ``database`` (default, django-tasks-db with ``zwfw worker``),
``redis`` (django-tasks-rq on ``ZWFW_REDIS_URL``, ``zwfw worker`` on many machines), ``immediate``
(run in-process, tests). Periodic jobs: ``zwfw scheduler`` (src/zwfw/periodic.py). See docs/tasks.md.
"""

from zwfw.env import ENV

_BACKENDS = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    "redis": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
    "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "dummy": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"},
}

TASKS = {"default": _BACKENDS[ENV.task_backend]}

RQ_QUEUES = {"default": {"URL": ENV.redis_url, "DEFAULT_TIMEOUT": 600}}
