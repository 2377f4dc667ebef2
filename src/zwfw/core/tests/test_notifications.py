"""The notifications outbox: same-transaction writes, delivery on commit, retries, own inbox API."""

from __future__ import annotations

import io
import json
import urllib.error

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from zwfw.core import notify
from zwfw.core.models import AuditLog, Notification, NotificationStatus, Role
from zwfw.core.notify import SmsAdapter
from zwfw.core.notify.base import ChannelAdapter, DeliveryError
from zwfw.core.services import notifications as svc
from zwfw.core.services.audit import audit_log_verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(make_user):
    return make_user(role=Role.PERSON, phone="13812345678", email="zhang@example.cn")


@pytest.fixture
def enqueued(monkeypatch):
    """Ids passed to deliver_notification.enqueue, without running the task."""
    from zwfw.core.services import notifications

    calls: list[int] = []
    real = notifications.deliver_notification

    class Recorder:
        def enqueue(self, notification_id):
            calls.append(notification_id)

        def get_backend(self):
            return real.get_backend()

        def using(self, **kwargs):
            return self

    monkeypatch.setattr(notifications, "deliver_notification", Recorder())
    return calls


class Flaky(ChannelAdapter):
    """Fails ``failures`` times, then accepts; records what it sent."""

    sent: list[int] = []
    failures = 0

    def send(self, notification):
        if Flaky.failures > 0:
            Flaky.failures -= 1
            raise DeliveryError("网关超时")
        Flaky.sent.append(notification.pk)


@pytest.fixture
def flaky_sms():
    Flaky.sent = []
    Flaky.failures = 0
    previous = notify.adapter_register("sms", Flaky)
    yield Flaky
    notify.adapter_register("sms", previous)


# ---- create: transaction contract --------------------------------------------------------------


def test_inbox_message_is_sent_when_written(person, enqueued):
    n = svc.notification_create(recipient=person, subject="办件已受理", body="您的申请已受理。", link="/cases/1")
    assert n.status == NotificationStatus.SENT
    assert n.sent_at is not None
    assert enqueued == []


def test_rolled_back_transaction_leaves_no_notification_and_enqueues_nothing(
    person, enqueued, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        svc.notification_create(recipient=person, subject="补正通知", body="请补正材料", channel="sms")
        raise RuntimeError("the change that caused it failed")
    assert callbacks == []
    assert enqueued == []
    assert not Notification.objects.filter(recipient=person).exists()


def test_committed_sms_is_enqueued_after_commit_only(person, enqueued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        n = svc.notification_create(recipient=person, subject="补正通知", body="请补正材料", channel="sms")
        assert enqueued == []  # not before commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert enqueued == [n.pk]


def test_committed_email_is_delivered(person, django_capture_on_commit_callbacks):
    """Through the real task on the immediate backend (tests), the committed row is sent."""
    with django_capture_on_commit_callbacks(execute=True):
        n = svc.notification_create(
            recipient=person,
            subject="办结通知",
            body="您的事项已办结。",
            channel="email",
            link="https://zwfw.example/1",
        )
    n.refresh_from_db()
    assert n.status == NotificationStatus.SENT
    assert n.attempts == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["zhang@example.cn"]
    assert "https://zwfw.example/1" in mail.outbox[0].body


def test_create_rejects_unknown_channel_and_long_subject(person):
    with pytest.raises(ValueError):
        svc.notification_create(recipient=person, subject="x", body="", channel="pigeon")
    with pytest.raises(ValueError):
        svc.notification_create(recipient=person, subject="长" * 201, body="")


# ---- delivery: retries, failures, idempotence ----------------------------------------------------


def _pending_sms(person) -> Notification:
    return Notification.objects.create(recipient=person, channel="sms", subject="提醒", body="请及时办理")


def test_temporary_failure_keeps_the_row_and_counts_attempts(person, flaky_sms):
    n = _pending_sms(person)
    flaky_sms.failures = 1
    assert svc.notification_deliver(notification_id=n.pk) == NotificationStatus.PENDING
    n.refresh_from_db()
    assert (n.status, n.attempts, n.last_error) == (NotificationStatus.PENDING, 1, "网关超时")
    assert svc.notification_deliver(notification_id=n.pk) == NotificationStatus.SENT
    n.refresh_from_db()
    assert (n.status, n.attempts, n.last_error) == (NotificationStatus.SENT, 2, "")
    assert flaky_sms.sent == [n.pk]


def test_delivery_is_idempotent(person, flaky_sms):
    n = _pending_sms(person)
    svc.notification_deliver(notification_id=n.pk)
    assert svc.notification_deliver(notification_id=n.pk) == NotificationStatus.SENT
    assert flaky_sms.sent == [n.pk]


def test_gives_up_after_max_attempts_and_audits_it(person, flaky_sms):
    n = _pending_sms(person)
    flaky_sms.failures = 100
    for _ in range(svc.MAX_ATTEMPTS):
        svc.notification_deliver(notification_id=n.pk)
    n.refresh_from_db()
    assert n.status == NotificationStatus.FAILED
    assert n.attempts == svc.MAX_ATTEMPTS
    assert n.last_error == "网关超时"
    assert svc.notification_deliver(notification_id=n.pk) == NotificationStatus.FAILED  # no further attempt
    assert AuditLog.objects.filter(action="zwfw.core.notification.failed", object_id=str(n.pk)).count() == 1
    assert audit_log_verify().ok


def test_recipient_without_phone_fails_at_once(make_user):
    user = make_user(role=Role.PERSON, phone="")
    n = Notification.objects.create(recipient=user, channel="sms", subject="提醒", body="")
    assert svc.notification_deliver(notification_id=n.pk) == NotificationStatus.FAILED
    n.refresh_from_db()
    assert n.attempts == 1
    assert "手机号码" in n.last_error


def test_missing_notification_is_reported_not_raised():
    assert svc.notification_deliver(notification_id=987654321) == "missing"


def test_retry_sweeper_picks_lost_enqueues(person, enqueued):
    old = _pending_sms(person)
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - timezone.timedelta(hours=1))
    fresh = _pending_sms(person)
    sent = Notification.objects.create(recipient=person, channel="sms", subject="x", body="", status="sent")
    inbox = Notification.objects.create(recipient=person, subject="x", body="")
    Notification.objects.filter(pk=inbox.pk).update(created_at=timezone.now() - timezone.timedelta(hours=1))
    count = svc.notification_retry_pending()
    assert old.pk in enqueued
    assert fresh.pk not in enqueued
    assert sent.pk not in enqueued
    assert inbox.pk not in enqueued
    assert count == len(enqueued)


# ---- SMS adapter -------------------------------------------------------------------------------


def test_sms_stub_logs_masked_phone_only(person, caplog):
    n = _pending_sms(person)
    with caplog.at_level("INFO", logger="zwfw.notify.sms"):
        SmsAdapter(url="").send(n)
    assert "138****5678" in caplog.text
    assert "13812345678" not in caplog.text


def test_sms_gateway_gets_json_and_bearer_token(person, monkeypatch):
    seen = {}

    class Response(io.BytesIO):
        status = 200

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def fake_urlopen(request, timeout):
        seen["url"] = request.full_url
        seen["auth"] = request.get_header("Authorization")
        seen["body"] = json.loads(request.data.decode("utf-8"))
        return Response(b"{}")

    monkeypatch.setattr("urllib.request.urlopen", fake_urlopen)
    n = _pending_sms(person)
    SmsAdapter(url="https://sms.example.gov.cn/send", token="t0k", sign="四川政务服务").send(n)
    assert seen["url"] == "https://sms.example.gov.cn/send"
    assert seen["auth"] == "Bearer t0k"
    assert seen["body"]["mobile"] == "13812345678"
    assert seen["body"]["content"] == "提醒：请及时办理"


@pytest.mark.parametrize(("code", "permanent"), [(400, True), (429, False), (503, False)])
def test_sms_gateway_errors(person, monkeypatch, code, permanent):
    def fake_urlopen(request, timeout):
        raise urllib.error.HTTPError(request.full_url, code, "err", {}, None)

    monkeypatch.setattr("urllib.request.urlopen", fake_urlopen)
    with pytest.raises(DeliveryError) as info:
        SmsAdapter(url="https://sms.example.gov.cn/send", token="t").send(_pending_sms(person))
    assert isinstance(info.value, notify.PermanentDeliveryError) is permanent


# ---- API: own inbox only -----------------------------------------------------------------------


def test_inbox_lists_own_messages_only(person, make_user, client_for):
    other = make_user(role=Role.PERSON)
    mine = svc.notification_create(recipient=person, subject="我的消息", body="")
    svc.notification_create(recipient=other, subject="别人的消息", body="")
    Notification.objects.create(recipient=person, channel="sms", subject="短信", body="")
    response = client_for(person).get("/api/v1/notifications")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["id"] for i in items] == [mine.pk]
    assert items[0]["is_read"] is False


def test_mark_read(person, client_for):
    n = svc.notification_create(recipient=person, subject="办件已受理", body="")
    client = client_for(person)
    assert client.get("/api/v1/notifications/unread-count").json() == {"unread": 1}
    response = client.post(f"/api/v1/notifications/{n.pk}/read")
    assert response.status_code == 200
    assert response.json()["is_read"] is True
    first_read = Notification.objects.get(pk=n.pk).read_at
    client.post(f"/api/v1/notifications/{n.pk}/read")
    assert Notification.objects.get(pk=n.pk).read_at == first_read
    assert client.get("/api/v1/notifications?unread=true").json()["items"] == []


def test_another_users_notification_is_404(person, make_user, client_for):
    other = make_user(role=Role.PERSON)
    theirs = svc.notification_create(recipient=other, subject="别人的消息", body="")
    response = client_for(person).post(f"/api/v1/notifications/{theirs.pk}/read")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_read_all_marks_only_own(person, make_user, client_for):
    other = make_user(role=Role.PERSON)
    svc.notification_create(recipient=person, subject="一", body="")
    svc.notification_create(recipient=person, subject="二", body="")
    theirs = svc.notification_create(recipient=other, subject="三", body="")
    assert client_for(person).post("/api/v1/notifications/read-all").json() == {"marked": 2}
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_inbox_needs_login(client_for):
    response = client_for(None).get("/api/v1/notifications")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_bad_id_is_a_4xx(person, client_for):
    assert client_for(person).post("/api/v1/notifications/abc/read").status_code in {404, 422}


def test_inbox_list_query_count_does_not_grow(person, client_for, django_assert_max_num_queries):
    client = client_for(person)
    svc.notification_create(recipient=person, subject="一", body="")
    with django_assert_max_num_queries(10) as few:
        client.get("/api/v1/notifications")
    for i in range(20):
        svc.notification_create(recipient=person, subject=f"消息{i}", body="")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/api/v1/notifications").json()["items"]) == 21


def test_routes_are_described_in_openapi(client_for):
    paths = client_for(None).get("/api/v1/openapi.json").json()["paths"]
    ops = {op["operationId"] for path in paths.values() for op in path.values()}
    assert {
        "core_notification_list",
        "core_notification_read",
        "core_notification_read_all",
        "core_notification_unread_count",
    } <= ops
