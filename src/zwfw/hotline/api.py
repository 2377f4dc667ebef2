"""12345热线 API under ``/api/v1/hotline/``."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["hotline"])
