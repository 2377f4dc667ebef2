"""``zwfw report monthly 2026-01 [--department CODE | --region CODE | --province] [--format …] [--output FILE]``

The monthly window report (窗口月报) for operators on the server: unscoped (the whole platform
unless ``--department`` or ``--region`` narrows it; ``--province`` = 省本级,
the province's own departments). ``table`` prints to the terminal; ``csv``
and ``xlsx`` write ``--output`` (CSV may also go to stdout; XLSX needs a file).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from zwfw.core.errors import ZwfwError
from zwfw.core.management.checks import OPERATIONAL_CHECKS
from zwfw.stats.exports import report_csv, report_text, report_xlsx
from zwfw.stats.selectors import monthly_report_operator


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "窗口月报：zwfw report monthly 2026-01 [--department 部门编码 | --region 区划代码] [--format table|csv|xlsx]"

    def add_arguments(self, parser):
        parser.add_argument("month", help="月份 YYYY-MM，例如 2026-01（北京时间自然月）")
        parser.add_argument("--department", help="部门编码：该部门及其下级部门")
        parser.add_argument("--region", help="区划代码：该区划及其下级区划")
        parser.add_argument("--province", action="store_true", help="省本级：本省直属部门（不含各市）")
        parser.add_argument("--format", choices=["table", "csv", "xlsx"], default="table", help="输出格式")
        parser.add_argument("--output", "-o", help="输出文件（xlsx 必填）")

    def handle(self, *args, **options):
        fmt = options["format"]
        if fmt == "xlsx" and not options["output"]:
            raise CommandError("xlsx 格式须用 --output 指定文件")
        try:
            report = monthly_report_operator(
                month=options["month"],
                department=options["department"],
                region=options["region"],
                scope="province" if options["province"] else None,
            )
        except ZwfwError as exc:
            raise CommandError(exc.message) from exc
        except Http404 as exc:
            raise CommandError(str(exc)) from exc
        if fmt == "table":
            body: bytes | str = report_text(report)
        elif fmt == "csv":
            body = report_csv(report)
        else:
            body = report_xlsx(report)
        if options["output"]:
            path = Path(options["output"])
            path.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
            self.stderr.write(f"已写入 {path}（{len(report.rows)} 个部门）")
        else:
            self.stdout.write(body if isinstance(body, str) else body.decode("utf-8"), ending="")
