"""The cache: the shared store of counters (login throttling, API rate limits).

Counters must be shared by every worker, or each worker counts on its own and a limit of 30 a
minute becomes 30 per worker: ``ZWFW_CACHE_URL=redis://…`` on several machines, files under the
data dir by default (shared by the processes of one machine), memory only in tests.
"""

from zwfw.env import ENV


def _caches(url: str) -> dict:
    if url.startswith(("redis://", "rediss://")):
        return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    if url.startswith("locmem://"):
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": url.removeprefix("file://"),
        }
    }


CACHES = _caches(ENV.cache_url)
# django-ninja's rate limits (the public case lookup) identify the client the same way as the login guard
NINJA_NUM_PROXIES = ENV.trusted_proxy_count
