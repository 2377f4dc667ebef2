"""``zwfw cases transitions [--write | --check] [--path docs/cases.md]``: the case transition table
(:mod:`zwfw.cases.transitions`) as the Markdown table of docs/cases.md.

Without options the table is printed. ``--write`` replaces the generated section of the docs
(between its begin/end markers) with it; ``--check`` exits with an error when the docs differ
(what the docs test asserts too).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zwfw.cases.transitions import docs_with_table, render_markdown
from zwfw.core.management.checks import OPERATIONAL_CHECKS
from zwfw.env import BASE_DIR

DOCS = BASE_DIR.parent.parent / "docs" / "cases.md"


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "输出办件状态转换表（docs/cases.md 的状态表由它生成）"

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--write", action="store_true", help="写入 docs/cases.md 的生成部分")
        mode.add_argument("--check", action="store_true", help="文档与转换表不一致时报错")
        parser.add_argument("--path", type=Path, default=DOCS, help="文档路径（默认 docs/cases.md）")

    def handle(self, *args, write: bool, check: bool, path: Path, **options):
        if not (write or check):
            self.stdout.write(render_markdown())
            return
        try:
            text = path.read_text(encoding="utf-8")
            updated = docs_with_table(text)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from None
        if check:
            if updated != text:
                raise CommandError(f"{path} 的状态转换表已过期：运行 zwfw cases transitions --write")
            self.stdout.write(f"{path}: 状态转换表与 zwfw.cases.transitions 一致")
            return
        if updated != text:
            path.write_text(updated, encoding="utf-8")
            self.stdout.write(f"已更新 {path}")
        else:
            self.stdout.write(f"{path} 无需更新")
