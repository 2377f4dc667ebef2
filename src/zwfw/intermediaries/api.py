"""中介服务网上超市 API under ``/api/v1/intermediaries/``: the public market (listings, agencies
with grades) and the owner's purchase with its selection. Same services as the pages."""

from __future__ import annotations

from ninja import Query, Router
from ninja.responses import Status

from zwfw.core.api import ErrorOut
from zwfw.core.permissions import require
from zwfw.intermediaries import permissions as perms
from zwfw.intermediaries import selectors, services
from zwfw.intermediaries.schemas import AgencyOut, ListingOut, PurchaseIn, PurchaseOut, SelectIn

router = Router(tags=["intermediaries"])

_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _grade(g) -> dict:
    return {"grade": g.grade, "score": g.score, "reasons": g.reasons}


def _purchase_out(p) -> dict:
    return {
        "id": p.pk,
        "title": p.title,
        "service_item": p.service_item,
        "budget_fen": p.budget_fen,
        "method": p.method,
        "status": p.status,
        "seed": None if p.seed is None else str(p.seed),
        "candidates": p.candidates,
        "selected_listing_id": p.selected_id,
        "selected_agency": p.selected.agency.name if p.selected_id else None,
        "created_at": p.created_at,
    }


@router.get(
    "/listings",
    auth=None,
    response={200: list[ListingOut], 422: ErrorOut},
    operation_id="intermediaries_listing_list",
    summary="中介服务事项（公开）：条件、流程、时限、收费标准、机构信用等级",
    url_name="intermediaries_listing_list",
)
def listing_list(request, q: str | None = Query(None, max_length=100), limit: int = Query(100, ge=1, le=500)):
    listings = list(selectors.listing_list(service_item=q)[:limit])
    grades = selectors.agency_grades({li.agency_id for li in listings})
    return [
        {
            "id": li.pk,
            "agency_id": li.agency_id,
            "agency_name": li.agency.name,
            "agency_grade": grades[li.agency_id].grade,
            "service_item": li.service_item,
            "conditions": li.conditions,
            "process": li.process,
            "time_limit_days": li.time_limit_days,
            "fee_standard_fen": li.fee_standard_fen,
        }
        for li in listings
    ]


@router.get(
    "/agencies",
    auth=None,
    response={200: list[AgencyOut], 422: ErrorOut},
    operation_id="intermediaries_agency_list",
    summary="中介机构及信用等级（公开）",
    url_name="intermediaries_agency_list",
)
def agency_list(request, limit: int = Query(100, ge=1, le=500)):
    agencies = list(selectors.agency_list()[:limit])
    grades = selectors.agency_grades([a.pk for a in agencies])
    return [
        {"id": a.pk, "name": a.name, "uscc": a.uscc, "status": a.status, "grade": _grade(grades[a.pk])}
        for a in agencies
    ]


@router.get(
    "/purchases",
    response={200: list[PurchaseOut], **_ERRORS},
    operation_id="intermediaries_purchase_list",
    summary="我的采购（项目业主）",
    url_name="intermediaries_purchase_list",
)
def purchase_list(request, limit: int = Query(50, ge=1, le=200)):
    require(request.auth, perms.PURCHASE)
    return [_purchase_out(p) for p in selectors.purchase_list_for(user=request.auth)[:limit]]


@router.post(
    "/purchases",
    response={201: PurchaseOut, **_ERRORS},
    operation_id="intermediaries_purchase_create",
    summary="发布采购公告",
    url_name="intermediaries_purchase_create",
)
def purchase_create(request, payload: PurchaseIn):
    purchase = services.purchase_publish(actor=request.auth, **payload.dict())
    return Status(201, _purchase_out(purchase))


@router.get(
    "/purchases/{int:purchase_id}",
    response={200: PurchaseOut, **_ERRORS},
    operation_id="intermediaries_purchase_detail",
    summary="采购项目详情",
    url_name="intermediaries_purchase_detail",
)
def purchase_detail(request, purchase_id: int):
    require(request.auth, perms.PURCHASE)
    return _purchase_out(selectors.purchase_get_for(user=request.auth, purchase_id=purchase_id))


@router.post(
    "/purchases/{int:purchase_id}/select",
    response={200: PurchaseOut, **_ERRORS},
    operation_id="intermediaries_purchase_select",
    summary="选取中介机构：随机抽取（记录种子）、比选或直接选取；黑名单机构不能被选取",
    url_name="intermediaries_purchase_select",
)
def purchase_select(request, purchase_id: int, payload: SelectIn):
    purchase = selectors.purchase_get_for(user=request.auth, purchase_id=purchase_id)
    listing = selectors.listing_get(listing_id=payload.listing_id) if payload.listing_id else None
    done = services.purchase_select(
        actor=request.auth, purchase=purchase, listing=listing, reason=payload.reason, seed=payload.seed
    )
    return _purchase_out(done)
