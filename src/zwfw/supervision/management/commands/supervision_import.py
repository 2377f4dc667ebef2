"""``zwfw supervision import FILE.csv``: import credit events (信用事件) from a UTF-8 CSV with the
columns ``subject_kind, subject_id, subject_name, kind, severity, occurred_on, note``. Every row
is checked first; a bad row stops the import with its row number and nothing is stored."""

from __future__ import annotations

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zwfw.core.errors import ZwfwError
from zwfw.core.management.checks import OPERATIONAL_CHECKS
from zwfw.supervision.services import credit_events_import


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "导入信用事件：zwfw supervision import 文件.csv"

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="UTF-8 CSV：subject_kind,subject_id,subject_name,kind,severity,occurred_on,note"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        try:
            count = credit_events_import(actor=None, rows=rows)
        except ZwfwError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"已导入信用事件 {count} 条")
