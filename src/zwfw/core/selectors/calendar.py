"""Working days on the official calendar.

行政许可法 第八十二条: the time limits of the law are counted in **working days**, not counting
statutory holidays. A working day is Monday–Friday, except the official holidays, plus the
weekend days the State Council's yearly notice (国务院办公厅关于某年部分节假日安排的通知) declares
working days (调休上班). The database stores only those exceptions (:class:`~zwfw.core.models.CalendarDay`)
for each loaded year (:class:`~zwfw.core.models.CalendarYear`).

Rules of this module:

- **No guessing.** Any date in a year whose schedule is not loaded raises
  :class:`~zwfw.core.errors.CalendarYearNotLoaded` (409, telling the admin to run
  ``zwfw calendar load``); there is no fallback to "Monday–Friday".
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
import threading
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from zwfw.core.errors import CalendarYearNotLoaded
from zwfw.core.models import CalendarDay, CalendarYear, DayKind

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class _YearDays:
    loaded_at: dt.datetime
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]


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

    @property
    def years(self) -> list[int]:
        return sorted(self._stamps)

    def _year(self, year: int) -> _YearDays:
        stamp = self._stamps.get(year)
        if stamp is None:
            raise CalendarYearNotLoaded(year)
        cached = _cache.get(year)
        if cached is not None and cached.loaded_at == stamp:
            return cached
        holidays, workdays = set(), set()
        for day, kind in CalendarDay.objects.filter(year_id=year).values_list("date", "kind"):
            (holidays if kind == DayKind.HOLIDAY else workdays).add(day)
        fresh = _YearDays(loaded_at=stamp, holidays=frozenset(holidays), workdays=frozenset(workdays))
        with _cache_lock:
            _cache[year] = fresh
        return fresh

    def require_years(self, first: int, last: int) -> None:
        """Raise :class:`CalendarYearNotLoaded` for the first year in ``first..last`` not loaded."""
        for year in range(first, last + 1):
            if year not in self._stamps:
                raise CalendarYearNotLoaded(year)

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


def working_calendar() -> WorkingCalendar:
    """A snapshot of the loaded years (one query); see :class:`WorkingCalendar`."""
    return WorkingCalendar(dict(CalendarYear.objects.values_list("year", "loaded_at")))


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


def calendar_day_list(year: int) -> QuerySet[CalendarDay]:
    """A loaded year's exceptions to Monday–Friday, by date; raises if the year is not loaded."""
    if not CalendarYear.objects.filter(year=year).exists():
        raise CalendarYearNotLoaded(year)
    return CalendarDay.objects.filter(year_id=year).order_by("date")
