"""``zwfw seed``: load reference data (regions, departments) from core's fixtures; idempotent."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from zwfw.core.management.checks import OPERATIONAL_CHECKS
from zwfw.core.services.seed import seed_reference_data


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "载入行政区划与部门基础数据（可重复执行）"

    def handle(self, *args, **options):
        report = seed_reference_data(actor=None)
        self.stdout.write(
            f"行政区划新增 {report.regions_created} 个；部门新增 {report.departments_created} 个、"
            f"更新 {report.departments_updated} 个。"
        )
