"""A logging filter that masks 身份证号 and mobile numbers in every log record."""

from __future__ import annotations

import logging


class MaskPersonalDataFilter(logging.Filter):
    """Rewrite each record's message with personal identifiers masked (5101**********123X, 138****5678).

    A record whose format string does not match its arguments cannot be rendered; it is kept, but
    its raw message and arguments are masked one by one so nothing personal slips through.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        from zwfw.core.identifiers import mask_text

        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the record, nor leak it
            record.msg = mask_text(str(record.msg))
            if isinstance(record.args, tuple):
                record.args = tuple(mask_text(a) if isinstance(a, str) else a for a in record.args)
            elif isinstance(record.args, dict):
                record.args = {k: mask_text(v) if isinstance(v, str) else v for k, v in record.args.items()}
            return True
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
