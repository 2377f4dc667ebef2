"""``zwfw trading import-ocds FILE [--region CODE] [--all-or-nothing] [--dry-run] [--no-screen]``.

Imports OCDS 1.1 releases (a release or record package, a list of releases, or JSON lines) into
projects, sections and opened bids (:mod:`zwfw.trading.services.ocds_import`). Operator command
(unscoped). Idempotent by ocid and release id. Prints created/updated/skipped/rejected and each
rejected release with its reason; exits 1 when any release was rejected (the others are written,
each in its own transaction, unless ``--all-or-nothing``).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zwfw.core.management.checks import OPERATIONAL_CHECKS
from zwfw.trading.errors import TradingError
from zwfw.trading.services.ocds_import import ocds_import, parse_ocds


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "导入 OCDS 发布：zwfw trading import-ocds 文件 [--region 区划代码] [--all-or-nothing] [--dry-run]"

    def add_arguments(self, parser):
        parser.add_argument("file", help="OCDS 发布包 / 记录包 / 发布列表（JSON）或 JSON Lines")
        parser.add_argument("--region", default="", help="发布中没有 zwfw.region 时使用的区划代码")
        parser.add_argument("--all-or-nothing", action="store_true", help="有一条被拒绝则整批不写入")
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入")
        parser.add_argument("--no-screen", action="store_true", help="导入后不运行围标串标筛查")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出完整报告")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        try:
            releases = parse_ocds(path.read_bytes())
            report = ocds_import(
                actor=None,
                releases=releases,
                default_region=options["region"],
                all_or_nothing=options["all_or_nothing"],
                dry_run=options["dry_run"],
                screen=not options["no_screen"],
            )
        except TradingError as exc:
            raise CommandError(exc.message) from exc
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            prefix = "（试运行，未写入）" if report.dry_run else ""
            self.stdout.write(
                f"{prefix}新建 {report.created}，更新 {report.updated}，跳过 {report.skipped}，"
                f"拒绝 {report.rejected}；新建企业账户 {report.accounts_created}"
                f"（created {report.created}, updated {report.updated}, skipped {report.skipped}, "
                f"rejected {report.rejected})"
            )
            for row in report.rows:
                if row["outcome"] in ("rejected", "rolled_back"):
                    ocid = row["ocid"] or "（无 ocid）"
                    self.stdout.write(f"  {row['outcome']} {ocid} {row['release_id']}：{row['reason']}")
        if report.rejected:
            raise CommandError(f"{report.rejected} 条发布被拒绝（见上）")
