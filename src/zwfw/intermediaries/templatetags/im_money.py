"""``{{ fen|yuan }}``: integer fen shown as yuan with two decimals (``123456`` → ``1,234.56``)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def yuan(fen) -> str:
    if fen is None or fen == "":
        return ""
    fen = int(fen)
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d}"
