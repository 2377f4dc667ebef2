"""KPIs of the hotline (考核指标) per department, region and month, and the monthly export.

Definitions (national formulas are local and unconfirmed, DOMAIN.md "KPIs"; these are ours,
stated here and in docs/hotline.md). Orders counted are those received (受理) in the month, merged
duplicates excluded (并单: not counted twice):

- 按时签收率 = orders signed by the sign deadline / orders signed
- 按时办结率 = orders answered by the handling deadline (after approved 延期) / orders answered
  (orders closed at intake not included: they never reached a department)
- 解决率 = orders the caller said were resolved at 回访 / orders visited
- 满意率 = visits rated 基本满意 or better (3–5 of GB/T 39046's five levels) / orders visited;
  1–2 are the 好差评 "bad" ratings
- 回访率 = orders visited / orders answered
- 一次办结率 = orders closed at intake from the knowledge base (直办) / orders received
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from zwfw.hotline.errors import HotlineError, HotlineErrorCode
from zwfw.hotline.models import Status

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def month_range(month: str) -> tuple[dt.datetime, dt.datetime]:
    m = _MONTH.match(month or "")
    if not m or not 1 <= int(m.group(2)) <= 12 or not 2000 <= int(m.group(1)) <= 2100:
        raise HotlineError(HotlineErrorCode.BAD_VALUE, detail={"field": "month"}, what="月份", reason="格式应为YYYY-MM")
    year, mon = int(m.group(1)), int(m.group(2))
    start = dt.date(year, mon, 1)
    end = dt.date(year + (mon == 12), mon % 12 + 1, 1)
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(dt.datetime.combine(start, dt.time()), tz),
        timezone.make_aware(dt.datetime.combine(end, dt.time()), tz),
    )


def current_month() -> str:
    return timezone.localdate().strftime("%Y-%m")


#: The counts of a :class:`KpiRow` (each an annotation in :func:`kpi_table`); the rates derive from them.
COUNTS = (
    "received",
    "signed",
    "signed_on_time",
    "answered",
    "answered_on_time",
    "visited",
    "resolved",
    "satisfied",
    "first_contact",
)


@dataclass
class KpiRow:
    key: str
    name: str
    received: int = 0
    signed: int = 0
    signed_on_time: int = 0
    answered: int = 0
    answered_on_time: int = 0
    visited: int = 0
    resolved: int = 0
    satisfied: int = 0
    first_contact: int = 0

    @staticmethod
    def _rate(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    @property
    def signed_on_time_rate(self):
        return self._rate(self.signed_on_time, self.signed)

    @property
    def answered_on_time_rate(self):
        return self._rate(self.answered_on_time, self.answered)

    @property
    def resolved_rate(self):
        return self._rate(self.resolved, self.visited)

    @property
    def satisfied_rate(self):
        return self._rate(self.satisfied, self.visited)

    @property
    def visited_rate(self):
        return self._rate(self.visited, self.answered)

    @property
    def first_contact_rate(self):
        return self._rate(self.first_contact, self.received)

    def add(self, other: KpiRow) -> None:
        for f in COUNTS:
            setattr(self, f, getattr(self, f) + getattr(other, f))

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "name": self.name,
            "received": self.received,
            "signed": self.signed,
            "signed_on_time_rate": self.signed_on_time_rate,
            "answered": self.answered,
            "answered_on_time_rate": self.answered_on_time_rate,
            "resolved_rate": self.resolved_rate,
            "satisfied_rate": self.satisfied_rate,
            "visited_rate": self.visited_rate,
            "first_contact_rate": self.first_contact_rate,
        }


GROUPS = {"department": ("department__code", "department__name"), "region": ("region_id", "region__name")}
RATE_LABELS = [
    ("signed_on_time_rate", "按时签收率"),
    ("answered_on_time_rate", "按时办结率"),
    ("resolved_rate", "解决率"),
    ("satisfied_rate", "满意率"),
    ("visited_rate", "回访率"),
    ("first_contact_rate", "一次办结率"),
]


def kpi_table(*, user, month: str, group: str = "department") -> tuple[list[KpiRow], KpiRow]:
    """One row per department (or region) for orders received in ``month``, and the total."""
    from zwfw.hotline.selectors import work_order_queryset

    if group not in GROUPS:
        raise HotlineError(
            HotlineErrorCode.BAD_VALUE, detail={"field": "group"}, what="分组", reason="应为department或region"
        )
    start, end = month_range(month)
    key, name = GROUPS[group]
    qs = work_order_queryset(user).filter(created_at__gte=start, created_at__lt=end).exclude(status=Status.MERGED)
    rows = (
        qs.order_by()
        .values(key, name)
        .annotate(
            received=Count("id"),
            signed=Count("id", filter=Q(signed_at__isnull=False)),
            signed_on_time=Count("id", filter=Q(signed_on_time=True)),
            answered=Count("id", filter=Q(answered_at__isnull=False, closed_at_intake=False)),
            answered_on_time=Count("id", filter=Q(answered_on_time=True, closed_at_intake=False)),
            visited=Count("id", filter=Q(visited_at__isnull=False)),
            resolved=Count("id", filter=Q(resolved=True)),
            satisfied=Count("id", filter=Q(satisfaction__gte=3)),
            first_contact=Count("id", filter=Q(closed_at_intake=True)),
        )
    )
    out = []
    total = KpiRow(key="", name="合计")
    for r in rows:
        row = KpiRow(
            key=r[key] or "",
            name=r[name] or ("热线直办/未派单" if group == "department" else ""),
            **{f: r[f] for f in COUNTS},
        )
        out.append(row)
        total.add(row)
    out.sort(key=lambda r: (-r.received, r.key))
    return out, total


def kpi_xlsx(*, user, month: str) -> bytes:
    """The monthly export: one sheet per grouping (部门, 区划) with counts and the six rates."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    headers = ["编码", "名称", "受理量", "签收量", "答复量", "回访量", *[label for _, label in RATE_LABELS]]
    for group, title in (("department", "按部门"), ("region", "按区划")):
        ws = wb.create_sheet(title)
        ws.append([f"12345热线考核指标 {month}（{title}）"])
        ws.append(headers)
        rows, total = kpi_table(user=user, month=month, group=group)
        for row in [*rows, total]:
            ws.append(
                [
                    row.key,
                    row.name,
                    row.received,
                    row.signed,
                    row.answered,
                    row.visited,
                    *[getattr(row, attr) for attr, _ in RATE_LABELS],
                ]
            )
            for cell in ws[ws.max_row][6:]:
                cell.number_format = "0.00%"
    notes = wb.create_sheet("口径说明")
    for line in (__doc__ or "").strip().splitlines():
        notes.append([line])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
