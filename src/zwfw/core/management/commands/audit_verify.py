"""``zwfw audit verify [--anchors PATH | --no-anchors]``: recompute the audit chains, check the
signatures and the anchors; exit status 1 when anything is broken.

Prints one line per broken row (id, what is wrong, in Chinese and English) and a summary with the
row count, the number of anchors checked and the head (last id and hash). The anchors are read
from ``ZWFW_AUDIT_ANCHOR_DIR`` unless ``--anchors`` names a copy (the one shipped off the server
is the one to trust, docs/operations/audit-log.md).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zwfw.core.management.checks import OPERATIONAL_CHECKS
from zwfw.core.services.audit import audit_log_verify


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "校验审计日志哈希链 / Verify the audit log hash chain (exit status 1 when broken)"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=5000, help="每批读取的行数 / rows per batch")
        parser.add_argument("--anchors", type=Path, default=None, help="锚点文件或目录 / anchor file or directory")
        parser.add_argument("--no-anchors", action="store_true", help="不核对锚点 / skip the anchors")

    def handle(self, *args, batch_size: int, anchors: Path | None, no_anchors: bool, **options):
        if batch_size <= 0:
            raise CommandError("--batch-size 必须大于0 / must be greater than 0")
        if anchors is not None and not anchors.exists():
            raise CommandError(f"锚点文件不存在 / no anchor file: {anchors}")
        anchors = None if no_anchors else (anchors or Path(settings.ZWFW_AUDIT_ANCHOR_DIR))
        report = audit_log_verify(batch_size=batch_size, anchors=anchors)
        for problem in report.problems:
            self.stdout.write(f"#{problem.row_id}: {problem.reason_zh} / {problem.reason}")
        head = f"#{report.head_id} {report.head_hash}" if report.head_id is not None else "-"
        if report.ok:
            self.stdout.write(
                self.style.SUCCESS(
                    f"审计日志完整：共 {report.rows} 行，哈希链与签名校验通过，核对锚点 {report.anchors_checked} 个。"
                    f" / Audit log OK: {report.rows} rows, chains and signatures intact,"
                    f" {report.anchors_checked} anchors checked. Head: {head}"
                )
            )
            return
        rows = sorted({p.row_id for p in report.problems}) or [0]
        raise CommandError(
            f"审计日志哈希链已损坏：{len(rows)} 行有问题（共 {report.rows} 行），首个问题行 #{rows[0]}。"
            f" / Audit log chain BROKEN: {len(rows)} of {report.rows} rows affected, first at #{rows[0]}.",
            returncode=1,
        )
