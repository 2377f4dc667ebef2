"""``zwfw demo [--host 127.0.0.1] [--port 8000] [--no-serve]``: everything for a demo, one command.

Steps, each idempotent: ``migrate``; reference data (:func:`seed_reference_data`); one demo
account per role (:func:`demo_accounts_ensure`); every app's ``AppConfig.load_demo_data`` hook in
INSTALLED_APPS order (:func:`demo_data_load_all`); the account table; then, unless
``--no-serve``, the server on host:port (no auto-reload) with a ``db_worker`` beside it when the
task backend is ``database``.
"""

from __future__ import annotations

import unicodedata

from django.core.management import call_command
from django.core.management.base import BaseCommand

from zwfw.core.management.serving import serve_with_worker
from zwfw.core.models import Role, User
from zwfw.core.services.seed import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    demo_accounts_ensure,
    demo_data_load_all,
    seed_reference_data,
)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in {"W", "F"} else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def render_table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain-text table whose columns line up with Chinese (double-width) characters."""
    widths = [max(_width(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    line = "+".join("-" * (w + 2) for w in widths)
    out = [f"+{line}+", "| " + " | ".join(_pad(h, w) for h, w in zip(headers, widths, strict=True)) + " |"]
    out.append(f"+{line}+")
    out += ["| " + " | ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows]
    out.append(f"+{line}+")
    return "\n".join(out)


class Command(BaseCommand):
    help = "演示环境：迁移数据库、载入基础数据与演示账号，并启动网站"

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="只准备数据，不启动网站")

    def handle(self, *args, host: str, port: int, no_serve: bool, **options):
        verbosity = options.get("verbosity", 1)
        call_command("migrate", interactive=False, verbosity=max(0, verbosity - 1))
        seeded = seed_reference_data(actor=None)
        self.stdout.write(
            f"基础数据：行政区划新增 {seeded.regions_created} 个，部门新增 {seeded.departments_created} 个。"
        )
        accounts = demo_accounts_ensure(actor=None)
        self.stdout.write(f"演示账号：新建 {len(accounts.created)} 个，已存在 {len(accounts.existing)} 个。")
        for label, summary in demo_data_load_all():
            self.stdout.write(f"演示数据［{label}］：{summary or '已载入'}")
        self.stdout.write(self.accounts_table())
        if no_serve:
            return
        self.stdout.write(f"\n请在浏览器中打开 http://{host}:{port}/ （接口文档 http://{host}:{port}/api/v1/docs）")
        serve_with_worker(host=host, port=port, stdout=self.stdout)

    def accounts_table(self) -> str:
        users = {
            u.username: u
            for u in User.objects.select_related("region", "department").filter(
                username__in=[a.username for a in DEMO_ACCOUNTS]
            )
        }
        rows = []
        for account in DEMO_ACCOUNTS:
            user = users.get(account.username)
            if user is None:
                continue
            where = user.department.name if user.department_id else (user.region.name if user.region_id else "")
            rows.append([account.username, str(Role(user.role).label), user.display_name, where, account.note])
        table = render_table(["用户名", "角色", "姓名/名称", "所属部门/区划", "说明"], rows)
        return f"\n演示账号（密码均为 {DEMO_PASSWORD}）：\n{table}"
