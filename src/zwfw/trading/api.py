"""公共资源交易 API under ``/api/v1/trading/``."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["trading"])
