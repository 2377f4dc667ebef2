"""``zwfw calendar show [YEAR]``: the loaded years, or one year's holidays and 调休 working days."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from zwfw.core.errors import ZwfwError
from zwfw.core.management.checks import OPERATIONAL_CHECKS
from zwfw.core.selectors.calendar import calendar_day_list, calendar_year_list

WEEKDAYS = "一二三四五六日"


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "查看已载入的年度，或某年的节假日与调休上班日"

    def add_arguments(self, parser):
        parser.add_argument("year", nargs="?", type=int)

    def handle(self, *args, year, **options):
        if year is None:
            for row in calendar_year_list():
                self.stdout.write(
                    f"{row.year}  节假日{row.holiday_count}天  调休上班{row.workday_count}天  {row.source}"
                )
            return
        try:
            days = list(calendar_day_list(year))
        except ZwfwError as exc:
            raise CommandError(exc.message) from None
        for day in days:
            self.stdout.write(
                f"{day.date.isoformat()} 周{WEEKDAYS[day.date.weekday()]}  {day.kind_display}  {day.name}"
            )
