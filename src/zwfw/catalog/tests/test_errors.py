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


def test_a_duplicate_code_is_a_409_that_names_the_code(db):
    # the message has a {code} parameter of its own: it once collided with the error's code
    # argument, and a duplicate was a TypeError (a 500) instead of this
    import pytest

    from zwfw.catalog.errors import CatalogError
    from zwfw.catalog.services import base_item_create

    base_item_create(actor=None, code="TEST-DUP-001", name="重复编码测试", item_type="licence")
    with pytest.raises(CatalogError) as raised:
        base_item_create(actor=None, code="TEST-DUP-001", name="重复编码测试二", item_type="licence")
    assert raised.value.status == 409
    assert raised.value.code is CatalogErrorCode.DUPLICATE_CODE
    assert "TEST-DUP-001" in raised.value.message and raised.value.detail == {"code": "TEST-DUP-001"}
