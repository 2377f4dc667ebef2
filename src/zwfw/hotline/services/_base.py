"""Helpers shared by the work-order services: locking, state checks, events, audit, notices."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zwfw.core.models import Department, Role, User
from zwfw.core.permissions import effective_role
from zwfw.core.services.audit import audit_log_write
from zwfw.core.services.notifications import notification_create
from zwfw.hotline.errors import HotlineError, HotlineErrorCode
from zwfw.hotline.models import Status, WorkOrder, WorkOrderEvent

AUDIT_FIELDS = ("status", "department_id", "category_id", "due_at", "return_count", "row_version")


def status_label(status: str) -> str:
    return str(Status(status).label) if status in Status.values else status


def lock_order(order_id: int, *, row_version: int | None = None) -> WorkOrder:
    """The order, locked for this transaction (SQLite: the IMMEDIATE transaction holds the lock).

    A ``row_version`` the client read that is no longer current is 409 ``hotline_conflict``.
    """
    order = (
        WorkOrder.objects.select_for_update()
        .select_related("department", "region", "category")
        .filter(pk=order_id)
        .first()
    )
    if order is None:
        from django.http import Http404

        raise Http404("工单不存在")
    if row_version is not None and row_version != order.row_version:
        raise HotlineError(
            HotlineErrorCode.CONFLICT, detail={"status": order.status}, status=status_label(order.status)
        )
    return order


def require_status(order: WorkOrder, allowed, action: str) -> None:
    if order.status not in {str(s) for s in allowed}:
        raise HotlineError(
            HotlineErrorCode.ILLEGAL_TRANSITION,
            detail={"status": order.status, "action": action},
            status=status_label(order.status),
            action=action,
        )


def require_department_staff(actor, order: WorkOrder) -> None:
    """Only staff of the handling department (or its parent units) act for it; admins may too."""
    if effective_role(actor) == Role.PLATFORM_ADMIN.value:
        return
    dept = order.department
    own = getattr(actor, "department", None)
    if dept is None or own is None or not dept.path.startswith(own.path):
        raise HotlineError(HotlineErrorCode.NOT_YOUR_ORDER, department=dept.name if dept else "—")


def snapshot(order: WorkOrder) -> dict:
    return {f: getattr(order, f) for f in AUDIT_FIELDS}


def save(order: WorkOrder, fields: list[str]) -> None:
    order.row_version += 1
    order.save(update_fields=[*fields, "row_version"])


def event(order: WorkOrder, kind: str, actor, note: str = "", department: Department | None = None) -> None:
    WorkOrderEvent.objects.create(
        order=order,
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        department=department if department is not None else order.department,
        note=note[:2000],
    )


def audit(actor, action: str, order: WorkOrder, before: dict | None, extra: dict | None = None) -> None:
    audit_log_write(
        actor=actor,
        action=f"zwfw.hotline.work_order.{action}",
        obj=order,
        before=before,
        after={**snapshot(order), **(extra or {})},
        region_code=order.region_id,
    )


def notify_department(department: Department | None, *, subject: str, body: str, event_code: str, link: str) -> None:
    """An inbox message to the department's handling staff (reviewers and department admins)."""
    if department is None:
        return
    staff = User.objects.filter(
        department=department, role__in=[Role.REVIEWER, Role.DEPT_ADMIN], is_active=True
    ).order_by("id")[:50]
    for user in staff:
        notification_create(recipient=user, subject=subject[:200], body=body, event=event_code, link=link)


def notify_user(user, *, subject: str, body: str, event_code: str, link: str) -> None:
    if user is not None:
        notification_create(recipient=user, subject=subject[:200], body=body, event=event_code, link=link)


def now():
    return timezone.now()


atomic = transaction.atomic
