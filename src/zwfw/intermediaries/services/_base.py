"""Helpers shared by the intermediaries services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from zwfw.intermediaries.errors import IntermediaryError, IntermediaryErrorCode


def today() -> dt.date:
    return timezone.localdate()


def bad(field: str, reason: str, key: str = "") -> IntermediaryError:
    return IntermediaryError(
        IntermediaryErrorCode.BAD_INPUT, detail={"field": key or field}, field=field, reason=reason
    )


def text(value: str, field: str, key: str, *, max_length: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise bad(field, "必填", key)
    if len(value) > max_length:
        raise bad(field, f"不超过{max_length}个字符", key)
    return value


def fen(value, field: str, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > 10**13:
        raise bad(field, "应为不小于0的整数（单位：分）", key)
    return value
