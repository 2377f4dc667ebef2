"""The notifications outbox: messages to users, written with the change that causes them.

Transaction contract (STYLE.md convention 2, after Open Forms' on_commit rule):

- :func:`notification_create` writes the row in the *caller's* transaction. If that transaction
  rolls back, the message never existed and nothing was enqueued. Delivery of SMS and e-mail is
  enqueued with ``transaction.on_commit`` only, so no worker can look for a row that is not
  committed yet. 站内信 (inbox) rows are delivered by being written: they are ``sent`` at once.
- :func:`notification_deliver` (run by the ``deliver_notification`` task) sends one row through
  its channel's adapter, counting ``attempts`` and keeping ``last_error``. A temporary failure
  leaves the row ``pending`` for a retry (with back-off where the task backend can defer); after
  :data:`MAX_ATTEMPTS`, or at once for a permanent failure (no phone number …), it becomes
  ``failed`` and an audit row says so. No failure deletes the row.
- :func:`notification_retry_pending` (a periodic job) re-enqueues rows whose enqueue was lost
  (the broker was down at commit) or, on backends that cannot defer, whose retry is due.

Audit: the change that *causes* a message is audited by its own service; creating the outbox row,
sending it and the reader marking it read are the outbox's bookkeeping and write no audit row,
except a permanent delivery failure (someone was not told something).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from zwfw.core.models import Channel, Notification, NotificationStatus, max_length_of
from zwfw.core.notify import DeliveryError, PermanentDeliveryError, adapter_for
from zwfw.core.prepared import insert_row
from zwfw.core.services.audit import audit_log_write
from zwfw.core.types import Actor

logger = logging.getLogger("zwfw.notify")

MAX_ATTEMPTS = 5
# Wait before attempt n+1 after n failures (n = 1..4): 1 min, 5 min, 30 min, 2 h.
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
LOST_ENQUEUE_AFTER = timedelta(minutes=5)
SUBJECT_MAX = max_length_of(Notification, "subject")
LAST_ERROR_MAX = max_length_of(Notification, "last_error")


def notification_create(
    *,
    recipient,
    subject: str,
    body: str,
    channel: str = Channel.INBOX,
    event: str = "",
    link: str = "",
) -> Notification:
    """Write one message to ``recipient`` in the caller's transaction (see the module docstring).

    ``event`` is the dotted code of what happened (``zwfw.cases.case.accepted``) so messages can
    be grouped and counted; ``link`` is a site path the reader can follow.
    Raises ``ValueError`` for an unknown channel or an over-long subject (a programming error).
    """
    channel = Channel(channel).value
    if len(subject) > SUBJECT_MAX:
        raise ValueError("notification subject longer than 200 characters")
    now = timezone.now()
    inbox = channel == Channel.INBOX
    notification = insert_row(  # on every case action: SQL compiled once (issue 9)
        Notification(
            recipient=recipient,
            channel=channel,
            subject=subject,
            body=body,
            event=event,
            link=link,
            status=NotificationStatus.SENT if inbox else NotificationStatus.PENDING,
            sent_at=now if inbox else None,
        )
    )
    if not inbox:
        notification_id = notification.pk
        transaction.on_commit(lambda: _enqueue_delivery(notification_id), robust=True)
    return notification


def _enqueue_delivery(notification_id: int, *, delay: timedelta | None = None) -> None:
    delivery = deliver_notification
    if delay is not None:
        if not delivery.get_backend().supports_defer:
            return  # notification_retry_pending picks it up
        delivery = delivery.using(run_after=timezone.now() + delay)
    delivery.enqueue(notification_id)


def _retry_delay(attempts: int) -> timedelta:
    return RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]


def notification_deliver(*, notification_id: int) -> str:
    """Send one pending row through its channel; returns the row's status afterwards.

    Idempotent: a row that is no longer ``pending`` (sent, failed, or being sent by another
    worker) is left alone, so duplicate enqueues never send twice. Answers ``"missing"`` for an id
    that does not exist (the recipient was deleted).
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None:
            exists = Notification.objects.filter(pk=notification_id).exists()
            return "busy" if exists else "missing"
        if notification.status != NotificationStatus.PENDING:
            return notification.status
        notification.attempts += 1
        retry_in = None
        try:
            with transaction.atomic():  # an adapter's own database error must not break ours
                adapter_for(notification.channel).send(notification)
        except PermanentDeliveryError as exc:
            _fail(notification, exc)
        except Exception as exc:  # any other failure is temporary: keep the row, try again
            notification.last_error = _error_text(exc)
            if notification.attempts >= MAX_ATTEMPTS:
                _fail(notification, exc)
            else:
                retry_in = _retry_delay(notification.attempts)
                logger.warning(
                    "notification %s attempt %s failed, retry in %s: %s",
                    notification.pk,
                    notification.attempts,
                    retry_in,
                    notification.last_error,
                )
        else:
            notification.status = NotificationStatus.SENT
            notification.sent_at = timezone.now()
            notification.last_error = ""
        notification.save(update_fields=["attempts", "status", "sent_at", "last_error"])
        if retry_in is not None:
            transaction.on_commit(lambda: _enqueue_delivery(notification_id, delay=retry_in), robust=True)
    return notification.status


def _error_text(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    if not isinstance(exc, DeliveryError):
        text = f"{type(exc).__name__}: {text}"
    return text[:LAST_ERROR_MAX]


def _fail(notification: Notification, exc: BaseException) -> None:
    notification.status = NotificationStatus.FAILED
    notification.last_error = _error_text(exc)
    logger.error("notification %s failed for good: %s", notification.pk, notification.last_error)
    audit_log_write(
        actor=None,
        action="zwfw.core.notification.failed",
        obj=notification,
        region_code=notification.recipient.region_id or "",
        after={
            "channel": notification.channel,
            "event": notification.event,
            "attempts": notification.attempts,
            "error": notification.last_error,
        },
    )


def notification_retry_pending(*, now=None) -> int:
    """Re-enqueue SMS/e-mail rows still pending that no queued task will pick up; returns how many.

    A row whose ``attempts`` is 0 and that is older than :data:`LOST_ENQUEUE_AFTER` lost its
    enqueue (broker down at commit). On backends that cannot defer a task, failed attempts are
    not re-enqueued by :func:`notification_deliver`, so every pending row is due here.
    """
    now = now or timezone.now()
    due = Notification.objects.filter(status=NotificationStatus.PENDING, attempts__lt=MAX_ATTEMPTS).exclude(
        channel=Channel.INBOX
    )
    lost = Q(attempts=0, created_at__lt=now - LOST_ENQUEUE_AFTER)
    if deliver_notification.get_backend().supports_defer:
        due = due.filter(lost)
    else:
        due = due.filter(lost | Q(attempts__gt=0))
    ids = list(due.order_by("id").values_list("id", flat=True)[:1000])
    for notification_id in ids:
        _enqueue_delivery(notification_id)
    return len(ids)


def notification_mark_read(*, actor: Actor, notification_id: int) -> Notification:
    """Mark one of ``actor``'s own messages read (idempotent: the first read time stays).

    The row is fetched through the owner-scoped selector: another user's id answers 404.
    """
    from zwfw.core.selectors.notifications import notification_get_for

    notification = notification_get_for(user=actor, notification_id=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notification_mark_all_read(*, actor: Actor) -> int:
    """Mark every unread inbox message of ``actor`` read; returns how many changed."""
    return Notification.objects.filter(recipient=actor, channel=Channel.INBOX, read_at__isnull=True).update(
        read_at=timezone.now()
    )


__all__ = [
    "MAX_ATTEMPTS",
    "RETRY_DELAYS",
    "notification_create",
    "notification_deliver",
    "notification_mark_all_read",
    "notification_mark_read",
    "notification_retry_pending",
]


# The outbox's own task lives beside the service that enqueues it (and is re-exported by
# ``zwfw.core.tasks``, the list of core's entry points), so the service never imports the tasks
# module that imports it: no import cycle, no function-local import to hide one.
@task()
def deliver_notification(notification_id: int) -> str:
    """Send one outbox row (SMS/e-mail); returns its status afterwards."""
    return notification_deliver(notification_id=notification_id)
