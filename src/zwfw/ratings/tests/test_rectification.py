"""差评整改: 核实 → 整改 → 回访 → 办结, 申诉 by the hub, deadlines across a holiday, escalation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from freezegun import freeze_time

from zwfw.core.models import AuditLog, Notification
from zwfw.ratings.errors import RatingError
from zwfw.ratings.models import Rating
from zwfw.ratings.services import (
    rating_create,
    rectification_appeal,
    rectification_appeal_decide,
    rectification_due_date,
    rectification_escalate_scan,
    rectification_rectify,
    rectification_revisit,
    rectification_verify,
)
from zwfw.ratings.services.rectification import rectify_workdays

pytestmark = pytest.mark.django_db

# 2026 National Day: 10/1–10/7 holiday, Sat 10/10 a working day (调休). Fifteen working days after
# Tue 2026-09-29, written out: 9/30, 10/8, 10/9, 10/10, 10/12–10/16, 10/19–10/23, 10/26.
NATIONAL_DAY_SCHEDULE = [
    dt.date(2026, 9, 30),
    dt.date(2026, 10, 8),
    dt.date(2026, 10, 9),
    dt.date(2026, 10, 10),
    *[dt.date(2026, 10, d) for d in (12, 13, 14, 15, 16, 19, 20, 21, 22, 23, 26)],
]
# Spring Festival 2026: 2/15–2/23 holiday, Sat 2/14 and Sat 2/28 working days. From Thu 2/12:
SPRING_SCHEDULE = [dt.date(2026, 2, 13), dt.date(2026, 2, 14), *[dt.date(2026, 2, d) for d in (24, 25, 26, 27, 28)]]
SPRING_SCHEDULE += [dt.date(2026, 3, d) for d in (2, 3, 4, 5, 6, 9, 10, 11)]


def test_deadline_is_15_working_days_across_national_day_and_spring_festival():
    assert rectify_workdays("510100") == 15
    assert len(NATIONAL_DAY_SCHEDULE) == 15 and len(SPRING_SCHEDULE) == 15
    assert rectification_due_date(dt.date(2026, 9, 29)) == NATIONAL_DAY_SCHEDULE[-1] == dt.date(2026, 10, 26)
    assert rectification_due_date(dt.date(2026, 2, 12)) == SPRING_SCHEDULE[-1] == dt.date(2026, 3, 11)


def test_deadline_setting_per_region(settings):
    settings.RATINGS_RECTIFY_WORKDAYS = {"51": 15, "5107": 5}
    assert rectify_workdays("510107") == 15 and rectify_workdays("510703") == 5
    assert rectification_due_date(dt.date(2026, 9, 29), "510700") == NATIONAL_DAY_SCHEDULE[4]


def test_a_bad_rating_given_before_national_day_is_due_after_it(users, done_case):
    with freeze_time("2026-09-29 10:00:00+08:00"):
        rating = rating_create(actor=users["person"], kind="case", ref=done_case.pk, level=5, reasons=["slow"])
    assert rating.rated_month == "2026-09"
    assert rating.rectification.due_date == dt.date(2026, 10, 26)


def test_a_deadline_in_an_unloaded_year_is_filled_in_later(users, done_case):
    from zwfw.core.models import CalendarYear

    # core counts up to PROVISIONAL_YEARS_AHEAD years after the last loaded one provisionally;
    # a deadline beyond that (2029 here) is not computed.
    with freeze_time("2028-12-20 10:00:00+08:00"):
        rating = rating_create(actor=users["person"], kind="case", ref=done_case.pk, level=4, reasons=["slow"])
    rect = rating.rectification
    assert rect.due_date is None  # 2029 is not loaded: the rating is kept, the admin is told
    assert Notification.objects.filter(event="zwfw.ratings.rectification.calendar_missing").exists()
    assert not CalendarYear.objects.filter(year=2029).exists()
    report = rectification_escalate_scan(today=dt.date(2028, 12, 21))
    assert report["due_date_filled"] == []


def _bad(users, case, level=5):
    return rating_create(actor=users["person"], kind="case", ref=case.pk, level=level, reasons=["slow"]).rectification


def test_the_closed_loop(users, done_case):
    rect = _bad(users, done_case)
    reviewer = users["reviewer"]
    with pytest.raises(RatingError) as exc:
        rectification_rectify(actor=reviewer, rectification=rect, measures="x")
    assert exc.value.code.code == "rating_rectification_illegal"
    rect = rectification_verify(actor=reviewer, rectification=rect, outcome="scheduled", note="属实，审查环节积压")
    assert rect.status == "rectifying"
    rect = rectification_rectify(actor=reviewer, rectification=rect, measures="增加审查人员，每周通报")
    assert rect.status == "revisiting" and rect.on_time is True
    assert Notification.objects.filter(recipient=users["person"], event="zwfw.ratings.rectification.rectified").exists()
    rect = rectification_revisit(actor=users["hotline"], rectification=rect, result="unsatisfied", note="仍然慢")
    assert rect.status == "rectifying" and rect.revisit_count == 1
    rect = rectification_rectify(actor=reviewer, rectification=rect, measures="专人跟办")
    rect = rectification_revisit(actor=users["dept_admin"], rectification=rect, result="satisfied")
    assert rect.status == "closed" and rect.closed_at and rect.revisit_count == 2
    actions = set(AuditLog.objects.filter(object_type="ratings.rectification").values_list("action", flat=True))
    assert {"zwfw.ratings.rectification." + a for a in ("opened", "verified", "rectified", "revisited")} <= actions


def test_rectification_is_scoped_to_the_responsible_department(users, done_case):
    rect = _bad(users, done_case)
    with pytest.raises(RatingError) as exc:
        rectification_verify(actor=users["reviewer_wjw"], rectification=rect, outcome="immediate", note="x")
    assert exc.value.status == 404
    with pytest.raises(PermissionDenied):
        rectification_verify(actor=users["clerk"], rectification=rect, outcome="immediate", note="x")
    with pytest.raises(RatingError) as exc:
        rectification_verify(actor=users["reviewer"], rectification=rect, outcome="maybe", note="x")
    assert exc.value.status == 422


def test_a_stale_rectification_loses(users, done_case):
    rect = _bad(users, done_case)
    stale = type(rect).objects.get(pk=rect.pk)
    rectification_verify(actor=users["reviewer"], rectification=rect, outcome="immediate", note="已改")
    with pytest.raises(RatingError) as exc:
        rectification_verify(actor=users["dept_admin"], rectification=stale, outcome="immediate", note="已改")
    assert exc.value.status == 409


def test_appeal_needs_the_hub(users, done_case):
    rect = _bad(users, done_case)
    rect = rectification_appeal(actor=users["dept_admin"], rectification=rect, reason="非本部门事项，系误评")
    assert rect.status == "appealing"
    assert Notification.objects.filter(recipient=users["hub"], event="zwfw.ratings.rectification.appealed").exists()
    with pytest.raises(PermissionDenied):
        rectification_appeal_decide(actor=users["reviewer"], rectification=rect, approved=True, note="x")
    with pytest.raises(RatingError) as exc:  # a department admin outside 政务服务管理
        rectification_appeal_decide(actor=users["dept_admin"], rectification=rect, approved=True, note="x")
    assert exc.value.code.code == "rating_not_hub"
    with pytest.raises(RatingError) as exc:  # the hub of another city
        rectification_appeal_decide(actor=users["hub_my"], rectification=rect, approved=True, note="x")
    assert exc.value.status == 404
    rect = rectification_appeal_decide(actor=users["hub"], rectification=rect, approved=False, note="证据不足")
    assert rect.status == "verifying" and rect.appeal_approved is False
    rect = rectification_appeal(actor=users["dept_admin"], rectification=rect, reason="补充证据")
    rect = rectification_appeal_decide(actor=users["admin"], rectification=rect, approved=True, note="成立")
    assert rect.status == "voided"
    assert Rating.objects.filter(pk=rect.rating_id, level=5).exists()  # the rating stays as given


def test_escalation_of_overdue_rectification(users, done_case):
    with freeze_time("2026-09-29 10:00:00+08:00"):
        rect = _bad(users, done_case)
    assert rect.due_date == dt.date(2026, 10, 26)
    assert rectification_escalate_scan(today=dt.date(2026, 10, 26))["level1"] == []  # due today: not yet late
    report = rectification_escalate_scan(today=dt.date(2026, 10, 27))
    assert report["level1"] == [rect.pk]
    rect.refresh_from_db()
    assert rect.escalation_level == 1
    told = set(
        Notification.objects.filter(event="zwfw.ratings.rectification.escalated").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"c_dadmin"}
    assert rectification_escalate_scan(today=dt.date(2026, 10, 28))["level1"] == []  # once per level
    # five working days late (10/27 … 11/2) → the hub
    report = rectification_escalate_scan(today=dt.date(2026, 11, 2))
    assert report["level2"] == [rect.pk]
    told = set(
        Notification.objects.filter(event="zwfw.ratings.rectification.escalated").values_list(
            "recipient__username", flat=True
        )
    )
    assert {"r_hub", "c_admin"} <= told and "r_hub_my" not in told
    assert rectification_escalate_scan(today=dt.date(2026, 11, 3)) == {
        "due_date_filled": [],
        "level1": [],
        "level2": [],
    }
    assert AuditLog.objects.filter(action="zwfw.ratings.rectification.escalated").count() == 2


def test_rectified_tasks_are_not_escalated(users, done_case):
    rect = _bad(users, done_case)
    rect = rectification_verify(actor=users["reviewer"], rectification=rect, outcome="immediate", note="已改")
    rectification_rectify(actor=users["reviewer"], rectification=rect, measures="已改")
    late = timezone.localdate() + dt.timedelta(days=60)
    assert rectification_escalate_scan(today=late)["level1"] == []


def test_periodic_job_is_registered():
    from zwfw.periodic import periodic_jobs

    assert any(j.name == "ratings.rectification_escalate" for j in periodic_jobs())
