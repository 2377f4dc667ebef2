"""The stats API: JSON equals the report, CSV and XLSX equal the table, errors and scope."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from zwfw.core.tests.factories import bearer_client, login_client
from zwfw.stats.batch.monthly import MEASURES
from zwfw.stats.selectors import monthly_report_for
from zwfw.stats.tests.factories import FEB_START, JAN_START, expected_table

pytestmark = pytest.mark.django_db

URL = "/api/v1/stats/monthly"


def test_json_equals_independent_count(world, users):
    body = bearer_client(users["admin"]).get(URL, {"month": "2026-01"}).json()
    expected = expected_table(world, start=JAN_START, end=FEB_START)
    got = {r["department_code"]: r["values"] for r in body["rows"] if any(r["values"].values())}
    assert got == expected
    assert body["month"] == "2026-01"
    assert body["previous_month"] == "2025-12"
    assert [m["key"] for m in body["measures"]] == [m.key for m in MEASURES]
    assert body["total"]["department_name"] == "合计"
    for m in MEASURES:
        assert body["total"]["values"][m.key] == sum(v[m.key] for v in expected.values())


def test_month_on_month_change(world, users):
    body = bearer_client(users["admin"]).get(URL, {"month": "2026-01"}).json()
    total = body["total"]
    for key, pct in total["change_pct"].items():
        prev, cur = total["previous"][key], total["values"][key]
        assert pct == (None if prev == 0 else round((cur - prev) * 100 / prev, 1))


@pytest.mark.parametrize("month", ["2026-13", "2026-1", "January", "2026-01-01"])
def test_bad_month_is_422_naming_month(users, month):
    response = bearer_client(users["admin"]).get(URL, {"month": month})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "stats_bad_month"
    assert body["detail"][0]["field"] == "month"
    assert "month" in body["message"]


def test_missing_month_is_422_naming_month(users):
    response = bearer_client(users["admin"]).get(URL)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "month"


def test_bad_month_on_the_file_routes_is_422(users):
    client = bearer_client(users["admin"])
    for suffix in (".csv", ".xlsx"):
        response = client.get(URL + suffix, {"month": "2026-99"})
        assert response.status_code == 422
        assert response.json()["code"] == "stats_bad_month"


def test_chengdu_clerk_gets_no_mianyang_rows_and_404_for_mianyang(world, users):
    client = bearer_client(users["clerk_cd"])
    body = client.get(URL, {"month": "2026-01"}).json()
    assert body["rows"]
    assert not any(r["department_code"].startswith("510700") for r in body["rows"])
    assert client.get(URL, {"month": "2026-01", "department": "510700-scjg"}).status_code == 404
    assert client.get(URL, {"month": "2026-01", "region": "510700"}).status_code == 404


def test_permissions(users):
    assert login_client(None).get(URL, {"month": "2026-01"}).status_code == 401
    assert bearer_client(users["person"]).get(URL, {"month": "2026-01"}).status_code == 403
    assert bearer_client(users["reviewer"]).get(URL, {"month": "2026-01"}).status_code == 403


def test_csv_equals_the_table(world, users):
    response = bearer_client(users["admin"]).get(URL + ".csv", {"month": "2026-01", "region": "510100"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="monthly-report-2026-01-510100.csv"' in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel opens the Chinese correctly
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    report = monthly_report_for(user=users["admin"], month="2026-01", region="510100")
    assert lines == [[str(c) for c in line] for line in report.table()]
    assert lines[0][3:] == [m.label for m in MEASURES]
    assert lines[-1][1] == "合计"
    expected = expected_table(
        world, start=JAN_START, end=FEB_START, departments={"510100-scjg", "510100-wjw", "510107-scjg"}
    )
    by_code = {line[0]: [int(x) for x in line[3:]] for line in lines[1:-1]}
    for code, values in expected.items():
        assert by_code[code] == [values[m.key] for m in MEASURES]


def test_xlsx_equals_the_table(world, users):
    response = bearer_client(users["admin"]).get(URL + ".xlsx", {"month": "2026-01"})
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["窗口月报", "环比", "说明"]
    rows = [list(r) for r in wb["窗口月报"].iter_rows(values_only=True)]
    report = monthly_report_for(user=users["admin"], month="2026-01")
    assert rows == _none_for_blank(report.table())
    mom = [list(r) for r in wb["环比"].iter_rows(values_only=True)]
    assert mom == _none_for_blank(report.comparison())


def _none_for_blank(lines):
    # openpyxl writes "" as an empty cell, which reads back as None
    return [[None if c == "" else c for c in line] for line in lines]


def test_province_scope_over_the_api(world, users):
    client = bearer_client(users["admin"])
    body = client.get(URL, {"month": "2026-01", "scope": "province"}).json()
    expected = expected_table(world, start=JAN_START, end=FEB_START, departments={"510000-scjg"})
    assert {r["department_code"]: r["values"] for r in body["rows"] if any(r["values"].values())} == expected
    assert body["centre"] is None
    bad = client.get(URL, {"month": "2026-01", "scope": "everything"})
    assert bad.status_code == 422 and bad.json()["code"] == "stats_bad_scope"
    csv_body = client.get(URL + ".csv", {"month": "2026-01", "scope": "province"})
    assert csv_body.status_code == 200 and "510000-province" in csv_body["Content-Disposition"]
