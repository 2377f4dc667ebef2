"""Interchange dict → workbook (.xlsx), in the one layout of :mod:`zwfw.catalog.excel.layout`.

Deterministic: the same dict always gives the same cells in every sheet (rows in the dict's
order, which ``catalog_export`` fixes), so export → import → export is identical cell by cell.
The file bytes are not compared: the zip entries and ``docProps/core.xml`` carry the save time.
Written in openpyxl's write-only mode, row by row, so memory stays flat for large catalogs.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from zwfw.catalog.excel import layout as L
from zwfw.catalog.excel.cells import to_cell

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_KEY_FONT = Font(color="808080", size=9)
_KIND_LABELS = {
    "text": "文本",
    "code": "编码",
    "int": "整数",
    "int_or_blank": "整数或空",
    "money": "金额（元）",
    "bool": "是/否",
    "date": "日期 YYYY-MM-DD",
    "enum": "单选",
    "enum_list": "多选（；分隔）",
    "list": "列表（；分隔）",
}


def _get(entry: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(entry, dict):
            return None
        entry = entry.get(part)
    return entry


def _plain(ws, value: Any) -> Any:
    """Strings that openpyxl would take for a formula or an error code are forced to text."""
    if isinstance(value, str) and (value.startswith("=") or value in ERROR_CODES):
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


def _header(ws, sheet: L.Sheet) -> None:
    for i, col in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.freeze_panes = "A3"
    top = []
    for col in sheet.columns:
        cell = WriteOnlyCell(ws, value=col.header)
        cell.font = _HEADER_FONT
        cell.fill = _REQUIRED_FILL if col.required else _HEADER_FILL
        top.append(cell)
    ws.append(top)
    keys = []
    for col in sheet.columns:
        cell = WriteOnlyCell(ws, value=col.key)
        cell.font = _KEY_FONT
        keys.append(cell)
    ws.append(keys)


def _row(ws, sheet: L.Sheet, entry: dict, *, owner: str | None = None, blank_elements: bool = False) -> list:
    out = []
    for col in sheet.columns:
        if col is L.OWNER:
            value = owner
        elif blank_elements and col.path[0] == "elements":
            value = None
        else:
            value = _get(entry, col.path)
        out.append(_plain(ws, to_cell(col, value)))
    return out


def _has_content(entry: dict) -> bool:
    return bool(entry.get("elements")) or bool((entry.get("graph") or {}).get("steps"))


def _children(sheet: L.Sheet, entry: dict) -> Iterator[dict]:
    rows = _get(entry, tuple(sheet.key.split("."))) or []
    if sheet is L.EDGES:
        return ({"from": a, "to": b} for a, b in rows)
    return iter(rows)


def _readme(wb: Workbook) -> None:
    ws = wb.create_sheet(L.README_SHEET)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["C"].width = 18
    ws.column_dimensions["D"].width = 8
    ws.column_dimensions["E"].width = 60
    title = WriteOnlyCell(ws, value="四川省政务服务事项目录（一单一图一表）导入导出工作簿")
    title.font = Font(bold=True, size=14)
    ws.append([title])
    ws.append(["格式", L.FORMAT])
    ws.append(["格式版本", L.FORMAT_VERSION])
    ws.append([])
    for line in (
        "填写须知：",
        "1. 每个工作表第1行是中文列名，第2行是字段键（灰色，请勿修改）；数据从第3行开始。"
        "列的先后可以调整，但列名和字段键不能改。",
        "2. 是/否 列填“是”或“否”；多个取值写在一个单元格里，用中文分号“；”分隔（值本身含分号时写作“\\；”）。",
        "3. 收费金额以元为单位，最多两位小数；时限均为工作日，填阿拉伯数字。日期写作 2026-01-01。",
        "4. 申请材料、表单字段、办理环节、环节连线、常见问题各表第一列“事项编码”填基本编码或实施编码，"
        "行的先后即排列顺序。",
        "5. 导入时先检查整个工作簿：任何一处有误，整个文件都不导入，并列出每处错误所在的工作表、行号和列名。",
        "6. 实施清单的名称、类型、设定依据与基本目录一致；只能减少材料、缩短时限，不得增加材料和办理环节。",
    ):
        ws.append([line])
    ws.append([])
    head = [WriteOnlyCell(ws, value=v) for v in ("工作表", "列名", "字段键", "必填", "类型与说明")]
    for cell in head:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    ws.append(head)
    for sheet in L.DATA_SHEETS:
        ws.append([sheet.name, "", "", "", sheet.note])
        for col in sheet.columns:
            kind = _KIND_LABELS[col.kind]
            if col.choices:
                kind += "：" + "、".join(label for _, label in col.choices)
            if col.note:
                kind += "。" + col.note
            ws.append(["", col.header, col.key, "是" if col.required else "", kind])


def catalog_workbook_write(data: dict[str, Any], stream: BinaryIO) -> None:
    """Write the interchange dict ``data`` (``catalog_export()``'s shape) as a workbook."""
    wb = Workbook(write_only=True)
    wb.properties.creator = "zwfw"
    _readme(wb)
    bases = data.get("base_items", [])
    impls = data.get("implementations", [])
    base_names = {b.get("code"): b.get("name") for b in bases}

    ws = wb.create_sheet(L.LICENCE_TYPES.name)
    _header(ws, L.LICENCE_TYPES)
    for lt in data.get("licence_types", []):
        ws.append(_row(ws, L.LICENCE_TYPES, lt))

    ws = wb.create_sheet(L.BASE_ITEMS.name)
    _header(ws, L.BASE_ITEMS)
    for b in bases:
        has = _has_content(b)
        ws.append(_row(ws, L.BASE_ITEMS, {**b, "_has_content": has}, blank_elements=not has))

    ws = wb.create_sheet(L.IMPLEMENTATIONS.name)
    _header(ws, L.IMPLEMENTATIONS)
    for x in impls:
        ws.append(_row(ws, L.IMPLEMENTATIONS, {**x, "_name": base_names.get(x.get("base_code"))}))

    for sheet in L.CHILD_SHEETS:
        ws = wb.create_sheet(sheet.name)
        _header(ws, sheet)
        for entry in [*bases, *impls]:
            for child in _children(sheet, entry):
                ws.append(_row(ws, sheet, child, owner=entry.get("code")))
    wb.save(stream)


def catalog_workbook_bytes(data: dict[str, Any]) -> bytes:
    buf = io.BytesIO()
    catalog_workbook_write(data, buf)
    return buf.getvalue()
