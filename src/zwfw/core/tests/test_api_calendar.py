"""Calendar API: public answers, 409 for a year not loaded, 422 naming the bad field."""

from __future__ import annotations

import datetime as dt

import pytest

from zwfw.core.models import Role
from zwfw.core.services.calendar import calendar_year_load

NOT_LOADED_2029 = {
    "code": "calendar_year_not_loaded",
    "message": "2029年的节假日安排尚未载入，请管理员先载入国务院办公厅公布的2029年放假安排（zwfw calendar load）",
    "detail": {"year": 2029},
}


@pytest.mark.parametrize(
    ("start", "days", "result"),
    [
        ("2026-02-13", 1, "2026-02-14"),
        ("2026-02-14", 1, "2026-02-24"),
        ("2026-09-30", 1, "2026-10-08"),
        ("2026-09-30", 3, "2026-10-10"),
        ("2026-02-15", 0, "2026-02-24"),
        ("2026-02-24", -1, "2026-02-14"),
    ],
)
def test_add_workdays(client, db, start, days, result):
    response = client.get("/api/v1/calendar/add-workdays", {"start": start, "days": days})
    assert response.status_code == 200
    assert response.json() == {"start": start, "days": days, "result": result, "provisional": False}


def test_workdays_between(client, db):
    response = client.get("/api/v1/calendar/workdays-between?start=2026-09-30&end=2026-10-10")
    assert response.status_code == 200
    assert response.json() == {"start": "2026-09-30", "end": "2026-10-10", "workdays": 3, "provisional": False}
    reverse = client.get("/api/v1/calendar/workdays-between?start=2026-02-24&end=2026-02-13")
    assert reverse.json()["workdays"] == -2


def test_next_year_answers_provisionally_and_a_far_year_409(client, db):
    response = client.get("/api/v1/calendar/add-workdays?start=2026-12-30&days=5")
    assert response.status_code == 200
    assert response.json() == {"start": "2026-12-30", "days": 5, "result": "2027-01-07", "provisional": True}
    between = client.get("/api/v1/calendar/workdays-between?start=2026-12-01&end=2027-01-10")
    assert (between.status_code, between.json()["provisional"]) == (200, True)
    days = client.get("/api/v1/calendar/years/2027")
    assert days.status_code == 200
    assert days.json()[0] == {
        "date": "2027-01-01",
        "kind": "holiday",
        "kind_display": "法定节假日",
        "name": "元旦（临时）",
        "provisional": True,
    }
    far = client.get("/api/v1/calendar/add-workdays?start=2028-12-30&days=5")
    assert (far.status_code, far.json()) == (409, NOT_LOADED_2029)
    assert client.get("/api/v1/calendar/years/2029").status_code == 409


def test_after_loading_2027_the_api_answers(client, db):
    calendar_year_load(actor=None, year=2027, holidays=[(dt.date(2027, 1, 1), "元旦")], workdays=[], source="通知")
    response = client.get("/api/v1/calendar/add-workdays?start=2026-12-30&days=5")
    assert response.status_code == 200
    assert response.json()["result"] == "2027-01-07"
    assert [y["year"] for y in client.get("/api/v1/calendar/years").json()][-2:] == [2026, 2027]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("start=2026-02-30&days=1", "start"),
        ("start=20260213&days=1", "start"),  # GB/T 39046 style: refused, not read as a timestamp
        ("start=1700000000&days=1", "start"),
        ("start=tomorrow&days=1", "start"),
        ("days=1", "start"),
        ("start=2026-02-13", "days"),
        ("start=2026-02-13&days=many", "days"),
        ("start=2026-02-13&days=3661", "days"),
        ("start=2026-02-13&days=-3661", "days"),
    ],
)
def test_add_workdays_bad_input_is_422_naming_the_field(client, db, query, field):
    response = client.get(f"/api/v1/calendar/add-workdays?{query}")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert [d["field"] for d in body["detail"]] == [field]
    assert body["message"].endswith(f"：{field}")


@pytest.mark.parametrize(
    ("query", "fields"),
    [("start=2026-01-01&end=2026-13-01", ["end"]), ("end=2026-01-01", ["start"]), ("", ["end", "start"])],
)
def test_workdays_between_bad_input_is_422_naming_the_field(client, db, query, fields):
    response = client.get(f"/api/v1/calendar/workdays-between?{query}")
    assert response.status_code == 422
    assert sorted(d["field"] for d in response.json()["detail"]) == fields


def test_years_lists_every_loaded_year_with_counts(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get("/api/v1/calendar/years")
    assert response.status_code == 200
    years = response.json()
    assert [y["year"] for y in years] == list(range(2004, 2027))
    assert years[-1]["holiday_count"] == 33 and years[-1]["workday_count"] == 6
    assert years[-1]["source"].startswith("chinesecalendar")


def test_year_days(client, db):
    response = client.get("/api/v1/calendar/years/2026")
    assert response.status_code == 200
    days = response.json()
    assert len(days) == 39
    assert {
        "date": "2026-02-14",
        "kind": "workday",
        "kind_display": "调休上班",
        "name": "春节",
        "provisional": False,
    } in days
    assert client.get("/api/v1/calendar/years/0").status_code == 422


@pytest.mark.parametrize("role", [None, Role.PERSON, Role.WINDOW_CLERK, Role.PLATFORM_ADMIN])
def test_calendar_is_public_for_every_role(role, make_user, client_for):
    client = client_for(make_user(role=role) if role else None)
    for url in [
        "/api/v1/calendar/add-workdays?start=2026-02-13&days=1",
        "/api/v1/calendar/workdays-between?start=2026-02-13&end=2026-02-24",
        "/api/v1/calendar/years",
    ]:
        assert client.get(url).status_code == 200, url


def test_calendar_operations_are_described_in_openapi(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    operations = {op["operationId"]: op for path in schema["paths"].values() for op in path.values()}
    for op_id in ["core_calendar_add_workdays", "core_calendar_workdays_between", "core_calendar_year_list"]:
        assert operations[op_id]["summary"]
    params = {p["name"] for p in operations["core_calendar_add_workdays"]["parameters"]}
    assert params == {"start", "days"}
