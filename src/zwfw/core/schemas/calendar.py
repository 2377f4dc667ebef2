"""Schemas of the working-day calendar API (``/api/v1/calendar/…``)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from ninja import Field, Schema
from pydantic import BeforeValidator

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: object) -> object:
    # Only YYYY-MM-DD: pydantic alone would read "20260213" as a Unix timestamp (1970-08-23).
    if isinstance(value, str) and not _ISO.fullmatch(value.strip()):
        raise ValueError("日期应写成YYYY-MM-DD")
    return value.strip() if isinstance(value, str) else value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


MAX_DAYS = 3660  # ten years of working days: far beyond any legal limit, and it bounds the work


class AddWorkdaysIn(Schema):
    start: IsoDate = Field(..., description="起算日 YYYY-MM-DD（不计入）")
    days: int = Field(..., ge=-MAX_DAYS, le=MAX_DAYS, description="工作日数，负数表示往前推")


class WorkdaysBetweenIn(Schema):
    start: IsoDate = Field(..., description="起算日 YYYY-MM-DD（不计入）")
    end: IsoDate = Field(..., description="截止日 YYYY-MM-DD（计入）")


class AddWorkdaysOut(Schema):
    start: dt.date
    days: int
    result: dt.date
    provisional: bool = Field(
        False, description="结果用到尚未公布官方放假安排的年度（按法定节假日临时计算），官方安排载入后可能变化"
    )


class WorkdaysBetweenOut(Schema):
    start: dt.date
    end: dt.date
    workdays: int
    provisional: bool = Field(False, description="统计用到尚未公布官方放假安排的年度（临时日历）")


class CalendarYearOut(Schema):
    year: int
    source: str
    reference: str
    loaded_at: dt.datetime
    holiday_count: int
    workday_count: int


class CalendarDayOut(Schema):
    date: dt.date
    kind: str
    kind_display: str
    name: str
    provisional: bool = Field(False, description="临时日历：官方放假安排尚未载入，按法定节假日计算")
