"""``zwfw supervision grade SUBJECT``: the credit grade of a USCC or 身份证号 with its reasons."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from zwfw.core.management.checks import OPERATIONAL_CHECKS
from zwfw.supervision.selectors import credit_eligibility_for


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "查询信用等级：zwfw supervision grade 统一社会信用代码或身份证号"

    def add_arguments(self, parser):
        parser.add_argument("subject")

    def handle(self, *args, **options):
        e = credit_eligibility_for(uscc=options["subject"])
        self.stdout.write(f"信用等级 {e.grade}（{e.score}分）")
        for reason in e.reasons:
            self.stdout.write(f"  - {reason}")
        self.stdout.write(
            f"信用+容缺受理：{'适用' if e.shortfall else '不适用'}；告知承诺：{'适用' if e.pledge else '不适用'}"
        )
