"""Logging: personal data is masked by a filter on every handler (see core.identifiers).

Django configures its own defaults first (``django`` → console in DEBUG, ``django.server`` → its
own unfiltered handler for the development server's request lines); both are routed here through
the masking handler, so no logger keeps an unmasked path. gunicorn's access log is outside
Django: run it with ``-c python:zwfw.core.gunicorn`` (docs/operations.md).
"""

from zwfw.env import ENV

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "zwfw.core.logging.MaskPersonalDataFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["mask_personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": ENV.log_level},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}
