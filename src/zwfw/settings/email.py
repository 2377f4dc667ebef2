"""E-mail for notifications: ``ZWFW_EMAIL_URL=smtp://user:password@host:587?tls=1``.

Unset, e-mails go to the console backend (development, demo); nothing is sent anywhere.
"""

from urllib.parse import parse_qs, unquote, urlsplit

from zwfw.env import ENV, EnvError

DEFAULT_FROM_EMAIL = ENV.email_from
SERVER_EMAIL = ENV.email_from

if ENV.email_url:
    _url = urlsplit(ENV.email_url)
    if _url.scheme not in {"smtp", "smtps"} or not _url.hostname:
        raise EnvError(f"ZWFW_EMAIL_URL: expected smtp://user:password@host:port, got scheme {_url.scheme!r}")
    _query = parse_qs(_url.query)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _url.hostname
    EMAIL_PORT = _url.port or (465 if _url.scheme == "smtps" else 25)
    EMAIL_HOST_USER = unquote(_url.username or "")
    EMAIL_HOST_PASSWORD = unquote(_url.password or "")
    EMAIL_USE_SSL = _url.scheme == "smtps"
    EMAIL_USE_TLS = not EMAIL_USE_SSL and _query.get("tls", ["0"])[0] in {"1", "true"}
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
