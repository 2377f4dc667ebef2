"""``zwfw trading ocds-export [--section ID ...] [--output FILE]``: OCDS 1.1 release package (JSON).

Operator command (unscoped: every section unless ``--section`` narrows it). Sealed bids are never
exported; bid amounts appear only for opened sections.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from zwfw.core.management.checks import OPERATIONAL_CHECKS
from zwfw.trading.selectors import section_list_operator
from zwfw.trading.services.ocds import release_package


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "导出 OCDS 发布包：zwfw trading ocds-export [--section 标段ID] [--output 文件]"

    def add_arguments(self, parser):
        parser.add_argument("--section", type=int, action="append", help="标段 ID（可重复）")
        parser.add_argument("--output", "-o", help="输出文件（默认标准输出）")

    def handle(self, *args, **options):
        package = release_package(section_list_operator(section_ids=options["section"]))
        text = json.dumps(package, ensure_ascii=False, indent=2)
        if options["output"]:
            Path(options["output"]).write_text(text + "\n", encoding="utf-8")
        else:
            self.stdout.write(text)
