"""``zwfw audit anchor [--dir DIR]``: append a signed checkpoint of every audit chain's head.

The periodic job ``core.audit_anchor`` does the same hourly. Ship the file off the database
server (docs/operations/audit-log.md); ``zwfw audit verify`` checks the chains against it.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from zwfw.core.management.checks import OPERATIONAL_CHECKS
from zwfw.core.services.audit import ANCHOR_FILE, audit_anchor_write


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "写入审计链锚点 / Append a signed checkpoint of the audit chains' heads"

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=None, help="锚点目录 / anchor directory")

    def handle(self, *args, dir: Path | None, **options):
        directory = dir or Path(settings.ZWFW_AUDIT_ANCHOR_DIR)
        anchor = audit_anchor_write(directory=directory)
        rows = sum(h[3] for h in anchor["heads"])
        self.stdout.write(
            f"已写入锚点：{len(anchor['heads'])} 条链，共 {rows} 行 → {directory / ANCHOR_FILE}"
            f" / Anchor written: {len(anchor['heads'])} chains, {rows} rows"
        )
