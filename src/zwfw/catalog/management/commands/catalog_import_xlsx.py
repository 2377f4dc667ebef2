"""``zwfw catalog import-xlsx IN.xlsx [--publish] [--dry-run]``: import a catalog workbook, all or
nothing; on any error print the report (one line per problem: sheet, row, column, value, message)
and exit non-zero without writing anything."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from zwfw.catalog.interchange.excel.errors import ExcelError
from zwfw.catalog.interchange.excel.services import catalog_import_xlsx, errors_as_text
from zwfw.core.management.checks import OPERATIONAL_CHECKS


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "导入事项目录Excel工作簿（.xlsx）；先检查整个工作簿，有任何错误则整体拒绝并逐行列出"

    def add_arguments(self, parser):
        parser.add_argument("file", help="Excel工作簿（.xlsx）")
        parser.add_argument(
            "--publish", action="store_true", help="通过全部发布规则后直接发布；不加此项则导入为草稿，待审核"
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查并演练导入，不保存任何数据")

    def handle(self, *args, file: str, publish: bool, dry_run: bool, **options):
        try:
            stream = open(file, "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise CommandError(f"无法读取文件：{exc}") from exc
        with stream:
            try:
                report = catalog_import_xlsx(actor=None, stream=stream, publish=publish, dry_run=dry_run)
            except ExcelError as exc:
                if isinstance(exc.detail, list):
                    self.stderr.write(errors_as_text(exc.detail))
                raise CommandError(exc.message) from exc
        if dry_run:
            self.stdout.write("演练完成：工作簿无误，未保存任何数据。")
        self.stdout.write(json.dumps(report, ensure_ascii=False))
