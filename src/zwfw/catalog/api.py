"""Catalog API under ``/api/v1/catalog/``: public reads of published data, staff writes.

Reads of published data need no login; unpublished versions are visible to the item's
maintainers and reviewers only (404 for others). Writes call the services, which check the
permission and the item scope (403) and the state (409).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from ninja import Query, Router, Status

from zwfw.catalog import permissions, selectors
from zwfw.catalog.content import version_content
from zwfw.catalog.interchange.catalog_json import catalog_export
from zwfw.catalog.models import ItemImplementation, ItemType, ItemVersion
from zwfw.catalog.schemas import (
    ApproveIn,
    BaseItemOut,
    ConsistencyOut,
    CrossRegionItemOut,
    DiffOut,
    DraftCreateIn,
    DraftUpdateIn,
    ErrorOut,
    ItemDetailOut,
    ItemPageOut,
    RejectIn,
    ValidationOut,
    VersionDetailOut,
    VersionOut,
)
from zwfw.catalog.services import (
    catalog_consistency_report,
    content_diff,
    item_version_approve,
    item_version_create_draft,
    item_version_reject,
    item_version_submit,
    item_version_update_draft,
    version_violations_for,
)
from zwfw.core.api_auth import api_auth
from zwfw.core.pagination import MAX_OFFSET

router = Router(tags=["catalog"])

_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _anonymous(request):
    return AnonymousUser()


# Public reads still recognise a logged-in user (token or session) so maintainers see drafts.
OPTIONAL_AUTH = [*api_auth, _anonymous]


def _user(request):
    return request.auth if getattr(request.auth, "is_authenticated", False) else AnonymousUser()


def _type_label(value: str) -> str:
    return str(ItemType(value).label) if value in ItemType.values else value


def _impl_fields(impl: ItemImplementation) -> dict:
    """What every answer about an implementation starts with: its codes, name, type, region, department."""
    base = impl.base
    return {
        "code": impl.code,
        "base_code": base.code,
        "name": base.name,
        "item_type": base.item_type,
        "item_type_label": _type_label(base.item_type),
        "region": impl.region_id,
        "region_name": impl.region.name,
        "level": impl.level,
        "department": impl.department.code,
        "department_name": impl.department.name,
    }


def _version_block(v: ItemVersion) -> dict:
    return {
        "number": v.number,
        "status": v.status,
        "effective_from": v.effective_from,
        "effective_to": v.effective_to,
        "note": v.change_note,
    }


def _version_out(v: ItemVersion, *, owner_code: str, with_content: bool = False) -> dict:
    def name(u):
        return (u.display_name or u.username) if u else None

    out = {
        "id": v.pk,
        "owner_code": owner_code,
        "number": v.number,
        "status": v.status,
        "status_label": str(v.get_status_display()),
        "effective_from": v.effective_from,
        "effective_to": v.effective_to,
        "change_note": v.change_note,
        "created_by": name(v.created_by) if v.created_by_id else None,
        "created_at": v.created_at,
        "submitted_at": v.submitted_at,
        "reviewed_by": name(v.reviewed_by) if v.reviewed_by_id else None,
        "reviewed_at": v.reviewed_at,
        "review_note": v.review_note,
        "published_at": v.published_at,
    }
    if with_content:
        out.update(version_content(v))
    return out


def _owner_code(v: ItemVersion) -> str:
    return v.implementation.code if v.implementation_id else v.base_item.code


# --- public reads -------------------------------------------------------------------------


def cross_region_item_out(entry) -> dict:
    impl = entry.implementation
    regions = sorted(entry.intake_regions.all(), key=lambda r: r.code)
    return {
        "scheme": entry.scheme,
        "scheme_label": entry.get_scheme_display(),
        "implementation": impl.code,
        "name": impl.base.name,
        "handling_region": impl.region_id,
        "handling_region_name": impl.region.name,
        "handling_department": impl.department.code,
        "handling_department_name": impl.department.name,
        "intake_regions": [r.code for r in regions],
        "intake_region_names": [r.name for r in regions],
        "mode": entry.mode,
        "mode_label": entry.get_mode_display(),
        "batch": entry.batch,
        "note": entry.note,
    }


@router.get(
    "/cross-region",
    auth=None,
    response={200: list[CrossRegionItemOut], **_ERRORS},
    operation_id="catalog_cross_region_list",
    summary="跨域通办事项清单（川渝通办；公开）：办理地事项、可收件地区、通办模式",
    url_name="catalog_cross_region_list",
)
def cross_region_list(request, scheme: str | None = None, intake_region: str | None = None):
    from zwfw.catalog.errors import CatalogError, CatalogErrorCode
    from zwfw.catalog.models import CrossRegionScheme

    if scheme and scheme not in CrossRegionScheme.values:
        raise CatalogError(
            CatalogErrorCode.CROSS_REGION_INVALID, detail={"field": "scheme"}, reason=f"没有“{scheme}”这个清单"
        )
    entries = selectors.cross_region_items(scheme=scheme, intake_region=intake_region)
    return [cross_region_item_out(e) for e in entries]


@router.get(
    "/items",
    auth=None,
    response={200: ItemPageOut, **_ERRORS},
    operation_id="catalog_item_list",
    summary="实施清单事项列表（公开；按区划、部门、类型、服务对象、主题筛选，分页）",
    url_name="catalog_item_list",
)
def item_list(
    request,
    region: str | None = None,
    department: str | None = None,
    item_type: str | None = None,
    service_object: str | None = None,
    life_event: str | None = None,
    enterprise_stage: str | None = None,
    limit: int = Query(20, ge=1, le=200),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    qs = selectors.implementation_list(
        region=region,
        department=department,
        item_type=item_type,
        service_object=service_object,
        life_event=life_event,
        enterprise_stage=enterprise_stage,
    )
    count = qs.count()
    page = list(qs[offset : offset + limit])
    versions = selectors.versions_by_id([i.current_version_id for i in page])
    items = []
    for impl in page:
        v = versions[impl.current_version_id]
        items.append(
            {
                **_impl_fields(impl),
                "version": v.number,
                "promised_limit_days": v.promised_limit_days,
                "legal_limit_days": v.legal_limit_days,
                "online_depth": v.online_depth,
                "visits": v.visits,
                "fee_charged": v.fee_charged,
            }
        )
    return {"count": count, "limit": limit, "offset": offset, "items": items}


@router.get(
    "/items/{code}",
    auth=None,
    response={200: ItemDetailOut, **_ERRORS},
    operation_id="catalog_item_get",
    summary="事项详情：现行有效版本的一表一图（公开；on=日期 查看该日有效版本）",
    url_name="catalog_item_detail",
)
def item_detail(request, code: str, on: dt.date | None = None):
    impl = selectors.implementation_get(code=code)
    v = selectors.version_in_force(impl, on=on, with_content=True)
    if v is None:
        raise Http404
    base = impl.base
    return {
        **_impl_fields(impl),
        "legal_basis": base.legal_basis,
        "service_objects": base.service_objects,
        "keywords": base.keywords,
        "life_events": base.life_events,
        "enterprise_stages": base.enterprise_stages,
        "version": _version_block(v),
        **version_content(v),
    }


@router.get(
    "/base-items/{code}",
    auth=None,
    response={200: BaseItemOut, **_ERRORS},
    operation_id="catalog_base_item_get",
    summary="基本目录事项详情（公开）",
    url_name="catalog_base_item_detail",
)
def base_item_detail(request, code: str):
    base = selectors.base_item_get(code=code)
    v = selectors.version_in_force(base, with_content=True)
    content = version_content(v) if v else {"elements": {}, "graph": {"steps": [], "edges": []}}
    return {
        "code": base.code,
        "name": base.name,
        "item_type": base.item_type,
        "item_type_label": _type_label(base.item_type),
        "type_code": base.type_code,
        "type_code_table": base.type_code_table,
        "legal_basis": base.legal_basis,
        "department_line": base.department_line,
        "levels": base.levels,
        "service_objects": base.service_objects,
        "keywords": base.keywords,
        "life_events": base.life_events,
        "enterprise_stages": base.enterprise_stages,
        "version": _version_block(v) if v else None,
        **content,
    }


@router.get(
    "/items/{code}/versions",
    auth=OPTIONAL_AUTH,
    response={200: list[VersionOut], **_ERRORS},
    operation_id="catalog_item_version_list",
    summary="事项版本历史（公开部分为已发布版本；维护与审核人员可见草稿）",
    url_name="catalog_item_versions",
)
def item_versions(request, code: str):
    impl = selectors.implementation_get(code=code)
    return [_version_out(v, owner_code=impl.code) for v in selectors.version_list_for(user=_user(request), owner=impl)]


@router.get(
    "/items/{code}/diff",
    auth=OPTIONAL_AUTH,
    response={200: DiffOut, **_ERRORS},
    operation_id="catalog_item_diff",
    summary="两个版本之间的逐项差异（from、to 为版本号）",
    url_name="catalog_item_diff",
)
def item_diff(request, code: str, from_number: int = Query(..., alias="from"), to_number: int = Query(..., alias="to")):
    impl = selectors.implementation_get(code=code)
    user = _user(request)
    a = selectors.version_get_by_number(user=user, owner=impl, number=from_number)
    b = selectors.version_get_by_number(user=user, owner=impl, number=to_number)
    return {
        "code": impl.code,
        "from_number": a.number,
        "to_number": b.number,
        "changes": content_diff(version_content(a), version_content(b)),
    }


@router.get(
    "/versions/{version_id}",
    auth=OPTIONAL_AUTH,
    response={200: VersionDetailOut, **_ERRORS},
    operation_id="catalog_version_get",
    summary="一个版本的一表一图（已发布版本公开）",
    url_name="catalog_version_detail",
)
def version_detail(request, version_id: int):
    v = selectors.version_get_for(user=_user(request), version_id=version_id, with_content=True)
    return _version_out(v, owner_code=_owner_code(v), with_content=True)


@router.get(
    "/export",
    auth=None,
    response={200: dict, **_ERRORS},
    operation_id="catalog_export",
    summary="导出已发布目录（交换格式JSON，见docs/catalog-format.md）",
    url_name="catalog_export",
)
def export(request, region: str | None = None, on: dt.date | None = None):
    return catalog_export(region_code=region, on=on)


# --- staff --------------------------------------------------------------------------------


@router.get(
    "/versions/{version_id}/validation",
    response={200: ValidationOut, **_ERRORS},
    operation_id="catalog_version_validate",
    summary="版本校验报告（一图规则、不得增加环节和材料）",
    url_name="catalog_version_validation",
)
def version_validation(request, version_id: int):
    v = selectors.version_get_for(user=request.auth, version_id=version_id)
    if not permissions.can_on_version(request.auth, permissions.VIEW_UNPUBLISHED, v):
        permissions.require(request.auth, permissions.REPORT)
    violations = version_violations_for(v)
    return {"version_id": v.pk, "ok": not violations, "violations": violations}


@router.get(
    "/consistency",
    response={200: ConsistencyOut, **_ERRORS},
    operation_id="catalog_consistency_report",
    summary="区划实施清单一致性报告（列出所有违规项）",
    url_name="catalog_consistency",
)
def consistency(request, region: str, on: dt.date | None = None):
    permissions.require(request.auth, permissions.REPORT)
    return catalog_consistency_report(region_code=region, on=on)


@router.post(
    "/items/{code}/drafts",
    response={201: VersionOut, **_ERRORS},
    operation_id="catalog_item_draft_create",
    summary="新建草稿（复制现行版本或指定版本）",
    url_name="catalog_item_draft_create",
)
def draft_create(request, code: str, payload: DraftCreateIn):
    return _draft_create(request, "implementation", selectors.implementation_get(code=code), payload)


def _draft_create(request, owner_kind: str, owner, payload: DraftCreateIn):
    """One draft-creation path for implementations and base items (``owner_kind`` names the owner)."""
    permissions.require(request.auth, permissions.EDIT, **{owner_kind: owner})
    source = None
    if payload.from_number is not None:
        source = selectors.version_get_by_number(user=request.auth, owner=owner, number=payload.from_number)
    v = item_version_create_draft(
        actor=request.auth, from_version=source, change_note=payload.change_note, **{owner_kind: owner}
    )
    return Status(201, _version_out(v, owner_code=owner.code))


@router.post(
    "/base-items/{code}/drafts",
    response={201: VersionOut, **_ERRORS},
    operation_id="catalog_base_item_draft_create",
    summary="基本目录事项新建草稿",
    url_name="catalog_base_item_draft_create",
)
def base_draft_create(request, code: str, payload: DraftCreateIn):
    return _draft_create(request, "base_item", selectors.base_item_get(code=code), payload)


def _writable(request, version_id: int) -> ItemVersion:
    return selectors.version_get_for(user=request.auth, version_id=version_id)


@router.put(
    "/versions/{version_id}",
    response={200: VersionDetailOut, **_ERRORS},
    operation_id="catalog_version_update",
    summary="修改草稿（一表键值替换，一图整体替换）",
    url_name="catalog_version_update",
)
def version_update(request, version_id: int, payload: DraftUpdateIn):
    v = _writable(request, version_id)
    content = {k: val for k, val in (("elements", payload.elements), ("graph", payload.graph)) if val is not None}
    item_version_update_draft(actor=request.auth, version=v, content=content, change_note=payload.change_note)
    v = selectors.version_get_for(user=request.auth, version_id=version_id, with_content=True)
    return _version_out(v, owner_code=_owner_code(v), with_content=True)


@router.post(
    "/versions/{version_id}/submit",
    response={200: VersionOut, **_ERRORS},
    operation_id="catalog_version_submit",
    summary="提交审核（草稿→待审核；有违规时拒绝并列出）",
    url_name="catalog_version_submit",
)
def version_submit(request, version_id: int):
    v = item_version_submit(actor=request.auth, version=_writable(request, version_id))
    return _version_out(v, owner_code=_owner_code(v))


@router.post(
    "/versions/{version_id}/approve",
    response={200: VersionOut, **_ERRORS},
    operation_id="catalog_version_approve",
    summary="审核通过并发布（待审核→已发布）",
    url_name="catalog_version_approve",
)
def version_approve(request, version_id: int, payload: ApproveIn):
    v = item_version_approve(
        actor=request.auth,
        version=_writable(request, version_id),
        effective_from=payload.effective_from,
        note=payload.note,
    )
    return _version_out(v, owner_code=_owner_code(v))


@router.post(
    "/versions/{version_id}/reject",
    response={200: VersionOut, **_ERRORS},
    operation_id="catalog_version_reject",
    summary="审核退回（待审核→已退回，须说明理由）",
    url_name="catalog_version_reject",
)
def version_reject(request, version_id: int, payload: RejectIn):
    v = item_version_reject(actor=request.auth, version=_writable(request, version_id), reason=payload.reason)
    return _version_out(v, owner_code=_owner_code(v))
