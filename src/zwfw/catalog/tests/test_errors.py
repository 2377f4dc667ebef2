"""Every catalog error code has a stable code, a 4xx status and both messages."""

from __future__ import annotations

import string

from django.utils import translation

from zwfw.catalog.errors import CatalogErrorCode


def test_every_code_is_translated_and_4xx():
    codes = [c.code for c in CatalogErrorCode]
    assert len(codes) == len(set(codes))
    for c in CatalogErrorCode:
        assert c.code.startswith("catalog_") and c.code.islower()
        assert 400 <= c.status < 500
        assert c.zh and not c.zh.isascii()
        assert c.en and c.en.isascii()
        zh_params = {p for _, p, _, _ in string.Formatter().parse(c.zh) if p}
        en_params = {p for _, p, _, _ in string.Formatter().parse(c.en) if p}
        assert zh_params == en_params, c


def test_message_follows_the_active_language():
    code = CatalogErrorCode.VALIDATION_FAILED
    assert "3" in code.message(count=3) and "校验" in code.message(count=3)
    with translation.override("en"):
        assert code.message(count=3).startswith("The item failed validation")
