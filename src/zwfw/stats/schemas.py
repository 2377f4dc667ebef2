"""django-ninja schemas of the stats API (the monthly window report)."""

from __future__ import annotations

from ninja import Schema

from zwfw.stats.batch.monthly import MEASURES, MonthlyReport, ReportRow


class MeasureOut(Schema):
    key: str
    label: str
    label_en: str


class ReportRowOut(Schema):
    department_code: str
    department_name: str
    region_code: str
    region_name: str
    values: dict[str, int]
    previous: dict[str, int]
    change_pct: dict[str, float | None]


class MonthlyReportOut(Schema):
    month: str
    previous_month: str
    scope: str
    department: str | None
    region: str | None
    measures: list[MeasureOut]
    rows: list[ReportRowOut]
    total: ReportRowOut
    centre: ReportRowOut | None = None


def _row_out(row: ReportRow) -> dict:
    return {
        "department_code": row.department_code,
        "department_name": row.department_name,
        "region_code": row.region_code,
        "region_name": row.region_name,
        "values": row.values,
        "previous": row.previous,
        "change_pct": row.changes,
    }


def monthly_report_out(report: MonthlyReport) -> dict:
    return {
        "month": str(report.month),
        "previous_month": str(report.previous_month),
        "scope": report.scope_label,
        "department": report.department_code,
        "region": report.region_code,
        "measures": [{"key": m.key, "label": m.label, "label_en": m.label_en} for m in MEASURES],
        "rows": [_row_out(r) for r in report.rows],
        "total": _row_out(report.total),
        "centre": _row_out(report.centre) if report.centre is not None else None,
    }
