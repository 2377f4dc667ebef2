"""The clock: promised limits in working days from acceptance, special procedures excluded.

Rules (行政许可法):

- art. 82: limits count **working days** on the official calendar
  (:mod:`zwfw.core.selectors.calendar`); a date in a year without a loaded schedule raises
  :class:`~zwfw.core.errors.CalendarYearNotLoaded` (409, telling the admin to load the year) —
  never a guess.
- art. 42 / the province's promise: ``due = add_workdays(accepted_on, promised + stopped)`` where
  ``promised`` is the pinned version's 承诺时限 (else the legal limit) and ``stopped`` the working
  days of finished special procedures.
- art. 45: 听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审 (and 现场勘验) are not counted: a
  :class:`~zwfw.cases.models.ClockStop` from ``started_on`` to ``ended_on`` removes the working
  days in ``(started_on, ended_on]`` (the first day is not counted, 民法典 第二百零一条, the same
  convention as :func:`~zwfw.core.selectors.calendar.workdays_between`).
- While a stop is open the due date is not moved (it is recomputed on resume) and the case is
  neither warned nor flagged overdue.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zwfw.cases import permissions as perms
from zwfw.cases.errors import CaseError, CaseErrorCode
from zwfw.cases.models import Case, CaseStatus, ClockStop, SpecialProcedure
from zwfw.cases.services._base import audit, check, today, touch
from zwfw.core.selectors.calendar import add_workdays, workdays_between


def case_due_date(*, accepted_on: dt.date, limit_days: int | None, stopped_workdays: int = 0) -> dt.date | None:
    """The promised completion date: the (limit + stopped)-th working day after acceptance.

    ``None`` when the item sets no limit. Raises ``CalendarYearNotLoaded`` past the loaded years.
    """
    if limit_days is None:
        return None
    return add_workdays(accepted_on, limit_days + stopped_workdays)


def case_limit_days(version) -> int | None:
    """承诺时限 of the pinned version, else its 法定时限 (promised ≤ legal is a catalog rule)."""
    if version.promised_limit_days is not None:
        return version.promised_limit_days
    return version.legal_limit_days


def _recompute_due(case: Case) -> dt.date | None:
    if case.accepted_at is None:
        return None
    accepted_on = timezone.localdate(case.accepted_at)
    return case_due_date(
        accepted_on=accepted_on, limit_days=case.promised_limit_days, stopped_workdays=case.stopped_workdays
    )


def clock_stop_open(*, case: Case, kind: str, reason: str, on: dt.date, actor=None, step=None) -> ClockStop:
    """Open a stop (inside the caller's transaction); the case must not have an open one."""
    open_stop = case.clock_stops.filter(ended_on__isnull=True).first()
    if open_stop is not None:
        raise CaseError(
            CaseErrorCode.CLOCK_ALREADY_STOPPED, detail={"kind": open_stop.kind}, kind=open_stop.get_kind_display()
        )
    stop = ClockStop.objects.create(
        case=case,
        step=step,
        kind=SpecialProcedure(kind).value,
        reason=reason,
        started_on=on,
        started_at=timezone.now(),
        started_by=actor,
    )
    touch(case, clock_stopped=True)
    return stop


def clock_stop_close(*, case: Case, stop: ClockStop, on: dt.date, actor=None, result: str = "") -> ClockStop:
    """Close ``stop`` on ``on``: count its working days, move the due date (caller's transaction)."""
    if on < stop.started_on:
        raise CaseError(
            CaseErrorCode.CLOCK_DATE_INVALID,
            detail={"started_on": stop.started_on.isoformat(), "ended_on": on.isoformat()},
            reason=f"恢复计时日期不能早于特别程序开始日期（{stop.started_on:%Y-%m-%d}）",
        )
    days = workdays_between(stop.started_on, on)
    stop.ended_on = on
    stop.ended_at = timezone.now()
    stop.ended_by = actor
    stop.workdays = days
    stop.result = result
    stop.save(update_fields=["ended_on", "ended_at", "ended_by", "workdays", "result"])
    stopped = case.stopped_workdays + days
    case.stopped_workdays = stopped
    due = _recompute_due(case)
    overdue = bool(due and due < today()) and case.status == CaseStatus.ACCEPTED
    touch(
        case,
        clock_stopped=False,
        stopped_workdays=stopped,
        due_date=due,
        is_overdue=overdue,
        warning_level=case.warning_level if overdue else 0,
    )
    return stop


@transaction.atomic
def case_clock_stop(*, actor, case: Case, kind: str, reason: str, on: dt.date | None = None) -> ClockStop:
    """Start an ad-hoc special procedure (行政许可法 第四十五条): the clock stops from ``on``.

    Only while the case is 已受理. The applicant is told in writing (art. 45: 书面告知申请人所需时间).
    409 when a procedure is already running.
    """
    check(actor, perms.CLOCK, case)
    if case.status != CaseStatus.ACCEPTED:
        from zwfw.cases.errors import illegal_transition

        raise illegal_transition(status=case.status, action="暂停计时")
    if not reason.strip():
        raise CaseError(CaseErrorCode.REASON_REQUIRED, what="特别程序的启动理由或依据")
    if kind not in SpecialProcedure.values:
        raise CaseError(CaseErrorCode.CLOCK_DATE_INVALID, detail={"kind": kind}, reason=f"未知的特别程序种类：{kind}")
    stop = clock_stop_open(case=case, kind=kind, reason=reason.strip(), on=on or today(), actor=actor)
    audit(actor, "clock_stopped", case, after={"kind": kind, "reason": reason, "started_on": stop.started_on})
    from zwfw.cases.services._base import notify_applicant

    notify_applicant(
        case,
        verb="clock_stopped",
        subject=f"办件{case.number}进入特别程序（{stop.get_kind_display()}）",
        body=f"您的办件进入{stop.get_kind_display()}程序，所需时间不计入承诺办结时限。理由：{reason}",
    )
    return stop


@transaction.atomic
def case_clock_resume(*, actor, case: Case, on: dt.date | None = None, result: str = "") -> ClockStop:
    """End the running special procedure on ``on``; the due date moves by its working days."""
    check(actor, perms.CLOCK, case)
    stop = case.clock_stops.filter(ended_on__isnull=True).first()
    if stop is None:
        raise CaseError(CaseErrorCode.CLOCK_NOT_STOPPED)
    before_due = case.due_date
    clock_stop_close(case=case, stop=stop, on=on or today(), actor=actor, result=result)
    audit(
        actor,
        "clock_resumed",
        case,
        before={"due_date": before_due},
        after={"kind": stop.kind, "workdays": stop.workdays, "due_date": case.due_date},
    )
    return stop
