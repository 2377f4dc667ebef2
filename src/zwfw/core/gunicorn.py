"""gunicorn settings for zwfw: personal data masked in the access and error logs.

Use it as the configuration module::

    gunicorn -c python:zwfw.core.gunicorn zwfw.wsgi:application --bind 127.0.0.1:8000 --workers 4

gunicorn writes its access log itself, outside Django's logging: a request line such as
``GET /api/v1/identifiers/validate?kind=id&value=510107199001011234`` would be written as it
came. :class:`MaskedLogger` masks every atom of the access-log line (request line, path, query
string, referer, headers) and puts the platform's masking filter on every gunicorn handler.
gunicorn is not a dependency of the package (docs/operations.md); this module is imported only by it.
"""

from __future__ import annotations

import logging

from gunicorn.glogging import Logger

from zwfw.core.identifiers import mask_text
from zwfw.core.logging import MaskPersonalDataFilter

accesslog = "-"
logger_class = "zwfw.core.gunicorn.MaskedLogger"


class MaskedLogger(Logger):
    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                if not any(isinstance(f, MaskPersonalDataFilter) for f in handler.filters):
                    handler.addFilter(MaskPersonalDataFilter())

    def atoms(self, resp, req, environ, request_time) -> dict:
        return {
            k: mask_text(v) if isinstance(v, str) else v
            for k, v in super().atoms(resp, req, environ, request_time).items()
        }


__all__ = ["MaskedLogger", "accesslog", "logger_class", "logging"]
