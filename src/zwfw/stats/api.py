"""Stats API under ``/api/v1/stats/``: the monthly window report (窗口月报) as JSON, CSV, XLSX.

``GET monthly?month=2026-01[&department=CODE | &region=CODE]`` (JSON), ``monthly.csv`` and
``monthly.xlsx`` (same query, the same table as a file). Thin: parse, one selector, render. A bad
``month`` is 422 ``stats_bad_month`` naming ``month``; a department or region outside the
caller's scope is 404 like an unknown one.
"""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Query, Router

from zwfw.core.api import ErrorOut
from zwfw.stats import selectors
from zwfw.stats.exports import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE, report_csv, report_filename, report_xlsx
from zwfw.stats.schemas import MonthlyReportOut, monthly_report_out

router = Router(tags=["stats"])

_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
_MONTH = Query(..., description="月份 YYYY-MM（北京时间自然月），例如 2026-01", max_length=20)
_DEPARTMENT = Query(None, description="部门编码：该部门及其下级部门", max_length=32)
_REGION = Query(None, description="区划代码：该区划及其下级区划", max_length=12)
_SCOPE = Query(None, description="province = 省本级（本省直属部门，不含各市）", max_length=20)


def _report(request, month: str, department: str | None, region: str | None, scope: str | None = None):
    return selectors.monthly_report_for(
        user=request.auth, month=month, department=department, region=region, scope=scope
    )


def _file(body: bytes, media_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.get(
    "/monthly",
    response={200: MonthlyReportOut, **_ERRORS},
    operation_id="stats_monthly_report",
    summary="窗口月报：按部门统计办理量、全程网办受理/办结、综合窗口受理、窗口出件、现场邮寄、电话/现场咨询人次，含环比",
    url_name="stats_monthly_report",
)
def monthly_report(
    request,
    month: str = _MONTH,
    department: str | None = _DEPARTMENT,
    region: str | None = _REGION,
    scope: str | None = _SCOPE,
):
    return monthly_report_out(_report(request, month, department, region, scope))


@router.get(
    "/monthly.csv",
    response={200: None, **_ERRORS},
    operation_id="stats_monthly_report_csv",
    summary="窗口月报导出为CSV（UTF-8带BOM，Excel可直接打开）",
    url_name="stats_monthly_report_csv",
)
def monthly_report_csv(
    request,
    month: str = _MONTH,
    department: str | None = _DEPARTMENT,
    region: str | None = _REGION,
    scope: str | None = _SCOPE,
):
    report = _report(request, month, department, region, scope)
    return _file(report_csv(report), CSV_MEDIA_TYPE, report_filename(report, "csv"))


@router.get(
    "/monthly.xlsx",
    response={200: None, **_ERRORS},
    operation_id="stats_monthly_report_xlsx",
    summary="窗口月报导出为Excel工作簿（窗口月报、环比、说明三张工作表）",
    url_name="stats_monthly_report_xlsx",
)
def monthly_report_xlsx(
    request,
    month: str = _MONTH,
    department: str | None = _DEPARTMENT,
    region: str | None = _REGION,
    scope: str | None = _SCOPE,
):
    report = _report(request, month, department, region, scope)
    return _file(report_xlsx(report), XLSX_MEDIA_TYPE, report_filename(report, "xlsx"))
