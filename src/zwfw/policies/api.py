"""惠企政策 API under ``/api/v1/policies/``."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["policies"])
