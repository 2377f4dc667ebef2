"""Personal data never reaches a log line (issue 18 item 3): every handler masks, gunicorn's access log too."""

from __future__ import annotations

import datetime as dt
import io
import logging

import pytest

from zwfw.core.logging import MaskPersonalDataFilter

ID = "510107199001011234"
PHONE = "13800138000"


def _handlers():
    loggers = [logging.getLogger()] + [
        logging.getLogger(name)
        for name, obj in logging.Logger.manager.loggerDict.items()
        if isinstance(obj, logging.Logger)
    ]
    # pytest adds its own capture handlers to every logger while a test runs: not ours to check
    # (and libraries add NullHandlers, which write nothing)
    return [
        (log.name, h)
        for log in loggers
        for h in log.handlers
        if not type(h).__module__.startswith("_pytest") and not isinstance(h, logging.NullHandler)
    ]


def test_every_configured_handler_masks(settings):
    handlers = _handlers()
    assert any(name == "django.server" for name, _ in handlers)
    ours = [(name, h) for name, h in handlers if name == "root" or name.startswith("django")]
    unmasked = [name for name, h in ours if not any(isinstance(f, MaskPersonalDataFilter) for f in h.filters)]
    assert unmasked == []


@pytest.mark.parametrize("library_logger", ["jieba", "push_response", "some.library.added.later"])
def test_a_library_handler_without_our_filter_still_writes_masked_lines(library_logger):
    """Libraries attach their own StreamHandlers at import (jieba, redis's push_response): the
    record factory masks the record itself, so even a handler we never configured cannot leak."""
    log = logging.getLogger(library_logger)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)  # no filter of ours
    log.addHandler(handler)
    old_level = log.level
    log.setLevel(logging.INFO)
    try:
        log.info("申请人 %s 电话 %s", ID, PHONE)
        log.info(f"inline {ID} / {PHONE}")
    finally:
        log.removeHandler(handler)
        log.setLevel(old_level)
    text = stream.getvalue()
    assert "申请人" in text and "inline" in text
    assert ID not in text and PHONE not in text
    assert "138****8000" in text


def test_development_server_request_lines_are_masked():
    log = logging.getLogger("django.server")
    stream = io.StringIO()
    handler = next(h for h in log.handlers if any(isinstance(f, MaskPersonalDataFilter) for f in h.filters))
    old = handler.setStream(stream)
    try:
        log.info('"%s" %s %s', f"GET /api/v1/identifiers/validate?kind=id&value={ID}&phone={PHONE} HTTP/1.1", 200, 17)
    finally:
        handler.setStream(old)
    line = stream.getvalue()
    assert "validate?kind=id" in line and ID not in line and PHONE not in line


def test_gunicorn_access_log_atoms_are_masked():
    from gunicorn.config import Config

    from zwfw.core.gunicorn import MaskedLogger

    logger = MaskedLogger(Config())

    class Resp:
        status = "200 OK"
        sent = 10
        headers = [("Content-Type", "application/json")]

    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/api/v1/identifiers/validate?kind=id&value={ID}",
        "PATH_INFO": "/api/v1/identifiers/validate",
        "QUERY_STRING": f"kind=id&value={ID}&p={PHONE}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"http://x/?phone={PHONE}",
    }
    atoms = logger.atoms(Resp(), [("Referer", f"http://x/?phone={PHONE}")], environ, dt.timedelta(seconds=0.01))
    text = " ".join(str(v) for v in atoms.values())
    assert ID not in text and PHONE not in text
    assert "/api/v1/identifiers/validate?kind=id&value=" in atoms["r"]
