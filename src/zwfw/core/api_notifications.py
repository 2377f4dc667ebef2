"""Notifications API: the caller's own 站内信 inbox (``/api/v1/notifications``).

Thin handlers: every route reads through the owner-scoped selectors or calls one outbox service;
another user's message answers 404 with the one error body.
"""

from __future__ import annotations

from ninja import Router
from ninja.pagination import paginate

from zwfw.core.api import ErrorOut
from zwfw.core.pagination import BoundedLimitOffsetPagination
from zwfw.core.permissions import ALL_ROLES, register, require
from zwfw.core.schemas.notifications import MarkedReadOut, NotificationOut, UnreadCountOut
from zwfw.core.selectors import notifications as notification_selectors
from zwfw.core.services import notifications as notification_services

# Every signed-in role reads its own inbox; the selectors limit it to the caller's own rows.
register("core.notification.view", ALL_ROLES, "查看本人消息")
register("core.notification.read", ALL_ROLES, "将本人消息标为已读")

router = Router(tags=["notifications"])

_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.get(
    "",
    response={200: list[NotificationOut], **_ERRORS},
    operation_id="core_notification_list",
    summary="本人站内消息（最新在前；unread=true 只看未读）",
    url_name="notification_list",
)
@paginate(BoundedLimitOffsetPagination)
def notification_list(request, unread: bool = False):
    require(request.auth, "core.notification.view")
    return notification_selectors.notification_list_for(user=request.auth, unread_only=unread)


@router.get(
    "/unread-count",
    response={200: UnreadCountOut, **_ERRORS},
    operation_id="core_notification_unread_count",
    summary="本人未读消息数",
    url_name="notification_unread_count",
)
def notification_unread_count(request):
    require(request.auth, "core.notification.view")
    return {"unread": notification_selectors.notification_unread_count(user=request.auth)}


@router.post(
    "/read-all",
    response={200: MarkedReadOut, **_ERRORS},
    operation_id="core_notification_read_all",
    summary="本人全部消息标为已读",
    url_name="notification_read_all",
)
def notification_read_all(request):
    require(request.auth, "core.notification.read")
    return {"marked": notification_services.notification_mark_all_read(actor=request.auth)}


@router.post(
    "/{int:notification_id}/read",
    response={200: NotificationOut, **_ERRORS},
    operation_id="core_notification_read",
    summary="将本人一条消息标为已读",
    url_name="notification_read",
)
def notification_read(request, notification_id: int):
    require(request.auth, "core.notification.read")
    return notification_services.notification_mark_read(actor=request.auth, notification_id=notification_id)
