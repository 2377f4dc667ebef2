"""``zwfw calendar load FILE``: load a year's official holiday schedule (format: docs/calendar.md).

``zwfw calendar load --from-package [YEAR …]`` (re)loads years from the pinned ``chinesecalendar``
package instead (all it covers when no year is given), for a database migrated before the
calendar was seeded. Runs as the system (audit actor: 系统). Exit status 1 with the reason on a
bad file; the year is then left as it was.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from zwfw.core.errors import ZwfwError
from zwfw.core.management.checks import OPERATIONAL_CHECKS
from zwfw.core.services.calendar import calendar_load_file, calendar_year_load, package_schedule


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "载入国务院办公厅公布的某年节假日安排（YAML/JSON 文件，格式见 docs/calendar.md）"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="放假安排文件（.yaml/.yml/.json）")
        parser.add_argument(
            "--from-package",
            nargs="*",
            type=int,
            metavar="YEAR",
            help="改从 chinesecalendar 包载入这些年份（不写年份则载入包内全部年份）",
        )

    def handle(self, *args, files, from_package, **options):
        if not files and from_package is None:
            raise CommandError("请给出放假安排文件，或使用 --from-package")
        try:
            for path in files:
                self._report(calendar_load_file(actor=None, path=path))
            if from_package is not None:
                from chinese_calendar.constants import holidays

                years = from_package or sorted({d.year for d in holidays})
                for year in years:
                    self._report(calendar_year_load(actor=None, **package_schedule(year)))
        except ZwfwError as exc:
            raise CommandError(exc.message) from None

    def _report(self, year) -> None:
        days = list(year.days.values_list("kind", flat=True))
        self.stdout.write(
            f"已载入{year.year}年：节假日{days.count('holiday')}天，调休上班{days.count('workday')}天"
            f"（来源：{year.source}）"
        )
