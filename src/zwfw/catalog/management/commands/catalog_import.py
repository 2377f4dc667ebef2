"""``zwfw catalog import FILE.json [--draft] [--batch-size N]``: import an interchange file.

The whole file is checked first (any error: nothing written); it is then written N entries per
transaction (default ``IMPORT_BATCH_SIZE``; ``--batch-size 0``: one transaction), so other writes
go through while a large file imports. Re-running an interrupted import finishes it."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zwfw.catalog.errors import CatalogError
from zwfw.catalog.interchange.catalog_json import IMPORT_BATCH_SIZE, catalog_import
from zwfw.core.management.checks import OPERATIONAL_CHECKS


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "导入事项目录交换文件（JSON，docs/catalog-format.md）；有任何错误则整体拒绝"

    def add_arguments(self, parser):
        parser.add_argument("file", help="交换格式JSON文件；- 表示标准输入")
        parser.add_argument("--draft", action="store_true", help="导入为草稿，不发布")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=IMPORT_BATCH_SIZE,
            help=f"每个事务写入的条目数（默认{IMPORT_BATCH_SIZE}；0 表示整个文件一个事务）",
        )

    def handle(self, *args, file: str, draft: bool, batch_size: int, **options):
        try:
            text = self.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"无法读取文件：{exc}") from exc
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(f"不是有效的JSON：第{exc.lineno}行第{exc.colno}列：{exc.msg}") from exc
        try:
            report = catalog_import(actor=None, data=data, publish=not draft, batch_size=batch_size or None)
        except CatalogError as exc:
            for err in exc.detail or []:
                self.stderr.write(f"{err.get('path') or '(根)'}：{err.get('message')}")
            raise CommandError(exc.message) from exc
        self.stdout.write(json.dumps(report, ensure_ascii=False))
