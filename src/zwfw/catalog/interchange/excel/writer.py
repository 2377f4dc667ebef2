"""Interchange dict → workbook (.xlsx), in the one layout of :mod:`zwfw.catalog.interchange.excel.layout`.

Deterministic: the same dict always gives the same cells in every sheet (rows in the dict's
order, which ``catalog_export`` fixes), so export → import → export is identical cell by cell.
The file bytes are not compared: the zip entries and ``docProps/core.xml`` carry the save time.
How it is written: openpyxl (write-only mode) writes the workbook's frame — the 说明 sheet, every
data sheet's two styled header rows, column widths, frozen panes, styles, properties; the data
rows are then streamed into each sheet's ``<sheetData>`` as the XML openpyxl itself writes for an
unstyled cell (inline strings, ``t="n"`` numbers), with openpyxl's own string rules (truncation
at 32,767 characters, illegal control characters refused, ``xml:space="preserve"``). Going
through openpyxl's cell objects for ~400,000 rows cost more than every other step of the
10,000-item benchmark (docs/catalog-excel.md); the cells are the same. XlsxWriter and plain
openpyxl write-only ``ws.append`` were measured against this writer (``bench/catalog_excel_writer.py``,
docs/catalog-excel.md "Writer choice: measured"): same cells, several times the CPU.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator
from math import isinf, isnan
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError

from zwfw.catalog.interchange.excel import layout as L
from zwfw.catalog.interchange.excel.cells import to_cell

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


_MAX_CELL_CHARS = 32767  # Excel's limit; openpyxl truncates to it
_SHEET_DATA_END = b"</sheetData>"
_FLUSH_ROWS = 2000


def _text_xml(value: str) -> str:
    """An inline-string cell body as openpyxl writes it (``Cell.check_string`` + ``whitespace``)."""
    value = value[:_MAX_CELL_CHARS]
    if ILLEGAL_CHARACTERS_RE.search(value):
        raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
    stripped = value.strip()
    space = ' xml:space="preserve"' if stripped and stripped != value else ""
    if "&" in value or "<" in value or ">" in value:
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<is><t{space}>{value}</t></is>"


def _number_xml(value: float | int) -> str:
    """openpyxl's ``safe_string`` for numbers."""
    return "" if isnan(value) or isinf(value) else f"{value:.16g}"


def _row_xml(letters: list[str], number: int, values: list[Any]) -> str:
    """One unstyled data row; every string is an inline string (never a formula or an error
    code: text such as ``=1+1`` or ``#N/A`` stays text), empty cells are left out."""
    cells = []
    for letter, v in zip(letters, values, strict=True):
        if v is None:
            continue
        kind = type(v)
        if kind is str:
            cells.append(f'<c r="{letter}{number}" t="inlineStr">{_text_xml(v)}</c>')
        elif kind is bool:
            cells.append(f'<c r="{letter}{number}" t="b"><v>{_number_xml(v)}</v></c>')
        elif kind is int or kind is float:
            cells.append(f'<c r="{letter}{number}" t="n"><v>{_number_xml(v)}</v></c>')
        else:
            raise TypeError(f"cannot write {kind.__name__} value {v!r} to a cell")
    return f'<row r="{number}">{"".join(cells)}</row>'


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


def _row(sheet: L.Sheet, entry: dict, *, owner: str | None = None, blank_elements: bool = False) -> list:
    out = []
    for col in sheet.columns:
        if col is L.OWNER:
            value = owner
        elif blank_elements and col.path[0] == "elements":
            value = None
        else:
            value = _get(entry, col.path)
        out.append(to_cell(col, value))
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


def _data_rows(data: dict[str, Any]) -> Iterator[tuple[L.Sheet, Iterator[list]]]:
    """Each data sheet with its rows' cell values, in the layout's sheet order."""
    bases = data.get("base_items", [])
    impls = data.get("implementations", [])
    base_names = {b.get("code"): b.get("name") for b in bases}
    yield L.LICENCE_TYPES, (_row(L.LICENCE_TYPES, lt) for lt in data.get("licence_types", []))
    yield (
        L.BASE_ITEMS,
        (
            _row(L.BASE_ITEMS, {**b, "_has_content": has}, blank_elements=not has)
            for b in bases
            for has in (_has_content(b),)
        ),
    )
    yield (
        L.IMPLEMENTATIONS,
        (_row(L.IMPLEMENTATIONS, {**x, "_name": base_names.get(x.get("base_code"))}) for x in impls),
    )
    for sheet in L.CHILD_SHEETS:
        yield sheet, _child_rows(sheet, [*bases, *impls])


def _child_rows(sheet: L.Sheet, entries: list[dict]) -> Iterator[list]:
    for entry in entries:
        for child in _children(sheet, entry):
            yield _row(sheet, child, owner=entry.get("code"))


def _sheet_xml(sheet: L.Sheet, rows: Iterable[list]) -> Iterator[bytes]:
    letters = [get_column_letter(i) for i in range(1, len(sheet.columns) + 1)]
    chunk: list[str] = []
    for number, values in enumerate(rows, start=L.FIRST_DATA_ROW):
        chunk.append(_row_xml(letters, number, values))
        if len(chunk) >= _FLUSH_ROWS:
            yield "".join(chunk).encode()
            chunk = []
    if chunk:
        yield "".join(chunk).encode()


def catalog_workbook_write(data: dict[str, Any], stream: BinaryIO) -> None:
    """Write the interchange dict ``data`` (``catalog_export()``'s shape) as a workbook."""
    wb = Workbook(write_only=True)
    wb.properties.creator = "zwfw"
    _readme(wb)
    sheets = []
    for sheet, rows in _data_rows(data):
        ws = wb.create_sheet(sheet.name)
        _header(ws, sheet)
        sheets.append((ws, sheet, rows))
    frame = io.BytesIO()
    wb.save(frame)
    # each sheet's part name, as openpyxl assigned it while saving
    parts = {ws.path.lstrip("/"): (sheet, rows) for ws, sheet, rows in sheets}
    with zipfile.ZipFile(frame) as src, zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            body = src.read(info)
            if info.filename not in parts:
                out.writestr(info, body)
                continue
            head, sep, tail = body.partition(_SHEET_DATA_END)
            if not sep:
                raise AssertionError(f"{info.filename}: no </sheetData> in openpyxl's output")
            with out.open(info, "w") as f:
                f.write(head)
                for block in _sheet_xml(*parts[info.filename]):
                    f.write(block)
                f.write(sep + tail)


def catalog_workbook_bytes(data: dict[str, Any]) -> bytes:
    buf = io.BytesIO()
    catalog_workbook_write(data, buf)
    return buf.getvalue()
