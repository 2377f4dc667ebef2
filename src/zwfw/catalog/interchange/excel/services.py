"""The catalog as an Excel workbook: export and import, on top of the interchange dict.

Excel ⇄ interchange dict ⇄ database: ``catalog_export_xlsx`` writes exactly what
:func:`zwfw.catalog.interchange.catalog_json.catalog_export` returns, and ``catalog_import_xlsx`` reads a
workbook into that dict and hands it to :func:`zwfw.catalog.interchange.catalog_json.catalog_import` (through
:func:`~zwfw.catalog.interchange.excel.bulk.catalog_import_new`, its bulk path for new entries), so the
workbook and the JSON are the same data (同源) checked by the same rules.

All or nothing: the workbook is checked whole (every cell, then every catalog rule) before
anything is written, and the write is one transaction; any error → nothing imported, and the
error lists every problem with its sheet, Excel row number and Chinese column header.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any, BinaryIO

from django.db import transaction

from zwfw.catalog.errors import CatalogError, CatalogErrorCode
from zwfw.catalog.interchange.catalog_json import catalog_export
from zwfw.catalog.interchange.excel.bulk import catalog_import_new
from zwfw.catalog.interchange.excel.errors import ExcelError, ExcelErrorCode
from zwfw.catalog.interchange.excel.reader import catalog_workbook_read
from zwfw.catalog.interchange.excel.writer import catalog_workbook_write
from zwfw.catalog.models import BaseItem


def catalog_export_xlsx(*, region_code: str | None = None, on: dt.date | None = None) -> bytes:
    """The published catalog (as :func:`catalog_export` chooses it) as workbook bytes."""
    buf = io.BytesIO()
    catalog_workbook_write(catalog_export(region_code=region_code, on=on), buf)
    return buf.getvalue()


def catalog_import_xlsx(*, actor, stream: BinaryIO, publish: bool = True, dry_run: bool = False) -> dict[str, Any]:
    """Import a workbook; all or nothing.

    ``publish`` as in :func:`catalog_import` (new content becomes published versions, after every
    publication rule passed; otherwise drafts). ``dry_run``: check everything and run the import
    inside a transaction that is rolled back, so the counts are real and nothing stays.
    Raises :class:`ExcelError` (415 not an xlsx; 422 ``catalog_xlsx_invalid`` with ``detail`` =
    ``[{"sheet", "row", "column", "value", "message"}, …]``). Returns the import's counts plus
    ``dry_run`` and ``rows`` (rows read per sheet). The audit row is the interchange import's
    ``zwfw.catalog.catalog.imported``.
    """
    data, locator = catalog_workbook_read(stream, base_names=_db_base_names())
    try:
        with transaction.atomic():
            report = catalog_import_new(actor=actor, data=data, publish=publish)
            if dry_run:
                transaction.set_rollback(True)
    except CatalogError as exc:
        if exc.code is not CatalogErrorCode.IMPORT_INVALID:
            raise
        errors = locator.locate(exc.detail or [], data)
        raise ExcelError(ExcelErrorCode.WORKBOOK_INVALID, detail=errors, count=len(errors)) from exc
    rows = {
        "licence_types": len(data["licence_types"]),
        "base_items": len(data["base_items"]),
        "implementations": len(data["implementations"]),
    }
    return {**report, "dry_run": dry_run, "rows": rows}


def _db_base_names() -> dict[str, str]:
    return dict(BaseItem.objects.values_list("code", "name"))


def errors_as_text(errors: list[dict[str, Any]]) -> str:
    """A printable report: one line per error, ``工作表 第N行 「列」 值：消息``."""
    lines = []
    for e in errors:
        where = e["sheet"] + (f" 第{e['row']}行" if e.get("row") else "")
        if e.get("column"):
            where += f"「{e['column']}」"
        value = f"（值：{e['value']}）" if e.get("value") not in (None, "") else ""
        lines.append(f"{where}{value}：{e['message']}")
    return "\n".join(lines)
