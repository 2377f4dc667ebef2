"""``zwfw licences keys``: print the public key list (JSON) for offline verification."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder

from zwfw.core.management.checks import OPERATIONAL_CHECKS
from zwfw.licences.selectors import signing_key_list


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "输出电子印章公钥清单（JSON）/ Print the public signing key list"

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(signing_key_list(), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
