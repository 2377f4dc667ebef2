"""Schemas of the catalog workbook API (``/api/v1/catalog/interchange/excel/…``)."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class CreatedUpdatedOut(Schema):
    created: int
    updated: int


class ImportXlsxOut(Schema):
    licence_types: CreatedUpdatedOut
    base_items: CreatedUpdatedOut
    implementations: CreatedUpdatedOut
    versions_created: int
    drafts_written: int
    unchanged: int
    dry_run: bool
    rows: dict[str, int]


class WorkbookErrorOut(Schema):
    """One problem: sheet, Excel row number, Chinese column header, the cell's value, message."""

    sheet: str
    row: int | None = None
    column: str = ""
    value: Any = None
    message: str


class ExcelErrorBodyOut(Schema):
    code: str
    message: str
    detail: Any = None
