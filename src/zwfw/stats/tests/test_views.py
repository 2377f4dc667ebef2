"""The stats pages: 窗口月报 (table, charts, exports, errors, scope) and 咨询登记."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from zwfw.cases.selectors import consultation_list
from zwfw.core.tests.factories import login_client
from zwfw.stats.selectors import monthly_report_for

pytestmark = pytest.mark.django_db

URL = "/stats/monthly/"


def _cell_values(html: str, department: str) -> list[str]:
    row = re.search(rf'<tr data-department="{re.escape(department)}">(.*?)</tr>', html, re.S)
    assert row, department
    return re.findall(r'<td class="num">(\d+)', row.group(1))


def test_page_shows_the_table_charts_and_exports(world, users):
    response = login_client(users["admin"]).get(URL, {"month": "2026-01"})
    assert response.status_code == 200
    html = response.content.decode()
    report = monthly_report_for(user=users["admin"], month="2026-01")
    for row in report.rows:
        assert _cell_values(html, row.department_code) == [str(v) for v in row.values.values()]
    assert _cell_values(html, "total") == [str(v) for v in report.total.values.values()]
    assert html.count("<svg") == 2
    assert "/stats/monthly.xlsx?month=2026-01" in html
    assert "/stats/monthly.csv?month=2026-01" in html
    assert "环比" in html


def test_page_bad_month_is_422_with_a_message(users):
    response = login_client(users["admin"]).get(URL, {"month": "2026-13"})
    assert response.status_code == 422
    assert "month" in response.content.decode()
    assert 'data-testid="stats-error"' in response.content.decode()


def test_page_default_month_is_last_month(users):
    response = login_client(users["clerk_cd"]).get(URL)
    assert response.status_code == 200
    assert 'name="month" type="month" value="20' in response.content.decode()


def test_page_scope_and_permissions(world, users):
    html = login_client(users["clerk_cd"]).get(URL, {"month": "2026-01"}).content.decode()
    assert "510700-" not in html
    assert "绵阳" not in html
    assert (
        login_client(users["clerk_cd"]).get(URL, {"month": "2026-01", "department": "510700-scjg"}).status_code == 404
    )
    assert login_client(users["person"]).get(URL).status_code == 403
    anonymous = login_client(None).get(URL)
    assert anonymous.status_code == 302
    assert "/login" in anonymous["Location"] or "login" in anonymous["Location"]


def test_page_exports_equal_the_table(world, users):
    client = login_client(users["dept_admin_scjg"])
    report = monthly_report_for(user=users["dept_admin_scjg"], month="2026-01")
    response = client.get("/stats/monthly.csv", {"month": "2026-01"})
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines == [[str(c) for c in line] for line in report.table()]
    response = client.get("/stats/monthly.xlsx", {"month": "2026-01"})
    sheet = load_workbook(io.BytesIO(response.content))["窗口月报"]
    assert [[("" if c is None else c) for c in r] for r in sheet.iter_rows(values_only=True)] == report.table()
    assert client.get("/stats/monthly.csv", {"month": "bad"}).status_code == 422


def test_navigation_entries(users):
    html = login_client(users["clerk_cd"]).get("/").content.decode()
    assert "窗口月报" in html
    assert "咨询登记" in html
    assert "窗口月报" in login_client(users["dept_admin_scjg"]).get("/").content.decode()
    assert "窗口月报" not in login_client(users["person"]).get("/").content.decode()


def test_consultation_page_logs_through_the_service(world, users):
    client = login_client(users["clerk_cd"])
    assert client.get("/stats/consultations/").status_code == 200
    before = consultation_list(user=users["clerk_cd"]).count()
    response = client.post(
        "/stats/consultations/", {"channel": "phone", "department": "510100-scjg", "topic": "食品经营许可", "count": 3}
    )
    assert response.status_code == 302
    assert consultation_list(user=users["clerk_cd"]).count() == before + 3
    html = client.get("/stats/consultations/").content.decode()
    assert "电话咨询 3 人次" in html


def test_consultation_page_rejects_bad_input_and_other_scopes(world, users):
    client = login_client(users["clerk_cd"])
    response = client.post("/stats/consultations/", {"channel": "fax", "department": "510100-scjg", "count": 1})
    assert response.status_code == 422
    # a 绵阳 department is not even offered to a 成都 clerk
    response = client.post("/stats/consultations/", {"channel": "phone", "department": "510700-scjg", "count": 1})
    assert response.status_code == 422
    assert login_client(users["dept_admin_scjg"]).get("/stats/consultations/").status_code == 403
