"""Credit events (信用事件) and 信用修复.

Events come from imports (:func:`credit_events_import`: every row validated first, nothing stored
if one is bad), from officers (:func:`credit_event_record`) and from the platform itself (untrue
pledges, failed inspections, upheld bad ratings, confirmed trading red flags, intermediary
violations: other apps call :func:`credit_event_record` with a ``source_ref`` so the same fact is
recorded once). A negative event may be repaired (信用修复): the subject asks
(:func:`credit_repair_request`), an officer reviews (:func:`credit_repair_review`); approved, the
event stops counting in the grade (it stays on record, marked repaired).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from zwfw.core.models import User
from zwfw.core.permissions import require
from zwfw.core.services.audit import audit_log_write
from zwfw.core.types import Actor
from zwfw.supervision import permissions as perms
from zwfw.supervision.errors import SupervisionError, SupervisionErrorCode
from zwfw.supervision.models import CreditEvent, CreditKind, CreditRepair, CreditSource, RepairStatus
from zwfw.supervision.services._base import bad, department_required, subject_check, today

NEGATIVE_KINDS = frozenset(CreditKind.values) - {CreditKind.GOOD}
IMPORT_MAX_ROWS = 10_000


def _clean(
    *, subject_kind: str, subject_id: str, kind: str, severity: int, occurred_on, note: str
) -> tuple[str, int, dt.date]:
    subject_id = subject_check(subject_kind, subject_id)
    if kind not in CreditKind.values:
        raise bad("信用事件类型", f"可选 {'、'.join(CreditKind.values)}", "kind")
    try:
        severity = int(severity)
    except (TypeError, ValueError):
        severity = 0
    if not 1 <= severity <= 5:
        raise bad("严重程度", "应为 1 至 5 的整数", "severity")
    if isinstance(occurred_on, str):
        try:
            occurred_on = dt.date.fromisoformat(occurred_on)
        except ValueError:
            raise bad("发生日期", "格式应为 YYYY-MM-DD", "occurred_on") from None
    if not isinstance(occurred_on, dt.date) or occurred_on > today():
        raise bad("发生日期", "不能晚于今天", "occurred_on")
    if len(note or "") > 500:
        raise bad("说明", "不超过500个字符", "note")
    return subject_id, severity, occurred_on


def credit_event_record(
    *,
    actor: Actor,
    subject_kind: str,
    subject_id: str,
    kind: str,
    occurred_on,
    severity: int = 1,
    note: str = "",
    subject_name: str = "",
    department=None,
    source: str = CreditSource.MANUAL,
    source_ref: str | None = None,
    check_permission: bool = True,
) -> CreditEvent:
    """Write one credit event. With ``source_ref`` it is idempotent (the stored row is returned).
    ``check_permission=False`` is for platform events written by another service that checked
    its own permission (``actor`` may then be ``None``, the system)."""
    if check_permission:
        require(actor, perms.CREDIT_RECORD)
    subject_id, severity, occurred_on = _clean(
        subject_kind=subject_kind,
        subject_id=subject_id,
        kind=kind,
        severity=severity,
        occurred_on=occurred_on,
        note=note,
    )
    if source_ref:
        found = CreditEvent.objects.filter(source_ref=source_ref).first()
        if found is not None:
            return found
    if isinstance(department, str):
        department = department_required(department)
    try:
        with transaction.atomic():
            event = CreditEvent.objects.create(
                subject_kind=subject_kind,
                subject_id=subject_id,
                subject_name=(subject_name or "")[:200],
                kind=kind,
                severity=severity,
                source=source,
                source_ref=source_ref or None,
                department=department,
                occurred_on=occurred_on,
                note=note or "",
            )
            audit_log_write(
                actor=actor,
                action="zwfw.supervision.credit_event.recorded",
                obj=event,
                after={"subject": subject_id, "kind": kind, "severity": severity, "source": source},
                region_code=department.region_id if department else "",
            )
    except IntegrityError:
        return CreditEvent.objects.get(source_ref=source_ref)
    return event


@transaction.atomic
def credit_events_import(*, actor: Actor, rows: list[dict[str, Any]]) -> int:
    """Import credit events (e.g. from the 信用中国 feed). All rows are checked first; a bad row
    raises 422 naming its row number and nothing is stored. Returns the number stored.
    ``actor=None`` is the operator's command line (``zwfw supervision import``)."""
    if actor is not None:
        require(actor, perms.CREDIT_RECORD)
    if not rows:
        raise bad("导入数据", "没有数据行", "rows")
    if len(rows) > IMPORT_MAX_ROWS:
        raise bad("导入数据", f"一次最多导入{IMPORT_MAX_ROWS}行", "rows")
    objs = []
    for n, row in enumerate(rows, start=1):
        try:
            subject_id, severity, occurred_on = _clean(
                subject_kind=row.get("subject_kind", ""),
                subject_id=row.get("subject_id", ""),
                kind=row.get("kind", ""),
                severity=row.get("severity", 1),
                occurred_on=row.get("occurred_on", ""),
                note=row.get("note", ""),
            )
        except SupervisionError as exc:
            raise SupervisionError(
                SupervisionErrorCode.BAD_INPUT,
                detail={"row": n, **(exc.detail or {})},
                field=f"第{n}行",
                reason=exc.message,
            ) from None
        objs.append(
            CreditEvent(
                subject_kind=row["subject_kind"],
                subject_id=subject_id,
                subject_name=str(row.get("subject_name") or "")[:200],
                kind=row["kind"],
                severity=severity,
                source=CreditSource.IMPORT,
                occurred_on=occurred_on,
                note=str(row.get("note") or ""),
            )
        )
    CreditEvent.objects.bulk_create(objs, batch_size=1000)
    audit_log_write(
        actor=actor,
        action="zwfw.supervision.credit_event.imported",
        object_type="supervision.creditevent",
        object_id="import",
        after={"rows": len(objs)},
    )
    return len(objs)


def _owns(actor: Actor, event: CreditEvent) -> bool:
    own = getattr(actor, "uscc", "") if event.subject_kind == "enterprise" else getattr(actor, "id_number", "")
    return bool(own) and own.upper() == event.subject_id


@transaction.atomic
def credit_repair_request(*, actor: User, event: CreditEvent, reason: str) -> CreditRepair:
    """信用修复申请 by the subject itself, for a negative, unrepaired event without a pending request."""
    require(actor, perms.REPAIR_REQUEST)
    event = CreditEvent.objects.select_for_update().get(pk=event.pk)
    if not _owns(actor, event):
        raise SupervisionError(SupervisionErrorCode.REPAIR_NOT_ALLOWED, reason="只能为本人或本企业的记录申请")
    if event.kind not in NEGATIVE_KINDS:
        raise SupervisionError(SupervisionErrorCode.REPAIR_NOT_ALLOWED, reason="良好记录无需修复")
    if event.repaired_at:
        raise SupervisionError(SupervisionErrorCode.REPAIR_NOT_ALLOWED, reason="该记录已修复")
    if event.repairs.filter(status=RepairStatus.PENDING).exists():
        raise SupervisionError(SupervisionErrorCode.REPAIR_NOT_ALLOWED, reason="已有待审核的修复申请")
    reason = (reason or "").strip()
    if not reason:
        raise bad("修复理由", "请说明已履行的义务和整改情况", "reason")
    repair = CreditRepair.objects.create(event=event, applicant=actor, reason=reason[:5000])
    audit_log_write(
        actor=actor,
        action="zwfw.supervision.credit_repair.requested",
        obj=repair,
        after={"event": event.pk, "kind": event.kind},
    )
    return repair


@transaction.atomic
def credit_repair_review(*, actor: User, repair: CreditRepair, approve: bool, note: str) -> CreditRepair:
    """Review a 信用修复 request; exactly one of two concurrent reviews wins (409)."""
    require(actor, perms.REPAIR_REVIEW)
    from zwfw.supervision.selectors import credit_repair_list

    if not credit_repair_list(user=actor).filter(pk=repair.pk).exists():
        raise Http404  # another city's (department's) repair reads as missing, before any change
    note = (note or "").strip()
    if not note:
        raise bad("审核意见", "请填写审核意见", "note")
    now = timezone.now()
    updated = CreditRepair.objects.filter(pk=repair.pk, status=RepairStatus.PENDING).update(
        status=RepairStatus.APPROVED if approve else RepairStatus.REJECTED,
        reviewed_at=now,
        reviewed_by=actor,
        review_note=note[:500],
    )
    if not updated:
        raise SupervisionError(SupervisionErrorCode.ALREADY_DONE, what="该修复申请")
    repair.refresh_from_db()
    if approve:
        CreditEvent.objects.filter(pk=repair.event_id, repaired_at__isnull=True).update(repaired_at=now)
    audit_log_write(
        actor=actor,
        action="zwfw.supervision.credit_repair.reviewed",
        obj=repair,
        after={"event": repair.event_id, "status": repair.status},
    )
    return repair
