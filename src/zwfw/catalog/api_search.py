"""``GET /api/v1/catalog/search``: ranked Chinese full-text search over published items (public).

A separate router (mounted at ``/catalog/search``) so the search can change without touching
the catalog's own router. An empty, blank or over-long ``q`` is a 422 whose ``detail`` names
``q``; an unknown filter code simply matches nothing.
"""

from __future__ import annotations

from ninja import Field, Query, Router, Schema
from pydantic import field_validator

from zwfw.catalog.schemas import ErrorOut
from zwfw.catalog.search import MAX_LIMIT, MAX_QUERY_LENGTH, item_search

router = Router(tags=["catalog"])


class SearchQueryIn(Schema):
    q: str = Field(..., min_length=1, max_length=MAX_QUERY_LENGTH, description="检索词，如“开饭店”“餐饮 许可”")
    region: str | None = Field(None, max_length=12, description="行政区划代码：本级、上级及下辖的事项")
    department: str | None = Field(None, max_length=32, description="部门编码")
    item_type: str | None = Field(None, max_length=32, description="事项类型，如 licence")
    service_object: str | None = Field(None, max_length=32, description="服务对象，如 person、enterprise")
    life_event: str | None = Field(None, max_length=32, description="个人生命周期主题，如 birth")
    stage: str | None = Field(None, max_length=32, description="企业生命周期阶段，如 access")
    limit: int = Field(20, ge=1, le=MAX_LIMIT)

    @field_validator("q")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("检索词不能为空")
        return value.strip()


class SearchHitOut(Schema):
    implementation_code: str
    base_code: str
    name: str
    name_highlighted: str = Field(description="事项名称，命中词以<mark>标出（已转义HTML）")
    item_type: str
    item_type_label: str
    department_code: str
    department_name: str
    region_code: str
    region_name: str
    level: int
    score: float
    matched: list[str]


class SearchOut(Schema):
    query: str
    count: int
    hits: list[SearchHitOut]


@router.get(
    "",
    auth=None,
    response={200: SearchOut, 422: ErrorOut},
    operation_id="catalog_item_search",
    summary="事项全文检索（公开；中文分词、口语同义词、按相关度排序，可按区划、部门、类型、服务对象、主题筛选）",
    url_name="catalog_item_search",
)
def item_search_api(request, params: Query[SearchQueryIn]):
    hits = item_search(
        query=params.q,
        region_code=params.region,
        department=params.department,
        item_type=params.item_type,
        service_object=params.service_object,
        life_event=params.life_event,
        enterprise_stage=params.stage,
        limit=params.limit,
    )
    return {"query": params.q, "count": len(hits), "hits": [h.__dict__ for h in hits]}
