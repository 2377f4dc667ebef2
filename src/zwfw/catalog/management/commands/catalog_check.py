"""``zwfw catalog check --region 510100``: the consistency report; exit status 1 on violations."""

from __future__ import annotations

import datetime as dt
import json as jsonlib

from django.core.management.base import BaseCommand, CommandError

from zwfw.catalog.services import catalog_consistency_report
from zwfw.core.management.checks import OPERATIONAL_CHECKS


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "检查区划实施清单：一图规则、不得额外增加环节和材料；有违规时退出码为1"

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="区划代码（含下级），如 510100")
        parser.add_argument("--on", help="检查该日有效的版本（YYYY-MM-DD），默认今天")
        parser.add_argument("--json", action="store_true", help="输出JSON")

    def handle(self, *args, region: str, on: str | None, json: bool, **options):
        try:
            day = dt.date.fromisoformat(on) if on else None
        except ValueError as exc:
            raise CommandError("--on 应为 YYYY-MM-DD") from exc
        report = catalog_consistency_report(region_code=region, on=day)
        if json:
            self.stdout.write(_dumps(report))
        else:
            self.stdout.write(
                f"区划{report['region']}（{report['on']}）：检查{report['checked']}项，"
                f"{report['with_violations']}项有问题，共{report['violation_count']}处"
            )
            for item in report["items"]:
                self.stdout.write(f"\n{item['code']} {item['name']}（{item['department']}，第{item['version']}版）")
                for v in item["violations"]:
                    self.stdout.write(f"  - [{v['kind']}] {v['field']}：{v['message']}")
        if report["with_violations"]:
            raise CommandError(f"{report['with_violations']}项不一致", returncode=1)


def _dumps(report: dict) -> str:
    return jsonlib.dumps(report, ensure_ascii=False, indent=2)
