"""``zwfw ratings escalate [--today YYYY-MM-DD]``: 督办 overdue 差评整改 now (what the daily
periodic job ``ratings.rectification_escalate`` does), printing the tasks touched per level."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from zwfw.core.management.checks import OPERATIONAL_CHECKS
from zwfw.ratings.services import rectification_escalate_scan


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "督办超期的差评整改：zwfw ratings escalate [--today 2026-10-27]"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按该日期判断是否超期（默认今天，北京时间）")

    def handle(self, *args, **options):
        today = None
        if options.get("today"):
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(f"日期格式有误：{options['today']!r}，应为 YYYY-MM-DD") from None
        report = rectification_escalate_scan(today=today)
        self.stdout.write(
            f"补算期限 {len(report['due_date_filled'])} 项；一级督办（部门） {len(report['level1'])} 项；"
            f"二级督办（政务服务管理机构） {len(report['level2'])} 项"
        )
        return None
