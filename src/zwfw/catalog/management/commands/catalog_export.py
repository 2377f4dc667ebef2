"""``zwfw catalog export [--region 510100] [--on 2026-06-01] > out.json``: the published catalog."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from zwfw.catalog.interchange.catalog_json import catalog_export_json
from zwfw.core.management.checks import OPERATIONAL_CHECKS


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "导出已发布的事项目录（交换格式JSON，写到标准输出）"

    def add_arguments(self, parser):
        parser.add_argument("--region", help="只导出该区划（含下级）的实施清单，如 510100")
        parser.add_argument("--on", help="导出该日有效的版本（YYYY-MM-DD），默认今天")

    def handle(self, *args, region: str | None, on: str | None, **options):
        try:
            day = dt.date.fromisoformat(on) if on else None
        except ValueError as exc:
            raise CommandError("--on 应为 YYYY-MM-DD") from exc
        self.stdout.write(catalog_export_json(region_code=region, on=day), ending="")
