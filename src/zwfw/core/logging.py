"""Personal data never reaches a log line: 身份证号 and mobile numbers are masked in every record.

Two layers, so that no logger keeps an unmasked path:

* :func:`install_masking_record_factory` wraps the process's log-record factory, so every record
  is masked as it is made, whichever handler later writes it — including the handlers libraries
  attach to their own loggers at import time (jieba's console handler, redis's ``push_response``).
* :class:`MaskPersonalDataFilter` sits on every handler we configure (settings.logging, gunicorn),
  for records made before the factory was installed.
"""

from __future__ import annotations

import logging


def _mask_record(record: logging.LogRecord) -> None:
    from zwfw.core.identifiers import mask_text

    try:
        message = record.getMessage()
    except Exception:  # a broken format string must not lose the record, nor leak it
        record.msg = mask_text(str(record.msg))
        if isinstance(record.args, tuple):
            record.args = tuple(mask_text(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: mask_text(v) if isinstance(v, str) else v for k, v in record.args.items()}
        return
    masked = mask_text(message)
    if masked != message:
        record.msg, record.args = masked, None


class MaskPersonalDataFilter(logging.Filter):
    """Rewrite each record's message with personal identifiers masked (5101**********123X, 138****5678).

    A record whose format string does not match its arguments cannot be rendered; it is kept, but
    its raw message and arguments are masked one by one so nothing personal slips through.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        _mask_record(record)
        return True


def install_masking_record_factory() -> None:
    """Make every log record of this process masked at birth (idempotent)."""
    current = logging.getLogRecordFactory()
    if getattr(current, "zwfw_masks", False):
        return

    def factory(*args, **kwargs):
        record = current(*args, **kwargs)
        _mask_record(record)
        return record

    factory.zwfw_masks = True
    logging.setLogRecordFactory(factory)
