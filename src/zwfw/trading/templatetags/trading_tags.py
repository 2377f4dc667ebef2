"""Template filters of the trading pages."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def yuan(fen) -> str:
    """Integer fen → ``1,234,567.89`` (元), exact (Decimal, never float)."""
    if fen is None or fen == "":
        return ""
    return f"{Decimal(int(fen)) / 100:,.2f}"
