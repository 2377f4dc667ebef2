"""Rectification and 办不成事 deadlines counted on a provisional year move to the official count when
the year is loaded (issue 17.5 follow-up; cases' due dates already did)."""

from __future__ import annotations

import datetime as dt

import pytest
from freezegun import freeze_time

from zwfw.core.models import AuditLog
from zwfw.core.selectors.calendar import is_provisional
from zwfw.core.services.calendar import calendar_year_load
from zwfw.ratings.services import blocked_report, rating_create

pytestmark = pytest.mark.django_db

D = dt.date


def test_deadlines_on_a_provisional_year_are_recomputed_when_the_official_year_is_loaded(
    users, done_case, django_capture_on_commit_callbacks
):
    with freeze_time("2026-12-28 10:00:00+08:00"):  # Monday
        rect = rating_create(
            actor=users["person"], kind="case", ref=done_case.pk, level=5, reasons=["slow"]
        ).rectification
        matter = blocked_report(
            actor=users["person"],
            blocker="other",
            description="跑了两次没办成",
            item_name="某事",
            department_code="510100-zwfw",
        )
    # provisional 2027 (元旦 1/1 only): 15 working days = 12/29, 12/30, 12/31, 1/4–1/8, 1/11–1/15,
    # 1/18, 1/19; the 办不成事 matter's 5 = 12/29, 12/30, 12/31, 1/4, 1/5
    assert rect.due_date == D(2027, 1, 19) and matter.due_date == D(2027, 1, 5)
    assert is_provisional(D(2026, 12, 28), rect.due_date)
    with django_capture_on_commit_callbacks(execute=True):
        calendar_year_load(
            actor=None,
            year=2027,
            holidays=[(D(2027, 1, 1), "元旦"), (D(2027, 1, 4), "元旦")],  # one more day off than guessed
            workdays=[],
            source="测试用2027年放假安排",
        )
    rect.refresh_from_db()
    matter.refresh_from_db()
    assert rect.due_date == D(2027, 1, 20) and matter.due_date == D(2027, 1, 6)
    row = AuditLog.objects.get(action="zwfw.ratings.rectification.deadline_recomputed")
    assert row.before == {"due_date": "2027-01-19"} and row.after["due_date"] == "2027-01-20"
    assert AuditLog.objects.filter(action="zwfw.ratings.blocked.deadline_recomputed").count() == 1


def test_closed_rectifications_keep_their_deadline(users, done_case, django_capture_on_commit_callbacks):
    from zwfw.ratings.models import Rectification

    with freeze_time("2026-12-28 10:00:00+08:00"):
        rect = rating_create(
            actor=users["person"], kind="case", ref=done_case.pk, level=5, reasons=["slow"]
        ).rectification
    Rectification.objects.filter(pk=rect.pk).update(status="closed")
    with django_capture_on_commit_callbacks(execute=True):
        calendar_year_load(
            actor=None, year=2027, holidays=[(D(2027, 1, 1), "元旦"), (D(2027, 1, 4), "元旦")], workdays=[], source="t"
        )
    rect.refresh_from_db()
    assert rect.due_date == D(2027, 1, 19)
