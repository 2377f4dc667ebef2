"""登录防暴力破解: wrong passwords are counted per account and per client in the shared store.

Rules (settings from ``ZWFW_LOGIN_*``, see docs/operations.md):

- ``LOGIN_MAX_FAILURES`` wrong passwords for one username inside ``LOGIN_LOCK_SECONDS`` lock that
  username for ``LOGIN_LOCK_SECONDS`` (the right password is refused too while it is locked); the
  account holder gets an inbox notice, so a lock-out by someone else does not go unnoticed.
- ``LOGIN_MAX_FAILURES_PER_CLIENT`` wrong passwords from one client (every username together)
  inside the period lock that client out: one machine cannot try a password against many accounts.
- Every failure is an audit row ``zwfw.core.user.login_failed`` (username, client, whether it
  locked something); a lock is ``zwfw.core.user.login_locked``. The password is never recorded.
- A successful login clears the account's count (not the client's).
- The counters live in Django's cache (``ZWFW_CACHE_URL``): Redis when several machines serve,
  files on one machine. A per-process store would let each worker count on its own.
- The client is ``REMOTE_ADDR``; X-Forwarded-For is read only through the
  ``ZWFW_TRUSTED_PROXY_COUNT`` proxies the operator declared (a forged header changes nothing).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from zwfw.core.models import User
from zwfw.core.services.audit import audit_log_write
from zwfw.core.services.notifications import notification_create


@dataclass(frozen=True)
class LoginLocked(Exception):
    """The account or the client is locked out for ``seconds`` more."""

    seconds: int
    scope: str  # "account" or "client"

    @property
    def minutes(self) -> int:
        return max(1, -(-self.seconds // 60))


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the address the trusted proxies saw (X-Forwarded-For)."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    proxies = getattr(settings, "ZWFW_TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    return hops[-min(proxies, len(hops))] if hops else remote


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"zwfw:login:{kind}:{digest}"


def _lock_left(kind: str, value: str) -> int:
    until = cache.get(_key(f"{kind}-lock", value))
    return max(0, int(until - time.time())) if until else 0


def login_guard_check(*, username: str, ip: str) -> None:
    """Raise :class:`LoginLocked` when the account or the client is locked out now."""
    for kind, value in (("account", username), ("client", ip)):
        left = _lock_left(kind, value)
        if left:
            raise LoginLocked(seconds=left, scope=kind)


def _count(kind: str, value: str, period: int) -> int:
    key = _key(kind, value)
    cache.add(key, 0, timeout=period)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        return 1


def _lock(kind: str, value: str, period: int) -> None:
    cache.set(_key(f"{kind}-lock", value), time.time() + period, timeout=period)


def login_failure_record(*, username: str, ip: str) -> LoginLocked | None:
    """Count one wrong password; lock what reached its limit. Returns the lock it caused, if any."""
    period = settings.ZWFW_LOGIN_LOCK_SECONDS
    account_failures = _count("account", username, period)
    client_failures = _count("client", ip, period)
    locked: LoginLocked | None = None
    if client_failures >= settings.ZWFW_LOGIN_MAX_FAILURES_PER_CLIENT:
        _lock("client", ip, period)
        locked = LoginLocked(seconds=period, scope="client")
    if account_failures >= settings.ZWFW_LOGIN_MAX_FAILURES:
        _lock("account", username, period)
        locked = LoginLocked(seconds=period, scope="account")
    user = User.objects.filter(username=username).first() if username else None
    with transaction.atomic():
        audit_log_write(
            actor=None,
            action="zwfw.core.user.login_failed",
            object_type="core.user",
            object_id=user.pk if user else None,
            after={
                "username": username[:150],
                "client": ip,
                "failures": account_failures,
                "locked": locked.scope if locked else "",
            },
        )
        if locked is not None:
            audit_log_write(
                actor=None,
                action="zwfw.core.user.login_locked",
                object_type="core.user",
                object_id=user.pk if user else None,
                after={"username": username[:150], "client": ip, "scope": locked.scope, "seconds": period},
            )
            if user is not None and locked.scope == "account":
                notification_create(
                    recipient=user,
                    subject="账号因多次密码错误已被临时锁定",
                    body=(
                        f"您的账号连续{account_failures}次密码错误，已临时锁定{locked.minutes}分钟。"
                        "如非本人操作，请在解锁后立即修改密码，或联系平台管理员。"
                    ),
                    event="zwfw.core.user.login_locked",
                )
    return locked


def login_success_clear(*, username: str) -> None:
    cache.delete_many([_key("account", username)])
