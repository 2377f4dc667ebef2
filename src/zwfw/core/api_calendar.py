"""Working-day calendar API: add working days, count them, list the loaded years.

Public reference data (``auth=None``). The rules (行政许可法 第八十二条; the day counting starts
from is not counted) are in :mod:`zwfw.core.selectors.calendar`; a date in a year whose official
schedule is not loaded is counted on a provisional calendar (``provisional: true`` in the answer)
in the two years after the last loaded one, and answers 409 ``calendar_year_not_loaded`` elsewhere.
"""

from __future__ import annotations

from ninja import Path, Query, Router

from zwfw.core.api import ErrorOut
from zwfw.core.schemas.calendar import (
    AddWorkdaysIn,
    AddWorkdaysOut,
    CalendarDayOut,
    CalendarYearOut,
    WorkdaysBetweenIn,
    WorkdaysBetweenOut,
)
from zwfw.core.selectors import calendar as calendar_selectors

router = Router(tags=["core"])


@router.get(
    "/add-workdays",
    auth=None,
    response={200: AddWorkdaysOut, 409: ErrorOut, 422: ErrorOut},
    operation_id="core_calendar_add_workdays",
    summary="计算第N个工作日的日期（起算日不计入；N=0 为当日或下一工作日）",
    url_name="calendar_add_workdays",
)
def calendar_add_workdays(request, params: Query[AddWorkdaysIn]):
    cal = calendar_selectors.working_calendar()
    result = cal.add_workdays(params.start, params.days)
    return {"start": params.start, "days": params.days, "result": result, "provisional": bool(cal.provisional_years)}


@router.get(
    "/workdays-between",
    auth=None,
    response={200: WorkdaysBetweenOut, 409: ErrorOut, 422: ErrorOut},
    operation_id="core_calendar_workdays_between",
    summary="统计 (start, end] 内的工作日数（end 早于 start 时为负数）",
    url_name="calendar_workdays_between",
)
def calendar_workdays_between(request, params: Query[WorkdaysBetweenIn]):
    cal = calendar_selectors.working_calendar()
    count = cal.workdays_between(params.start, params.end)
    return {"start": params.start, "end": params.end, "workdays": count, "provisional": bool(cal.provisional_years)}


@router.get(
    "/years",
    auth=None,
    response={200: list[CalendarYearOut]},
    operation_id="core_calendar_year_list",
    summary="已载入放假安排的年度",
    url_name="calendar_year_list",
)
def calendar_year_list(request):
    return calendar_selectors.calendar_year_list()


@router.get(
    "/years/{year}",
    auth=None,
    response={200: list[CalendarDayOut], 409: ErrorOut, 422: ErrorOut},
    operation_id="core_calendar_day_list",
    summary="某年的节假日与调休上班日",
    url_name="calendar_day_list",
)
def calendar_day_list(request, year: int = Path(..., ge=1, le=9999)):
    return calendar_selectors.calendar_day_list(year)
