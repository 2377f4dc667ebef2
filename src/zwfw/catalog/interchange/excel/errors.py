"""Error codes of the catalog workbook import (zh/en); the API's one handler renders them."""

from __future__ import annotations

from zwfw.core.errors import ErrorCode, ZwfwError


class ExcelErrorCode(ErrorCode):
    FILE_MISSING = ("catalog_xlsx_file_missing", 400, "请上传Excel工作簿文件", "Upload an .xlsx workbook")
    FILE_TOO_LARGE = (
        "catalog_xlsx_too_large",
        413,
        "文件过大（{size}字节），上限为{limit}字节",
        "The file is too large ({size} bytes; the limit is {limit})",
    )
    NOT_XLSX = (
        "catalog_xlsx_unsupported",
        415,
        "不是有效的Excel工作簿（.xlsx）：{reason}",
        "Not a valid .xlsx workbook: {reason}",
    )
    WORKBOOK_INVALID = (
        "catalog_xlsx_invalid",
        422,
        "工作簿有误（{count}处），已整体拒绝，未导入任何数据",
        "The workbook has {count} errors; nothing was imported",
    )


class ExcelError(ZwfwError):
    """A workbook that cannot be imported. For ``WORKBOOK_INVALID`` the ``detail`` is the list of
    ``{"sheet", "row", "column", "value", "message"}`` (row: the Excel row number; column: the
    Chinese header)."""
