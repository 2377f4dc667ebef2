"""审管联动 inbox: what cases tells the supervising department, received exactly once.

Cases keeps each event as an outbox row (its ``SupervisionNotice``) written in the same
transaction as the decision. After commit it is handed over — in-process through
:func:`inbox_receive` when both apps run in one deployment, else POSTed to the webhook
(``POST /api/v1/supervision/inbox``) — and the periodic retry job hands over whatever a crash left
behind. Every path passes the outbox row's ``source_key``; :class:`InboxEvent` holds it under a
unique constraint, so a second hand-over of the same event finds the first and stores nothing.

Each event gets a 签收 deadline (:data:`SIGN_WORKDAYS` working days, core's calendar) and a
result (签收 → 纳入监管 / 无需监管). A 告知承诺 event opens a :class:`PledgeCheck`; an approval of
an identified subject adds it to the supervised population (双随机一公开).

Supervision never imports cases. What supervision must do to a case (revoke a decision whose
pledge was untrue) goes through the hook cases registers at start-up with
:func:`pledge_untrue_hook_register`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zwfw.core.models import Role, User
from zwfw.core.permissions import require
from zwfw.core.prepared import PreparedRead
from zwfw.core.selectors.calendar import add_workdays
from zwfw.core.services.audit import audit_log_write
from zwfw.core.services.notifications import notification_create
from zwfw.core.types import Actor
from zwfw.supervision import permissions as perms
from zwfw.supervision.errors import SupervisionError, SupervisionErrorCode
from zwfw.supervision.models import (
    EventKind,
    EventResult,
    InboxEvent,
    PledgeCheck,
    SupervisedEntity,
    SupervisionItem,
)
from zwfw.supervision.services._base import department_required, today

SIGN_WORKDAYS = 3
"""签收 within three working days of receipt (our platform default, not a legal figure)."""
PLEDGE_CHECK_WORKDAYS = 20
"""Used when the event carries no 核查 due date (cases sends one)."""

_PLEDGE_UNTRUE_HOOKS: list[Callable[..., Any]] = []
_PLEDGE_CHECKED_HOOKS: list[Callable[..., Any]] = []


def pledge_untrue_hook_register(fn: Callable[..., Any]) -> None:
    """Register ``fn(*, actor, case_number, reason)``, called inside the transaction in which a
    pledge is found untrue (不实); it revokes the decision (cases registers
    ``case_decision_revoke`` from ``CasesConfig.ready``). Registering twice keeps one."""
    if fn not in _PLEDGE_UNTRUE_HOOKS:
        _PLEDGE_UNTRUE_HOOKS.append(fn)


def pledge_untrue_hooks() -> tuple[Callable[..., Any], ...]:
    return tuple(_PLEDGE_UNTRUE_HOOKS)


def pledge_checked_hook_register(fn: Callable[..., Any]) -> None:
    """Register ``fn(*, actor, case_number, truthful, result)``, called inside the transaction
    that records any 核查 result (cases closes its own 核查 task with it)."""
    if fn not in _PLEDGE_CHECKED_HOOKS:
        _PLEDGE_CHECKED_HOOKS.append(fn)


def pledge_checked_hooks() -> tuple[Callable[..., Any], ...]:
    return tuple(_PLEDGE_CHECKED_HOOKS)


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise SupervisionError(SupervisionErrorCode.BAD_EVENT, reason=f"日期格式有误：{value}") from exc


def _validate(payload: dict) -> None:
    if not isinstance(payload, dict):
        raise SupervisionError(SupervisionErrorCode.BAD_EVENT, reason="内容应为 JSON 对象")
    kind = payload.get("kind") or "approval"
    if kind not in EventKind.values:
        raise SupervisionError(SupervisionErrorCode.BAD_EVENT, reason=f"未知类型 {kind}")
    for key in ("case_number", "item_code", "supervisor_department"):
        if not str(payload.get(key) or "").strip():
            raise SupervisionError(SupervisionErrorCode.BAD_EVENT, detail={"field": key}, reason=f"缺少 {key}")
    if kind in (EventKind.APPROVAL, EventKind.PLEDGE) and payload.get("decision") not in ("approved", "denied"):
        raise SupervisionError(
            SupervisionErrorCode.BAD_EVENT, detail={"field": "decision"}, reason="审批结果应为 approved 或 denied"
        )


# read for every event cases hand over: compiled once per process (issue 9)
_EVENT_BY_SOURCE: PreparedRead[InboxEvent] = PreparedRead(
    lambda source_key: InboxEvent.objects.filter(source_key=source_key).order_by("pk")
)
_OFFICERS: PreparedRead[User] = PreparedRead(
    lambda department_id: User.objects.filter(
        role=Role.SUPERVISION_OFFICER, department_id=department_id, is_active=True
    )
)


def inbox_receive(
    *, source_key: str, payload: dict, id_number: str = "", actor: Actor = None
) -> tuple[InboxEvent, bool]:
    """Store one event from cases; returns ``(event, created)``. Idempotent on ``source_key``:
    the second delivery of an event returns the stored row with ``created=False``.

    ``id_number`` is passed only in-process (the webhook payload carries no 身份证号); it keys
    the person's credit record. Runs in the caller's transaction (savepoint for the insert).
    Bad payloads raise :class:`SupervisionError` (422).
    """
    source_key = (source_key or "").strip()
    if not source_key or len(source_key) > 100:
        raise SupervisionError(SupervisionErrorCode.BAD_EVENT, reason="缺少来源标识（event_key）")
    existing = _EVENT_BY_SOURCE.first(source_key)
    if existing is not None:
        return existing, False
    _validate(payload)
    department = department_required(payload["supervisor_department"])
    kind = payload.get("kind") or EventKind.APPROVAL
    applicant_kind = payload.get("applicant_kind") or ""
    pledge = payload.get("pledge") or {}
    pledge_due = _date(pledge.get("due_date")) if kind == EventKind.PLEDGE else None
    try:
        with transaction.atomic():
            return _store(
                source_key=source_key,
                payload=payload,
                kind=kind,
                department=department,
                applicant_kind=applicant_kind,
                id_number=id_number,
                pledge=pledge,
                pledge_due=pledge_due,
                actor=actor,
            ), True
    except IntegrityError:
        # a concurrent delivery of the same event won the insert
        return InboxEvent.objects.get(source_key=source_key), False


def _store(
    *, source_key, payload, kind, department, applicant_kind, id_number, pledge, pledge_due, actor: Actor
) -> InboxEvent:
    event = InboxEvent.objects.create(
        source_key=source_key,
        kind=kind,
        department=department,
        case_number=str(payload["case_number"])[:50],
        item_code=str(payload["item_code"])[:64],
        item_name=str(payload.get("item_name") or "")[:200],
        approving_department=str(payload.get("department") or "")[:64],
        applicant_kind=applicant_kind,
        subject_name=str(payload.get("applicant_name") or payload.get("subject_name") or "")[:200],
        uscc=str(payload.get("uscc") or "")[:18],
        id_number=(id_number or "")[:18],
        decision=payload.get("decision") or "",
        case_overdue=bool(payload.get("overdue")),
        payload=payload,
        sign_due=add_workdays(today(), SIGN_WORKDAYS),
    )
    if kind == EventKind.PLEDGE:
        PledgeCheck.objects.create(
            event=event,
            department=department,
            pledge_text=str(pledge.get("text") or "")[:5000],
            materials=list(pledge.get("materials") or []),
            due_date=pledge_due or add_workdays(today(), PLEDGE_CHECK_WORKDAYS),
        )
    subject_id = event.uscc or event.id_number
    if event.decision == "approved" and subject_id:
        item = SupervisionItem.objects.filter(
            department=department, is_active=True, catalog_codes__icontains=f'"{event.item_code}"'
        ).first()
        SupervisedEntity.objects.get_or_create(
            subject_id=subject_id,
            department=department,
            defaults={
                "subject_kind": "enterprise" if event.uscc else "person",
                "name": event.subject_name or subject_id,
                "item": item,
            },
        )
    audit_log_write(
        actor=actor,
        action="zwfw.supervision.inbox_event.received",
        obj=event,
        after={"source": source_key, "kind": kind, "case": event.case_number, "department": department.code},
        region_code=department.region_id or "",
    )
    for officer in _OFFICERS.all(department.pk):
        notification_create(
            recipient=officer,
            subject=f"审管联动：{event.get_kind_display()} {event.item_name}"[:200],
            body=f"办件{event.case_number}（{event.item_name}）{event.get_kind_display()}，请于{event.sign_due:%Y年%m月%d日}前签收。",
            event="zwfw.supervision.inbox_event.received",
            link=f"/supervision/inbox/#e{event.pk}",
        )
    return event


def _lock(event_id: int) -> InboxEvent:
    return InboxEvent.objects.select_for_update().select_related("department").get(pk=event_id)


@transaction.atomic
def inbox_event_sign(*, actor: User, event: InboxEvent) -> InboxEvent:
    """签收: the first one wins; a second 签收 is a 409."""
    require(actor, perms.INBOX_SIGN)
    updated = InboxEvent.objects.filter(pk=event.pk, signed_at__isnull=True).update(
        signed_at=timezone.now(), signed_by=actor, result=EventResult.SIGNED
    )
    if not updated:
        raise SupervisionError(SupervisionErrorCode.ALREADY_DONE, what="该事件的签收")
    event.refresh_from_db()
    assert event.signed_at is not None, "the update above set it (and refused an event already signed)"
    audit_log_write(
        actor=actor,
        action="zwfw.supervision.inbox_event.signed",
        obj=event,
        after={"case": event.case_number, "late": event.signed_at.date() > event.sign_due},
        region_code=event.department.region_id or "",
    )
    return event


@transaction.atomic
def inbox_event_close(*, actor: User, event: InboxEvent, result: str, note: str = "") -> InboxEvent:
    """Record the result of a signed event: 已纳入监管 (supervised) or 无需监管 (closed)."""
    require(actor, perms.INBOX_SIGN)
    if result not in (EventResult.SUPERVISED, EventResult.CLOSED):
        raise SupervisionError(
            SupervisionErrorCode.BAD_INPUT,
            detail={"field": "result"},
            field="处理结果",
            reason="应为 supervised 或 closed",
        )
    locked = _lock(event.pk)
    if locked.result != EventResult.SIGNED:
        raise SupervisionError(
            SupervisionErrorCode.ALREADY_DONE if locked.signed_at else SupervisionErrorCode.BAD_INPUT,
            **({"what": "该事件"} if locked.signed_at else {"field": "状态", "reason": "请先签收"}),
        )
    locked.result = result
    locked.result_note = (note or "").strip()[:500]
    locked.save(update_fields=["result", "result_note"])
    audit_log_write(
        actor=actor,
        action="zwfw.supervision.inbox_event.closed",
        obj=locked,
        after={"case": locked.case_number, "result": result},
        region_code=locked.department.region_id or "",
    )
    return locked
