"""``zwfw licences verify FILE [--keys KEYS.json] [--online]``: check a signed licence document.

- ``--keys KEYS.json``: the public key list as published by ``GET /api/v1/licences/keys`` (or
  ``zwfw licences keys``); the check is then fully offline: no database is read.
- Without ``--keys`` the key list is read from this platform's database.
- ``--online``: after the signature, the licence's current status (a revoked licence answers
  ``revoked``).

Exit status 0 when the signature is good (and, with ``--online``, the licence is valid), 1 otherwise.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zwfw.core.management.checks import OPERATIONAL_CHECKS
from zwfw.licences.signing import keys_from_list, verify_document


class Command(BaseCommand):
    requires_system_checks = OPERATIONAL_CHECKS  # every check but the URLs: ~2 s faster to start
    help = "核验签名电子证照文件 / Verify a signed e-licence document (exit status 1 when not valid)"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="签名证照文件 / the .signed.json file")
        parser.add_argument("--keys", type=Path, default=None, help="公钥清单 JSON / public key list (offline)")
        parser.add_argument("--online", action="store_true", help="同时查询证照当前状态 / also check status")

    def handle(self, *args, file: Path, keys: Path | None, online: bool, **options):
        try:
            raw = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件 / cannot read {file}: {exc.strerror}") from exc
        if online:
            from zwfw.licences.selectors import licence_verify_document

            result = licence_verify_document(raw=raw)
            self.stdout.write(f"{result.outcome}: {result.message}")
            if result.outcome != "valid":
                raise CommandError(f"证照不可用 / not valid: {result.outcome}", returncode=1)
            return
        if keys is not None:
            try:
                key_map = keys_from_list(json.loads(keys.read_text(encoding="utf-8")))
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise CommandError(f"公钥清单无法读取 / bad key list {keys}: {exc}") from exc
        else:
            from zwfw.licences.selectors import signing_key_list

            key_map = keys_from_list(signing_key_list())
        check = verify_document(raw, key_map)
        number = check.payload.get("number", "-") if check.payload else "-"
        self.stdout.write(f"{check.outcome}: {check.message} ({number}, {check.kid or '-'})")
        if not check.signature_ok:
            raise CommandError(f"签名无效 / signature not valid: {check.outcome}", returncode=1)
