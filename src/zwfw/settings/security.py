"""Security headers and cookies; strict unless ZWFW_DEBUG is on."""

from zwfw.env import ENV

CSRF_TRUSTED_ORIGINS = ENV.csrf_trusted_origins
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not ENV.debug
CSRF_COOKIE_SECURE = not ENV.debug
