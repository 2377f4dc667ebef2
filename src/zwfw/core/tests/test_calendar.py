"""The working-day calendar: seed migration, selectors, loading a year (service, file, command)."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import chinese_calendar
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import transaction

from zwfw.cli import resolve
from zwfw.core.errors import CalendarYearNotLoaded, CoreErrorCode, ZwfwError
from zwfw.core.models import AuditLog, CalendarDay, CalendarYear, Role
from zwfw.core.selectors import calendar as cal
from zwfw.core.services import calendar as cal_services

D = dt.date
FIXTURE_2026 = Path(cal_services.__file__).resolve().parent.parent / "fixtures" / "calendar" / "2026.yaml"

HOLIDAYS_2026 = [
    (D(2026, 1, 1), D(2026, 1, 3)),
    (D(2026, 2, 15), D(2026, 2, 23)),
    (D(2026, 4, 4), D(2026, 4, 6)),
    (D(2026, 5, 1), D(2026, 5, 5)),
    (D(2026, 6, 19), D(2026, 6, 21)),
    (D(2026, 9, 25), D(2026, 9, 27)),
    (D(2026, 10, 1), D(2026, 10, 7)),
]
WORKDAYS_2026 = [D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)]

YAML_2027 = """\
year: 2027
source: 测试用2027年放假安排
reference: test
holidays:
  元旦: [2027-01-01]
  春节: ["2027-02-06..2027-02-12"]
workdays:
  春节: [2027-02-13]
"""


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def _write(tmp_path: Path, text: str, name: str = "2027.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---- the seed migration (core.0002) ------------------------------------------------------------


def test_migration_seeds_every_year_chinesecalendar_covers(db):
    assert list(CalendarYear.objects.values_list("year", flat=True)) == list(range(2004, 2027))
    assert CalendarDay.objects.count() == len(chinese_calendar.holidays) + len(chinese_calendar.workdays)
    row = CalendarYear.objects.get(year=2026)
    assert row.source.startswith("chinesecalendar 1.11.0")


def test_migration_2026_matches_the_official_schedule_with_chinese_names(db):
    holidays = set(CalendarDay.objects.filter(year=2026, kind="holiday").values_list("date", flat=True))
    workdays = set(CalendarDay.objects.filter(year=2026, kind="workday").values_list("date", flat=True))
    assert holidays == {d for first, last in HOLIDAYS_2026 for d in _days(first, last)}
    assert workdays == set(WORKDAYS_2026)
    assert CalendarDay.objects.get(date=D(2026, 2, 17)).name == "春节"
    assert CalendarDay.objects.get(date=D(2026, 10, 10)).name == "国庆节"
    assert CalendarDay.objects.get(date=D(2015, 9, 3)).name.startswith("中国人民抗日战争")


def test_calendar_agrees_with_chinesecalendar_on_every_day_2004_to_2026(db):
    wc = cal.working_calendar()
    disagreements = [
        d
        for year in range(2004, 2027)
        for d in _days(D(year, 1, 1), D(year, 12, 31))
        if wc.is_workday(d) != chinese_calendar.is_workday(d)
    ]
    assert disagreements == []
    # 2025 and 2026 through the module functions too (the ones other apps call)
    for d in _days(D(2025, 1, 1), D(2026, 12, 31))[::7]:
        assert cal.is_workday(d) == chinese_calendar.is_workday(d)


# ---- 2026: Spring Festival and National Day ------------------------------------------------------


def test_2026_spring_festival_adjusted_working_days(db):
    assert cal.is_workday(D(2026, 2, 13))  # Friday
    assert cal.is_workday(D(2026, 2, 14))  # Saturday, 调休上班
    assert not any(cal.is_workday(d) for d in _days(D(2026, 2, 15), D(2026, 2, 23)))
    assert cal.is_workday(D(2026, 2, 28))  # Saturday, 调休上班
    assert not cal.is_workday(D(2026, 3, 1))  # an ordinary Sunday
    assert cal.add_workdays(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert cal.add_workdays(D(2026, 2, 14), 1) == D(2026, 2, 24)
    assert cal.add_workdays(D(2026, 2, 12), 3) == D(2026, 2, 24)
    assert cal.add_workdays(D(2026, 2, 27), 1) == D(2026, 2, 28)
    assert cal.add_workdays(D(2026, 2, 27), 2) == D(2026, 3, 2)
    assert cal.workdays_between(D(2026, 2, 13), D(2026, 2, 24)) == 2
    assert cal.workdays_between(D(2026, 2, 14), D(2026, 2, 23)) == 0


def test_2026_national_day_adjusted_working_days(db):
    assert cal.is_workday(D(2026, 9, 20))  # Sunday, 调休上班
    assert not any(cal.is_workday(d) for d in _days(D(2026, 10, 1), D(2026, 10, 7)))
    assert cal.is_workday(D(2026, 10, 10))  # Saturday, 调休上班
    assert cal.add_workdays(D(2026, 9, 19), 1) == D(2026, 9, 20)
    assert cal.add_workdays(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert cal.add_workdays(D(2026, 9, 30), 3) == D(2026, 10, 10)
    assert cal.add_workdays(D(2026, 9, 30), 4) == D(2026, 10, 12)
    assert cal.workdays_between(D(2026, 9, 30), D(2026, 10, 10)) == 3
    # a 20-working-day limit (行政许可法 第四十二条) from acceptance on 2026-09-24
    assert cal.add_workdays(D(2026, 9, 24), 20) == D(2026, 10, 29)


def test_add_workdays_zero_and_negative(db):
    assert cal.add_workdays(D(2026, 2, 14), 0) == D(2026, 2, 14)  # a working Saturday is itself
    assert cal.add_workdays(D(2026, 2, 15), 0) == D(2026, 2, 24)  # a holiday: the next working day
    assert cal.add_workdays(D(2026, 3, 1), 0) == D(2026, 3, 2)  # a Sunday
    assert cal.add_workdays(D(2026, 2, 24), -1) == D(2026, 2, 14)
    assert cal.add_workdays(D(2026, 10, 8), -2) == D(2026, 9, 29)


def test_next_workday_is_strictly_after(db):
    assert cal.next_workday(D(2026, 2, 13)) == D(2026, 2, 14)
    assert cal.next_workday(D(2026, 2, 14)) == D(2026, 2, 24)
    assert cal.next_workday(D(2025, 12, 31)) == D(2026, 1, 4)  # 1-1..1-3 元旦, Sunday 1-4 调休上班


def test_workdays_between_is_half_open_and_antisymmetric(db):
    assert cal.workdays_between(D(2026, 3, 2), D(2026, 3, 2)) == 0
    assert cal.workdays_between(D(2026, 3, 2), D(2026, 3, 3)) == 1  # (Mon, Tue]: Tuesday only
    assert cal.workdays_between(D(2026, 2, 24), D(2026, 2, 13)) == -2
    assert cal.workdays_between(D(2025, 12, 31), D(2026, 12, 31)) == sum(
        chinese_calendar.is_workday(d) for d in _days(D(2026, 1, 1), D(2026, 12, 31))
    )


def test_add_workdays_and_workdays_between_are_inverse(db):
    rng = random.Random(82)
    wc = cal.working_calendar()
    for _ in range(300):
        start = D(2024, 1, 1) + dt.timedelta(days=rng.randrange(600))
        n = rng.randrange(1, 120)
        end = wc.add_workdays(start, n)
        assert wc.is_workday(end)
        assert wc.workdays_between(start, end) == n
        assert wc.workdays_between(start, end - dt.timedelta(days=1)) == n - 1
        assert wc.add_workdays(end, -n) == (start if wc.is_workday(start) else wc.previous_workday(start))


# ---- years not loaded ------------------------------------------------------------------------


def test_a_year_far_from_the_loaded_ones_is_an_error_never_a_guess(db):
    with pytest.raises(CalendarYearNotLoaded) as exc:
        cal.is_workday(D(2029, 1, 4))  # three years after the last loaded one (2026)
    assert exc.value.year == 2029
    assert exc.value.status == 409
    assert exc.value.as_body() == {
        "code": "calendar_year_not_loaded",
        "message": "2029年的节假日安排尚未载入，请管理员先载入国务院办公厅公布的2029年放假安排（zwfw calendar load）",
        "detail": {"year": 2029},
    }
    with pytest.raises(CalendarYearNotLoaded):
        cal.add_workdays(D(2028, 12, 25), 10)  # runs into 2029
    with pytest.raises(CalendarYearNotLoaded):
        cal.workdays_between(D(2026, 12, 1), D(2029, 1, 10))
    with pytest.raises(CalendarYearNotLoaded) as old:
        cal.add_workdays(D(2003, 12, 1), 1)
    assert old.value.year == 2003


def test_next_year_is_provisional_on_the_statutory_holidays_until_loaded(db):
    wc = cal.working_calendar()
    assert not wc.is_workday(D(2027, 1, 1))  # 元旦 (Friday)
    assert wc.is_workday(D(2027, 1, 4))
    # 春节 2027: 除夕 2/5 (Fri) to 2/8, with the make-up days for the weekend 2/9, 2/10
    assert [wc.is_workday(D(2027, 2, d)) for d in range(4, 12)] == [
        True,
        False,
        False,
        False,
        False,
        False,
        False,
        True,
    ]
    assert not wc.is_workday(D(2027, 9, 15))  # 中秋 (lunar 8/15)
    assert not wc.is_workday(D(2027, 6, 9))  # 端午 (lunar 5/5)
    assert wc.provisional_years == {2027}
    # 2026-12-20 (Sunday) + 20 working days: 12/21–25, 12/28–31, 1/4–8, 1/11–15, 1/18 (元旦 skipped)
    due = cal.add_workdays(D(2026, 12, 20), 20)
    assert due == D(2027, 1, 18)
    assert cal.is_provisional(D(2026, 12, 20), due)
    assert not cal.is_provisional(D(2026, 3, 2), D(2026, 3, 30))
    names = {d.date: d.name for d in cal.calendar_day_list(2027)}
    assert names[D(2027, 1, 1)] == "元旦（临时）"
    assert all(d.provisional for d in cal.calendar_day_list(2027))


def test_loading_the_official_year_replaces_the_provisional_one_and_tells_the_apps(
    db, django_capture_on_commit_callbacks
):
    received = []

    def receiver(sender, year, **kwargs):
        received.append(year)

    cal_services.calendar_year_loaded.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            cal_services.calendar_year_load(
                actor=None,
                year=2027,
                holidays=[(D(2027, 1, 1), "元旦"), (D(2027, 1, 4), "元旦")],
                workdays=[],
                source="测试用2027年放假安排",
            )
    finally:
        cal_services.calendar_year_loaded.disconnect(receiver)
    assert received == [2027]
    assert cal.add_workdays(D(2026, 12, 20), 20) == D(2027, 1, 19)  # the official year adds 1/4
    assert not cal.is_provisional(D(2026, 12, 20), D(2027, 1, 19))
    assert cal.is_provisional(D(2028, 3, 1))  # 2028 is now the provisional year
    assert cal.working_calendar().may_be_provisional(2029)


def test_the_admin_is_warned_while_next_year_is_provisional(db):
    assert cal.provisional_years_in_use(D(2026, 9, 30)) == []
    assert cal.provisional_years_in_use(D(2026, 12, 2)) == [2027]
    cal_services.calendar_year_load(
        actor=None, year=2027, holidays=[(D(2027, 1, 1), "元旦")], workdays=[], source="通知"
    )
    assert cal.provisional_years_in_use(D(2026, 12, 2)) == []
    assert cal.add_workdays(D(2026, 12, 24), 4) == D(2026, 12, 30)  # still inside 2026: fine


def test_loading_2027_makes_it_computable(db, tmp_path):
    assert cal.is_workday(D(2027, 2, 11))  # provisional: the statutory 春节 ends with its make-up day 2/10
    cal_services.calendar_load_file(actor=None, path=_write(tmp_path, YAML_2027))
    assert cal.add_workdays(D(2026, 12, 30), 5) == D(2027, 1, 7)  # 12-31, 1-4, 1-5, 1-6, 1-7
    assert not cal.is_workday(D(2027, 2, 8))
    assert cal.is_workday(D(2027, 2, 13))  # Saturday, 调休上班
    assert cal.add_workdays(D(2027, 2, 5), 1) == D(2027, 2, 13)


# ---- cost and cache ---------------------------------------------------------------------------


def test_add_250_workdays_costs_one_query_per_year_at_most(db, django_assert_max_num_queries):
    cal.calendar_cache_clear()
    with django_assert_max_num_queries(3):  # loaded years + 2025 + 2026
        result = cal.add_workdays(D(2025, 3, 3), 250)
    assert result == D(2026, 3, 5)
    assert cal.workdays_between(D(2025, 3, 3), result) == 250
    with django_assert_max_num_queries(1):  # warm: only the loaded-years stamp
        cal.add_workdays(D(2025, 3, 3), 250)
    wc = cal.working_calendar()
    with django_assert_max_num_queries(0):
        for n in range(1, 200):
            wc.add_workdays(D(2025, 1, 2), n)


def test_cache_sees_a_reload_in_this_process(db, tmp_path):
    assert cal.is_workday(D(2026, 2, 14))
    schedule = cal_services.package_schedule(2026)
    schedule["workdays"] = [w for w in schedule["workdays"] if w[0] != D(2026, 2, 14)]
    cal_services.calendar_year_load(actor=None, **schedule)
    assert not cal.is_workday(D(2026, 2, 14))


def test_cache_sees_a_change_made_by_another_process(db):
    assert cal.is_workday(D(2026, 2, 14))
    # what another process's reload looks like from here: rows and stamp changed behind our back
    CalendarDay.objects.filter(date=D(2026, 2, 14)).delete()
    CalendarYear.objects.filter(year=2026).update(loaded_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    assert not cal.is_workday(D(2026, 2, 14))


def test_cache_forgets_a_rolled_back_load(db, tmp_path):
    with transaction.atomic():
        cal_services.calendar_load_file(actor=None, path=_write(tmp_path, YAML_2027))
        assert cal.is_workday(D(2027, 2, 13))
        transaction.set_rollback(True)
    assert not cal.is_workday(D(2027, 2, 13))  # a Saturday again: back on the provisional year
    assert cal.working_calendar().may_be_provisional(2027)


# ---- calendar_year_load: checks, audit, permissions ----------------------------------------------


def test_calendar_year_load_replaces_the_year_and_is_audited(db):
    before = CalendarDay.objects.filter(year=2027).count()
    row = cal_services.calendar_year_load(
        actor=None,
        year=2027,
        holidays=[(D(2027, 1, 1), "元旦"), (D(2027, 1, 2), "元旦")],
        workdays=[D(2027, 1, 9)],
        source="通知",
        reference="文号",
    )
    assert before == 0 and row.year == 2027 and row.source == "通知"
    assert list(row.days.values_list("date", "kind", "name")) == [
        (D(2027, 1, 1), "holiday", "元旦"),
        (D(2027, 1, 2), "holiday", "元旦"),
        (D(2027, 1, 9), "workday", ""),
    ]
    cal_services.calendar_year_load(
        actor=None, year=2027, holidays=[(D(2027, 5, 1), "劳动节")], workdays=[], source="更正通知"
    )
    assert list(CalendarDay.objects.filter(year=2027).values_list("date", flat=True)) == [D(2027, 5, 1)]
    logs = list(AuditLog.objects.filter(action="zwfw.core.calendar.year_loaded", object_id="2027"))
    assert len(logs) == 2
    assert logs[0].before is None and logs[0].after["holidays"] == {"2027-01-01": "元旦", "2027-01-02": "元旦"}
    assert logs[1].before["workdays"] == ["2027-01-09"] and logs[1].after["source"] == "更正通知"
    assert logs[1].actor_name == "系统"


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"holidays": [(D(2026, 12, 31), "元旦")]}, "节假日2026-12-31不在2027年内"),
        ({"workdays": [D(2028, 1, 1)]}, "调休上班日2028-01-01不在2027年内"),
        ({"workdays": [D(2027, 1, 1)]}, "2027-01-01既是节假日又是调休上班日"),
        ({"workdays": [D(2027, 1, 4)]}, "调休上班日2027-01-04是工作日（周一至周五本来就上班），只能是周六或周日"),
        ({"holidays": [(D(2027, 1, 1), "元旦"), (D(2027, 1, 1), "元旦")]}, "2027-01-01重复列为节假日"),
        ({"holidays": []}, "没有任何节假日：官方放假安排每年都有节假日，请检查文件"),
        ({"source": "  "}, "缺少来源（source：发布放假安排的文件名称）"),
        ({"holidays": [(D(2027, 1, 1), "节" * 40)]}, f"名称“{'节' * 40}”超过32个字符"),
        ({"year": 1900, "holidays": [(D(1900, 1, 1), "元旦")]}, "年份1900无效（应为1949–2100之间的整数）"),
    ],
)
def test_calendar_year_load_rejects_a_bad_schedule_and_writes_nothing(db, kwargs, problem):
    args = {"year": 2027, "holidays": [(D(2027, 1, 1), "元旦")], "workdays": [], "source": "通知", **kwargs}
    with pytest.raises(ZwfwError) as exc:
        cal_services.calendar_year_load(actor=None, **args)
    assert exc.value.code is CoreErrorCode.CALENDAR_SCHEDULE_INVALID
    assert problem in exc.value.detail["problems"]
    assert exc.value.message == f"节假日安排有误：{'；'.join(exc.value.detail['problems'])}"
    assert not CalendarYear.objects.filter(year__in=[1900, 2027]).exists()
    assert not AuditLog.objects.filter(action="zwfw.core.calendar.year_loaded").exists()


def test_calendar_year_load_is_atomic_when_a_write_fails(db, monkeypatch):
    def broken_audit(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(cal_services, "audit_log_write", broken_audit)
    with pytest.raises(RuntimeError):
        cal_services.calendar_year_load(
            actor=None, year=2026, holidays=[(D(2026, 1, 1), "元旦")], workdays=[], source="坏数据"
        )
    assert CalendarYear.objects.get(year=2026).source.startswith("chinesecalendar")
    assert CalendarDay.objects.filter(year=2026).count() == 39
    assert cal.is_workday(D(2026, 2, 14))


def test_only_the_system_or_a_platform_admin_loads_a_year(make_user):
    schedule = {"year": 2027, "holidays": [(D(2027, 1, 1), "元旦")], "workdays": [], "source": "通知"}
    clerk = make_user(role=Role.WINDOW_CLERK)
    with pytest.raises(PermissionDenied):
        cal_services.calendar_year_load(actor=clerk, **schedule)
    assert not CalendarYear.objects.filter(year=2027).exists()
    admin = make_user(role=Role.PLATFORM_ADMIN)
    cal_services.calendar_year_load(actor=admin, **schedule)
    log = AuditLog.objects.get(action="zwfw.core.calendar.year_loaded")
    assert log.actor_id == admin.pk


# ---- files ------------------------------------------------------------------------------------


def test_the_shipped_2026_file_equals_the_seeded_schedule(db):
    seeded = set(CalendarDay.objects.filter(year=2026).values_list("date", "kind"))
    row = cal_services.calendar_load_file(actor=None, path=FIXTURE_2026)
    assert row.source == "国务院办公厅关于2026年部分节假日安排的通知"
    assert set(CalendarDay.objects.filter(year=2026).values_list("date", "kind")) == seeded
    assert CalendarDay.objects.get(date=D(2026, 4, 5)).name == "清明节"
    assert all(cal.is_workday(d) == chinese_calendar.is_workday(d) for d in _days(D(2026, 1, 1), D(2026, 12, 31)))


def test_a_json_file_loads_too(db, tmp_path):
    data = {
        "year": 2027,
        "source": "通知",
        "holidays": {"元旦": ["2027-01-01"]},
        "workdays": ["2027-01-09"],
    }
    path = _write(tmp_path, json.dumps(data, ensure_ascii=False), "2027.json")
    cal_services.calendar_load_file(actor=None, path=path)
    assert cal.is_workday(D(2027, 1, 9)) and not cal.is_workday(D(2027, 1, 1))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("year: 2027\nsource: x\nholidays: {元旦: [2027-02-30]}\n", "日期无效"),
        ("year: 2027\nsource: x\nholidays: {元旦: ['2027-02-30']}\n", "holidays.元旦：2027-02-30不是有效日期"),
        ("year: 2027\nsource: x\nholidays: {元旦: [20270101]}\n", "holidays.元旦：20270101不是日期"),
        ("year: 2027\nsource: x\nholidays: {元旦: ['2027-01-03..2027-01-01']}\n", "结束早于开始"),
        ("year: 2027\nsource: x\nholiday: {元旦: [2027-01-01]}\n", "未知字段：holiday"),
        ("year: 2027\nsource: x\n", "缺少字段：holidays"),
        ("year: '2027'\nsource: x\nholidays: {元旦: [2027-01-01]}\n", "year应为整数年份"),
        ("- 2027-01-01\n", "顶层应为映射"),
        ("year: 2027\nsource: [x\n", "YAML格式错误（第"),
        ("year: 2027\nsource: x\nholidays: {元旦: [2027-01-01]}\nworkdays: [2027-01-04]\n", "只能是周六或周日"),
        ("year: 2027\nsource: x\nholidays: {元旦: [2026-12-31]}\n", "节假日2026-12-31不在2027年内"),
    ],
)
def test_a_bad_file_is_rejected_and_nothing_of_the_year_is_written(db, tmp_path, text, reason):
    with pytest.raises(ZwfwError) as exc:
        cal_services.calendar_load_file(actor=None, path=_write(tmp_path, text))
    assert exc.value.code is CoreErrorCode.CALENDAR_FILE_INVALID
    assert exc.value.status == 400
    assert exc.value.message.startswith("节假日文件有误：")
    assert reason in exc.value.message
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()


def test_a_bad_file_leaves_a_loaded_year_as_it_was(db, tmp_path):
    text = FIXTURE_2026.read_text(encoding="utf-8").replace("2026-10-10", "2026-10-12")  # a Monday
    with pytest.raises(ZwfwError) as exc:
        cal_services.calendar_load_file(actor=None, path=_write(tmp_path, text, "2026.yaml"))
    assert "调休上班日2026-10-12是工作日" in exc.value.message
    assert CalendarDay.objects.get(date=D(2026, 10, 10)).kind == "workday"
    assert CalendarYear.objects.get(year=2026).source.startswith("chinesecalendar")


def test_a_missing_file_is_named(db, tmp_path):
    with pytest.raises(ZwfwError) as exc:
        cal_services.calendar_load_file(actor=None, path=tmp_path / "nope.yaml")
    assert exc.value.message == f"节假日文件有误：文件不存在：{tmp_path / 'nope.yaml'}"


# ---- the commands -------------------------------------------------------------------------------


def test_zwfw_calendar_load_maps_to_the_management_command():
    assert resolve(["calendar", "load", "2027.yaml"], {"calendar_load", "calendar_show"}) == [
        "calendar_load",
        "2027.yaml",
    ]


def test_calendar_load_command(db, tmp_path, capsys):
    call_command("calendar_load", str(_write(tmp_path, YAML_2027)))
    assert "已载入2027年：节假日8天，调休上班1天" in capsys.readouterr().out
    assert cal.is_workday(D(2027, 2, 13))
    with pytest.raises(CommandError, match="节假日文件有误：缺少字段：holidays"):
        call_command("calendar_load", str(_write(tmp_path, "year: 2028\nsource: x\n", "2028.yaml")))
    with pytest.raises(CommandError, match="请给出放假安排文件"):
        call_command("calendar_load")


def test_calendar_load_from_package_restores_seeded_years(db, capsys):
    CalendarYear.objects.filter(year=2025).delete()
    with pytest.raises(CalendarYearNotLoaded):
        cal.is_workday(D(2025, 1, 2))
    call_command("calendar_load", "--from-package", "2025")
    assert "已载入2025年：节假日28天，调休上班5天" in capsys.readouterr().out
    assert cal.is_workday(D(2025, 1, 26))  # Sunday before Spring Festival, 调休上班
    with pytest.raises(CommandError, match="没有2027年的放假安排"):
        call_command("calendar_load", "--from-package", "2027")


def test_calendar_show_command(db, capsys):
    call_command("calendar_show")
    out = capsys.readouterr().out
    assert "2026  节假日33天  调休上班6天" in out and out.count("\n") == 23
    call_command("calendar_show", "2026")
    assert "2026-02-14 周六  调休上班  春节" in capsys.readouterr().out
    call_command("calendar_show", "2027")
    assert "2027-02-05 周五  法定节假日  农历除夕（临时）" in capsys.readouterr().out
    with pytest.raises(CommandError, match="2029年的节假日安排尚未载入"):
        call_command("calendar_show", "2029")


def test_the_admin_home_shows_the_provisional_calendar_warning(make_user, client_for):
    from freezegun import freeze_time

    admin = make_user(role=Role.PLATFORM_ADMIN, username="cal_admin", department="510000-zwfw")
    client = client_for(admin)
    client.get("/")  # load the URLconf (and the API schemas) before time is frozen
    with freeze_time("2026-12-02 10:00:00+08:00"):
        html = client.get("/").content.decode()
    assert 'data-queue="calendar_provisional"' in html and "节假日安排待载入" in html
    queue = html[html.index('data-queue="calendar_provisional"') :]
    assert 'data-count="1"' in queue[: queue.index(">")]
    clerk = make_user(role=Role.WINDOW_CLERK, username="cal_clerk", department="510100-zwfw")
    assert "节假日安排待载入" not in client_for(clerk).get("/").content.decode()
