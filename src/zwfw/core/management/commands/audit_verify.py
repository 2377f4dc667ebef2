"""``zwfw audit verify``: recompute the audit log's hash chain; exit status 1 when it is broken.

Prints one line per broken row (id, what is wrong, in Chinese and English) and a summary with the
row count and the head (last id and hash). Record the head somewhere the database cannot reach
(docs/operations/audit-log.md): a later head that no longer contains it means rows were cut off.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from zwfw.core.services.audit import audit_log_verify


class Command(BaseCommand):
    help = "校验审计日志哈希链 / Verify the audit log hash chain (exit status 1 when broken)"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=5000, help="每批读取的行数 / rows per batch")

    def handle(self, *args, batch_size: int, **options):
        if batch_size <= 0:
            raise CommandError("--batch-size 必须大于0 / must be greater than 0")
        report = audit_log_verify(batch_size=batch_size)
        for problem in report.problems:
            self.stdout.write(f"#{problem.row_id}: {problem.reason_zh} / {problem.reason}")
        head = f"#{report.head_id} {report.head_hash}" if report.head_id is not None else "-"
        if report.ok:
            self.stdout.write(
                self.style.SUCCESS(
                    f"审计日志完整：共 {report.rows} 行，哈希链校验通过。"
                    f" / Audit log OK: {report.rows} rows, hash chain intact. Head: {head}"
                )
            )
            return
        rows = sorted({p.row_id for p in report.problems})
        raise CommandError(
            f"审计日志哈希链已损坏：{len(rows)} 行有问题（共 {report.rows} 行），首个问题行 #{rows[0]}。"
            f" / Audit log chain BROKEN: {len(rows)} of {report.rows} rows affected, first at #{rows[0]}.",
            returncode=1,
        )
