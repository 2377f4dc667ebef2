"""``zwfw uploads sweep [--dry-run] [--grace-hours N]``: delete upload files no row names.

The periodic job ``core.uploads_sweep`` does the same daily (docs/operations.md §7)."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from zwfw.core.management.checks import OPERATIONAL_CHECKS
from zwfw.core.services.uploads import GRACE, upload_orphans_sweep


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "删除无任何记录引用的上传文件（上传后事务回滚留下的）/ Delete orphaned upload files"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出，不删除 / list only")
        parser.add_argument(
            "--grace-hours",
            type=float,
            default=GRACE.total_seconds() / 3600,
            help="只删除早于此小时数的文件（默认24）/ only files older than this many hours",
        )

    def handle(self, *args, dry_run: bool, grace_hours: float, **options):
        if grace_hours < 1:
            raise CommandError("--grace-hours 至少为1，以免删除仍在上传中的文件 / must be at least 1")
        report = upload_orphans_sweep(grace=timedelta(hours=grace_hours), dry_run=dry_run)
        verb = "将删除" if dry_run else "已删除"
        for name in report.deleted:
            self.stdout.write(f"{verb} {name}")
        self.stdout.write(
            f"扫描 {report.scanned} 个文件：有记录引用 {report.kept_named}，未满宽限期 {report.kept_recent}，"
            f"{verb} {len(report.deleted)}，删除失败 {len(report.failed)}"
            f" / scanned {report.scanned}, named {report.kept_named}, recent {report.kept_recent}, "
            f"{'would delete' if dry_run else 'deleted'} {len(report.deleted)}, failed {len(report.failed)}"
        )
        if report.failed:
            raise CommandError(f"{len(report.failed)} 个文件删除失败 / files could not be deleted")
