"""Notification reads: a user sees their own 站内信 (inbox) messages and nothing else.

Messages sent by SMS or e-mail are outbox rows for the operators (admin, retries), not inbox
items: the inbox lists ``channel="inbox"`` rows only. An id that is not the caller's own inbox
message answers :class:`~django.http.Http404`, exactly like an id that does not exist.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from zwfw.core.models import Channel, Notification


def _own_inbox(user) -> QuerySet[Notification]:
    if user is None or not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk, channel=Channel.INBOX)


def notification_list_for(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's inbox, newest first."""
    qs = _own_inbox(user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def notification_get_for(*, user, notification_id: int) -> Notification:
    """One of the user's own inbox messages, or Http404."""
    notification = _own_inbox(user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404("对象不存在或无权查看")
    return notification


def notification_unread_count(*, user) -> int:
    return _own_inbox(user).filter(read_at__isnull=True).count()
