"""中介服务网上超市 API under ``/api/v1/intermediaries/``."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["intermediaries"])
