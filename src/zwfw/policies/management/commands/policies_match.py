"""``zwfw policies match [--as-of YYYY-MM-DD] [--resume RUN_ID]``: run batch matching now.

Creates a match run over every matchable item and runs it in this process (operators on the
server; the pages and API queue it as a background task instead). ``--resume`` continues a
failed run from its last finished part.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from zwfw.core.errors import ZwfwError
from zwfw.core.management.checks import OPERATIONAL_CHECKS
from zwfw.policies import selectors, services


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "批量匹配惠企政策：zwfw policies match [--as-of 日期] [--resume 任务编号]"

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="匹配基准日 YYYY-MM-DD（默认今天）")
        parser.add_argument("--resume", type=int, help="续跑失败的匹配任务编号")

    def handle(self, *args, **options):
        try:
            if options["resume"]:
                run = services.match_run_resume(actor=None, run=selectors.run_get(run_id=options["resume"]))
            else:
                as_of = dt.date.fromisoformat(options["as_of"]) if options["as_of"] else None
                run = services.match_run_create(actor=None, as_of=as_of)
            run = services.match_run_execute(run_id=run.pk)
        except ZwfwError as exc:
            raise CommandError(exc.message) from exc
        except ValueError as exc:
            raise CommandError(f"日期格式有误：{exc}") from exc
        self.stdout.write(
            f"匹配任务 #{run.pk}：{run.get_status_display()}，企业 {run.enterprises} 户，"
            f"分片 {run.parts_done}/{run.parts_total}"
        )
        for key, s in run.summary.items():
            self.stdout.write(
                f"  {key}: 符合 {s['eligible']}，承诺后符合 {s['eligible_if_declared']}，金额 {s['amount']} 分"
            )
        if run.status != "done":
            raise CommandError(f"匹配失败（可用 --resume {run.pk} 续跑）：{run.error}")
