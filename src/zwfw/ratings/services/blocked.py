"""“办不成事”反映窗口: a matter that could not be done becomes a tracked task.

A citizen (online) or a window clerk (on a visitor's behalf) records the item (or, when no item
fits, what they wanted to do), what blocked it and the department to own it (the item's
implementing department; else the one named; a clerk's own department by default). It gets a
deadline of ``RATINGS_BLOCKED_WORKDAYS`` working days (default 5: our default, no published
figure), an owner assigned by the department, and its outcome is reported back to the reporter
(and the citizen), with whether the catalog or the process must change.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from zwfw.core.models import Department, Role, User
from zwfw.core.permissions import require
from zwfw.core.selectors.calendar import add_workdays
from zwfw.core.services.audit import audit_log_write
from zwfw.core.services.notifications import notification_create
from zwfw.ratings import permissions as perms
from zwfw.ratings.errors import RatingError, RatingErrorCode
from zwfw.ratings.models import BlockedMatter, BlockedStatus, BlockerKind
from zwfw.ratings.selectors import blocked_list_for
from zwfw.ratings.services.visits import catalog_item

NEEDS_CHANGE = {"catalog": "事项目录/办事指南需修改", "process": "办理流程需优化", "none": "无需修改（个案已解决）"}


def blocked_workdays() -> int:
    return int(getattr(settings, "RATINGS_BLOCKED_WORKDAYS", 5))


def _number() -> str:
    return f"BCS{timezone.localdate():%Y%m%d}{secrets.token_hex(3).upper()}"


@transaction.atomic
def blocked_report(
    *,
    actor: User,
    blocker: str,
    description: str,
    item_code: str = "",
    item_name: str = "",
    department_code: str = "",
    citizen=None,
) -> BlockedMatter:
    """Record a matter that could not be done; see the module docstring."""
    require(actor, perms.BLOCKED_REPORT)
    if blocker not in BlockerKind.values:
        raise RatingError(RatingErrorCode.BAD_BLOCKER, detail=[{"field": "blocker"}], value=str(blocker)[:40])
    description = (description or "").strip()
    if not description:
        raise RatingError(RatingErrorCode.REASON_REQUIRED, detail=[{"field": "description"}], what="卡在哪里")
    if len(description) > 2000:
        raise RatingError(
            RatingErrorCode.REASON_REQUIRED, detail=[{"field": "description"}], what="卡点说明（2000字以内）"
        )
    item_code = (item_code or "").strip()[:64]
    department = None
    if item_code:
        item_name, department_id, _ = catalog_item(item_code)
        department = Department.objects.select_related("region").get(pk=department_id)
    item_name = (item_name or "").strip()[:255]
    if not item_name:
        raise RatingError(RatingErrorCode.REASON_REQUIRED, detail=[{"field": "item_name"}], what="想办的事项")
    if department is None and department_code:
        department = Department.objects.select_related("region").filter(code=department_code.strip()[:32]).first()
        if department is None:
            raise RatingError(
                RatingErrorCode.BAD_DEPARTMENT, detail=[{"field": "department"}], value=department_code[:32]
            )
    if department is None and actor.department_id:
        department = actor.department
    if department is None:
        raise RatingError(RatingErrorCode.REASON_REQUIRED, detail=[{"field": "item_code"}], what="事项或负责部门")
    is_clerk = actor.role == Role.WINDOW_CLERK
    if not is_clerk or (citizen is not None and not getattr(citizen, "is_applicant", False)):
        citizen = None
    today = timezone.localdate()
    due = add_workdays(today, blocked_workdays())
    for _ in range(5):
        try:
            with transaction.atomic():
                matter = BlockedMatter.objects.create(
                    number=_number(),
                    reporter=actor,
                    citizen=citizen if is_clerk else actor,
                    channel="window" if is_clerk else "online",
                    item_code=item_code,
                    item_name=item_name,
                    blocker=blocker,
                    description=description,
                    department=department,
                    region_id=department.region_id,
                    reported_at=timezone.now(),
                    due_date=due,
                )
            break
        except IntegrityError:  # pragma: no cover - number collision
            continue
    audit_log_write(
        actor=actor,
        action="zwfw.ratings.blocked.reported",
        obj=matter,
        after={"number": matter.number, "item": item_code or item_name, "blocker": blocker, "due_date": due},
        region_code=matter.region_id,
    )
    for user in User.objects.filter(department=department, role=Role.DEPT_ADMIN, is_active=True):
        notification_create(
            recipient=user,
            subject=f"办不成事反映：{item_name}",
            body=f"请在{due}前指定责任人并反馈办理结果。",
            event="zwfw.ratings.blocked.reported",
            link=f"/ratings/blocked/{matter.pk}/",
        )
    return matter


def _check(actor: User, matter: BlockedMatter) -> None:
    require(actor, perms.BLOCKED_HANDLE)
    if not blocked_list_for(user=actor).filter(pk=matter.pk).exists():
        raise RatingError(RatingErrorCode.SUBJECT_NOT_FOUND)


@transaction.atomic
def blocked_assign(*, actor: User, matter: BlockedMatter, owner: User | None) -> BlockedMatter:
    """Name the owner: staff of the leading department or a unit below it."""
    _check(actor, matter)
    if matter.status == BlockedStatus.RESOLVED:
        raise RatingError(RatingErrorCode.BLOCKED_DONE)
    if (
        owner is None
        or not owner.is_active
        or owner.is_applicant
        or owner.department is None
        or not owner.department.path.startswith(matter.department.path)
    ):
        raise RatingError(RatingErrorCode.BAD_OWNER, detail=[{"field": "owner"}])
    updated = (
        BlockedMatter.objects.filter(pk=matter.pk)
        .exclude(status=BlockedStatus.RESOLVED)
        .update(owner=owner, status=BlockedStatus.IN_PROGRESS)
    )
    if not updated:
        raise RatingError(RatingErrorCode.BLOCKED_DONE)
    matter.refresh_from_db()
    audit_log_write(
        actor=actor,
        action="zwfw.ratings.blocked.assigned",
        obj=matter,
        after={"owner": owner.pk},
        region_code=matter.region_id,
    )
    notification_create(
        recipient=owner,
        subject=f"您负责办理：{matter.item_name}（办不成事反映）",
        body=f"期限{matter.due_date}。",
        event="zwfw.ratings.blocked.assigned",
        link=f"/ratings/blocked/{matter.pk}/",
    )
    return matter


@transaction.atomic
def blocked_resolve(*, actor: User, matter: BlockedMatter, outcome: str, needs_change: str = "none") -> BlockedMatter:
    """Report the outcome back (the reporter and the citizen are told); once."""
    _check(actor, matter)
    outcome = (outcome or "").strip()
    if not outcome or len(outcome) > 2000:
        raise RatingError(RatingErrorCode.REASON_REQUIRED, detail=[{"field": "outcome"}], what="办理结果（2000字以内）")
    if needs_change not in NEEDS_CHANGE:
        raise RatingError(
            RatingErrorCode.REASON_REQUIRED, detail=[{"field": "needs_change"}], what="是否需要修改目录或流程"
        )
    updated = (
        BlockedMatter.objects.filter(pk=matter.pk)
        .exclude(status=BlockedStatus.RESOLVED)
        .update(
            status=BlockedStatus.RESOLVED,
            outcome=outcome,
            outcome_at=timezone.now(),
            outcome_by=actor,
            needs_change=needs_change,
            owner=matter.owner or actor,
        )
    )
    if not updated:
        raise RatingError(RatingErrorCode.BLOCKED_DONE)
    matter.refresh_from_db()
    audit_log_write(
        actor=actor,
        action="zwfw.ratings.blocked.resolved",
        obj=matter,
        after={"needs_change": needs_change},
        region_code=matter.region_id,
    )
    for user in {matter.reporter, matter.citizen} - {None}:
        notification_create(
            recipient=user,
            subject=f"您反映的“{matter.item_name}”已有办理结果",
            body=outcome[:500],
            event="zwfw.ratings.blocked.resolved",
            link=f"/ratings/blocked/{matter.pk}/",
        )
    return matter
