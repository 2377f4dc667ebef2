"""Server-rendered SVG bar charts for the report page: no JavaScript, no chart library.

Every text that comes from data (department names) is escaped; the SVG carries ``role="img"``
and a ``<title>`` so screen readers announce what it shows, and the page prints the same figures
in the table beside it.
"""

from __future__ import annotations

from django.utils.html import escape

from zwfw.stats.batch.monthly import MEASURES, MonthlyReport

CURRENT = "#1f5fa8"
PREVIOUS = "#9bb7d9"
FONT = "font-family=\"'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif\""


def _nice_max(value: int) -> int:
    if value <= 5:
        return 5
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = int(step * magnitude)
        if top >= value:
            return top
    return value


def comparison_chart_svg(report: MonthlyReport) -> str:
    """Grouped vertical bars: each measure's total this month beside last month's."""
    width, height, left, bottom, top = 760, 300, 48, 70, 30
    plot_w, plot_h = width - left - 10, height - bottom - top
    peak = _nice_max(max([*report.total.values.values(), *report.total.previous.values(), 0]))
    group = plot_w / len(MEASURES)
    bar = group * 0.32
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'class="stats-chart" aria-labelledby="chart-mom-title" {FONT} font-size="12">',
        f'<title id="chart-mom-title">{escape(report.month.label)}与上月各项合计对比</title>',
    ]
    for i in range(5):
        value = peak * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e7ee"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#555">{value:g}</text>')
    for i, m in enumerate(MEASURES):
        x0 = left + group * i + group * 0.16
        for j, (values, colour) in enumerate(((report.total.previous, PREVIOUS), (report.total.values, CURRENT))):
            v = values[m.key]
            h = plot_h * v / peak if peak else 0
            x = x0 + j * bar
            y = top + plot_h - h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar - 2:.1f}" height="{h:.1f}" fill="{colour}">'
                f"<title>{escape(m.label)}：{v}</title></rect>"
            )
            parts.append(f'<text x="{x + bar / 2 - 1:.1f}" y="{y - 4:.1f}" text-anchor="middle" fill="#333">{v}</text>')
        cx = left + group * i + group / 2
        parts.append(f'<text x="{cx:.1f}" y="{height - bottom + 18}" text-anchor="middle">{escape(m.label)}</text>')
    ly = height - 22
    parts.append(f'<rect x="{left}" y="{ly - 10}" width="12" height="12" fill="{PREVIOUS}"/>')
    parts.append(f'<text x="{left + 16}" y="{ly}">{escape(report.previous_month.label)}</text>')
    parts.append(f'<rect x="{left + 120}" y="{ly - 10}" width="12" height="12" fill="{CURRENT}"/>')
    parts.append(f'<text x="{left + 136}" y="{ly}">{escape(report.month.label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def department_chart_svg(report: MonthlyReport, *, measure: str = "handled", limit: int = 15) -> str:
    """Horizontal bars: ``measure`` per department this month, the ``limit`` largest."""
    label = next(m.label for m in MEASURES if m.key == measure)
    rows = sorted(report.rows, key=lambda r: (-r.values[measure], r.department_code))[:limit]
    row_h, left, width = 26, 230, 760
    height = 40 + row_h * max(len(rows), 1)
    peak = _nice_max(max([r.values[measure] for r in rows] + [0]))
    plot_w = width - left - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'class="stats-chart" aria-labelledby="chart-dept-title" {FONT} font-size="12">',
        f'<title id="chart-dept-title">{escape(report.month.label)}各部门{escape(label)}（前{limit}）</title>',
    ]
    if not rows:
        parts.append(f'<text x="{width / 2}" y="30" text-anchor="middle" fill="#555">本月无数据</text>')
    for i, r in enumerate(rows):
        y = 20 + i * row_h
        w = plot_w * r.values[measure] / peak if peak else 0
        name = r.department_name if len(r.department_name) <= 16 else r.department_name[:15] + "…"
        parts.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{escape(name)}</text>')
        parts.append(
            f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" fill="{CURRENT}">'
            f"<title>{escape(r.department_name)}：{r.values[measure]}</title></rect>"
        )
        parts.append(f'<text x="{left + w + 6:.1f}" y="{y + 15}" fill="#333">{r.values[measure]}</text>')
    parts.append("</svg>")
    return "".join(parts)
