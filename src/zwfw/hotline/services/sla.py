"""Time limits (SLA) of work orders on the official working-day calendar.

Sichuan rule (《四川省12345政务服务便民热线运行管理办法》, 川办, Dec 2025): 咨询类 3 working days,
求助/意见建议类 7, 投诉举报类 15; complex matters → 延期 by procedure. The clock starts at 签收
(usual practice, DOMAIN.md "work-order flow"). Urgent matters count in hours (Beijing draft
standard 2021: 突发/生命财产 2 h, 水电气热 24 h) and ignore the calendar.

A deadline falls at the end (23:59:59, Beijing time) of the n-th working day after the day the
clock starts; working days come from :mod:`zwfw.core.selectors.calendar` (a year not loaded is
the 409 ``calendar_year_not_loaded`` that tells the admin to load it).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from zwfw.core.selectors.calendar import add_workdays

SLA_WORKING_DAYS = {"consult": 3, "help": 7, "suggest": 7, "complaint": 15, "report": 15}
URGENT_HOURS = {"urgent": 24, "critical": 2}
# 签收时限: by the end of the next working day; urgent orders within the hour (critical 30 min).
SIGN_WORKING_DAYS = 1
SIGN_URGENT_MINUTES = {"urgent": 60, "critical": 30}
# 延期: at most this many working days per request (a setting of the hub, Sichuan practice).
MAX_EXTENSION_DAYS = 15


def end_of_workday(start: dt.datetime, n: int) -> dt.datetime:
    """23:59:59 local time of the n-th working day after ``start``'s local date."""
    day = add_workdays(timezone.localdate(start), n)
    end = dt.datetime.combine(day, dt.time(23, 59, 59))
    return timezone.make_aware(end, timezone.get_current_timezone())


def sign_due(*, dispatched_at: dt.datetime, urgency: str) -> dt.datetime:
    if urgency in SIGN_URGENT_MINUTES:
        return dispatched_at + dt.timedelta(minutes=SIGN_URGENT_MINUTES[urgency])
    return end_of_workday(dispatched_at, SIGN_WORKING_DAYS)


def handling_due(*, signed_at: dt.datetime, appeal_type: str, urgency: str, extra_days: int = 0) -> dt.datetime:
    if urgency in URGENT_HOURS:
        return signed_at + dt.timedelta(hours=URGENT_HOURS[urgency])
    return end_of_workday(signed_at, SLA_WORKING_DAYS[appeal_type] + extra_days)


def extend(*, due_at: dt.datetime, days: int) -> dt.datetime:
    """The deadline moved by ``days`` working days (urgent orders: by ``days`` × 24 h)."""
    return end_of_workday(due_at, days)
