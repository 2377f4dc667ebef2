"""The clock: working days on the official calendar, special procedures, warnings, overdue."""

from __future__ import annotations

import datetime as dt

import pytest
from freezegun import freeze_time

from zwfw.cases.errors import CaseError
from zwfw.cases.models import Case
from zwfw.cases.services import case_accept, case_clock_resume, case_clock_stop, case_deadline_scan
from zwfw.core.errors import CalendarYearNotLoaded
from zwfw.core.models import Notification

pytestmark = pytest.mark.django_db

D = dt.date
# The official 2026 schedule (国办发明电〔2025〕7号), written out here independently of the database
HOLIDAYS_2026 = {D(2026, 1, 1) + dt.timedelta(days=i) for i in range(3)} | {
    D(2026, 2, 15) + dt.timedelta(days=i) for i in range(9)
}
EXTRA_WORKDAYS_2026 = {D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28)}


def is_workday(day: dt.date) -> bool:
    return day in EXTRA_WORKDAYS_2026 or (day.weekday() < 5 and day not in HOLIDAYS_2026)


def nth_workday_after(start: dt.date, n: int) -> dt.date:
    day, count = start, 0
    while count < n:
        day += dt.timedelta(days=1)
        count += is_workday(day)
    return day


def workdays_in(a: dt.date, b: dt.date) -> int:
    return sum(is_workday(a + dt.timedelta(days=i)) for i in range(1, (b - a).days + 1))


def test_spring_festival_2026_with_a_special_procedure_inside_it(people, apply_case):
    # accepted Thursday 2026-02-12, promised 10 working days (the item's graph has its own
    # stop-clock step; it is closed at once so only the ad-hoc 专家评审 below counts)
    with freeze_time("2026-02-12 10:00:00+08:00"):
        case = apply_case()
        case_accept(actor=people["clerk"], case=case)
        case.refresh_from_db()
        # without any stop: 2/13, 2/14 (调休上班), then 2/24 … → 2026-03-04
        assert case.due_date == nth_workday_after(D(2026, 2, 12), 10) == D(2026, 3, 4)
        step_stop = case.clock_stops.get()
        from zwfw.cases.services.clock import clock_stop_close

        clock_stop_close(case=case, stop=step_stop, on=D(2026, 2, 12))  # same day: 0 working days
        case.refresh_from_db()
        assert case.due_date == D(2026, 3, 4) and not case.clock_stopped
    # 专家评审 from Friday 2/13 to Wednesday 2/25, across the whole holiday: (2/13, 2/25] holds
    # 2/14 (调休上班), 2/24 and 2/25 = 3 working days
    with freeze_time("2026-02-13 09:00:00+08:00"):
        case_clock_stop(actor=people["reviewer"], case=case, kind="expert_review", reason="组织专家评审")
        case.refresh_from_db()
        assert case.clock_stopped and case.due_date == D(2026, 3, 4)
    with freeze_time("2026-02-25 17:00:00+08:00"):
        stop = case_clock_resume(actor=people["reviewer"], case=case, result="评审通过")
    case.refresh_from_db()
    assert stop.workdays == workdays_in(D(2026, 2, 13), D(2026, 2, 25)) == 3
    expected = nth_workday_after(D(2026, 2, 12), 10 + 3)
    assert expected == D(2026, 3, 9)
    assert case.due_date == expected and case.stopped_workdays == 3 and not case.clock_stopped


def test_clock_stop_rules(people, apply_case):
    case = apply_case()
    with pytest.raises(CaseError) as exc:  # not accepted yet
        case_clock_stop(actor=people["reviewer"], case=case, kind="hearing", reason="听证")
    assert exc.value.status == 409 and "待受理" in exc.value.message
    case_accept(actor=people["clerk"], case=case)
    case.refresh_from_db()
    with pytest.raises(CaseError) as exc:  # the graph's 现场核查 step already stopped it
        case_clock_stop(actor=people["reviewer"], case=case, kind="hearing", reason="听证")
    assert exc.value.code.code == "case_clock_already_stopped"
    with pytest.raises(CaseError):
        case_clock_resume(actor=people["reviewer"], case=case, on=dt.date.today() - dt.timedelta(days=30))


def test_due_date_in_a_year_far_past_the_loaded_ones_is_an_error_not_a_guess(people, apply_case):
    # 2027 and 2028 are counted on provisional years (statutory holidays); 2029 is too far ahead
    with freeze_time("2028-12-28 10:00:00+08:00"):
        case = apply_case()
        with pytest.raises(CalendarYearNotLoaded) as exc:
            case_accept(actor=people["clerk"], case=case)
    assert exc.value.status == 409 and "2029" in exc.value.message
    case.refresh_from_db()
    assert case.status == "submitted"  # rolled back whole


def _accepted(people, apply_case, on: str) -> Case:
    from zwfw.cases.services.clock import clock_stop_close

    with freeze_time(f"{on} 10:00:00+08:00"):
        case = apply_case()
        case_accept(actor=people["clerk"], case=case)
        case.refresh_from_db()
        # close the graph's stop-clock step at once so the clock runs
        clock_stop_close(case=case, stop=case.clock_stops.get(), on=case.clock_stops.get().started_on)
    case.refresh_from_db()
    return case


def test_deadline_scan_warns_at_3_and_1_days_then_flags_overdue(people, apply_case):
    case = _accepted(people, apply_case, "2026-03-02")
    assert case.due_date == nth_workday_after(D(2026, 3, 2), 10) == D(2026, 3, 16)
    clerk = people["clerk"]

    def scan(day):
        report = case_deadline_scan(today=day)
        case.refresh_from_db()
        return report

    assert case.number not in scan(D(2026, 3, 10))["warned"]  # 4 working days left
    assert case.number in scan(D(2026, 3, 11))["warned"] and case.warning_level == 3
    assert case.number not in scan(D(2026, 3, 11))["warned"]  # idempotent
    assert case.number not in scan(D(2026, 3, 12))["warned"]  # 2 left: no new threshold
    assert case.number in scan(D(2026, 3, 13))["warned"] and case.warning_level == 1
    assert not case.is_overdue and case.number not in scan(D(2026, 3, 16))["overdue"]  # due day itself
    assert case.number in scan(D(2026, 3, 17))["overdue"] and case.is_overdue
    assert case.number not in scan(D(2026, 3, 18))["overdue"]
    subjects = list(Notification.objects.filter(recipient=clerk).values_list("subject", flat=True))
    assert sum("临期" in s for s in subjects) == 2 and sum("超期" in s for s in subjects) == 1


def test_warn_thresholds_come_from_settings(people, apply_case, settings):
    settings.ZWFW_CASE_WARN_DAYS = (5,)
    case = _accepted(people, apply_case, "2026-03-02")
    assert case.number in case_deadline_scan(today=D(2026, 3, 9))["warned"]  # 5 working days left
    case.refresh_from_db()
    assert case.warning_level == 5


def test_scan_reports_an_unloaded_year_to_the_admins(people, apply_case):
    case = _accepted(people, apply_case, "2026-03-02")
    report = case_deadline_scan(today=D(2029, 1, 5))
    assert report["calendar_missing"] == [2029] and case.number not in report["overdue"]
    assert Notification.objects.filter(recipient=people["admin"], subject__contains="2029").exists()


def test_a_december_case_gets_a_provisional_deadline_recomputed_when_the_official_year_is_loaded(
    people, apply_case, django_capture_on_commit_callbacks
):
    from zwfw.core.models import AuditLog
    from zwfw.core.selectors.calendar import is_provisional
    from zwfw.core.services.calendar import calendar_year_load

    case = _accepted(people, apply_case, "2026-12-28")  # Monday; promised 10 working days
    # provisional 2027: 12/29, 12/30, 12/31, (元旦 1/1), 1/4 … 1/8, 1/11, 1/12 → 2027-01-12
    assert case.due_date == D(2027, 1, 12)
    assert is_provisional(D(2026, 12, 28), case.due_date)
    with django_capture_on_commit_callbacks(execute=True):
        calendar_year_load(
            actor=None,
            year=2027,
            holidays=[(D(2027, 1, 1), "元旦"), (D(2027, 1, 4), "元旦")],  # an official schedule with one more day off
            workdays=[],
            source="测试用2027年放假安排",
        )
    case.refresh_from_db()
    assert case.due_date == D(2027, 1, 13)
    assert not is_provisional(D(2026, 12, 28), case.due_date)
    row = AuditLog.objects.filter(action="zwfw.cases.case.deadline_recomputed").get()
    assert row.before == {"due_date": "2027-01-12"} and row.after["due_date"] == "2027-01-13"
