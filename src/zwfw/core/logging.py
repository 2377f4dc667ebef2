"""A logging filter that masks 身份证号 and mobile numbers in every log record."""

from __future__ import annotations

import logging


class MaskPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        from zwfw.core.identifiers import mask_text

        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the record
            return True
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
