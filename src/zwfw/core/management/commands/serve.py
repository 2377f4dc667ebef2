"""``zwfw serve [--host H] [--port P]``: the web server plus, with the database task backend, a worker.

For one machine (the embedded default). Production runs gunicorn/uvicorn and ``zwfw db_worker``
(or rq workers) as separate services instead (docs/operator guide).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from zwfw.core.management.serving import serve_with_worker


class Command(BaseCommand):
    help = "启动网站（runserver，无自动重载），数据库任务后端时同时启动后台任务进程"

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, host: str, port: int, **options):
        serve_with_worker(host=host, port=port, stdout=self.stdout)
