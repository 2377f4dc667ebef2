"""The data-element dictionary: keys, types and value rules."""

from __future__ import annotations

import pytest

from zwfw.catalog.elements import ELEMENTS, validate_value
from zwfw.catalog.models import FieldType


def test_every_element_has_a_known_type_and_a_chinese_label():
    for key, element in ELEMENTS.items():
        assert element.key == key
        assert element.type in FieldType.values, key
        assert element.label and not element.label.isascii(), key


@pytest.mark.parametrize(
    ("key", "good", "bad"),
    [
        ("id_number", "11010519491231002X", "110105194912310021"),
        ("uscc", "91350100M000100Y43", "91350100M000100Y44"),
        ("phone", "13800138000", "12345"),
        ("birth_date", "2020-02-29", "2021-02-29"),
        ("postal_code", "610041", "61004"),
        ("registered_capital", "100.50", "100.505"),
        ("bank_account", "6222020200112233445", "abc"),
        ("sex", "女", "未知"),
    ],
)
def test_value_rules(key, good, bad):
    assert validate_value(key, good) is None
    assert validate_value(key, bad)


def test_unknown_element():
    assert "未知" in validate_value("favourite_colour", "红")
