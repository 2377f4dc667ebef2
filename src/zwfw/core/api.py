"""Core API: health; identifiers, calendar and account routes are added beside it."""

from __future__ import annotations

from django.db import connection
from ninja import Router, Schema

import zwfw

router = Router(tags=["core"])


class HealthOut(Schema):
    status: str
    version: str
    database: str


@router.get("/health", auth=None, response=HealthOut, operation_id="core_health", summary="健康检查", url_name="health")
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok", "version": zwfw.__version__, "database": connection.vendor}
