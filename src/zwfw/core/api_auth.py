"""API authentication: a bearer token (``Authorization: Bearer zwfw_…``) or the browser session.

Order matters. The token is tried first: a client that sends one is a script, not a browser, and
must not be asked for a CSRF token just because it also carries a session cookie. The session is
tried second and, for unsafe methods (POST, PUT, PATCH, DELETE), only counts together with a valid
CSRF token (cookie ``csrftoken`` + header ``X-CSRFToken``): without it the answer is 403 with the
error body. A request with neither is answered 401.

Only the SHA-256 of a key is stored (:func:`hash_token`); keys are created by
:func:`zwfw.core.services.accounts.api_token_create` and shown once.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from zwfw.core.prepared import PreparedRead

TOKEN_PREFIX = "zwfw_"  # noqa: S105 - a marker for secret scanners, not a secret
LAST_USED_RESOLUTION_S = 60  # write last_used_at at most once a minute per token


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _token_query(key_hash: str):
    from zwfw.core.models import ApiToken

    return ApiToken.objects.select_related("user", "user__region", "user__department").filter(
        key_hash=key_hash, revoked_at__isnull=True, user__is_active=True
    )


_TOKEN = PreparedRead(_token_query)  # every API request: compiled once per process (issue 9)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <key>``: an active, unrevoked token of an active user."""

    def authenticate(self, request: HttpRequest, token: str):
        from zwfw.core.models import ApiToken

        if not token:
            return None
        row = _TOKEN.first(hash_token(token.strip()))
        if row is None:
            return None
        now = timezone.now()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > LAST_USED_RESOLUTION_S:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        request.api_token = row
        return row.user


class CsrfSessionAuth(APIKeyCookie):
    """The Django session; unsafe methods also need the CSRF token (403 without it)."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # not logged in: 401, never a CSRF complaint
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise PermissionDenied("CSRF校验失败：会话请求须在请求头X-CSRFToken中携带csrftoken Cookie的值")
        return user

    def _get_key(self, request: HttpRequest):  # pragma: no cover - __call__ does the work
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key):  # pragma: no cover - __call__ does the work
        return request.user if request.user.is_authenticated else None


api_auth = [TokenAuth(), CsrfSessionAuth()]
