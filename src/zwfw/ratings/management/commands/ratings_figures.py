"""``zwfw ratings figures [--group-by department|item|window|region|month] [--month YYYY-MM]``:
the four 好差评 rates for operators (unscoped: the whole platform), as a text table."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from zwfw.core.errors import ZwfwError
from zwfw.core.management.checks import OPERATIONAL_CHECKS
from zwfw.ratings.selectors import GROUPS, rating_figures


def _pct(value) -> str:
    return "—" if value is None else f"{value}%"


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "好差评统计：zwfw ratings figures [--group-by department] [--month 2026-01]"

    def add_arguments(self, parser):
        parser.add_argument("--group-by", default="department", choices=sorted(GROUPS), help="统计维度")
        parser.add_argument("--month", help="月份 YYYY-MM（北京时间），默认全部")

    def handle(self, *args, **options):
        try:
            figures = rating_figures(group_by=options["group_by"], month=options.get("month"), public=True)
        except ZwfwError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write("维度\t评价数\t好评率\t差评\t差评整改率\t整改按时率\t回访满意率")
        for row in [*figures.rows, figures.total]:
            self.stdout.write(
                f"{row.label}\t{row.total}\t{_pct(row.good_rate)}\t{row.bad}\t{_pct(row.rectification_rate)}\t"
                f"{_pct(row.on_time_rate)}\t{_pct(row.revisit_rate)}"
            )
        return None
