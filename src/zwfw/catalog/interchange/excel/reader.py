"""Workbook (.xlsx) → interchange dict, checking every cell of every sheet first.

``catalog_workbook_read(stream)`` returns ``(data, locator)`` or raises
:class:`~zwfw.catalog.interchange.excel.errors.ExcelError` ``catalog_xlsx_invalid`` listing *every* problem it
found as ``{"sheet", "row", "column", "value", "message"}``: unknown or missing sheets and
columns, values of the wrong type or outside the allowed values, blank required cells, rows of a
child sheet naming an unknown item, duplicate codes and keys. Columns are found by the key in the
second header row (or, failing that, by the Chinese header), so their order does not matter.

The dict then goes through the interchange import, which applies the catalog's own rules (graph,
不得增加 against the base item, references); ``locator.locate(errors)`` turns that import's
``{"path", "message"}`` errors back into sheet/row/column errors.

Reading uses python-calamine (Rust): openpyxl writes every text cell as an inline string, which
openpyxl's own reader parses about ten times slower (measurements in docs/catalog-excel.md).
Empty cells read as ``""`` and numbers as floats; :mod:`~zwfw.catalog.interchange.excel.cells` accepts both.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from itertools import zip_longest
from typing import Any, BinaryIO

from zwfw.catalog.interchange.excel import layout as L
from zwfw.catalog.interchange.excel.cells import MISSING, CellError, from_cell, to_cell
from zwfw.catalog.interchange.excel.errors import ExcelError, ExcelErrorCode

ZIP_SIGNATURE = b"PK\x03\x04"
MAX_UNCOMPRESSED_BYTES = 1024**3  # the 10,000-item benchmark workbook inflates to about 0.2 GiB
_TOP = re.compile(r"^(licence_types|base_items|implementations)\[(\d+)\](?:\.(.*))?$")
_CHILD = re.compile(
    r"^(elements\.materials|elements\.form|elements\.faq|graph\.steps|graph\.edges)(?:\[(\d+)\])?(?:\.(.*))?$"
)
_INDEX = re.compile(r"\[\d+\]")
_UNIQUE_IN_ITEM = {"elements.materials": "key", "elements.form": "element", "graph.steps": "key"}


class Errors:
    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def add(self, sheet: str, row: int | None, column: str, value: Any, message: str) -> None:
        shown = value if value is None or isinstance(value, int | float | str) else str(value)
        self.items.append({"sheet": sheet, "row": row, "column": column, "value": shown, "message": message})


def _open_rows(stream: BinaryIO) -> dict[str, Iterator[tuple]]:
    """Sheet name → its rows as value lists; raises 415 when the file is not an xlsx workbook.

    The check is real, not the file name: the zip signature, a zip that names
    ``xl/workbook.xml``, an uncompressed size within :data:`MAX_UNCOMPRESSED_BYTES` (a zip bomb
    is refused before it is inflated), and a spreadsheet parser that opens it.
    """
    from python_calamine import CalamineError, CalamineWorkbook

    head = stream.read(4)
    stream.seek(0)
    if head != ZIP_SIGNATURE:
        raise ExcelError(ExcelErrorCode.NOT_XLSX, reason="文件不是zip格式（xlsx文件以PK开头）")
    try:
        with zipfile.ZipFile(stream) as zf:
            names = set(zf.namelist())
            inflated = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ExcelError(ExcelErrorCode.NOT_XLSX, reason="zip文件已损坏") from exc
    stream.seek(0)
    if "xl/workbook.xml" not in names:
        raise ExcelError(ExcelErrorCode.NOT_XLSX, reason="zip中没有xl/workbook.xml（不是xlsx工作簿）")
    if inflated > MAX_UNCOMPRESSED_BYTES:
        raise ExcelError(ExcelErrorCode.FILE_TOO_LARGE, size=inflated, limit=MAX_UNCOMPRESSED_BYTES)
    try:
        wb = CalamineWorkbook.from_filelike(stream)
        return {name: iter(wb.get_sheet_by_name(name).to_python(skip_empty_area=False)) for name in wb.sheet_names}
    except CalamineError as exc:
        raise ExcelError(ExcelErrorCode.NOT_XLSX, reason=f"无法解析工作簿：{type(exc).__name__}") from exc


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _set(entry: dict, path: tuple[str, ...], value: Any) -> None:
    for part in path[:-1]:
        entry = entry.setdefault(part, {})
    entry[path[-1]] = value


def _columns(sheet: L.Sheet, rows: Iterator[tuple], errs: Errors) -> list[tuple[int, L.Column]]:
    header = next(rows, ()) or ()
    keys = next(rows, ()) or ()
    by_header = {c.header: c for c in sheet.columns}
    found: dict[str, int] = {}
    out: list[tuple[int, L.Column]] = []
    for idx, (h, k) in enumerate(zip_longest(header, keys)):
        h_text = str(h).strip() if not _blank(h) else ""
        k_text = str(k).strip() if not _blank(k) else ""
        col = sheet.by_key.get(k_text) or by_header.get(h_text)
        if col is None:
            if h_text or k_text:
                errs.add(sheet.name, L.HEADER_ROW, h_text or k_text, k_text or None, "未知的列（列名或字段键有误）")
            continue
        if col.key in found:
            errs.add(sheet.name, L.HEADER_ROW, col.header, None, "该列出现了不止一次")
            continue
        found[col.key] = idx
        out.append((idx, col))
    for col in sheet.columns:
        if col.key not in found and col.required:
            errs.add(sheet.name, L.HEADER_ROW, col.header, None, f"缺少必填列“{col.header}”（字段键 {col.key}）")
    return out


def _parse_rows(sheet: L.Sheet, rows: Iterator[tuple], errs: Errors) -> Iterator[tuple[int, dict]]:
    """(Excel row number, entry dict) for each non-blank data row; cell errors go to ``errs``."""
    columns = _columns(sheet, rows, errs)
    for number, values in enumerate(rows, start=L.FIRST_DATA_ROW):
        if all(_blank(v) for v in values):
            continue
        entry: dict[str, Any] = {}
        for idx, col in columns:
            raw = values[idx] if idx < len(values) else None
            try:
                value = from_cell(col, raw)
            except CellError as exc:
                errs.add(sheet.name, number, col.header, raw, str(exc))
                continue
            if value is not MISSING:
                _set(entry, col.path, value)
        yield number, entry


def _readme_check(rows: Iterable[tuple] | None, errs: Errors) -> None:
    if rows is None:
        return
    seen = {}
    for number, values in enumerate(rows, start=1):
        if len(values) >= 2 and values[0] in ("格式", "格式版本"):
            seen[values[0]] = (number, values[1])
        if len(seen) == 2 or number > 20:
            break
    fmt = seen.get("格式", (None, None))
    if fmt[1] != L.FORMAT:
        errs.add(L.README_SHEET, fmt[0], "格式", fmt[1], f"不是事项目录工作簿（“格式”应为{L.FORMAT}）")
    version = seen.get("格式版本", (None, None))
    if str(version[1]).removesuffix(".0") != str(L.FORMAT_VERSION):
        errs.add(L.README_SHEET, version[0], "格式版本", version[1], f"不支持的格式版本（支持{L.FORMAT_VERSION}）")


class Locator:
    """Where each entry and child row of the dict came from, to report errors by row and column."""

    def __init__(self) -> None:
        self.top: dict[str, list[int]] = {"licence_types": [], "base_items": [], "implementations": []}
        self.children: dict[tuple[str, int, str], list[int]] = {}

    def locate(self, path_errors: list[dict], data: dict) -> list[dict[str, Any]]:
        """``{"path", "message"}`` errors of the interchange import → sheet/row/column errors."""
        errs = Errors()
        for e in path_errors:
            sheet, row, column, value = self._place(e.get("path") or "", data)
            errs.add(sheet, row, column, value, e.get("message", ""))
        return errs.items

    def _place(self, path: str, data: dict) -> tuple[str, int | None, str, Any]:
        m = _TOP.match(path)
        if not m:
            return L.README_SHEET, None, path, None
        top, i, rest = m.group(1), int(m.group(2)), m.group(3) or ""
        top_sheets = {s.key: s for s in (L.LICENCE_TYPES, L.BASE_ITEMS, L.IMPLEMENTATIONS)}
        sheet, rows, entry = top_sheets[top], self.top[top], data[top][int(m.group(2))]
        row = rows[i] if i < len(rows) else None
        c = _CHILD.match(rest)
        if c:
            child_key, j, field = c.group(1), c.group(2), c.group(3) or ""
            child_rows = self.children.get((top, i, child_key), [])
            csheet = {s.key: s for s in L.CHILD_SHEETS}[child_key]
            if j is None or int(j) >= len(child_rows):
                return csheet.name, child_rows[0] if child_rows else row, "", None
            child = _walk(entry, child_key.split("."))[int(j)]
            if child_key == "graph.edges":
                return csheet.name, child_rows[int(j)], "", "→".join(map(str, child))
            return csheet.name, child_rows[int(j)], *_column_value(csheet, _INDEX.sub("", field), child)
        return sheet.name, row, *_column_value(sheet, _INDEX.sub("", rest), entry)


def _walk(entry: Any, parts: list[str]) -> Any:
    for p in parts:
        entry = entry.get(p) if isinstance(entry, dict) else None
    return entry


def _column_value(sheet: L.Sheet, dotted: str, entry: dict) -> tuple[str, Any]:
    for col in sheet.columns:
        if col.dotted == dotted:
            return col.header, to_cell(col, _walk(entry, list(col.path)))
    return "", None


def catalog_workbook_read(stream: BinaryIO, *, base_names: dict[str, str] | None = None) -> tuple[dict, Locator]:
    """Parse and check a whole workbook; return the interchange dict and its :class:`Locator`.

    ``base_names``: names of base items already in the database (code → name), for the check
    that an implementation row's 事项名称 equals its base item's. Raises ``ExcelError``
    (415 not an xlsx, 422 with every cell-level problem); nothing is written here.
    """
    sheets = _open_rows(stream)
    errs = Errors()
    for name in sheets:
        if name not in L.SHEET_NAMES:
            errs.add(name, None, "", None, f"未知的工作表“{name}”（应为：{'、'.join(L.SHEET_NAMES)}）")
    for name in L.SHEET_NAMES:
        if name not in sheets:
            errs.add(name, None, "", None, f"缺少工作表“{name}”")
    _readme_check(sheets.get(L.README_SHEET), errs)

    loc = Locator()
    data: dict[str, Any] = {"format": L.FORMAT, "format_version": L.FORMAT_VERSION}
    owners: dict[str, tuple[str, int]] = {}  # item code → (top list, index)
    has_content: dict[str, bool] = {}
    for sheet in (L.LICENCE_TYPES, L.BASE_ITEMS, L.IMPLEMENTATIONS):
        entries: list[dict] = []
        data[sheet.key] = entries
        if sheet.name not in sheets:
            continue
        seen: dict[str, int] = {}
        code_col = sheet.by_key["code"].header
        for number, entry in _parse_rows(sheet, sheets[sheet.name], errs):
            code = entry.get("code")
            if code in seen:
                errs.add(sheet.name, number, code_col, code, f"编码重复（与第{seen[code]}行相同）")
                continue
            if code and sheet is not L.LICENCE_TYPES and code in owners:
                errs.add(sheet.name, number, code_col, code, "该编码已在基本目录中使用，实施编码不能与基本编码相同")
                continue
            if code:
                seen[code] = number
            if sheet is L.BASE_ITEMS:
                has = entry.pop("_has_content", True)
                if not has:
                    entry["elements"] = {}
                has_content[code] = has
            if sheet is not L.LICENCE_TYPES:
                entry.setdefault("elements", {})
                entry["graph"] = {"steps": [], "edges": []}
                if code:
                    owners[code] = (sheet.key, len(entries))
            loc.top[sheet.key].append(number)
            entries.append(entry)

    _check_names(data, loc, errs, base_names or {})

    for sheet in L.CHILD_SHEETS:
        if sheet.name not in sheets:
            continue
        unique = _UNIQUE_IN_ITEM.get(sheet.key)
        seen_keys: dict[tuple[str, str], int] = {}
        list_path = sheet.key.split(".")
        for number, row in _parse_rows(sheet, sheets[sheet.name], errs):
            owner = row.pop("item_code", None)
            if owner is None:
                continue  # blank 事项编码: already reported as a required cell
            if owner not in owners:
                errs.add(sheet.name, number, L.OWNER.header, owner, f"事项编码“{owner}”在基本目录和实施清单中都不存在")
                continue
            if has_content.get(owner) is False:
                errs.add(sheet.name, number, L.OWNER.header, owner, "该基本目录事项标为未编制一表一图，不能填写本表")
                continue
            if unique:
                col = sheet.by_key[unique]
                k = (owner, row.get(unique))
                if k in seen_keys:
                    errs.add(sheet.name, number, col.header, k[1], f"同一事项内重复（与第{seen_keys[k]}行相同）")
                    continue
                seen_keys[k] = number
            top, index = owners[owner]
            target = data[top][index]
            for part in list_path[:-1]:
                target = target.setdefault(part, {})
            bucket = target.setdefault(list_path[-1], [])
            bucket.append([row.get("from"), row.get("to")] if sheet is L.EDGES else row)
            loc.children.setdefault((top, index, sheet.key), []).append(number)
    if errs.items:
        raise ExcelError(ExcelErrorCode.WORKBOOK_INVALID, detail=errs.items, count=len(errs.items))
    return data, loc


def _check_names(data: dict, loc: Locator, errs: Errors, db_names: dict[str, str]) -> None:
    """An implementation keeps its base item's name (不得变更事项名称): the informative 事项名称
    column, when filled, must equal it."""
    names = {**db_names, **{b.get("code"): b.get("name") for b in data["base_items"]}}
    header = L.IMPLEMENTATIONS.by_key["name"].header
    for entry, number in zip(data["implementations"], loc.top["implementations"], strict=True):
        shown = entry.pop("_name", "")
        base_name = names.get(entry.get("base_code"))
        if shown and base_name is not None and shown != base_name:
            message = f"事项名称必须与基本目录一致（基本目录：{base_name}）"
            errs.add(L.IMPLEMENTATIONS.name, number, header, shown, message)
