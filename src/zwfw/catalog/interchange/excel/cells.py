"""One value ⇄ one cell, by the column's type (see :mod:`zwfw.catalog.interchange.excel.layout`).

``to_cell`` gives what the writer puts in the cell; ``from_cell`` turns what a reader found back
into the interchange value, or raises :class:`CellError` with a Chinese message. ``MISSING``
means "leave the key out" (the interchange default applies).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from zwfw.catalog.interchange.excel.layout import FALSE, LIST_SEPARATOR, LIST_SEPARATORS_READ, TRUE, Column

MISSING = object()
MAX_FEN = 2**63 - 1  # the database column is a 64-bit integer
_ESCAPED = ("\\", *LIST_SEPARATORS_READ)


class CellError(ValueError):
    """A cell that does not hold a value of its column's type."""


def list_join(values: list[Any]) -> str:
    """``["a；b", "c"]`` → ``a\\；b；c``: separators and backslashes inside a value are escaped."""
    out = []
    for v in values:
        s = str(v)
        for ch in _ESCAPED:
            s = s.replace(ch, "\\" + ch)
        out.append(s)
    return LIST_SEPARATOR.join(out)


def list_split(text: str) -> list[str]:
    """The inverse of :func:`list_join`; ``；`` and ``;`` both separate; blank items are dropped."""
    items, cur, i = [], [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in _ESCAPED:
            cur.append(text[i + 1])
            i += 2
            continue
        if ch in LIST_SEPARATORS_READ:
            items.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    items.append("".join(cur))
    return [s.strip() for s in items if s.strip()]


def _label(column: Column, value: Any) -> str:
    for v, label in column.choices:
        if v == value:
            return label
    return str(value)


def to_cell(column: Column, value: Any) -> Any:
    """The cell value for an interchange value (``None`` → empty cell)."""
    kind = column.kind
    if value is None or value == "":
        return None
    if kind == "bool":
        return TRUE if value else FALSE
    if kind == "money":
        return float(Decimal(value) / 100)  # exact in repr: at most two decimals, see from_cell
    if kind == "enum":
        return _label(column, value)
    if kind == "enum_list":
        return list_join([_label(column, v) for v in value]) or None
    if kind == "list":
        return list_join(value) or None
    return value


def _text(raw: Any) -> str:
    if isinstance(raw, bool):
        return TRUE if raw else FALSE
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw)


def _int(raw: Any) -> int:
    if isinstance(raw, bool):
        raise CellError("应为整数")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    text = str(raw).strip()
    if text.lstrip("-").isdigit() and text.isascii():
        return int(text)
    raise CellError("应为整数（阿拉伯数字，如 10）")


def _money_fen(raw: Any) -> int:
    if isinstance(raw, bool):
        raise CellError("应为金额（元）")
    try:
        # repr of an Excel float is its shortest round-trip decimal, so 12.3 reads as 12.3
        amount = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(str(raw).strip())
    except InvalidOperation:
        raise CellError("应为金额（元，如 12.50）") from None
    if not amount.is_finite() or amount < 0:
        raise CellError("金额应为非负数")
    fen = amount * 100
    if fen > MAX_FEN:
        raise CellError("金额过大")
    if fen != fen.to_integral_value():
        raise CellError("金额最多两位小数（精确到分）")
    return int(fen)


def _choice(column: Column, text: str) -> Any:
    for value, label in column.choices:
        if text == label or text == str(value):
            return value
    allowed = "、".join(label for _, label in column.choices)
    raise CellError(f"取值“{text}”无效，应为：{allowed}")


def from_cell(column: Column, raw: Any) -> Any:
    """The interchange value of a cell; ``MISSING`` for a blank optional cell whose key the
    interchange defaults; raises :class:`CellError`."""
    kind = column.kind
    blank = raw is None or (isinstance(raw, str) and not raw.strip())
    if blank:
        if column.required:
            raise CellError("必填，不能为空")
        if kind in ("text", "code"):
            return None if column.blank_is_none else ""
        if kind == "int_or_blank":
            return None
        if kind in ("list", "enum_list"):
            return []
        if kind == "money":
            return 0
        return MISSING
    if kind == "text":
        return _text(raw)
    if kind == "code":
        return _text(raw).strip()
    if kind in ("int", "int_or_blank"):
        value = _int(raw)
        if value < 0:
            raise CellError("不能为负数")
        return value
    if kind == "money":
        return _money_fen(raw)
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        text = _text(raw).strip()
        if text in (TRUE, FALSE):
            return text == TRUE
        raise CellError(f"应填“{TRUE}”或“{FALSE}”")
    if kind == "date":
        if isinstance(raw, dt.datetime | dt.date):
            return (raw.date() if isinstance(raw, dt.datetime) else raw).isoformat()
        text = _text(raw).strip()
        try:
            return dt.date.fromisoformat(text).isoformat() if len(text) == 10 else _bad_date()
        except ValueError:
            return _bad_date()
    if kind == "enum":
        return _choice(column, _text(raw).strip())
    if kind == "enum_list":
        return [_choice(column, item) for item in list_split(_text(raw))]
    if kind == "list":
        return list_split(_text(raw))
    raise AssertionError(kind)


def _bad_date():
    raise CellError("日期应为YYYY-MM-DD，如 2026-01-01")
