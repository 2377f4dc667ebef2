"""A busy database is a 503 with Retry-After, never a 500.

SQLite lets one writer at a time: a long write (an import) makes other writers wait for the busy
timeout and then fail with ``OperationalError: database is locked``. PostgreSQL reports lock
time-outs (55P03), deadlocks (40P01) and a full connection pool (53300) the same way. Each of
these means "nothing was written, try again", so the caller gets 503 with ``Retry-After`` (the
API's error body under ``/api/``, a Chinese page elsewhere), and the transaction has rolled back.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from zwfw.core.errors import CoreErrorCode

RETRY_AFTER_SECONDS = 5
_SQLITE_BUSY = ("database is locked", "database table is locked", "database schema is locked")
_PG_BUSY_STATES = {"55P03", "40P01", "53300"}


def is_database_busy(exc: BaseException) -> bool:
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__ or exc
    if getattr(cause, "sqlstate", None) in _PG_BUSY_STATES:
        return True
    return any(text in str(exc).lower() for text in _SQLITE_BUSY)


def busy_response(request: HttpRequest) -> HttpResponse:
    code = CoreErrorCode.DATABASE_BUSY
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"code": code.code, "message": code.message(), "detail": {"retry_after": RETRY_AFTER_SECONDS}},
            status=503,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        response = HttpResponse(
            render_to_string("503.html", {"message": code.message(), "retry_after": RETRY_AFTER_SECONDS}),
            status=503,
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseBusyMiddleware:
    """Turn a busy-database error raised by a page into a 503 (the API has its own handler)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return busy_response(request) if is_database_busy(exception) else None
