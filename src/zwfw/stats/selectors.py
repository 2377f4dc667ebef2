"""Reads of the stats app: the monthly window report (窗口月报), scoped to the caller.

- :func:`monthly_report_for` is what the page, the API and the exports call: the caller needs
  ``stats.report.view``; rows are limited to the caller's case/consultation scope (a 成都市
  window clerk never sees 绵阳市 rows); ``department`` (a code: that department and every unit
  below it) or ``region`` (a code: that region's subtree) narrows further, and naming one outside
  the caller's scope answers 404 exactly like an unknown code.
- :func:`monthly_report_operator` is the unscoped read of the ``zwfw report monthly`` command,
  run by an operator on the server.
"""

from __future__ import annotations

from django.http import Http404

from zwfw.core.models import Department
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


def _subtree_ids(dept: Department) -> list[int]:
    return list(Department.objects.filter(path__startswith=dept.path).values_list("id", flat=True))


def monthly_report_for(
    *, user, month: Month | str, department: str | None = None, region: str | None = None
) -> MonthlyReport:
    """The report of ``month`` (``YYYY-MM``) in ``user``'s scope; see the module docstring.

    Errors: 403 without ``stats.report.view``; 422 ``stats_bad_month`` (naming ``month``); 422
    ``stats_scope_conflict`` when both ``department`` and ``region`` are given; 404 for a
    department or region unknown or outside the caller's scope.
    """
    require(user, REPORT_VIEW)
    parsed = _month(month)
    department = (department or "").strip() or None
    region = (region or "").strip() or None
    if department and region:
        raise StatsError(StatsErrorCode.SCOPE_CONFLICT, detail=[{"field": "department"}, {"field": "region"}])
    if department:
        dept = department_get_for(user=user, code=department)
        return monthly_report_compute(
            user=user,
            month=parsed,
            scope_label=f"{dept.name}（含下级部门）",
            department_ids=_subtree_ids(dept),
            department_code=dept.code,
        )
    if region:
        reg = region_get(code=region)
        visible = visible_region_codes(user)
        if visible is not None and reg.code not in visible:
            raise Http404("区划不存在或无权查看")
        return monthly_report_compute(
            user=user,
            month=parsed,
            scope_label=f"{reg.name}（含下级区划）",
            region_codes=list(region_subtree(reg).values_list("code", flat=True)),
            region_code=reg.code,
        )
    label = "全部" if user_scope(user).everything else "本人可查看的全部范围"
    return monthly_report_compute(user=user, month=parsed, scope_label=label)


def monthly_report_operator(
    *, month: Month | str, department: str | None = None, region: str | None = None
) -> MonthlyReport:
    """The same report without a user scope (the operator's command on the server)."""
    parsed = _month(month)
    if department and region:
        raise StatsError(StatsErrorCode.SCOPE_CONFLICT, detail=[{"field": "department"}, {"field": "region"}])
    if department:
        dept = department_by_code(code=department)
        if dept is None:
            raise Http404(f"部门“{department}”不存在")
        return monthly_report_compute(
            user=None,
            unscoped=True,
            month=parsed,
            scope_label=f"{dept.name}（含下级部门）",
            department_ids=_subtree_ids(dept),
            department_code=dept.code,
        )
    if region:
        reg = region_get(code=region)
        return monthly_report_compute(
            user=None,
            unscoped=True,
            month=parsed,
            scope_label=f"{reg.name}（含下级区划）",
            region_codes=list(region_subtree(reg).values_list("code", flat=True)),
            region_code=reg.code,
        )
    return monthly_report_compute(user=None, unscoped=True, month=parsed, scope_label="全部")
