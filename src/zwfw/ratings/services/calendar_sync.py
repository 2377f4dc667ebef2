"""Rectification deadlines counted on a provisional calendar year are recomputed when the
official year is loaded (the same rule as the cases' due dates, issue 17.5).

Until the State Council's notice for a year is loaded, core counts that year on the statutory
holidays alone (:mod:`zwfw.core.selectors.calendar`). Loading it (``zwfw calendar load``) sends
:data:`zwfw.core.services.calendar.calendar_year_loaded` after its commit; this receiver moves
the 整改期限 of every open rectification (待核实, 整改中, 待回访, 申诉审核中) whose deadline reaches into
that year to the official count from its rating day, and the 办理期限 of every open 办不成事 matter
from its report day — one audited row per changed deadline
(``zwfw.ratings.rectification.deadline_recomputed``, ``zwfw.ratings.blocked.deadline_recomputed``).
Escalation follows at the next daily scan.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zwfw.core.errors import CalendarYearNotLoaded
from zwfw.core.selectors.calendar import add_workdays
from zwfw.core.services.audit import audit_log_write
from zwfw.ratings.models import OPEN_RECTIFICATION, BlockedMatter, BlockedStatus, Rectification
from zwfw.ratings.services.blocked import blocked_workdays
from zwfw.ratings.services.rectification import rectification_due_date

OPEN_FOR_DEADLINE = OPEN_RECTIFICATION  # appeals included: a rejected appeal keeps the deadline


def _recompute(rows, *, model, due_for, action: str, year: int) -> list[int]:
    """Move each row's ``due_date`` to ``due_for(row)`` (compare-and-set, one audit row each)."""
    moved = []
    for row in rows.iterator(chunk_size=500):
        try:
            due = due_for(row)
        except CalendarYearNotLoaded:
            continue
        if due == row.due_date:
            continue
        with transaction.atomic():
            if not model.objects.filter(pk=row.pk, due_date=row.due_date).update(due_date=due):
                continue
            audit_log_write(
                actor=None,
                action=action,
                obj=row,
                before={"due_date": row.due_date},
                after={"due_date": due, "calendar_year": year},
                region_code=row.region_id,
            )
        moved.append(row.pk)
    return moved


def rectification_deadlines_recompute(*, year: int) -> dict[str, list[int]]:
    """Recompute the deadlines reaching into ``year``; returns the ids moved per kind."""
    rects = (
        Rectification.objects.filter(status__in=OPEN_FOR_DEADLINE, due_date__year__gte=year)
        .select_related("rating")
        .order_by("pk")
    )
    matters = BlockedMatter.objects.filter(
        status__in=[BlockedStatus.OPEN, BlockedStatus.IN_PROGRESS], due_date__year__gte=year
    ).order_by("pk")
    return {
        "rectifications": _recompute(
            rects,
            model=Rectification,
            due_for=lambda r: rectification_due_date(timezone.localtime(r.rating.rated_at).date(), r.region_id),
            action="zwfw.ratings.rectification.deadline_recomputed",
            year=year,
        ),
        "blocked": _recompute(
            matters,
            model=BlockedMatter,
            due_for=lambda m: add_workdays(timezone.localtime(m.reported_at).date(), blocked_workdays()),
            action="zwfw.ratings.blocked.deadline_recomputed",
            year=year,
        ),
    }


def on_calendar_year_loaded(sender, *, year: int, **kwargs) -> None:
    rectification_deadlines_recompute(year=year)
