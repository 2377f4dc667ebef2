"""Reads of the stats app: the monthly window report (窗口月报), scoped to the caller.

- :func:`monthly_report_for` is what the page, the API and the exports call: the caller needs
  ``stats.report.view``; rows are limited to the caller's case/consultation scope (a 成都市
  window clerk never sees 绵阳市 rows); ``department`` (a code: that department and every unit
  below it) or ``region`` (a code: that region's subtree) narrows further, and naming one outside
  the caller's scope answers 404 exactly like an unknown code. ``scope="province"`` is 省本级:
  the departments of the province itself (region ``ZWFW_SITE_REGION``, e.g. 510000 only), never
  the sum of its cities.
- :func:`monthly_report_operator` is the unscoped read of the ``zwfw report monthly`` command,
  run by an operator on the server.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404

from zwfw.core.models import Department, Region
from zwfw.core.permissions import require
from zwfw.core.selectors.accounts import department_by_code, department_get_for
from zwfw.core.selectors.regions import region_get, region_subtree
from zwfw.core.selectors.scope import user_scope, visible_region_codes
from zwfw.stats.batch.monthly import MonthlyReport, monthly_report_compute
from zwfw.stats.batch.months import Month, month_parse
from zwfw.stats.errors import StatsError, StatsErrorCode
from zwfw.stats.permissions import REPORT_VIEW


def _month(month: Month | str) -> Month:
    return month if isinstance(month, Month) else month_parse(month)


PROVINCE_SCOPE = "province"


def _scope_args(department, region, scope) -> tuple[str | None, str | None, str | None]:
    department = (department or "").strip() or None
    region = (region or "").strip() or None
    scope = (scope or "").strip() or None
    if scope is not None and scope != PROVINCE_SCOPE:
        raise StatsError(StatsErrorCode.BAD_SCOPE, detail=[{"field": "scope"}], value=scope[:20])
    if sum(x is not None for x in (department, region, scope)) > 1:
        fields = [{"field": f} for f, v in (("department", department), ("region", region), ("scope", scope)) if v]
        raise StatsError(StatsErrorCode.SCOPE_CONFLICT, detail=fields)
    return department, region, scope


def _province_kwargs() -> dict:
    """省本级: the province's own departments (its region exactly, not the regions below it)."""
    code = settings.ZWFW_SITE_REGION
    reg = region_get(code=code)
    return {"scope_label": f"{reg.name}本级（省本级部门）", "region_codes": [reg.code], "region_code": reg.code}


def _department_kwargs(dept: Department) -> dict:
    """A department and every department below it."""
    ids = list(Department.objects.filter(path__startswith=dept.path).values_list("id", flat=True))
    return {"scope_label": f"{dept.name}（含下级部门）", "department_ids": ids, "department_code": dept.code}


def _region_kwargs(reg: Region) -> dict:
    """A region and every region below it."""
    codes = list(region_subtree(reg).values_list("code", flat=True))
    return {"scope_label": f"{reg.name}（含下级区划）", "region_codes": codes, "region_code": reg.code}


def monthly_report_for(
    *, user, month: Month | str, department: str | None = None, region: str | None = None, scope: str | None = None
) -> MonthlyReport:
    """The report of ``month`` (``YYYY-MM``) in ``user``'s scope; see the module docstring.

    Errors: 403 without ``stats.report.view``; 422 ``stats_bad_month`` (naming ``month``); 422
    ``stats_scope_conflict`` when both ``department`` and ``region`` are given; 404 for a
    department or region unknown or outside the caller's scope.
    """
    require(user, REPORT_VIEW)
    parsed = _month(month)
    department, region, scope = _scope_args(department, region, scope)
    if scope == PROVINCE_SCOPE:
        return monthly_report_compute(user=user, month=parsed, **_province_kwargs())
    if department:
        dept = department_get_for(user=user, code=department)
        return monthly_report_compute(user=user, month=parsed, **_department_kwargs(dept))
    if region:
        reg = region_get(code=region)
        visible = visible_region_codes(user)
        if visible is not None and reg.code not in visible:
            raise Http404("区划不存在或无权查看")
        return monthly_report_compute(user=user, month=parsed, **_region_kwargs(reg))
    label = "全部" if user_scope(user).everything else "本人可查看的全部范围"
    return monthly_report_compute(user=user, month=parsed, scope_label=label)


def monthly_report_operator(
    *, month: Month | str, department: str | None = None, region: str | None = None, scope: str | None = None
) -> MonthlyReport:
    """The same report without a user scope (the operator's command on the server)."""
    parsed = _month(month)
    department, region, scope = _scope_args(department, region, scope)
    if scope == PROVINCE_SCOPE:
        return monthly_report_compute(user=None, unscoped=True, month=parsed, **_province_kwargs())
    if department:
        dept = department_by_code(code=department)
        if dept is None:
            raise Http404(f"部门“{department}”不存在")
        return monthly_report_compute(user=None, unscoped=True, month=parsed, **_department_kwargs(dept))
    if region:
        reg = region_get(code=region)
        return monthly_report_compute(user=None, unscoped=True, month=parsed, **_region_kwargs(reg))
    return monthly_report_compute(user=None, unscoped=True, month=parsed, scope_label="全部")
