"""好差评 API under ``/api/v1/ratings/``."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["ratings"])
