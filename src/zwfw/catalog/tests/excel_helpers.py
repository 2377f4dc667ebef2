"""Helpers for the workbook tests: read cells, edit a workbook by column key, wipe the catalog."""

from __future__ import annotations

import io

import openpyxl


def cells(body: bytes) -> dict[str, list[tuple]]:
    """Every sheet's cell values, row by row (what the round trip compares)."""
    wb = openpyxl.load_workbook(io.BytesIO(body))
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def load(body: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(body))


def save(wb: openpyxl.Workbook) -> io.BytesIO:
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def col(ws, key: str) -> int:
    """1-based column index of the column whose key (second header row) is ``key``."""
    for cell in ws[2]:
        if cell.value == key:
            return cell.column
    raise KeyError(key)


def put(wb, sheet: str, row: int, key: str, value) -> None:
    ws = wb[sheet]
    ws.cell(row=row, column=col(ws, key)).value = value  # cell(value=None) would not clear it


def get(wb, sheet: str, row: int, key: str):
    ws = wb[sheet]
    return ws.cell(row=row, column=col(ws, key)).value


def wipe_catalog() -> None:
    # released versions refuse deletion through the ORM, so clear the tables with raw SQL
    from django.db import connection

    with connection.cursor() as cursor:
        for table in (
            "stepedge",
            "step",
            "material",
            "formfield",
            "itemversion",
            "crossregionitem_intake_regions",
            "crossregionitem",
            "itemimplementation",
            "baseitem",
            "licencetype",
        ):
            cursor.execute(f"DELETE FROM catalog_{table}")  # noqa: S608


def table_counts() -> dict[str, int]:
    from zwfw.catalog.models import (
        BaseItem,
        FormField,
        ItemImplementation,
        ItemVersion,
        LicenceType,
        Material,
        Step,
        StepEdge,
    )
    from zwfw.core.models import AuditLog

    models = (BaseItem, ItemImplementation, ItemVersion, LicenceType, Material, FormField, Step, StepEdge, AuditLog)
    return {m.__name__: m.objects.count() for m in models}
