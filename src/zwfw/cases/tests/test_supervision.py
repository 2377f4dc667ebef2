"""审管联动: the notice, the inbox and the outbound webhook with retries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from zwfw.cases.models import SupervisionNotice
from zwfw.cases.selectors import supervision_inbox
from zwfw.cases.services import (
    case_accept,
    case_decide,
    case_step_complete,
    supervision_notice_mark_read,
    supervision_notice_send,
    supervision_retry_due,
)
from zwfw.cases.services import supervision as sup
from zwfw.cases.services.workflow import step_get
from zwfw.core.models import AuditLog

pytestmark = pytest.mark.django_db


def _decide(people, apply_case):
    case = apply_case()
    case_accept(actor=people["clerk"], case=case)
    for key in ("review", "inspect"):
        case_step_complete(actor=people["reviewer"], case=case, step=step_get(case, key))
    case_decide(actor=people["reviewer"], case=case, approved=True, reason="符合")
    return case


def test_webhook_fails_twice_then_succeeds_with_backoff(
    people, apply_case, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.ZWFW_SUPERVISION_WEBHOOK_URL = "http://127.0.0.1:9/supervision"
    calls = []

    def flaky(url, payload):
        calls.append((url, payload))
        if len(calls) <= 2:
            raise OSError("connection refused")
        return 200

    monkeypatch.setattr(sup, "webhook_post", flaky)
    with django_capture_on_commit_callbacks(execute=True):
        case = _decide(people, apply_case)
    notice = SupervisionNotice.objects.get(case=case)  # first attempt ran at commit (immediate tasks)
    assert notice.attempts == 1 and notice.status == "pending" and "refused" in notice.last_error
    first_retry = notice.next_attempt_at
    assert first_retry - timezone.now() <= sup.BASE_DELAY
    assert supervision_retry_due() == []  # not due yet
    assert supervision_retry_due(now=first_retry + dt.timedelta(seconds=1)) == ["pending"]
    notice.refresh_from_db()
    assert notice.attempts == 2 and notice.next_attempt_at - first_retry >= sup.BASE_DELAY  # doubled
    assert supervision_retry_due(now=notice.next_attempt_at + dt.timedelta(seconds=1)) == ["sent"]
    notice.refresh_from_db()
    assert notice.status == "sent" and notice.attempts == 3 and notice.sent_at and notice.last_error == ""
    _url, payload = calls[-1]
    assert payload["case_number"] == case.number and payload["decision"] == "approved"
    assert people["person"].id_number not in str(payload)  # no personal id numbers go out
    assert supervision_notice_send(notice_id=notice.pk) == "sent" and len(calls) == 3  # idempotent


def test_webhook_gives_up_after_max_attempts(people, apply_case, settings, monkeypatch):
    settings.ZWFW_SUPERVISION_WEBHOOK_URL = "http://127.0.0.1:9/supervision"
    monkeypatch.setattr(sup, "webhook_post", lambda url, payload: 500)
    case = _decide(people, apply_case)
    notice = SupervisionNotice.objects.get(case=case)
    for _ in range(sup.MAX_ATTEMPTS):
        supervision_notice_send(notice_id=notice.pk)
    notice.refresh_from_db()
    assert notice.status == "failed" and notice.attempts == sup.MAX_ATTEMPTS and "HTTP 500" in notice.last_error
    assert AuditLog.objects.filter(action="zwfw.cases.supervision_notice.failed").count() == 1


def test_real_http_post_to_a_local_server(people, apply_case, settings):
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    settings.ZWFW_SUPERVISION_WEBHOOK_URL = f"http://127.0.0.1:{server.server_port}/hook"
    case = _decide(people, apply_case)
    notice = SupervisionNotice.objects.get(case=case)
    assert supervision_notice_send(notice_id=notice.pk) == "sent"
    thread.join(timeout=5)
    server.server_close()
    assert received[0]["case_number"] == case.number and received[0]["item_name"] == case.item_name


def test_inbox_of_the_supervising_department(people, apply_case):
    case = _decide(people, apply_case)
    notice = SupervisionNotice.objects.get(case=case)
    assert notice.status == "pending"  # no URL: handed to the supervision app after commit
    assert list(supervision_inbox(user=people["supervisor"])) == [notice]  # 省市场监管局 (监管主体)
    assert not supervision_inbox(user=people["reviewer_wjw"]).exists()
    supervision_notice_mark_read(actor=people["supervisor"], notice=notice)
    assert not supervision_inbox(user=people["supervisor"], unread=True).exists()
