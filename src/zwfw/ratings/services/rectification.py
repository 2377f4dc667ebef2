"""差评整改: 核实 → 整改 → 回访 → 办结, 申诉 decided by the hub, escalation when overdue.

Source: 国办发〔2019〕51号 closed loop (核实、整改、反馈、回访、申诉复核; "谁办理、谁负责"); the deadline
is a region setting — Sichuan: 不满意/非常不满意 整改到位 within **15 working days** (a Sichuan city
rule, spprec.com 2020; DOMAIN.md: no national figure found), counted on the official calendar
from the day of the rating (the day itself not counted).

States::

    verifying ──verify──▶ rectifying ──rectify──▶ revisiting ──revisit(satisfied)──▶ closed
        │                    ▲   │                     │
        │                    │   └──────────────────── revisit(unsatisfied, reopen) ┘ (重新整改)
        └──appeal──▶ appealing ──hub approves──▶ voided (申诉成立: the rating stays, but counts nowhere)
                     (from verifying or rectifying)  hub rejects ──▶ back where it was

Every transition is a compare-and-set on ``row_version`` and the expected status, so two people
acting at once get one success and one 409. Escalation (:func:`rectification_escalate_scan`, a
periodic job): overdue (not yet rectified past the due date) → level 1, the department's admins
are told; overdue by ``RATINGS_ESCALATE_AFTER_WORKDAYS`` (5) more working days → level 2, the hub
(政务服务管理机构 of the region and above, and platform admins) is told. Idempotent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from zwfw.core.errors import CalendarYearNotLoaded
from zwfw.core.models import Role, User
from zwfw.core.permissions import require
from zwfw.core.selectors.calendar import add_workdays, workdays_between
from zwfw.core.services.audit import audit_log_write
from zwfw.core.services.notifications import notification_create
from zwfw.core.types import Actor
from zwfw.ratings import permissions as perms
from zwfw.ratings.errors import RatingError, RatingErrorCode
from zwfw.ratings.models import (
    Rating,
    Rectification,
    RectificationStatus,
    RevisitResult,
    VerifyOutcome,
)
from zwfw.ratings.selectors import HUB_LINE, is_hub, rectification_list_for

RECTIFY_WORKDAYS_DEFAULT = 15  # Sichuan (DOMAIN.md 好差评): 整改到位 within 15 working days
ESCALATE_AFTER_DEFAULT = 5  # our default for the second level; not a published figure
TEXT_MAX = 2000


def rectify_workdays(region_code: str | None = None) -> int:
    """The deadline in working days: ``settings.RATINGS_RECTIFY_WORKDAYS`` (an int, or a dict of
    region-code prefix → days, longest prefix wins), default 15 (Sichuan)."""
    value = getattr(settings, "RATINGS_RECTIFY_WORKDAYS", RECTIFY_WORKDAYS_DEFAULT)
    if isinstance(value, dict):
        best = ""
        for prefix in value:
            if region_code and region_code.startswith(prefix) and len(prefix) > len(best):
                best = prefix
        return int(value.get(best, RECTIFY_WORKDAYS_DEFAULT))
    return int(value)


def rectification_due_date(rated_on: dt.date, region_code: str | None = None) -> dt.date:
    """The 整改 deadline: the n-th working day after the day of the rating."""
    return add_workdays(rated_on, rectify_workdays(region_code))


def _department_staff(department_id: int, roles: Iterable[str] = (Role.DEPT_ADMIN, Role.REVIEWER)) -> QuerySet[User]:
    return User.objects.filter(department_id=department_id, role__in=list(roles), is_active=True)


def _hub_users(region_path: str) -> list[User]:
    """Platform admins, and admins of 政务服务管理 departments whose region contains ``region_path``."""
    hub_admins = [
        u
        for u in User.objects.filter(role=Role.DEPT_ADMIN, is_active=True, department__line=HUB_LINE).select_related(
            "department__region"
        )
        if u.department is not None and region_path.startswith(u.department.region.path)  # joined: never None
    ]
    return list(User.objects.filter(role=Role.PLATFORM_ADMIN, is_active=True)) + hub_admins


def _notify(users: Iterable[User], *, subject: str, body: str, event: str, link: str) -> None:
    seen = set()
    for user in users:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        notification_create(recipient=user, subject=subject, body=body, event=event, link=link)


def _link(rect: Rectification) -> str:
    return f"/ratings/tasks/{rect.pk}/"


def rectification_open(*, rating: Rating) -> Rectification:
    """Open the rectification for a bad rating (called by the rating services, same transaction).

    When the deadline falls in a year whose calendar is not loaded, the task opens without a due
    date, platform admins are told to load the year, and the escalation scan fills it in later.
    """
    rated_on = timezone.localtime(rating.rated_at).date()
    try:
        due = rectification_due_date(rated_on, rating.region_id)
    except CalendarYearNotLoaded as exc:
        due = None
        _notify(
            User.objects.filter(role=Role.PLATFORM_ADMIN, is_active=True),
            subject=f"请载入{exc.year}年节假日安排",
            body=(
                f"差评整改期限落在{exc.year}年，该年的官方节假日安排尚未载入，"
                "整改期限暂未计算。请运行 zwfw calendar load。"
            ),
            event="zwfw.ratings.rectification.calendar_missing",
            link="",
        )
    rect = Rectification.objects.create(
        rating=rating,
        department_id=rating.department_id,
        region_id=rating.region_id,
        opened_at=rating.rated_at,
        due_date=due,
    )
    audit_log_write(
        actor=None,
        action="zwfw.ratings.rectification.opened",
        obj=rect,
        after={"rating": rating.pk, "level": rating.level, "due_date": due, "department": rating.department_id},
        region_code=rating.region_id,
    )
    _notify(
        _department_staff(rating.department_id),
        subject=f"差评整改：{rating.item_name or rating.subject_number}",
        body=f"收到一条“{rating.get_level_display()}”评价，请在{due or '（期限待定）'}前核实整改并回访。",
        event="zwfw.ratings.rectification.opened",
        link=_link(rect),
    )
    return rect


def _check_scope(actor: Actor, rect: Rectification) -> None:
    if not rectification_list_for(user=actor).filter(pk=rect.pk).exists():
        raise RatingError(RatingErrorCode.SUBJECT_NOT_FOUND)


def _text(value: str, what: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise RatingError(RatingErrorCode.REASON_REQUIRED, detail=[{"field": field}], what=what)
    if len(value) > TEXT_MAX:
        raise RatingError(
            RatingErrorCode.REASON_REQUIRED, detail=[{"field": field}], what=f"{what}（{TEXT_MAX}字以内）"
        )
    return value


def _move(rect: Rectification, *, expected, action: str, **changes) -> Rectification:
    """Compare-and-set: the status must still be ``expected`` and the row unchanged since read."""
    expected = [expected] if isinstance(expected, str) else list(expected)
    if rect.status not in expected:
        label = str(RectificationStatus(rect.status).label)
        raise RatingError(
            RatingErrorCode.ILLEGAL_TRANSITION, detail={"status": rect.status}, status=label, action=action
        )
    updated = Rectification.objects.filter(pk=rect.pk, row_version=rect.row_version, status=rect.status).update(
        row_version=F("row_version") + 1, **changes
    )
    if updated != 1:
        raise RatingError(RatingErrorCode.CONFLICT)
    rect.refresh_from_db()
    return rect


@transaction.atomic
def rectification_verify(*, actor: User, rectification: Rectification, outcome: str, note: str) -> Rectification:
    """核实: the department states what it found (属实/立行立改, 限期整改, 解释说明)."""
    require(actor, perms.RECTIFY)
    _check_scope(actor, rectification)
    if outcome not in VerifyOutcome.values:
        raise RatingError(RatingErrorCode.REASON_REQUIRED, detail=[{"field": "outcome"}], what="核实结论")
    note = _text(note, "核实情况", "note")
    before = rectification.status
    rect = _move(
        rectification,
        expected=RectificationStatus.VERIFYING,
        action="核实",
        status=RectificationStatus.RECTIFYING,
        verify_outcome=outcome,
        verify_note=note,
        verified_at=timezone.now(),
        verified_by=actor,
    )
    audit_log_write(
        actor=actor,
        action="zwfw.ratings.rectification.verified",
        obj=rect,
        before={"status": before},
        after={"status": rect.status, "outcome": outcome},
        region_code=rect.region_id,
    )
    return rect


@transaction.atomic
def rectification_rectify(*, actor: User, rectification: Rectification, measures: str) -> Rectification:
    """整改: what was done (or explained); on time when done by the due date."""
    require(actor, perms.RECTIFY)
    _check_scope(actor, rectification)
    measures = _text(measures, "整改措施", "measures")
    now = timezone.now()
    due = rectification.due_date
    on_time = None if due is None else timezone.localtime(now).date() <= due
    rect = _move(
        rectification,
        expected=RectificationStatus.RECTIFYING,
        action="提交整改",
        status=RectificationStatus.REVISITING,
        measures=measures,
        rectified_at=now,
        rectified_by=actor,
        on_time=on_time,
    )
    audit_log_write(
        actor=actor,
        action="zwfw.ratings.rectification.rectified",
        obj=rect,
        before={"status": RectificationStatus.RECTIFYING},
        after={"status": rect.status, "on_time": on_time},
        region_code=rect.region_id,
    )
    if rect.rating.rater_id:
        notification_create(
            recipient=rect.rating.rater,
            subject="您的评价已整改",
            body=f"您对“{rect.rating.item_name or rect.rating.subject_number}”的评价，责任部门已整改：{measures[:200]}",
            event="zwfw.ratings.rectification.rectified",
            link="/ratings/",
        )
    return rect


@transaction.atomic
def rectification_revisit(
    *, actor: User, rectification: Rectification, result: str, note: str = "", reopen: bool = True
) -> Rectification:
    """回访: the rater is asked whether the rectification satisfies them. Satisfied → 办结;
    unsatisfied → 重新整改 (``reopen``), or 办结 with the unsatisfied result recorded."""
    require(actor, perms.REVISIT)
    _check_scope(actor, rectification)
    if result not in RevisitResult.values:
        raise RatingError(RatingErrorCode.REASON_REQUIRED, detail=[{"field": "result"}], what="回访结果")
    note = (note or "").strip()[:TEXT_MAX]
    now = timezone.now()
    if result == RevisitResult.SATISFIED or not reopen:
        changes = {"status": RectificationStatus.CLOSED, "closed_at": now}
    else:
        changes = {"status": RectificationStatus.RECTIFYING}
    rect = _move(
        rectification,
        expected=RectificationStatus.REVISITING,
        action="回访",
        revisit_result=result,
        revisit_note=note,
        revisit_at=now,
        revisit_by=actor,
        revisit_count=F("revisit_count") + 1,
        **changes,
    )
    audit_log_write(
        actor=actor,
        action="zwfw.ratings.rectification.revisited",
        obj=rect,
        before={"status": RectificationStatus.REVISITING},
        after={"status": rect.status, "result": result, "count": rect.revisit_count},
        region_code=rect.region_id,
    )
    return rect


@transaction.atomic
def rectification_appeal(*, actor: User, rectification: Rectification, reason: str) -> Rectification:
    """申诉: the department says the rating is wrong (not its matter, malicious …); the hub decides."""
    require(actor, perms.APPEAL)
    _check_scope(actor, rectification)
    reason = _text(reason, "申诉理由", "reason")
    before = rectification.status
    rect = _move(
        rectification,
        expected=(RectificationStatus.VERIFYING, RectificationStatus.RECTIFYING),
        action="申诉",
        status=RectificationStatus.APPEALING,
        appeal_from=before,
        appeal_reason=reason,
        appealed_at=timezone.now(),
        appealed_by=actor,
        appeal_approved=None,
        appeal_note="",
    )
    audit_log_write(
        actor=actor,
        action="zwfw.ratings.rectification.appealed",
        obj=rect,
        before={"status": before},
        after={"status": rect.status, "reason": reason},
        region_code=rect.region_id,
    )
    _notify(
        _hub_users(rect.region.path),
        subject="差评申诉待审核",
        body=f"{rect.department.name}对一条差评提出申诉：{reason[:200]}",
        event="zwfw.ratings.rectification.appealed",
        link=_link(rect),
    )
    return rect


@transaction.atomic
def rectification_appeal_decide(
    *, actor: User, rectification: Rectification, approved: bool, note: str
) -> Rectification:
    """The hub decides an appeal: approved → 申诉成立 (the rating stays, immutable, but counts in
    no figure); rejected → the task goes back to where it was, deadline unchanged."""
    require(actor, perms.APPEAL_DECIDE)
    if not is_hub(actor):
        raise RatingError(RatingErrorCode.NOT_HUB)
    _check_scope(actor, rectification)
    note = _text(note, "审核意见", "note")
    target = RectificationStatus.VOIDED if approved else (rectification.appeal_from or RectificationStatus.VERIFYING)
    rect = _move(
        rectification,
        expected=RectificationStatus.APPEALING,
        action="审核申诉",
        status=target,
        appeal_approved=bool(approved),
        appeal_note=note,
        appeal_decided_at=timezone.now(),
        appeal_decided_by=actor,
    )
    audit_log_write(
        actor=actor,
        action="zwfw.ratings.rectification.appeal_decided",
        obj=rect,
        before={"status": RectificationStatus.APPEALING},
        after={"status": rect.status, "approved": bool(approved), "note": note},
        region_code=rect.region_id,
    )
    _notify(
        _department_staff(rect.department_id, roles=(Role.DEPT_ADMIN,)),
        subject="差评申诉审核结果：" + ("申诉成立" if approved else "申诉不成立，请继续整改"),
        body=note[:500],
        event="zwfw.ratings.rectification.appeal_decided",
        link=_link(rect),
    )
    return rect


def escalate_after_workdays() -> int:
    return int(getattr(settings, "RATINGS_ESCALATE_AFTER_WORKDAYS", ESCALATE_AFTER_DEFAULT))


def rectification_escalate_scan(*, today: dt.date | None = None) -> dict[str, list[int]]:
    """督办 overdue rectifications (periodic, daily). Returns the ids per level touched.

    Overdue = still 待核实 or 整改中 after the due date (an appeal under review is the hub's wait,
    not the department's, and is not escalated). Each level is reached once (conditional update),
    so running the scan twice a day changes nothing. Tasks opened without a due date (calendar
    year missing) get one as soon as the year is loaded.
    """
    today = today or timezone.localdate()
    report: dict[str, list[int]] = {"due_date_filled": [], "level1": [], "level2": []}
    for rect in Rectification.objects.filter(due_date__isnull=True).select_related("rating"):
        try:
            due = rectification_due_date(timezone.localtime(rect.rating.rated_at).date(), rect.region_id)
        except CalendarYearNotLoaded:
            continue
        if Rectification.objects.filter(pk=rect.pk, due_date__isnull=True).update(due_date=due):
            report["due_date_filled"].append(rect.pk)
    overdue = (
        Rectification.objects.filter(
            status__in=[RectificationStatus.VERIFYING, RectificationStatus.RECTIFYING], due_date__lt=today
        )
        .filter(Q(escalation_level__lt=2))
        .select_related("department", "region", "rating")
    )
    after = escalate_after_workdays()
    for rect in overdue:
        assert rect.due_date is not None, "due_date__lt above leaves out rows without a deadline"
        with transaction.atomic():
            level = rect.escalation_level
            try:
                late = workdays_between(rect.due_date, today)
            except CalendarYearNotLoaded:
                late = (today - rect.due_date).days
            target = 2 if late >= after else 1
            if target <= level:
                continue
            if not Rectification.objects.filter(pk=rect.pk, escalation_level=level).update(
                escalation_level=target, escalated_at=timezone.now()
            ):
                continue
            audit_log_write(
                actor=None,
                action="zwfw.ratings.rectification.escalated",
                obj=rect,
                before={"escalation_level": level},
                after={"escalation_level": target, "due_date": rect.due_date, "late_workdays": late},
                region_code=rect.region_id,
            )
            subject = f"差评整改超期督办：{rect.rating.item_name or rect.rating.subject_number}"
            body = f"整改期限{rect.due_date}已过（超期{late}个工作日），请立即核实整改。"
            users = list(_department_staff(rect.department_id, roles=(Role.DEPT_ADMIN,)))
            if target >= 2:
                users += _hub_users(rect.region.path)
                body = f"{rect.department.name}的差评整改超期{late}个工作日，提级督办。"
            _notify(users, subject=subject, body=body, event="zwfw.ratings.rectification.escalated", link=_link(rect))
            report[f"level{target}"].append(rect.pk)
    return report
