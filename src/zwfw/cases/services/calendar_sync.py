"""Deadlines counted on a provisional calendar year are recomputed when the official year is loaded.

Until the State Council's notice for a year is loaded, core counts that year on the statutory
holidays alone (:mod:`zwfw.core.selectors.calendar`), so a case accepted in December gets a due
date instead of a 409. Loading the official schedule (``zwfw calendar load``) sends
:data:`zwfw.core.services.calendar.calendar_year_loaded` after its commit; this receiver moves
the due date of every running case whose clock reaches into that year to the official count,
one audited row per case that changed (``zwfw.cases.case.deadline_recomputed``). Warnings and
the overdue flag follow at the next deadline scan.
"""

from __future__ import annotations

from django.db import transaction

from zwfw.cases.models import Case, CaseStatus
from zwfw.cases.services._base import audit, touch
from zwfw.cases.services.clock import _recompute_due


def case_deadlines_recompute(*, year: int) -> list[str]:
    """Recompute the due dates that reach into ``year``; returns the numbers of the cases moved."""
    moved: list[str] = []
    candidates = Case.objects.filter(
        status=CaseStatus.ACCEPTED, accepted_at__isnull=False, due_date__year__gte=year
    ).order_by("pk")
    for case in candidates.iterator(chunk_size=500):
        new_due = _recompute_due(case)
        if new_due == case.due_date:
            continue
        with transaction.atomic():
            before = {"due_date": case.due_date}
            touch(case, due_date=new_due)
            audit(None, "deadline_recomputed", case, before=before, after={"due_date": new_due, "calendar_year": year})
        moved.append(case.number)
    return moved


def on_calendar_year_loaded(sender, *, year: int, **kwargs) -> None:
    case_deadlines_recompute(year=year)
