"""Profile values between their typed form (rules) and JSON (the database) and files (imports).

Typed: money int fen, dates ``datetime.date``, tags a set. JSON: dates ISO strings, tags a
sorted list. Files: money in 元 (decimal, up to 2 places), dates ``YYYY-MM-DD`` or ``YYYYMMDD``,
booleans 是/否/true/false/1/0, tags separated by ``;`` or ``；``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from zwfw.policies.rules.attributes import ATTRIBUTES, TAGS, AttrType
from zwfw.policies.rules.industry import industry_code_problem

TRUE_WORDS = {"是", "true", "1", "y", "yes", "有"}
FALSE_WORDS = {"否", "false", "0", "n", "no", "无"}


def to_json(values: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in values.items():
        if isinstance(v, dt.date):
            out[k] = v.isoformat()
        elif isinstance(v, (set, frozenset)):
            out[k] = sorted(v)
        else:
            out[k] = v
    return out


def from_json(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in values.items():
        attr = ATTRIBUTES.get(k)
        if attr is not None and attr.type == AttrType.DATE and isinstance(v, str):
            out[k] = dt.date.fromisoformat(v)
        elif attr is not None and attr.type == AttrType.TAGS:
            out[k] = frozenset(v or ())
        else:
            out[k] = v
    return out


def parse_cell(name: str, text: str) -> Any:
    """One cell of an import file → the typed value; ``ValueError`` with a Chinese reason."""
    attr = ATTRIBUTES[name]
    t = attr.type
    s = text.strip()
    if t == AttrType.INT:
        if not s.lstrip("-").isdigit():
            raise ValueError(f"应为整数：{s}")
        return int(s)
    if t == AttrType.MONEY:
        try:
            yuan = Decimal(s.replace(",", ""))
        except InvalidOperation:
            raise ValueError(f"应为金额（元）：{s}") from None
        fen = yuan * 100
        if fen != fen.to_integral_value():
            raise ValueError(f"金额精确不到分：{s}")
        return int(fen)
    if t == AttrType.BOOL:
        low = s.lower()
        if low in TRUE_WORDS:
            return True
        if low in FALSE_WORDS:
            return False
        raise ValueError(f"应为是/否：{s}")
    if t == AttrType.DATE:
        try:
            if len(s) == 8 and s.isdigit():
                return dt.date(int(s[:4]), int(s[4:6]), int(s[6:]))
            return dt.date.fromisoformat(s[:10])
        except ValueError:
            raise ValueError(f"应为日期（YYYY-MM-DD）：{s}") from None
    if t == AttrType.ENUM:
        if s not in attr.choices:
            raise ValueError(f"“{s}”不是可选值（{'、'.join(attr.choices)}）")
        return s
    if t == AttrType.REGION:
        if len(s) != 6 or not s.isdigit():
            raise ValueError(f"应为6位行政区划代码：{s}")
        return s
    if t == AttrType.INDUSTRY:
        problem = industry_code_problem(s)
        if problem or len(s) != 4:
            raise ValueError(problem or f"应为4位行业小类代码：{s}")
        return s
    tags = {x.strip() for x in s.replace("；", ";").split(";") if x.strip()}
    unknown = sorted(tags - set(TAGS))
    if unknown:
        raise ValueError(f"未知的标签：{'、'.join(unknown)}")
    return tags
