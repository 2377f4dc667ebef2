"""The catalog as an Excel workbook over the API, under ``/api/v1/catalog/interchange/excel/``.

- ``GET export.xlsx`` — the published catalog (public, like every published read), optionally one
  region's implementation lists.
- ``POST import`` — multipart upload (field ``file``) by staff holding ``catalog.catalog.import``.
  ``publish=true`` publishes (after every publication rule passed); by default new content becomes
  drafts for review. ``dry_run=true`` checks and rolls back.
  Size limit ``settings.ZWFW_UPLOAD_MAX_BYTES`` (413); the file must really be an xlsx workbook:
  zip signature and openpyxl opens it (415); a workbook with any problem is rejected whole (422,
  ``detail`` = ``[{"sheet", "row", "column", "value", "message"}, …]``).
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.http import HttpResponse
from ninja import File, Router, UploadedFile

from zwfw.catalog import permissions
from zwfw.catalog.interchange.excel.errors import ExcelError, ExcelErrorCode
from zwfw.catalog.interchange.excel.schemas import ExcelErrorBodyOut, ImportXlsxOut
from zwfw.catalog.interchange.excel.services import catalog_export_xlsx, catalog_import_xlsx

router = Router(tags=["catalog"])

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_ERRORS = {
    400: ExcelErrorBodyOut,
    401: ExcelErrorBodyOut,
    403: ExcelErrorBodyOut,
    413: ExcelErrorBodyOut,
    415: ExcelErrorBodyOut,
    422: ExcelErrorBodyOut,
}


@router.get(
    "/export.xlsx",
    auth=None,
    response={200: None, 422: ExcelErrorBodyOut},
    operation_id="catalog_excel_export",
    summary="导出已发布的事项目录为Excel工作簿（公开；region=区划代码 只导出该区划的实施清单）",
    url_name="catalog_excel_export",
)
def export_xlsx(request, region: str | None = None, on: dt.date | None = None):
    body = catalog_export_xlsx(region_code=region, on=on)
    # Only the characters of a region code reach the header: anything else (newlines, emoji) would
    # make Django refuse the header and answer 500.
    name = f"catalog-{re.sub(r'[^0-9A-Za-z_-]', '', region or '') or 'all'}.xlsx"
    response = HttpResponse(body, content_type=XLSX_MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.post(
    "/import",
    response={200: ImportXlsxOut, **_ERRORS},
    operation_id="catalog_excel_import",
    summary="导入Excel工作簿（整体校验，任何错误整体拒绝并逐行逐列报告；默认导入为草稿，publish=true 直接发布）",
    url_name="catalog_excel_import",
)
def import_xlsx(
    request,
    file: UploadedFile = File(None, description="事项目录工作簿（.xlsx）"),  # noqa: B008
    publish: bool = False,
    dry_run: bool = False,
):
    permissions.require(request.auth, permissions.IMPORT)
    limit = settings.ZWFW_UPLOAD_MAX_BYTES
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if file is None:
        raise ExcelError(ExcelErrorCode.FILE_MISSING)
    if file.size > limit or declared > limit + 64 * 1024:
        raise ExcelError(ExcelErrorCode.FILE_TOO_LARGE, size=max(file.size, declared), limit=limit)
    return catalog_import_xlsx(actor=request.auth, stream=file.file, publish=publish, dry_run=dry_run)
