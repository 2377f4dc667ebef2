"""Deadlines counted on a provisional calendar year are recomputed when the official year is loaded.

Until the State Council's notice for a year is loaded, core counts that year on the statutory
holidays alone (:mod:`zwfw.core.selectors.calendar`), so a case accepted in December gets a due
date instead of a 409. Loading the official schedule (``zwfw calendar load``) sends
:data:`zwfw.core.services.calendar.calendar_year_loaded` after its commit; this receiver moves
the due date of every running case whose clock reaches into that year to the official count,
one audited row per case that changed (``zwfw.cases.case.deadline_recomputed``); active steps'
own limits and the art. 44 delivery limits of decided cases move the same way. Warnings and
the overdue flags follow at the next deadline scan.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zwfw.cases.models import Case, CaseStatus, CaseStep, StepStatus
from zwfw.cases.services._base import audit, touch
from zwfw.cases.services.clock import DELIVERY_LIMIT_WORKDAYS, _recompute_due
from zwfw.core.errors import CalendarYearNotLoaded
from zwfw.core.selectors.calendar import add_workdays


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


def case_step_deadlines_recompute(*, year: int) -> list[int]:
    """The same for active steps' own limits (``CaseStep.due_date``, counted from activation) and
    the art. 44 delivery limits of decided cases; returns the ids of the steps moved."""
    moved: list[int] = []
    steps = CaseStep.objects.filter(status=StepStatus.ACTIVE, due_date__year__gte=year, started_at__isnull=False)
    for step in steps.order_by("pk").iterator(chunk_size=500):
        try:
            due = add_workdays(timezone.localdate(step.started_at), step.limit_days)
        except CalendarYearNotLoaded:
            continue
        if due != step.due_date and CaseStep.objects.filter(pk=step.pk, due_date=step.due_date).update(due_date=due):
            moved.append(step.pk)
    decided = Case.objects.filter(
        status=CaseStatus.DECIDED, delivery_due_date__year__gte=year, decided_at__isnull=False
    ).order_by("pk")
    for case in decided.iterator(chunk_size=500):
        try:
            due = add_workdays(timezone.localdate(case.decided_at), DELIVERY_LIMIT_WORKDAYS)
        except CalendarYearNotLoaded:
            continue
        if due != case.delivery_due_date:
            with transaction.atomic():
                before = {"delivery_due_date": case.delivery_due_date}
                touch(case, delivery_due_date=due)
                audit(None, "deadline_recomputed", case, before=before, after={"delivery_due_date": due})
    return moved


def on_calendar_year_loaded(sender, *, year: int, **kwargs) -> None:
    case_deadlines_recompute(year=year)
    case_step_deadlines_recompute(year=year)
