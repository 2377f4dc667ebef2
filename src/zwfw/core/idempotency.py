"""``Idempotency-Key``: a retried POST never does the work twice.

A client that may retry a create (a timeout, a dropped connection) sends a key of its choosing,
unique per operation (a UUID), in the ``Idempotency-Key`` header of a POST under ``/api/``:

- the first request with that key runs and its answer (status, body) is kept for
  :data:`KEEP_HOURS` hours;
- a retry with the same key and the same request (method, path, body) gets the kept answer,
  with ``Idempotent-Replayed: true``, and nothing runs again;
- the same key with a different request is 422 ``idempotency_key_reused``; a retry while the first
  is still running is 409 ``idempotency_key_in_progress`` (try again shortly);
- an answer of 5xx is not kept (the work did not happen; a retry may run it), nor one marked
  ``Cache-Control: no-store`` (a created API token's secret is never stored).

Keys are scoped to the caller (the logged-in user, else the bearer token's hash, else the
client's address), so one caller can neither replay nor block another's. A key is 1–200
printable ASCII characters.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from zwfw.core.models import IdempotencyRecord

HEADER = "HTTP_IDEMPOTENCY_KEY"
KEEP_HOURS = 24


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(
        {"code": code, "message": message, "detail": None}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def _scope(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    auth = request.META.get("HTTP_AUTHORIZATION", "")
    if auth:
        return "token:" + hashlib.sha256(auth.encode()).hexdigest()[:40]
    from zwfw.core.services.login_guard import client_ip

    return f"client:{client_ip(request)}"[:80]


def _fingerprint(request: HttpRequest) -> str:
    """What makes two requests "the same": method, path with query, and the body.

    A multipart body is summarised by its fields and its files' names and sizes, so an upload is
    never read into memory twice.
    """
    digest = hashlib.sha256(f"{request.method} {request.get_full_path()}\n".encode())
    if request.META.get("CONTENT_TYPE", "").lower().startswith("multipart/"):
        for name, values in sorted(request.POST.lists()):
            digest.update(repr((name, values)).encode())
        for name, files in sorted(request.FILES.lists()):
            digest.update(repr((name, [(f.name, f.size) for f in files])).encode())
    else:
        digest.update(request.body)
    return digest.hexdigest()


def idempotency_records_purge(*, now=None) -> int:
    """Delete the records older than :data:`KEEP_HOURS` (periodic job)."""
    cutoff = (now or timezone.now()) - timedelta(hours=KEEP_HOURS)
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted


class IdempotencyKeyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.META.get(HEADER)
        if key is None or request.method != "POST" or not request.path.startswith("/api/"):
            return self.get_response(request)
        if not 1 <= len(key) <= 200 or not key.isascii() or not key.isprintable():
            return _error(400, "idempotency_key_invalid", "Idempotency-Key 须为1–200个可打印的ASCII字符")
        scope = _scope(request)
        fingerprint = _fingerprint(request)
        cutoff = timezone.now() - timedelta(hours=KEEP_HOURS)
        IdempotencyRecord.objects.filter(scope=scope, key=key, created_at__lt=cutoff).delete()
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(scope=scope, key=key, fingerprint=fingerprint)
        except IntegrityError:
            existing = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
            if existing is None:  # the first request failed and released the key meanwhile
                return _error(409, "idempotency_key_in_progress", "相同幂等键的请求正在处理，请稍后重试")
            if existing.fingerprint != fingerprint:
                return _error(422, "idempotency_key_reused", "该幂等键已用于另一个不同的请求，请为新请求使用新的键")
            if existing.status_code is None:
                return _error(409, "idempotency_key_in_progress", "相同幂等键的请求正在处理，请稍后重试")
            replay = HttpResponse(bytes(existing.body), status=existing.status_code, content_type=existing.content_type)
            replay["Idempotent-Replayed"] = "true"
            return replay
        response = self.get_response(request)
        if response.status_code >= 500 or "no-store" in response.get("Cache-Control", "") or response.streaming:
            IdempotencyRecord.objects.filter(pk=record.pk).delete()
            return response
        IdempotencyRecord.objects.filter(pk=record.pk).update(
            status_code=response.status_code,
            content_type=response.get("Content-Type", "")[:100],
            body=response.content,
        )
        return response
