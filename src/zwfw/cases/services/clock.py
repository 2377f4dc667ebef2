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

Legal rules by item type (:mod:`zwfw.cases.legal`): the 行政许可法 governs 行政许可 items only (its art. 2), so its
art. 32 (deemed acceptance), art. 42 (the 10-working-day extension), art. 44 (deliver within 10
working days of the decision) and art. 45 (the listed procedures stop the clock by law) are
applied to ``ItemType.LICENCE`` cases; other types (公共服务, 行政确认, 行政给付 …) run on their
promised limit, their steps' limits and the catalog's ``stops_clock`` flags.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zwfw.cases.errors import CaseError, CaseErrorCode
from zwfw.cases.legal import ITEM_TYPE_LABELS, LICENSING_ITEM_TYPES, item_type_of, licensing_law_applies
from zwfw.cases.models import Case, CaseStatus, ClockStop, SpecialProcedure
from zwfw.cases.services._base import audit, enforce, notify_applicant, today, touch
from zwfw.core.selectors.calendar import add_workdays, workdays_between

#: 第四十二条: the agency head may extend the decision limit once by 10 working days.
EXTENSION_WORKDAYS = 10
#: 第四十四条: the licence is issued and delivered within 10 working days of the decision.
DELIVERY_LIMIT_WORKDAYS = 10
#: 第四十五条: 听证、检验、检测、检疫、鉴定、专家评审 are not counted — graph steps of these kinds
#: stop the clock by law (for licensing items), whatever the catalog's ``stops_clock`` says.
LAW_CLOCK_STOP_STEP_KINDS = frozenset({"hearing", "expert_review", "testing"})


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
        accepted_on=accepted_on,
        limit_days=case.promised_limit_days,
        stopped_workdays=case.stopped_workdays + case.extension_workdays,
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
    enforce(case, "clock_stop", actor)  # 已受理, no procedure running
    if not reason.strip():
        raise CaseError(CaseErrorCode.REASON_REQUIRED, what="特别程序的启动理由或依据")
    if kind not in SpecialProcedure.values:
        raise CaseError(CaseErrorCode.CLOCK_DATE_INVALID, detail={"kind": kind}, reason=f"未知的特别程序种类：{kind}")
    stop = clock_stop_open(case=case, kind=kind, reason=reason.strip(), on=on or today(), actor=actor)
    audit(actor, "clock_stopped", case, after={"kind": kind, "reason": reason, "started_on": stop.started_on})
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
    enforce(case, "clock_resume", actor)  # a procedure is running
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


@transaction.atomic
def case_extend(*, actor, case: Case, reason: str) -> Case:
    """延长审批 (行政许可法 第四十二条; GB/T 39046 A.7 特别程序种类 1): the decision limit of a 行政许可
    case is extended by 10 working days, approved by the agency head (``cases.case.extend``:
    department admins of the case's department subtree, platform admins).

    Rules: the case is 已受理; the item is a 行政许可 (422 ``case_extension_not_applicable``
    otherwise); **once** (409 ``case_extension_once``); **within the original limit** — not
    after the due date has passed (409 ``case_extension_late``); a reason is required (422). The
    due date moves by 10 working days, the 临期 warnings start again, the approver, time and
    reason are kept on the case, audited (``zwfw.cases.case.extended``) and the reason is told to
    the applicant, as art. 42 requires.
    """
    enforce(case, "extend", actor)  # 已受理, a licensing item, not extended, within the limit
    reason = (reason or "").strip()
    if not reason:
        raise CaseError(CaseErrorCode.REASON_REQUIRED, what="延长审批的理由")
    before = case.due_date
    case.extension_workdays = EXTENSION_WORKDAYS
    # while a special procedure runs the date is frozen: move it by the extension; the resume
    # recomputes it from acceptance with the extension included
    new_due = add_workdays(before, EXTENSION_WORKDAYS) if case.clock_stopped else _recompute_due(case)
    touch(
        case,
        extension_workdays=EXTENSION_WORKDAYS,
        extended_at=timezone.now(),
        extended_by=actor,
        extension_reason=reason[:2000],
        due_date=new_due,
        warning_level=0,
    )
    audit(
        actor,
        "extended",
        case,
        before={"due_date": before},
        after={"due_date": new_due, "workdays": EXTENSION_WORKDAYS, "reason": reason},
    )
    notify_applicant(
        case,
        verb="extended",
        subject=f"办件{case.number}延长审批期限{EXTENSION_WORKDAYS}个工作日",
        body=(
            f"经本行政机关负责人批准，您的办件（{case.item_name}）审批期限延长{EXTENSION_WORKDAYS}个工作日，"
            f"承诺办结日期改为{new_due:%Y年%m月%d日}。理由：{reason}（《中华人民共和国行政许可法》第四十二条）"
        ),
    )
    return case


__all__ = [
    "DELIVERY_LIMIT_WORKDAYS",
    "EXTENSION_WORKDAYS",
    "ITEM_TYPE_LABELS",
    "LAW_CLOCK_STOP_STEP_KINDS",
    "LICENSING_ITEM_TYPES",
    "case_clock_resume",
    "case_clock_stop",
    "case_due_date",
    "case_extend",
    "case_limit_days",
    "clock_stop_close",
    "clock_stop_open",
    "item_type_of",
    "licensing_law_applies",
]
