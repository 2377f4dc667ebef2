"""The monthly window report as files and text: CSV (UTF-8 with BOM), XLSX, a terminal table.

Every format writes the same lines as :meth:`MonthlyReport.table` (header, one line per
department, the 合计 line), so the files equal what the page shows. The XLSX adds a 环比 sheet
(month on month for the total) and a 说明 sheet (month, scope, what each column counts).
"""

from __future__ import annotations

import csv
import io
import unicodedata

from openpyxl import Workbook
from openpyxl.styles import Font

from zwfw.stats.batch.monthly import MEASURES, MonthlyReport

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: What each column counts, for the 说明 sheet and docs/reports.md.
DEFINITIONS = {
    "handled": "本月受理的办件（受理时间在本月，含容缺受理、视为受理、告知承诺）",
    "online_accepted": (
        "本月受理的办件中受理时为全程网办的（网上/移动端申请；受理时确定，此后到窗口领取结果也不改变已结束月份的数字）"
    ),
    "online_completed": "全程网办办件中本月办结的（办结时间在本月）",
    "window_accepted": (
        "本月受理的办件中其余的（窗口、代办、自助终端及需到现场的网上申请）；全程网办受理量 + 综合窗口受理量 = 办理量"
    ),
    "pickup": "本月在窗口领取结果的送达（出件时间在本月）",
    "post": "本月邮寄送达结果的送达（出件时间在本月）",
    "phone": "本月登记的电话咨询（人次）",
    "onsite": "本月登记的现场咨询（人次）",
}


def report_filename(report: MonthlyReport, ext: str) -> str:
    scope = report.department_code or report.region_code or "all"
    if report.scope_label.endswith("（省本级部门）"):
        scope = f"{report.region_code}-province"
    return f"monthly-report-{report.month}-{scope}.{ext}"


def report_csv(report: MonthlyReport) -> bytes:
    """The table as CSV, UTF-8 with a BOM (Excel then opens the Chinese correctly), CRLF lines."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(report.table())
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def report_xlsx(report: MonthlyReport) -> bytes:
    """The table (sheet 窗口月报, from A1), the month-on-month total (环比) and notes (说明)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "窗口月报"
    for line in report.table():
        ws.append(line)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "D2"
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 28
    ws.column_dimensions["C"].width = 12
    mom = wb.create_sheet("环比")
    for line in report.comparison():
        mom.append(line)
    notes = wb.create_sheet("说明")
    notes.append(["报表", "窗口月报"])
    notes.append(["月份", str(report.month)])
    notes.append(["范围", report.scope_label])
    notes.append(["时区", "Asia/Shanghai（北京时间）自然月"])
    for m in MEASURES:
        notes.append([m.label, DEFINITIONS[m.key]])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def report_text(report: MonthlyReport) -> str:
    """A plain-text table for the terminal (CJK characters count two columns)."""
    lines = [[str(c) for c in line] for line in report.table()]
    widths = [max(_width(line[i]) for line in lines) for i in range(len(lines[0]))]

    def fmt(line: list[str]) -> str:
        cells = []
        for i, (cell, w) in enumerate(zip(line, widths, strict=True)):
            pad = " " * (w - _width(cell))
            cells.append(cell + pad if i < 3 else pad + cell)
        return "  ".join(cells).rstrip()

    head = f"窗口月报 {report.month}（{report.scope_label}）"
    rule = "-" * _width(fmt(lines[0]))
    n = len(report.rows)
    body = [fmt(lines[0]), rule, *(fmt(line) for line in lines[1 : 1 + n]), rule, *(fmt(x) for x in lines[1 + n :])]
    mom = ["", f"环比（合计，{report.previous_month} → {report.month}）"]
    for label, cur, prev, pct in report.comparison()[1:]:
        mom.append(f"  {label}: {prev} → {cur}（{'—' if pct == '' else f'{pct:+.1f}%'}）")
    return "\n".join([head, *body, *mom]) + "\n"
