"""``zwfw licences sign-missing``: seal licences issued before 电子印章 existed (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from zwfw.core.management.checks import OPERATIONAL_CHECKS
from zwfw.licences.models import LicenceHolding
from zwfw.licences.services import licence_sign


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "为尚未加盖电子印章的证照签名 / Sign licences that have no signature yet"

    def handle(self, *args, **options):
        done = 0
        for h in LicenceHolding.objects.filter(signature="").select_related("type", "issuer_department"):
            with transaction.atomic():
                licence_sign(holding=h)
            done += 1
        self.stdout.write(f"已签名 {done} 张证照 / signed {done} licences")
