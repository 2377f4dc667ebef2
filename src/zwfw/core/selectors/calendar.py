"""Working days on the official calendar.

行政许可法 第八十二条: the time limits of the law are counted in **working days**, not counting
statutory holidays. A working day is Monday–Friday, except the official holidays, plus the
weekend days the State Council's yearly notice (国务院办公厅关于某年部分节假日安排的通知) declares
working days (调休上班). The database stores only those exceptions (:class:`~zwfw.core.models.CalendarDay`)
for each loaded year (:class:`~zwfw.core.models.CalendarYear`).

Rules of this module:

- **Provisional, never silent.** A date in the first :data:`PROVISIONAL_YEARS_AHEAD` years after the
  last loaded one is counted on a *provisional* year built from the statutory holidays alone
  (全国年节及纪念日放假办法, 2025 revision: 元旦 1, 春节 4, 清明 1, 劳动节 2, 端午 1, 中秋 1,
  国庆 3 days; lunar dates computed by the ``holidays`` package, with its make-up days off when
  a holiday falls on a weekend; no 调休 working weekends, which only the State Council's notice
  can declare). The State Council publishes the next year's notice only in November or later,
  so without this a 20-working-day deadline computed in December would fail. Every answer that
  touched a provisional year says so (:attr:`WorkingCalendar.provisional_years`,
  :func:`is_provisional`), callers flag such deadlines and recompute them when the official year
  is loaded (:data:`zwfw.core.services.calendar.calendar_year_loaded`). Any other year not loaded
  (before the first, or further ahead) raises :class:`~zwfw.core.errors.CalendarYearNotLoaded`
  (409, telling the admin to run ``zwfw calendar load``); there is no fallback to
  "Monday–Friday".
- **Counting starts the day after** (民法典 第二百零一条: a period counted in days does not count the
  day it starts): :func:`add_workdays` ``(start, n)`` is the day on which the n-th working day
  after ``start`` falls; :func:`workdays_between` ``(a, b)`` counts working days in ``(a, b]``.
- **Cost.** Each public call makes one small query (the loaded years and their ``loaded_at``
  stamps) and, only for a year not cached yet or reloaded since, one query for that year's
  exceptions. The exceptions of loaded years are cached per process; a year whose stamp changed
  (reloaded here, in another process, or rolled back) is fetched again, so every web node and
  worker sees a new year as soon as ``zwfw calendar load`` commits. Callers computing many dates
  take one :func:`working_calendar` snapshot and call its methods (no query per date).
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from zwfw.core.errors import CalendarYearNotLoaded
from zwfw.core.models import CalendarDay, CalendarYear, DayKind
from zwfw.core.prepared import PreparedRead
from zwfw.core.request_cache import request_cache

ONE_DAY = dt.timedelta(days=1)
PROVISIONAL_YEARS_AHEAD = 2
"""How many years after the last loaded one are counted on a provisional calendar."""


@dataclass(frozen=True)
class _YearDays:
    loaded_at: dt.datetime | None
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    names: tuple[tuple[dt.date, str], ...] = ()


@functools.lru_cache(maxsize=8)
def provisional_year_days(year: int) -> _YearDays:
    """The statutory holidays of ``year`` (with their weekend make-up days off), no 调休 working days.

    Built by the ``holidays`` package's China calendar (lunar dates computed), Chinese names.
    """
    import holidays as holidays_lib

    days = holidays_lib.China(years=year, language="zh_CN")
    names = tuple(sorted((d, str(n)) for d, n in days.items() if d.year == year))
    return _YearDays(loaded_at=None, holidays=frozenset(d for d, _ in names), workdays=frozenset(), names=names)


_cache: dict[int, _YearDays] = {}
_cache_lock = threading.Lock()


def calendar_cache_clear() -> None:
    """Forget every cached year (the next call reads them again). Stamps make this optional."""
    with _cache_lock:
        _cache.clear()


class WorkingCalendar:
    """A snapshot of the loaded years, answering working-day questions from memory.

    Obtain it with :func:`working_calendar`; it reads each year's exceptions at most once.
    """

    def __init__(self, stamps: dict[int, dt.datetime]) -> None:
        self._stamps = stamps
        self._last_loaded = max(stamps) if stamps else None
        self.provisional_years: set[int] = set()
        """The provisional years this snapshot has answered from (empty: every answer is official)."""

    @property
    def years(self) -> list[int]:
        return sorted(self._stamps)

    def may_be_provisional(self, year: int) -> bool:
        """True when ``year`` is not loaded but close enough after the last loaded one to be provisional."""
        last = self._last_loaded
        return year not in self._stamps and last is not None and last < year <= last + PROVISIONAL_YEARS_AHEAD

    def _year(self, year: int) -> _YearDays:
        stamp = self._stamps.get(year)
        if stamp is None:
            if not self.may_be_provisional(year):
                raise CalendarYearNotLoaded(year)
            self.provisional_years.add(year)
            return provisional_year_days(year)
        cached = _cache.get(year)
        if cached is not None and cached.loaded_at == stamp:
            return cached
        holidays: set[dt.date] = set()
        workdays: set[dt.date] = set()
        for day, kind in CalendarDay.objects.filter(year_id=year).values_list("date", "kind"):
            (holidays if kind == DayKind.HOLIDAY else workdays).add(day)
        fresh = _YearDays(loaded_at=stamp, holidays=frozenset(holidays), workdays=frozenset(workdays))
        with _cache_lock:
            _cache[year] = fresh
        return fresh

    def require_years(self, first: int, last: int) -> None:
        """Raise :class:`CalendarYearNotLoaded` for the first year in ``first..last`` neither loaded nor provisional."""
        for year in range(first, last + 1):
            self._year(year)

    def is_workday(self, day: dt.date) -> bool:
        """True on Monday–Friday unless an official holiday, and on 调休 working weekend days."""
        days = self._year(day.year)
        if day in days.holidays:
            return False
        if day in days.workdays:
            return True
        return day.weekday() < 5

    def next_workday(self, day: dt.date) -> dt.date:
        """The first working day strictly after ``day``."""
        day += ONE_DAY
        while not self.is_workday(day):
            day += ONE_DAY
        return day

    def previous_workday(self, day: dt.date) -> dt.date:
        """The last working day strictly before ``day``."""
        day -= ONE_DAY
        while not self.is_workday(day):
            day -= ONE_DAY
        return day

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The date on which the n-th working day after ``start`` falls (``start`` not counted).

        ``n == 0`` answers ``start`` when it is a working day, else the next working day (the
        first day on which anything can be done). ``n < 0`` counts backwards: the |n|-th working
        day before ``start``. Every year touched, ``start``'s included, must be loaded.
        """
        self._year(start.year)
        if n == 0:
            return start if self.is_workday(start) else self.next_workday(start)
        step = self.next_workday if n > 0 else self.previous_workday
        day = start
        for _ in range(abs(n)):
            day = step(day)
        return day

    def workdays_between(self, a: dt.date, b: dt.date) -> int:
        """The number of working days in the half-open interval ``(a, b]``.

        ``a`` itself is not counted (the day an application is accepted), ``b`` is (the day of
        the decision). ``b < a`` answers the negative count of ``(b, a]``, so
        ``workdays_between(a, b) == -workdays_between(b, a)`` and, for n ≥ 1,
        ``workdays_between(a, add_workdays(a, n)) == n``. Every year from ``a``'s to ``b``'s must be
        loaded.
        """
        if b < a:
            return -self.workdays_between(b, a)
        self.require_years(a.year, b.year)
        count, day = 0, a + ONE_DAY
        while day <= b:
            count += self.is_workday(day)
            day += ONE_DAY
        return count


# read by every request that counts working days: compiled once per process (issue 9)
_LOADED_YEARS: PreparedRead[CalendarYear] = PreparedRead(lambda: CalendarYear.objects.order_by("year"), arity=0)


def working_calendar() -> WorkingCalendar:
    """A snapshot of the loaded years (one query, once per request: loading a year clears the
    request's memo); see :class:`WorkingCalendar`."""
    cache = request_cache()
    if cache is not None and "working_calendar" in cache:
        return cache["working_calendar"]
    snapshot = WorkingCalendar({row.year: row.loaded_at for row in _LOADED_YEARS.all()})
    if cache is not None:
        cache["working_calendar"] = snapshot
    return snapshot


def is_provisional(*days: dt.date) -> bool:
    """True when any year from the earliest to the latest of ``days`` is counted on a provisional calendar.

    A deadline computed from ``start`` is provisional exactly when ``is_provisional(start, deadline)``.
    """
    if not days:
        return False
    cal = working_calendar()
    return any(cal.may_be_provisional(y) for y in range(min(days).year, max(days).year + 1))


def provisional_years_in_use(today: dt.date | None = None) -> list[int]:
    """This year and, from October on, next year, where either is not officially loaded (the admin's warning)."""
    from django.utils import timezone

    today = today or timezone.localdate()
    cal = working_calendar()
    wanted = [today.year] + ([today.year + 1] if today.month >= 10 else [])
    return [y for y in wanted if y not in cal.years]


def is_workday(day: dt.date) -> bool:
    """Whether ``day`` is a working day on the official calendar (行政许可法 第八十二条)."""
    return working_calendar().is_workday(day)


def next_workday(day: dt.date) -> dt.date:
    """The first working day strictly after ``day``."""
    return working_calendar().next_workday(day)


def add_workdays(start: dt.date, n: int) -> dt.date:
    """The date on which the n-th working day after ``start`` falls; see :meth:`WorkingCalendar.add_workdays`."""
    return working_calendar().add_workdays(start, n)


def workdays_between(a: dt.date, b: dt.date) -> int:
    """Working days in ``(a, b]`` (negative when b < a); see :meth:`WorkingCalendar.workdays_between`."""
    return working_calendar().workdays_between(a, b)


def calendar_year_list() -> QuerySet[CalendarYear]:
    """The loaded years with their counts of holidays and 调休 working days (one query). Public data."""
    return CalendarYear.objects.annotate(
        holiday_count=Count("days", filter=Q(days__kind=DayKind.HOLIDAY)),
        workday_count=Count("days", filter=Q(days__kind=DayKind.WORKDAY)),
    ).order_by("year")


@dataclass(frozen=True)
class CalendarDayView:
    """One exception to Monday–Friday as the API and the command show it."""

    date: dt.date
    kind: str
    kind_display: str
    name: str
    provisional: bool = False


def calendar_day_list(year: int) -> list[CalendarDayView]:
    """A year's exceptions to Monday–Friday, by date.

    A loaded year answers its stored days; a year that may be provisional answers the statutory
    holidays it is counted on, each marked ``provisional``; any other year raises.
    """
    if CalendarYear.objects.filter(year=year).exists():
        return [
            CalendarDayView(date=d.date, kind=d.kind, kind_display=str(d.get_kind_display()), name=d.name)
            for d in CalendarDay.objects.filter(year_id=year).order_by("date")
        ]
    if not working_calendar().may_be_provisional(year):
        raise CalendarYearNotLoaded(year)
    return [
        CalendarDayView(
            date=d,
            kind=DayKind.HOLIDAY.value,
            kind_display=str(DayKind.HOLIDAY.label),
            name=f"{n}（临时）",
            provisional=True,
        )
        for d, n in provisional_year_days(year).names
    ]
