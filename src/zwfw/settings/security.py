"""Security headers and cookies; strict unless ZWFW_DEBUG is on or the demo runs (``zwfw demo``)."""

from zwfw.env import ENV

CSRF_TRUSTED_ORIGINS = ENV.csrf_trusted_origins
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# A CSRF failure under /api/ answers the API's JSON error body; pages keep the 403_csrf page.
CSRF_FAILURE_VIEW = "zwfw.error_pages.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The demo (``zwfw demo``: DEBUG off, served over plain HTTP on localhost) needs cookies over HTTP.
SESSION_COOKIE_SECURE = not (ENV.debug or ENV.demo)
CSRF_COOKIE_SECURE = not (ENV.debug or ENV.demo)

if ENV.behind_tls_proxy:
    # The proxy ends TLS; trust its X-Forwarded-Proto so secure cookies and CSRF work.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
