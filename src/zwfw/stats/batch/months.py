"""Calendar months in Asia/Shanghai: parsing ``YYYY-MM`` and the ``[start, end)`` instants.

Reports count by calendar month in China Standard Time (UTC+8, no daylight saving), whatever
``TIME_ZONE`` the server runs with: a case accepted at 2026-01-31 23:30 Beijing time belongs to
January even though it is 15:30 UTC.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from zwfw.stats.errors import StatsError, StatsErrorCode

REPORT_TZ = ZoneInfo("Asia/Shanghai")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"

    @property
    def start(self) -> dt.datetime:
        """The first instant of the month, Beijing time (aware)."""
        return dt.datetime(self.year, self.month, 1, tzinfo=REPORT_TZ)

    @property
    def end(self) -> dt.datetime:
        """The first instant of the next month (exclusive bound)."""
        return self.next().start

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def contains(self, instant: dt.datetime | None) -> bool:
        return instant is not None and self.start <= instant < self.end


def month_parse(value: str | None) -> Month:
    """``"2026-01"`` → ``Month(2026, 1)``; anything else → 422 ``stats_bad_month`` naming ``month``."""
    text = (value or "").strip()
    match = _MONTH.match(text)
    if match is None or not (1 <= int(match.group(2)) <= 12) or not (2000 <= int(match.group(1)) <= 2100):
        raise StatsError(
            StatsErrorCode.BAD_MONTH,
            detail=[{"field": "month", "value": text[:20], "message": "应为 YYYY-MM（2000-01 至 2100-12）"}],
            value=text[:20],
        )
    return Month(int(match.group(1)), int(match.group(2)))


def month_of(instant: dt.datetime) -> Month:
    local = instant.astimezone(REPORT_TZ)
    return Month(local.year, local.month)


def last_complete_month(now: dt.datetime | None = None) -> Month:
    """The month before the current one (Beijing time): what a monthly report is usually for."""
    from django.utils import timezone

    return month_of(now or timezone.now()).previous()
