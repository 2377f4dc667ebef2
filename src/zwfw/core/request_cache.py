"""A memo that lives for one request (issue 9): the same fact is not fetched twice per request.

:class:`zwfw.core.middleware.RequestCacheMiddleware` opens it around every request. Code asks
:func:`request_cache` for the dict and gets ``None`` outside a request (tests calling services
directly, workers, management commands): then nothing is memoised. Only facts that the request
itself does not change belong here; a service that changes one calls :func:`request_cache_clear`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_CACHE: ContextVar[dict | None] = ContextVar("zwfw_request_cache", default=None)


@contextmanager
def request_cache_open() -> Iterator[dict]:
    token = _CACHE.set({})
    try:
        yield _CACHE.get()
    finally:
        _CACHE.reset(token)


def request_cache() -> dict | None:
    return _CACHE.get()


def request_cache_clear() -> None:
    cache = _CACHE.get()
    if cache is not None:
        cache.clear()
