"""The monthly window report (窗口月报): measures, rows per department, total, month on month.

:func:`monthly_report_compute` runs six grouped queries (cases, deliveries, consultations; for
the month and the month before), each returning one row per department, and merges them here.
Which date and which field each measure counts is documented in
:mod:`zwfw.cases.selectors_report` and ``docs/reports.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings

from zwfw.cases.selectors_report import (
    report_case_counts,
    report_centre_counts,
    report_consultation_counts,
    report_delivery_counts,
)
from zwfw.core.models import Department
from zwfw.stats.batch.months import Month


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    label_en: str


#: The columns of the seed monthly reports, in their order.
MEASURES: tuple[Measure, ...] = (
    Measure("handled", "办理量", "cases handled (accepted)"),
    Measure("online_accepted", "全程网办受理量", "fully-online cases accepted"),
    Measure("online_completed", "全程网办办结量", "fully-online cases completed"),
    Measure("window_accepted", "综合窗口受理量", "comprehensive-window cases accepted"),
    Measure("pickup", "窗口出件量", "results issued at the window"),
    Measure("post", "现场邮寄量", "results posted"),
    Measure("phone", "电话咨询人次", "phone consultations"),
    Measure("onsite", "现场咨询人次", "on-site consultations"),
)
MEASURE_KEYS: tuple[str, ...] = tuple(m.key for m in MEASURES)


def _zero() -> dict[str, int]:
    return dict.fromkeys(MEASURE_KEYS, 0)


def change_pct(current: int, previous: int) -> float | None:
    """Month-on-month change in percent, one decimal; ``None`` when last month was 0 (环比无意义)."""
    if previous == 0:
        return None
    return round((current - previous) * 100 / previous, 1)


@dataclass
class ReportRow:
    department_id: int | None
    department_code: str
    department_name: str
    region_code: str
    region_name: str
    values: dict[str, int] = field(default_factory=_zero)
    previous: dict[str, int] = field(default_factory=_zero)

    def change(self, key: str) -> float | None:
        return change_pct(self.values[key], self.previous[key])

    @property
    def changes(self) -> dict[str, float | None]:
        return {k: self.change(k) for k in MEASURE_KEYS}


@dataclass
class MonthlyReport:
    month: Month
    scope_label: str
    department_code: str | None
    region_code: str | None
    rows: list[ReportRow]
    total: ReportRow
    #: 其中：企业综合服务中心 — what the configured centres accepted, handed out and logged (not a
    #: row of the sum: its cases are already counted under their implementing departments).
    centre: ReportRow | None = None

    @property
    def previous_month(self) -> Month:
        return self.month.previous()

    def table(self) -> list[list]:
        """The table as exported: header, one line per department, the total line."""
        lines: list[list] = [["部门编码", "部门", "行政区划", *(m.label for m in MEASURES)]]
        extra = [self.centre] if self.centre is not None else []
        for row in [*self.rows, self.total, *extra]:
            lines.append(
                [row.department_code, row.department_name, row.region_name, *(row.values[k] for k in MEASURE_KEYS)]
            )
        return lines

    def comparison(self) -> list[list]:
        """Month on month for the total: measure, this month, last month, change (%)."""
        lines: list[list] = [["指标", str(self.month), str(self.previous_month), "环比(%)"]]
        for m in MEASURES:
            pct = self.total.change(m.key)
            lines.append([m.label, self.total.values[m.key], self.total.previous[m.key], "" if pct is None else pct])
        return lines


def _counts(*, user, month: Month, department_ids, region_codes, unscoped: bool) -> dict[int, dict[str, int]]:
    kwargs = {
        "user": user,
        "start": month.start,
        "end": month.end,
        "department_ids": department_ids,
        "region_codes": region_codes,
        "unscoped": unscoped,
    }
    merged: dict[int, dict[str, int]] = {}
    for rows in (report_case_counts(**kwargs), report_delivery_counts(**kwargs), report_consultation_counts(**kwargs)):
        for row in rows:
            target = merged.setdefault(row["department_id"], _zero())
            for key, value in row.items():
                if key != "department_id":
                    target[key] += value
    return merged


def monthly_report_compute(
    *,
    user,
    month: Month,
    scope_label: str,
    department_ids: Iterable[int] | None = None,
    region_codes: Iterable[str] | None = None,
    department_code: str | None = None,
    region_code: str | None = None,
    unscoped: bool = False,
) -> MonthlyReport:
    """The report for ``month`` and the month before, in ``user``'s scope (``user=None, unscoped=True``:
    the operator's unscoped read), narrowed to ``department_ids`` / ``region_codes`` when given.

    Rows: every department with anything to count in either month, ordered by region and code;
    the total is the sum of the rows (so it equals the grouped counts over the whole scope).
    """
    ids = None if department_ids is None else sorted(set(department_ids))
    codes = None if region_codes is None else sorted(set(region_codes))
    current = _counts(user=user, month=month, department_ids=ids, region_codes=codes, unscoped=unscoped)
    previous = _counts(user=user, month=month.previous(), department_ids=ids, region_codes=codes, unscoped=unscoped)
    departments = Department.objects.select_related("region").in_bulk(set(current) | set(previous))
    rows = []
    for dept_id in set(current) | set(previous):
        dept = departments.get(dept_id)
        rows.append(
            ReportRow(
                department_id=dept_id,
                department_code=dept.code if dept else str(dept_id),
                department_name=dept.name if dept else "（未知部门）",
                region_code=dept.region_id if dept else "",
                region_name=dept.region.name if dept else "",
                values=current.get(dept_id, _zero()),
                previous=previous.get(dept_id, _zero()),
            )
        )
    rows.sort(key=lambda r: (r.region_code, r.department_code))
    total = ReportRow(department_id=None, department_code="", department_name="合计", region_code="", region_name="")
    for row in rows:
        for key in MEASURE_KEYS:
            total.values[key] += row.values[key]
            total.previous[key] += row.previous[key]
    return MonthlyReport(
        month=month,
        scope_label=scope_label,
        department_code=department_code,
        region_code=region_code,
        rows=rows,
        total=total,
        centre=_centre_row(user=user, month=month, department_ids=ids, region_codes=codes, unscoped=unscoped),
    )


CENTRE_LABEL = "其中：企业综合服务中心"


def _centre_row(*, user, month: Month, department_ids, region_codes, unscoped: bool) -> ReportRow | None:
    """The 企业综合服务中心 line: ``ZWFW_STATS_ENTERPRISE_CENTRES`` (department codes, each with
    the units below it); ``None`` when none is configured."""
    codes = tuple(getattr(settings, "ZWFW_STATS_ENTERPRISE_CENTRES", ()) or ())
    if not codes:
        return None
    centres = list(Department.objects.filter(code__in=codes).values_list("path", flat=True))
    ids: set[int] = set()
    for path in centres:
        ids.update(Department.objects.filter(path__startswith=path).values_list("id", flat=True))
    kwargs = {
        "user": user,
        "centre_ids": sorted(ids),
        "department_ids": department_ids,
        "region_codes": region_codes,
        "unscoped": unscoped,
    }
    row = ReportRow(
        department_id=None, department_code="", department_name=CENTRE_LABEL, region_code="", region_name=""
    )
    row.values = report_centre_counts(start=month.start, end=month.end, **kwargs)
    previous = month.previous()
    row.previous = report_centre_counts(start=previous.start, end=previous.end, **kwargs)
    return row
