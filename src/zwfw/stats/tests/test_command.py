"""``zwfw report monthly 2026-01``: table, CSV, XLSX; bad input is a command error."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from zwfw.cli import resolve
from zwfw.stats.selectors import monthly_report_operator

pytestmark = pytest.mark.django_db


def test_zwfw_report_monthly_resolves_to_the_command():
    assert resolve(["report", "monthly", "2026-01"], {"report_monthly"}) == ["report_monthly", "2026-01"]


def test_table_output(world):
    out = io.StringIO()
    call_command("report_monthly", "2026-01", stdout=out)
    text = out.getvalue()
    report = monthly_report_operator(month="2026-01")
    assert text.startswith("窗口月报 2026-01（全部）")
    assert "合计" in text
    total_line = next(line for line in text.splitlines() if line.startswith("合计") or "  合计" in line)
    assert total_line.split()[-8:] == [str(v) for v in report.total.values.values()]
    assert "环比" in text


def test_csv_and_xlsx_outputs(world, tmp_path):
    report = monthly_report_operator(month="2026-01", department="510100-scjg")
    out = io.StringIO()
    call_command("report_monthly", "2026-01", "--department", "510100-scjg", "--format", "csv", stdout=out)
    lines = list(csv.reader(io.StringIO(out.getvalue().lstrip("\ufeff"))))
    assert lines == [[str(c) for c in line] for line in report.table()]
    target = tmp_path / "r.xlsx"
    call_command(
        "report_monthly", "2026-01", "--department", "510100-scjg", "--format", "xlsx", "--output", str(target)
    )
    sheet = load_workbook(target)["窗口月报"]
    assert [[("" if c is None else c) for c in r] for r in sheet.iter_rows(values_only=True)] == report.table()


def test_bad_input_is_a_command_error(db):
    with pytest.raises(CommandError, match="month"):
        call_command("report_monthly", "2026-13")
    with pytest.raises(CommandError):
        call_command("report_monthly", "2026-01", "--department", "no-such")
    with pytest.raises(CommandError):
        call_command("report_monthly", "2026-01", "--format", "xlsx")
