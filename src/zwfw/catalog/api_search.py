"""``/api/v1/catalog/search``: ranked Chinese full-text search over published items (public), and
the editors' tools: the synonym table and the query log (``catalog.search.edit``).

A separate router (mounted at ``/catalog/search``) so the search can change without touching
the catalog's own router. An empty, blank or over-long ``q`` is a 422 whose ``detail`` names
``q``; an unknown filter code simply matches nothing. Every search is counted in the query log
(normalised, digits masked, no user or address; see ``catalog/search/querylog.py``).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Query, Router, Schema, Status
from pydantic import field_validator

from zwfw.catalog import permissions
from zwfw.catalog.schemas import ErrorOut
from zwfw.catalog.search import MAX_LIMIT, MAX_QUERY_LENGTH, item_search_explained
from zwfw.catalog.search import synonyms as synonym_services
from zwfw.catalog.search.querylog import (
    search_click_record,
    search_log_low_clicks,
    search_log_record,
    search_log_zero_results,
)
from zwfw.core.api_auth import api_auth

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


class UnderstoodOut(Schema):
    normalised: str = Field(description="规范化后的检索词")
    core: str = Field(description="去掉“要办什么”“怎么申请”等意图词后的部分")
    intents: list[str] = Field(description="去掉的意图词")
    synonyms: dict[str, list[str]] = Field(description="识别到的口语说法 → 规范用语")


class SearchOut(Schema):
    query: str
    count: int
    cut_off: int = Field(description="相关度过低、未列出的事项数")
    understood: UnderstoodOut
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
    result = item_search_explained(
        query=params.q,
        region_code=params.region,
        department=params.department,
        item_type=params.item_type,
        service_object=params.service_object,
        life_event=params.life_event,
        enterprise_stage=params.stage,
        limit=params.limit,
    )
    search_log_record(query=params.q, results=len(result.hits))
    u = result.understanding
    return {
        "query": params.q,
        "count": len(result.hits),
        "cut_off": result.cut_off,
        "understood": {"normalised": u.normalised, "core": u.core, "intents": u.intents, "synonyms": u.expansions},
        "hits": [h.__dict__ for h in result.hits],
    }


class ClickIn(Schema):
    q: str = Field(..., min_length=1, max_length=MAX_QUERY_LENGTH, description="结果所属的检索词")
    implementation_code: str = Field(..., min_length=1, max_length=64, description="打开的事项实施编码")


class ClickOut(Schema):
    recorded: bool = Field(description="false：今天没有这个检索词的检索记录，未计数")


@router.post(
    "/clicks",
    auth=None,
    response={200: ClickOut, 422: ErrorOut},
    operation_id="catalog_search_click",
    summary="记录一次打开检索结果（公开；只计数，不记录任何个人信息）",
    url_name="catalog_search_click",
)
def search_click(request, payload: ClickIn):
    return {"recorded": search_click_record(query=payload.q)}


# --- editors: synonym table and query log -----------------------------------------------------

_EDITOR_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class SynonymIn(Schema):
    term: str = Field(..., min_length=1, max_length=32, description="口语说法，如“驾照”")
    official: list[str] = Field(..., min_length=1, max_length=10, description='规范用语，如["机动车驾驶证"]')
    note: str = Field("", max_length=200)
    is_active: bool = True


class SynonymPatchIn(Schema):
    term: str | None = Field(None, min_length=1, max_length=32)
    official: list[str] | None = Field(None, min_length=1, max_length=10)
    note: str | None = Field(None, max_length=200)
    is_active: bool | None = None


class SynonymOut(Schema):
    id: int
    term: str
    official: list[str]
    note: str
    is_active: bool
    updated_at: dt.datetime


def _synonym_out(row) -> dict:
    return {k: getattr(row, k) for k in ("id", "term", "official", "note", "is_active", "updated_at")}


@router.get(
    "/synonyms",
    auth=api_auth,
    response={200: list[SynonymOut], **_EDITOR_ERRORS},
    operation_id="catalog_search_synonym_list",
    summary="检索同义词表（编辑人员）：口语说法 → 规范用语",
    url_name="catalog_search_synonym_list",
)
def synonym_list(request, active: bool | None = None):
    permissions.require(request.auth, permissions.SEARCH_EDIT)
    return [_synonym_out(r) for r in synonym_services.search_synonym_list(active=active)]


@router.post(
    "/synonyms",
    auth=api_auth,
    response={201: SynonymOut, **_EDITOR_ERRORS},
    operation_id="catalog_search_synonym_create",
    summary="新增检索同义词（立即对所有服务进程生效）",
    url_name="catalog_search_synonym_create",
)
def synonym_create(request, payload: SynonymIn):
    permissions.require(request.auth, permissions.SEARCH_EDIT)
    row = synonym_services.search_synonym_create(actor=request.auth, **payload.dict())
    return Status(201, _synonym_out(row))


@router.patch(
    "/synonyms/{synonym_id}",
    auth=api_auth,
    response={200: SynonymOut, **_EDITOR_ERRORS},
    operation_id="catalog_search_synonym_update",
    summary="修改检索同义词（停用：is_active=false，也可停用内置条目）",
    url_name="catalog_search_synonym_update",
)
def synonym_update(request, synonym_id: int, payload: SynonymPatchIn):
    permissions.require(request.auth, permissions.SEARCH_EDIT)
    fields = payload.dict(exclude_unset=True)
    row = synonym_services.search_synonym_update(actor=request.auth, synonym_id=synonym_id, **fields)
    return _synonym_out(row)


@router.delete(
    "/synonyms/{synonym_id}",
    auth=api_auth,
    response={204: None, **_EDITOR_ERRORS},
    operation_id="catalog_search_synonym_delete",
    summary="删除检索同义词",
    url_name="catalog_search_synonym_delete",
)
def synonym_delete(request, synonym_id: int):
    permissions.require(request.auth, permissions.SEARCH_EDIT)
    synonym_services.search_synonym_delete(actor=request.auth, synonym_id=synonym_id)
    return Status(204, None)


class QueryStatOut(Schema):
    query: str
    searches: int
    zero_results: int
    clicks: int


class QueryLogIn(Schema):
    kind: Literal["zero", "low_clicks"] = Field("zero", description="zero：无结果；low_clicks：有结果但很少被打开")
    days: int = Field(30, ge=1, le=366)
    limit: int = Field(100, ge=1, le=500)


@router.get(
    "/queries",
    auth=api_auth,
    response={200: list[QueryStatOut], **_EDITOR_ERRORS},
    operation_id="catalog_search_query_log",
    summary="检索日志（编辑人员）：无结果、少点击的检索词（已脱敏，不含个人信息）",
    url_name="catalog_search_query_log",
)
def query_log(request, params: Query[QueryLogIn]):
    permissions.require(request.auth, permissions.SEARCH_EDIT)
    if params.kind == "zero":
        return search_log_zero_results(days=params.days, limit=params.limit)
    return search_log_low_clicks(days=params.days, limit=params.limit)
