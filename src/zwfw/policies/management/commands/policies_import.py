"""``zwfw policies import --source 税务 FILE``: import one data source's profile file.

CSV (UTF-8), Parquet or Excel; prints the rejected rows with their reasons.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zwfw.core.errors import ZwfwError
from zwfw.core.management.checks import OPERATIONAL_CHECKS
from zwfw.policies import services


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "导入企业画像数据：zwfw policies import --source 数据来源 文件"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--source",
            required=True,
            help="数据来源：市场监管、税务、人社、科技、经信、商务、知识产权、信用、统计、退役军人",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        try:
            batch = services.profile_import(
                actor=None, source=options["source"], filename=path.name, content=path.read_bytes()
            )
        except ZwfwError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"共 {batch.rows_total} 行，导入 {batch.rows_ok} 行，未导入 {len(batch.rejected)} 行")
        for r in batch.rejected:
            self.stdout.write(f"  第{r['row']}行 {r['uscc']} {r['field']}：{r['reason']}")
