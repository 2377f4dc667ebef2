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


def rectification_deadlines_recompute(*, year: int) -> dict[str, list[int]]:
    """Recompute the deadlines reaching into ``year``; returns the ids moved per kind."""
    moved: dict[str, list[int]] = {"rectifications": [], "blocked": []}
    rects = (
        Rectification.objects.filter(status__in=OPEN_FOR_DEADLINE, due_date__year__gte=year)
        .select_related("rating")
        .order_by("pk")
    )
    for rect in rects.iterator(chunk_size=500):
        try:
            due = rectification_due_date(timezone.localtime(rect.rating.rated_at).date(), rect.region_id)
        except CalendarYearNotLoaded:
            continue
        if due == rect.due_date:
            continue
        with transaction.atomic():
            if not Rectification.objects.filter(pk=rect.pk, due_date=rect.due_date).update(due_date=due):
                continue
            audit_log_write(
                actor=None,
                action="zwfw.ratings.rectification.deadline_recomputed",
                obj=rect,
                before={"due_date": rect.due_date},
                after={"due_date": due, "calendar_year": year},
                region_code=rect.region_id,
            )
        moved["rectifications"].append(rect.pk)
    matters = BlockedMatter.objects.filter(
        status__in=[BlockedStatus.OPEN, BlockedStatus.IN_PROGRESS], due_date__year__gte=year
    ).order_by("pk")
    for matter in matters.iterator(chunk_size=500):
        try:
            due = add_workdays(timezone.localtime(matter.reported_at).date(), blocked_workdays())
        except CalendarYearNotLoaded:
            continue
        if due == matter.due_date:
            continue
        with transaction.atomic():
            if not BlockedMatter.objects.filter(pk=matter.pk, due_date=matter.due_date).update(due_date=due):
                continue
            audit_log_write(
                actor=None,
                action="zwfw.ratings.blocked.deadline_recomputed",
                obj=matter,
                before={"due_date": matter.due_date},
                after={"due_date": due, "calendar_year": year},
                region_code=matter.region_id,
            )
        moved["blocked"].append(matter.pk)
    return moved


def on_calendar_year_loaded(sender, *, year: int, **kwargs) -> None:
    rectification_deadlines_recompute(year=year)
