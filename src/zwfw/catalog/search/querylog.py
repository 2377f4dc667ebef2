"""The search query log for the synonym table's editors: zero-result and low-click queries.

Counters per normalised query and day (:class:`~zwfw.catalog.models.SearchQueryStat`): how
often it was searched, found nothing, and had a result opened. Nothing links a row to a person:
no user, session, IP address or region is stored, and before the text is stored it is
normalised (:func:`~zwfw.catalog.search.understand.normalise`) and scrubbed — every run of 5 or
more digits (ID card, phone, account numbers) and every e-mail address becomes ``＊``
(:func:`scrub`). Counters are analytics, not decisions: they are not audited (synonym edits are).

Writes are one conditional ``UPDATE … SET n = n + 1`` (an ``INSERT`` the first time a query is
seen on a day), so concurrent searches never lose a count.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.db import IntegrityError, transaction
from django.db.models import F, FloatField, Q, Sum
from django.db.models.functions import Cast
from django.utils import timezone

from zwfw.catalog.models import SearchQueryStat
from zwfw.catalog.search.understand import normalise

MAX_QUERY = 100
# After normalising: digits (full-width ones included) with spaces where dashes were.
_DIGITS = re.compile(r"\d[\d ]{3,}[\dx]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_EMAIL_MARK = " zzemailzz "
MASK = "＊"


def scrub(query: str) -> str:
    """The query as it may be stored: normalised, e-mail addresses and runs of 5+ digits masked."""
    text = normalise(_EMAIL.sub(_EMAIL_MARK, unicodedata.normalize("NFKC", query or "")))
    text = _DIGITS.sub(MASK, text).replace(_EMAIL_MARK.strip(), MASK)
    return text[:MAX_QUERY]


def _bump(query: str, day: dt.date, **increments: int) -> int:
    updates = {name: F(name) + n for name, n in increments.items() if n}
    return SearchQueryStat.objects.filter(query=query, day=day).update(**updates) if updates else 0


def search_log_record(*, query: str, results: int) -> None:
    """Count one search of ``query`` that listed ``results`` items."""
    text = scrub(query)
    if not text:
        return
    day = timezone.localdate()
    zero = 1 if results == 0 else 0
    fields = {"searches": 1, "zero_results": zero}
    if _bump(text, day, **fields):
        SearchQueryStat.objects.filter(query=text, day=day).update(last_result_count=results)
        return
    try:
        with transaction.atomic():
            SearchQueryStat.objects.create(
                query=text, day=day, searches=1, zero_results=zero, last_result_count=results
            )
    except IntegrityError:  # another request created today's row first
        _bump(text, day, **fields)


def search_click_record(*, query: str) -> bool:
    """Count one opened result for ``query`` (searched today); False when it was not searched."""
    text = scrub(query)
    return bool(text) and _bump(text, timezone.localdate(), clicks=1) > 0


def _window(days: int):
    since = timezone.localdate() - dt.timedelta(days=max(1, days) - 1)
    return (
        SearchQueryStat.objects.filter(day__gte=since)
        .values("query")
        .annotate(searches=Sum("searches"), zero_results=Sum("zero_results"), clicks=Sum("clicks"))
    )


def search_log_zero_results(*, days: int = 30, limit: int = 100) -> list[dict]:
    """Queries that found nothing at least once in the last ``days`` days, most frequent first."""
    rows = _window(days).filter(zero_results__gt=0).order_by("-zero_results", "-searches", "query")
    return list(rows[:limit])


def search_log_low_clicks(
    *, days: int = 30, min_searches: int = 3, max_click_rate: float = 0.1, limit: int = 100
) -> list[dict]:
    """Queries that listed results but whose results were rarely opened: searched at least
    ``min_searches`` times, results opened in at most ``max_click_rate`` of the searches."""
    rows = (
        _window(days)
        .filter(searches__gte=min_searches)
        .exclude(Q(zero_results__gte=F("searches")))
        .annotate(rate=Cast("clicks", FloatField()) / Cast("searches", FloatField()))
        .filter(rate__lte=max_click_rate)
        .order_by("-searches", "query")
    )
    return [{k: r[k] for k in ("query", "searches", "zero_results", "clicks")} for r in rows[:limit]]


def search_log_purge(*, older_than_days: int = 180) -> int:
    """Delete counters older than ``older_than_days`` days; returns how many rows went."""
    cutoff = timezone.localdate() - dt.timedelta(days=older_than_days)
    deleted, _ = SearchQueryStat.objects.filter(day__lt=cutoff).delete()
    return deleted
