"""The weekly brief for leaders (每周热点简报): volumes, categories, hot topics by text similarity
per region, rising topics and spike alerts, as a page and an XLSX. Reads the orders of the week
and the :data:`~zwfw.hotline.hotspots.HISTORY_WEEKS` weeks before it, within the reader's scope,
and runs :func:`zwfw.hotline.hotspots.analyse` on them."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from zwfw.hotline import hotspots
from zwfw.hotline.errors import HotlineError, HotlineErrorCode
from zwfw.hotline.models import Status

MAX_ORDERS = 200_000


@dataclass
class Brief:
    week_start: dt.date
    week_end: dt.date
    total: int = 0
    previous_total: int = 0
    by_category: list[tuple[str, int]] = field(default_factory=list)
    by_region: list[tuple[str, int]] = field(default_factory=list)
    by_day: list[tuple[str, int]] = field(default_factory=list)
    topics: list[dict] = field(default_factory=list)

    @property
    def rising(self) -> list[dict]:
        return [t for t in self.topics if t["rising"]]

    @property
    def spikes(self) -> list[dict]:
        return [t for t in self.topics if t["spike"]]


def week_start(week: str | None) -> dt.date:
    if not week:
        today = timezone.localdate()
        return today - dt.timedelta(days=today.weekday())
    try:
        day = dt.date.fromisoformat(week)
    except ValueError:
        raise HotlineError(
            HotlineErrorCode.BAD_VALUE, detail={"field": "week"}, what="周", reason="应为日期YYYY-MM-DD"
        ) from None
    return day - dt.timedelta(days=day.weekday())


def _week_key(d: dt.date) -> str:
    monday = d - dt.timedelta(days=d.weekday())
    return monday.isoformat()


def weekly_brief(*, user, week: str | None = None, n_topics: int = 30) -> Brief:
    from zwfw.core.models import Region
    from zwfw.hotline.selectors import work_order_queryset

    start = week_start(week)
    end = start + dt.timedelta(days=7)
    first = start - dt.timedelta(weeks=hotspots.HISTORY_WEEKS)
    tz = timezone.get_current_timezone()
    aware = lambda d: timezone.make_aware(dt.datetime.combine(d, dt.time()), tz)  # noqa: E731
    rows = list(
        work_order_queryset(user)
        .filter(created_at__gte=aware(first), created_at__lt=aware(end))
        .exclude(status=Status.MERGED)
        .order_by("created_at")
        .values_list(
            "created_at",
            "region_id",
            "title",
            "text",
            "category__name",
            "category__parent__name",
            "category__parent__parent__name",
        )[:MAX_ORDERS]
    )
    brief = Brief(week_start=start, week_end=end - dt.timedelta(days=1))
    if not rows:
        return brief
    days = [timezone.localtime(r[0]).date() for r in rows]
    weeks = [_week_key(d) for d in days]
    this = _week_key(start)
    prev = _week_key(start - dt.timedelta(days=7))
    brief.total = sum(1 for w in weeks if w == this)
    brief.previous_total = sum(1 for w in weeks if w == prev)
    names = dict(Region.objects.filter(code__in={r[1] for r in rows}).values_list("code", "name"))
    cats = Counter((r[6] or r[5] or r[4] or "未分类") for r, w in zip(rows, weeks, strict=True) if w == this)
    brief.by_category = cats.most_common(10)
    brief.by_region = [
        (names.get(c, c), n)
        for c, n in Counter(r[1] for r, w in zip(rows, weeks, strict=True) if w == this).most_common(10)
    ]
    day_counts = Counter(d for d, w in zip(days, weeks, strict=True) if w == this)
    brief.by_day = [
        ((start + dt.timedelta(days=i)).strftime("%m-%d"), day_counts.get(start + dt.timedelta(days=i), 0))
        for i in range(7)
    ]
    k = max(1, min(n_topics, len(rows) // 3))
    df = hotspots.analyse(
        titles=[r[2] for r in rows],
        texts=[f"{r[2]} {r[3][:300]}" for r in rows],
        regions=[r[1] for r in rows],
        weeks=weeks,
        n_topics=k,
        min_count=3,
    )
    current = df.filter(df["week"] == this).sort("count", descending=True).head(30)
    for row in current.iter_rows(named=True):
        brief.topics.append(
            {
                "region": row["region"],
                "region_name": names.get(row["region"], row["region"]),
                "week": row["week"],
                "topic": row["topic_name"] or "",
                "count": int(row["count"]),
                "previous_mean": round(float(row["previous_mean"]), 2),
                "rising": bool(row["rising"]),
                "spike": bool(row["spike"]),
                "examples": [],
            }
        )
    return brief


def brief_xlsx(brief: Brief) -> bytes:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference

    wb = Workbook()
    ws = wb.active
    ws.title = "概况"
    ws.append([f"12345热线每周热点简报 {brief.week_start:%Y-%m-%d} 至 {brief.week_end:%Y-%m-%d}"])
    ws.append(["本周受理", brief.total])
    ws.append(["上周受理", brief.previous_total])
    ws.append([])
    ws.append(["日期", "受理量"])
    first = ws.max_row + 1
    for day, n in brief.by_day:
        ws.append([day, n])
    chart = BarChart()
    chart.title = "每日受理量"
    chart.add_data(Reference(ws, min_col=2, min_row=first - 1, max_row=ws.max_row), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=ws.max_row))
    ws.add_chart(chart, "D2")
    cat = wb.create_sheet("分类")
    cat.append(["一级分类", "受理量"])
    for name, n in brief.by_category:
        cat.append([name, n])
    top = wb.create_sheet("热点主题")
    top.append(["区划", "主题（代表性诉求）", "本周量", "前四周均量", "上升", "激增预警"])
    for t in brief.topics:
        top.append(
            [
                t["region_name"],
                t["topic"],
                t["count"],
                t["previous_mean"],
                "是" if t["rising"] else "",
                "是" if t["spike"] else "",
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
