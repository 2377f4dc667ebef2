"""Guides API (public): the 办事指南 view model, the 百姓体 guide and the 一图 SVG of an
implementation's published version in force — the same data the pages render (同源).

Mounted under ``/api/v1/catalog`` beside the catalog router; its paths (``/guides/…``,
``/diagrams/…``) do not overlap that router's.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from ninja import Router

from zwfw.catalog.guides import build_guide, diagram_svg, guide_data_for, plain_guide
from zwfw.catalog.guides.schemas import GuideOut, PlainGuideOut
from zwfw.catalog.schemas import ErrorOut

router = Router(tags=["catalog"])


@router.get(
    "/guides/{code}",
    auth=None,
    response={200: GuideOut, 404: ErrorOut, 422: ErrorOut},
    operation_id="catalog_guide_get",
    summary="办事指南：现行有效版本的一表（含显示文字：免提交、份数、收费、时限）与环节（公开）",
    url_name="catalog_guide",
)
def guide_get(request, code: str, on: dt.date | None = None):
    return build_guide(guide_data_for(code=code, on=on))


@router.get(
    "/guides/{code}/plain",
    auth=None,
    response={200: PlainGuideOut, 404: ErrorOut, 422: ErrorOut},
    operation_id="catalog_plain_guide_get",
    summary="百姓体（大白话）办事指南：要准备什么、去哪办、最快几天、要不要钱、能不能网上办（公开）",
    url_name="catalog_plain_guide",
)
def plain_guide_get(request, code: str, on: dt.date | None = None):
    return plain_guide(guide_data_for(code=code, on=on))


@router.get(
    "/diagrams/{code}.svg",
    auth=None,
    response={200: None, 404: ErrorOut, 422: ErrorOut},
    operation_id="catalog_diagram_svg",
    summary="一图尽知：办理流程图（SVG，image/svg+xml；公开）",
    url_name="catalog_diagram_svg",
    openapi_extra={"responses": {200: {"description": "SVG", "content": {"image/svg+xml": {}}}}},
)
def diagram_get(request, code: str, on: dt.date | None = None):
    data = guide_data_for(code=code, on=on)
    svg = diagram_svg(data["graph"], title=data["name"])
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
