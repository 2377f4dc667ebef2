"""The layout is documented column by column, and its keys and headers are unambiguous."""

from __future__ import annotations

from pathlib import Path

from zwfw.catalog.interchange.excel import layout as L
from zwfw.catalog.interchange.excel.cells import CellError, from_cell, to_cell

DOC = Path(__file__).resolve().parents[4] / "docs" / "catalog-excel.md"


def test_every_sheet_and_column_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for sheet in L.DATA_SHEETS:
        assert f"### {sheet.name}" in text
        for col in sheet.columns:
            assert f"| {col.header} | `{col.key}` |" in text, (sheet.name, col.key)


def test_keys_and_headers_are_unique_per_sheet():
    for sheet in L.DATA_SHEETS:
        assert len({c.key for c in sheet.columns}) == len(sheet.columns), sheet.name
        assert len({c.header for c in sheet.columns}) == len(sheet.columns), sheet.name


def test_money_is_converted_exactly_to_fen():
    fee = L.BASE_ITEMS.by_key["fee_amount"]
    assert [from_cell(fee, v) for v in (12.5, "12.50", 0.1, 1234505 / 100, "0", 7)] == [1250, 1250, 10, 1234505, 0, 700]
    assert to_cell(fee, 1234505) == 12345.05 and to_cell(fee, 10) == 0.1
    for bad in ("12.345", "十元", -1, "1e400"):
        try:
            from_cell(fee, bad)
        except CellError:
            continue
        raise AssertionError(bad)


def test_integers_booleans_enums_and_dates():
    days = L.IMPLEMENTATIONS.by_key["promised_limit_days"]
    assert from_cell(days, 10.0) == 10 and from_cell(days, " 10 ") == 10 and from_cell(days, None) is None
    for bad in ("十天", 10.5, True, "１０"):
        try:
            from_cell(days, bad)
        except CellError:
            continue
        raise AssertionError(bad)
    kind = L.BASE_ITEMS.by_key["item_type"]
    assert from_cell(kind, "行政许可") == from_cell(kind, "licence") == "licence"
    levels = L.BASE_ITEMS.by_key["levels"]
    assert from_cell(levels, "省级；市级;4") == [2, 3, 4]
    assert to_cell(levels, [2, 7]) == "省级；7"
    flag = L.BASE_ITEMS.by_key["has_content"]
    assert (from_cell(flag, "是"), from_cell(flag, "否")) == (True, False)
