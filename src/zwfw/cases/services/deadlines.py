"""The daily deadline scan (periodic job ``cases.deadline_scan``).

For a fixed ``today`` (tests pass one; the job uses the local date) it:

1. deems accepted the 待受理 cases not told to correct within 5 working days (行政许可法 第三十二条);
2. 临期预警: for each 已受理 case with a running clock, when the working days left to the due
   date fall to a threshold of ``ZWFW_CASE_WARN_DAYS`` (default ``3,1``), warns once per
   threshold (the accepting clerk and the assignees of active steps are told);
3. 超期: flags cases past their due date (``is_overdue``) and tells the same people;
4. 容缺: reminds the applicant once when a pledge's due date is within the largest threshold,
   and flags the pledge overdue (telling applicant and clerk) the day after its due date;
5. 送达超期 (行政许可法 第四十四条): flags a decided, undelivered case whose ``delivery_due_date``
   (10 working days after an approval of a licensing item) has passed, telling the clerk;
6. 环节超期: flags each active step past its own ``due_date`` (per-step and 转外环节 limits),
   telling its assignee when it has one.

A date in a year without a loaded calendar is never guessed: the case is left as it is, the
year is reported under ``calendar_missing`` and every platform admin is told to load it.
Idempotent: running it twice on one day changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zwfw.cases.errors import CaseError
from zwfw.cases.models import Case, CaseStatus, CaseStep, ShortfallPledge, StepStatus
from zwfw.cases.services._base import audit, notify_applicant, notify_user, touch
from zwfw.cases.services.frontdesk import case_deemed_accept_due
from zwfw.core.errors import CalendarYearNotLoaded
from zwfw.core.selectors.calendar import workdays_between
from zwfw.core.services.audit import audit_log_write
from zwfw.core.services.notifications import notification_create

logger = logging.getLogger("zwfw.cases.deadlines")


def warn_thresholds() -> tuple[int, ...]:
    return tuple(sorted({int(d) for d in settings.ZWFW_CASE_WARN_DAYS}, reverse=True))


def workdays_left(today: dt.date, due: dt.date) -> int:
    """Working days from ``today`` to ``due`` (0 on the due date, negative when past)."""
    if due >= today:
        return workdays_between(today, due)
    return -workdays_between(due, today)


def _staff_to_tell(case: Case) -> list:
    users = {case.accepted_by_id: case.accepted_by} if case.accepted_by_id else {}
    for step in case.steps.filter(status=StepStatus.ACTIVE, assignee__isnull=False).select_related("assignee"):
        users[step.assignee_id] = step.assignee
    return list(users.values())


def case_deadline_scan(*, today: dt.date | None = None) -> dict:
    """Run the scan (see the module docstring); returns counts and the case numbers touched."""
    today = today or timezone.localdate()
    report: dict = {
        "today": today.isoformat(),
        "deemed_accepted": [],
        "warned": [],
        "overdue": [],
        "shortfall_reminded": [],
        "shortfall_overdue": [],
        "delivery_overdue": [],
        "steps_overdue": [],
        "calendar_missing": [],
    }
    missing: set[int] = set()
    try:
        report["deemed_accepted"] = [c.number for c in case_deemed_accept_due(today_=today)]
    except CalendarYearNotLoaded as exc:
        missing.add(exc.year)
    thresholds = warn_thresholds()
    running = (
        Case.objects.filter(status=CaseStatus.ACCEPTED, clock_stopped=False, due_date__isnull=False)
        .select_related("accepted_by", "applicant")
        .order_by("due_date", "pk")
    )
    for case in running:
        try:
            left = workdays_left(today, case.due_date)
        except CalendarYearNotLoaded as exc:
            missing.add(exc.year)
            continue
        try:
            with transaction.atomic():
                if left < 0 and not case.is_overdue:
                    touch(case, is_overdue=True)
                    audit(None, "overdue", case, after={"due_date": case.due_date, "today": today})
                    for user in _staff_to_tell(case):
                        notify_user(
                            user,
                            case=case,
                            verb="overdue",
                            subject=f"办件已超期：{case.number}",
                            body=f"{case.item_name}（{case.number}）承诺办结日期{case.due_date:%Y-%m-%d}，已超期。",
                        )
                    report["overdue"].append(case.number)
                elif left >= 0:
                    hit = min((t for t in thresholds if left <= t), default=None)
                    if hit is not None and (case.warning_level == 0 or hit < case.warning_level):
                        touch(case, warning_level=hit, warned_at=timezone.now())
                        audit(None, "deadline_warned", case, after={"days_left": left, "threshold": hit})
                        for user in _staff_to_tell(case):
                            notify_user(
                                user,
                                case=case,
                                verb="deadline_warned",
                                subject=f"办件临期：{case.number}（剩余{left}个工作日）",
                                body=f"{case.item_name}（{case.number}）承诺办结日期{case.due_date:%Y-%m-%d}，剩余{left}个工作日。",
                            )
                        report["warned"].append(case.number)
        except CaseError:
            continue  # changed by someone meanwhile; the next scan sees it
    remind_within = max(thresholds, default=1)
    pledges = ShortfallPledge.objects.filter(fulfilled_at__isnull=True, is_overdue=False).select_related(
        "case", "case__applicant", "created_by"
    )
    for pledge in pledges:
        case = pledge.case
        if case.is_final:
            continue
        try:
            left = workdays_left(today, pledge.due_date)
        except CalendarYearNotLoaded as exc:
            missing.add(exc.year)
            continue
        with transaction.atomic():
            names = "、".join(m.name for m in case.materials.filter(key__in=pledge.materials))
            if pledge.due_date < today:
                pledge.is_overdue = True
                pledge.save(update_fields=["is_overdue"])
                _audit_pledge(pledge, "overdue", today)
                notify_applicant(
                    case,
                    verb="shortfall_overdue",
                    subject=f"容缺材料逾期未补：{case.item_name}",
                    body=f"您承诺于{pledge.due_date:%Y-%m-%d}前补交的材料（{names}）逾期未补，请尽快补交。",
                )
                notify_user(
                    pledge.created_by,
                    case=case,
                    verb="shortfall_overdue",
                    subject=f"容缺材料逾期未补：{case.number}",
                    body=f"{case.item_name}：{names}",
                )
                report["shortfall_overdue"].append(case.number)
            elif pledge.reminded_at is None and left <= remind_within:
                pledge.reminded_at = timezone.now()
                pledge.save(update_fields=["reminded_at"])
                _audit_pledge(pledge, "reminded", today)
                notify_applicant(
                    case,
                    verb="shortfall_reminded",
                    subject=f"请按期补交容缺材料：{case.item_name}",
                    body=f"请于{pledge.due_date:%Y-%m-%d}前补交：{names}。",
                )
                report["shortfall_reminded"].append(case.number)
    report["delivery_overdue"] = _delivery_overdue(today)
    report["steps_overdue"] = _steps_overdue(today)
    if missing:
        report["calendar_missing"] = sorted(missing)
        _tell_admins(sorted(missing))
    return report


def _delivery_overdue(today: dt.date) -> list[str]:
    """Decided but not delivered past the art. 44 limit: ``is_overdue``, audited, clerk told (once)."""
    flagged = []
    late = Case.objects.filter(status=CaseStatus.DECIDED, delivery_due_date__lt=today, is_overdue=False).select_related(
        "accepted_by"
    )
    for case in late.order_by("delivery_due_date", "pk"):
        try:
            with transaction.atomic():
                touch(case, is_overdue=True)
                audit(
                    None, "delivery_overdue", case, after={"delivery_due_date": case.delivery_due_date, "today": today}
                )
                notify_user(
                    case.accepted_by,
                    case=case,
                    verb="delivery_overdue",
                    subject=f"办件送达超期：{case.number}",
                    body=(
                        f"{case.item_name}（{case.number}）已作出准予决定，应于{case.delivery_due_date:%Y-%m-%d}前"
                        "颁发、送达（《行政许可法》第四十四条），尚未送达。"
                    ),
                )
        except CaseError:
            continue
        flagged.append(case.number)
    return flagged


def _steps_overdue(today: dt.date) -> list[str]:
    """Active steps past their own limit: flagged once, audited, the assignee (if any) told."""
    flagged = []
    late = CaseStep.objects.filter(status=StepStatus.ACTIVE, due_date__lt=today, is_overdue=False).select_related(
        "case", "assignee"
    )
    for step in late.order_by("due_date", "pk"):
        with transaction.atomic():
            if not CaseStep.objects.filter(pk=step.pk, status=StepStatus.ACTIVE, is_overdue=False).update(
                is_overdue=True
            ):
                continue
            case = step.case
            audit_log_write(
                actor=None,
                action="zwfw.cases.step.overdue",
                obj=step,
                after={"case": case.number, "step": step.key, "due_date": step.due_date, "today": today},
                region_code=case.region_id or "",
            )
            notify_user(  # an unassigned step is flagged (queue, audit) without a personal message
                step.assignee,
                case=case,
                verb="step_overdue",
                subject=f"办理环节超期：{case.number}（{step.name}）",
                body=f"{case.item_name}（{case.number}）的“{step.name}”环节时限为{step.due_date:%Y-%m-%d}，已超期。",
            )
        flagged.append(f"{case.number}:{step.key}")
    return flagged


def _audit_pledge(pledge: ShortfallPledge, verb: str, today: dt.date) -> None:
    audit_log_write(
        actor=None,
        action=f"zwfw.cases.shortfall.{verb}",
        obj=pledge,
        after={"case": pledge.case.number, "due_date": pledge.due_date, "today": today},
        region_code=pledge.case.region_id or "",
    )


def _tell_admins(years: list[int]) -> None:
    """Every platform admin gets one message per scan naming the years to load."""
    from django.contrib.auth import get_user_model

    text = "、".join(str(y) for y in years)
    logger.error("case deadline scan: calendar year(s) %s not loaded", text)
    with transaction.atomic():
        for admin in get_user_model().objects.filter(role="platform_admin", is_active=True):
            notification_create(
                recipient=admin,
                subject=f"请载入{text}年节假日安排",
                body=(
                    f"办件时限计算需要{text}年的官方节假日安排（国务院办公厅通知），尚未载入。"
                    "请运行 zwfw calendar load。"
                ),
                event="zwfw.cases.calendar_missing",
            )
