"""Base settings: wiring only. Values come from :mod:`zwfw.env`; one fragment per concern."""

from zwfw.env import BASE_DIR, ENV, require_secret_key

from .cache import CACHES, NINJA_NUM_PROXIES  # noqa: F401
from .database import DATABASES  # noqa: F401
from .email import *  # noqa: F403
from .logging import LOGGING  # noqa: F401
from .security import *  # noqa: F403
from .storage import (  # noqa: F401
    MEDIA_ROOT,
    STATIC_ROOT,
    STATIC_URL,
    STATICFILES_DIRS,
    STORAGES,
    WHITENOISE_USE_FINDERS,
)
from .tasks import RQ_QUEUES, TASKS  # noqa: F401

DEBUG = ENV.debug
SECRET_KEY = require_secret_key(ENV)
ALLOWED_HOSTS = ENV.allowed_hosts
#: A CJK font for server-made PDFs (ZWFW_PDF_FONT); empty: search the usual system paths.
PDF_FONT = ENV.pdf_font

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "django_rq",  # the Redis task backend (django-tasks-rq) needs it installed
    "ninja",
    "django_htmx",
    "zwfw.core",
    "zwfw.catalog",
    "zwfw.licences",
    "zwfw.cases",
    "zwfw.bundles",
    "zwfw.stats",
    "zwfw.supervision",
    "zwfw.intermediaries",
    "zwfw.hotline",
    "zwfw.policies",
    "zwfw.trading",
    "zwfw.sharing",
    "zwfw.ratings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zwfw.core.middleware.RejectNulMiddleware",
    "zwfw.core.middleware.RequestCacheMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zwfw.core.middleware.UploadErrorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "zwfw.core.db_busy.DatabaseBusyMiddleware",
    "zwfw.core.idempotency.IdempotencyKeyMiddleware",
]

ROOT_URLCONF = "zwfw.urls"
WSGI_APPLICATION = "zwfw.wsgi.application"
ASGI_APPLICATION = "zwfw.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zwfw.core.context_processors.shell",
            ],
        },
    },
]

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    # The Django admin's model permissions for 平台管理员 (see the module).
    "zwfw.core.auth_backends.PlatformAdminBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Pages speak Chinese first; English is the fallback.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATA_UPLOAD_MAX_MEMORY_SIZE = ENV.upload_max_bytes
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

ZWFW_SITE_REGION = ENV.site_region
ZWFW_UPLOAD_MAX_BYTES = ENV.upload_max_bytes
ZWFW_CASE_WARN_DAYS = ENV.case_warn_days
ZWFW_STATS_ENTERPRISE_CENTRES = ENV.stats_enterprise_centres
ZWFW_SUPERVISION_WEBHOOK_URL = ENV.supervision_webhook_url
ZWFW_TRUSTED_PROXY_COUNT = ENV.trusted_proxy_count
ZWFW_LOGIN_MAX_FAILURES = ENV.login_max_failures
ZWFW_LOGIN_MAX_FAILURES_PER_CLIENT = ENV.login_max_failures_per_client
ZWFW_LOGIN_LOCK_SECONDS = ENV.login_lock_seconds
ZWFW_AUDIT_KEYS = ENV.audit_keys
ZWFW_AUDIT_CHAINS = ENV.audit_chains
ZWFW_AUDIT_ANCHOR_DIR = ENV.audit_anchor_dir
