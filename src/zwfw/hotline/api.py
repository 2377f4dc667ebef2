"""12345热线 API under ``/api/v1/hotline/``: work orders and their flow, suggestions while typing,
categories, knowledge base, KPIs, hot spots, and an Open311 GeoReport v2 endpoint set under
``/api/v1/hotline/open311/`` (``services.json``, ``requests.json`` GET/POST,
``requests/{id}.json``).

Thin: parse, check the action (403), fetch through a scoped selector (404 outside scope), call one
service (409 naming the state, 422 naming the field). Caller name and phone are masked for all but
the intake operator and the caller.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.utils import timezone
from ninja import Form, Query, Router
from ninja import Status as HttpStatus

from zwfw.core.api import ErrorOut
from zwfw.core.permissions import require
from zwfw.hotline import kpi as kpi_mod
from zwfw.hotline import permissions as perms
from zwfw.hotline import selectors, services
from zwfw.hotline.models import AppealType, Channel, EventKind, Status, WorkOrder
from zwfw.hotline.schemas import (
    AnswerIn,
    ArbitrateIn,
    AssistOut,
    CategoryOut,
    DispatchIn,
    ExtensionDecideIn,
    ExtensionIn,
    ExtensionOut,
    HotspotOut,
    KnowledgeOut,
    KpiOut,
    NoteIn,
    Open311CreatedOut,
    Open311RequestIn,
    Open311RequestOut,
    Open311ServiceOut,
    ReasonIn,
    RowVersionIn,
    SimilarOut,
    VisitIn,
    WorkOrderDetailOut,
    WorkOrderIn,
    WorkOrderOut,
)

router = Router(tags=["hotline"])

_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
_READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


# ---- output builders ---------------------------------------------------------------------------


def order_out(order: WorkOrder, user) -> dict:
    name, phone = selectors.caller_for(order, user)
    return {
        "id": order.pk,
        "number": order.number,
        "channel": order.channel,
        "channel_label": str(order.get_channel_display()),
        "appeal_type": order.appeal_type,
        "appeal_type_label": str(order.get_appeal_type_display()),
        "urgency": order.urgency,
        "title": order.title,
        "text": order.text,
        "caller_name": name,
        "caller_phone": phone,
        "region": order.region_id,
        "region_name": order.region.name,
        "address": order.address,
        "category": order.category.code if order.category else None,
        "category_name": order.category.name if order.category else None,
        "suggestions": order.suggestions or [],
        "auto_dispatched": order.auto_dispatched,
        "department": order.department.code if order.department else None,
        "department_name": order.department.name if order.department else None,
        "status": order.status,
        "status_label": str(order.get_status_display()),
        "duplicate_of": order.duplicate_of.number if order.duplicate_of_id else None,
        "closed_at_intake": order.closed_at_intake,
        "return_count": order.return_count,
        "supervision_count": order.supervision_count,
        "escalation_count": order.escalation_count,
        "extended_days": order.extended_days,
        "created_at": order.created_at,
        "dispatched_at": order.dispatched_at,
        "sign_due_at": order.sign_due_at,
        "signed_at": order.signed_at,
        "due_at": order.due_at,
        "answer": order.answer,
        "answered_at": order.answered_at,
        "visited_at": order.visited_at,
        "satisfaction": order.satisfaction,
        "resolved": order.resolved,
        "closed_at": order.closed_at,
        "is_overdue": services.is_overdue(order),
        "row_version": order.row_version,
    }


def detail_out(order: WorkOrder, user) -> dict:
    events = order.events.select_related("actor", "department")
    return {
        **order_out(order, user),
        "events": [
            {
                "kind": e.kind,
                "kind_label": str(EventKind(e.kind).label) if e.kind in EventKind.values else e.kind,
                "actor": (e.actor.display_name or e.actor.username) if e.actor else "系统",
                "department": e.department.name if e.department else None,
                "note": e.note,
                "at": e.at,
            }
            for e in events
        ],
    }


def knowledge_out(entry, score: float | None = None) -> dict:
    return {
        "id": entry.pk,
        "question": entry.question,
        "answer": entry.answer,
        "policy_source": entry.policy_source,
        "department": entry.department.code,
        "department_name": entry.department.name,
        "review_date": entry.review_date,
        "score": round(score, 4) if score is not None else None,
    }


def similar_out(order: WorkOrder, score: float) -> dict:
    return {
        "id": order.pk,
        "number": order.number,
        "title": order.title,
        "status": order.status,
        "status_label": str(order.get_status_display()),
        "department_name": order.department.name if order.department else None,
        "created_at": order.created_at,
        "score": round(score, 4),
    }


def _get(request, order_id: int) -> WorkOrder:
    require(request.auth, perms.ORDER_VIEW)
    return selectors.work_order_get_for(user=request.auth, order_id=order_id)


def _detail(request, order_id: int) -> dict:
    return detail_out(selectors.work_order_get_for(user=request.auth, order_id=order_id), request.auth)


# ---- work orders --------------------------------------------------------------------------------


@router.get(
    "/orders",
    response={200: list[WorkOrderOut], **_READ_ERRORS},
    operation_id="hotline_order_list",
    summary="工单列表（按队列筛选：待派单、待签收、办理中、待回访、待办结、退单仲裁、超期、已办结、已并单）",
    url_name="hotline_order_list",
)
def order_list(
    request,
    queue: str | None = Query(None, max_length=20, description="队列：" + "、".join(selectors.QUEUES)),
    q: str = Query("", max_length=100, description="编号、标题或内容包含"),
):
    require(request.auth, perms.ORDER_VIEW)
    if queue and queue not in selectors.QUEUES:
        from zwfw.hotline.errors import HotlineError, HotlineErrorCode

        raise HotlineError(HotlineErrorCode.BAD_VALUE, detail={"field": "queue"}, what="队列", reason=queue[:20])
    return [order_out(o, request.auth) for o in selectors.work_order_list(user=request.auth, queue=queue, q=q)]


@router.post(
    "/orders",
    response={201: WorkOrderDetailOut, **_ERRORS},
    operation_id="hotline_order_create",
    summary="受理诉求：话务员登记来电或群众网上提交；重复诉求自动并单，知识库答复当场办结，高置信度自动派单",
    url_name="hotline_order_create",
)
def order_create(request, payload: WorkOrderIn):
    order = services.work_order_create(
        actor=request.auth,
        channel=payload.channel,
        text=payload.text,
        title=payload.title,
        appeal_type=payload.appeal_type,
        urgency=payload.urgency,
        region_code=payload.region,
        caller_name=payload.caller_name,
        caller_phone=payload.caller_phone,
        address=payload.address,
        category_code=payload.category,
        department_code=payload.department,
        knowledge_entry_id=payload.knowledge_entry,
    )
    return HttpStatus(201, _detail(request, order.pk))


@router.get(
    "/orders/{order_id}",
    response={200: WorkOrderDetailOut, **_READ_ERRORS},
    operation_id="hotline_order_detail",
    summary="工单详情与办理记录",
    url_name="hotline_order_detail",
)
def order_detail(request, order_id: int):
    return detail_out(_get(request, order_id), request.auth)


@router.get(
    "/orders/{order_id}/similar",
    response={200: list[SimilarOut], **_READ_ERRORS},
    operation_id="hotline_order_similar",
    summary="举一反三：与该工单相似的在办和既往工单",
    url_name="hotline_order_similar",
)
def order_similar(request, order_id: int):
    order = _get(request, order_id)
    hits = selectors.similar_orders(
        user=request.auth, text=f"{order.title} {order.text}", exclude_id=order.pk, limit=10
    )
    return [similar_out(o, s) for o, s in hits]


def _action(request, order_id: int, fn, **kwargs):
    _get(request, order_id)  # 404 outside scope before any state is revealed
    fn(actor=request.auth, order_id=order_id, **kwargs)
    return _detail(request, order_id)


@router.post(
    "/orders/{order_id}/dispatch",
    response={200: WorkOrderDetailOut, **_ERRORS},
    operation_id="hotline_order_dispatch",
    summary="派单：确认分类与承办部门（不填部门按权责清单）",
    url_name="hotline_order_dispatch",
)
def order_dispatch(request, order_id: int, payload: DispatchIn):
    return _action(
        request,
        order_id,
        services.work_order_dispatch,
        category_code=payload.category,
        department_code=payload.department,
        row_version=payload.row_version,
    )


@router.post(
    "/orders/{order_id}/sign",
    response={200: WorkOrderDetailOut, **_ERRORS},
    operation_id="hotline_order_sign",
    summary="签收工单（承办部门），办理时限自签收起算",
    url_name="hotline_order_sign",
)
def order_sign(request, order_id: int, payload: RowVersionIn):
    return _action(request, order_id, services.work_order_sign, row_version=payload.row_version)


@router.post(
    "/orders/{order_id}/process",
    response={200: WorkOrderDetailOut, **_ERRORS},
    operation_id="hotline_order_process",
    summary="登记办理进展（承办部门）",
    url_name="hotline_order_process",
)
def order_process(request, order_id: int, payload: NoteIn):
    return _action(request, order_id, services.work_order_process, note=payload.note, row_version=payload.row_version)


@router.post(
    "/orders/{order_id}/answer",
    response={200: WorkOrderDetailOut, **_ERRORS},
    operation_id="hotline_order_answer",
    summary="答复诉求人（承办部门）",
    url_name="hotline_order_answer",
)
def order_answer(request, order_id: int, payload: AnswerIn):
    return _action(
        request, order_id, services.work_order_answer, answer=payload.answer, row_version=payload.row_version
    )


@router.post(
    "/orders/{order_id}/visit",
    response={200: WorkOrderDetailOut, **_ERRORS},
    operation_id="hotline_order_visit",
    summary="回访：记录满意度与是否解决（话务员或诉求人本人）",
    url_name="hotline_order_visit",
)
def order_visit(request, order_id: int, payload: VisitIn):
    return _action(
        request,
        order_id,
        services.work_order_visit,
        satisfaction=payload.satisfaction,
        resolved=payload.resolved,
        note=payload.note,
        row_version=payload.row_version,
    )


@router.post(
    "/orders/{order_id}/close",
    response={200: WorkOrderDetailOut, **_ERRORS},
    operation_id="hotline_order_close",
    summary="办结工单（热线中心）",
    url_name="hotline_order_close",
)
def order_close(request, order_id: int, payload: RowVersionIn):
    return _action(request, order_id, services.work_order_close, row_version=payload.row_version)


@router.post(
    "/orders/{order_id}/reopen",
    response={200: WorkOrderDetailOut, **_ERRORS},
    operation_id="hotline_order_reopen",
    summary="重办：未解决的工单退回原承办部门",
    url_name="hotline_order_reopen",
)
def order_reopen(request, order_id: int, payload: ReasonIn):
    return _action(
        request, order_id, services.work_order_reopen, reason=payload.reason, row_version=payload.row_version
    )


@router.post(
    "/orders/{order_id}/return",
    response={200: WorkOrderDetailOut, **_ERRORS},
    operation_id="hotline_order_return",
    summary="退单（承办部门，须写明理由）：首次退回派单，再次退单进入热线中心仲裁",
    url_name="hotline_order_return",
)
def order_return(request, order_id: int, payload: ReasonIn):
    return _action(
        request, order_id, services.work_order_return, reason=payload.reason, row_version=payload.row_version
    )


@router.post(
    "/orders/{order_id}/arbitrate",
    response={200: WorkOrderDetailOut, **_ERRORS},
    operation_id="hotline_order_arbitrate",
    summary="退单仲裁：热线中心确定承办部门",
    url_name="hotline_order_arbitrate",
)
def order_arbitrate(request, order_id: int, payload: ArbitrateIn):
    return _action(
        request,
        order_id,
        services.work_order_arbitrate,
        department_code=payload.department,
        note=payload.note,
        row_version=payload.row_version,
    )


@router.post(
    "/orders/{order_id}/extensions",
    response={201: ExtensionOut, **_ERRORS},
    operation_id="hotline_order_extension_request",
    summary="申请延期（承办部门，时限届满前）",
    url_name="hotline_order_extension_request",
)
def order_extension_request(request, order_id: int, payload: ExtensionIn):
    _get(request, order_id)
    ext = services.work_order_extension_request(
        actor=request.auth, order_id=order_id, days=payload.days, reason=payload.reason, row_version=payload.row_version
    )
    return HttpStatus(
        201, {"id": ext.pk, "order": ext.order.number, "days": ext.days, "reason": ext.reason, "status": ext.status}
    )


@router.post(
    "/extensions/{extension_id}/decide",
    response={200: ExtensionOut, **_ERRORS},
    operation_id="hotline_extension_decide",
    summary="延期审批（热线督办员）",
    url_name="hotline_extension_decide",
)
def extension_decide(request, extension_id: int, payload: ExtensionDecideIn):
    require(request.auth, perms.ORDER_SUPERVISE)
    from zwfw.core.selectors.scope import get_object_for
    from zwfw.hotline.models import ExtensionRequest

    if not 0 < extension_id < 2**62:
        from django.http import Http404

        raise Http404
    get_object_for(request.auth, ExtensionRequest.objects.all(), pk=extension_id)
    ext = services.work_order_extension_decide(
        actor=request.auth, extension_id=extension_id, approve=payload.approve, note=payload.note
    )
    return {"id": ext.pk, "order": ext.order.number, "days": ext.days, "reason": ext.reason, "status": ext.status}


@router.post(
    "/orders/{order_id}/supervise",
    response={200: WorkOrderDetailOut, **_ERRORS},
    operation_id="hotline_order_supervise",
    summary="督办超期工单（热线督办员）",
    url_name="hotline_order_supervise",
)
def order_supervise(request, order_id: int, payload: NoteIn):
    return _action(request, order_id, services.work_order_supervise, note=payload.note, row_version=payload.row_version)


@router.post(
    "/orders/{order_id}/escalate",
    response={200: WorkOrderDetailOut, **_ERRORS},
    operation_id="hotline_order_escalate",
    summary="提级办理：交上一级同条线部门承办",
    url_name="hotline_order_escalate",
)
def order_escalate(request, order_id: int, payload: ReasonIn):
    return _action(
        request, order_id, services.work_order_escalate, reason=payload.reason, row_version=payload.row_version
    )


# ---- while the operator types -----------------------------------------------------------------


@router.get(
    "/assist",
    response={200: AssistOut, **_READ_ERRORS},
    operation_id="hotline_assist",
    summary="受理辅助：分类建议（前三及置信度）、承办部门、知识库答复口径、相似工单",
    url_name="hotline_assist",
)
def assist(
    request,
    text: str = Query(..., min_length=1, max_length=10_000),
    region: str = Query("", max_length=12, description="区划代码，用于推荐承办部门"),
):
    require(request.auth, perms.ORDER_INTAKE)
    return selectors_assist(request.auth, text, region)


def selectors_assist(user, text: str, region: str) -> dict:
    from zwfw.core.models import Region

    suggestions, version = services.classifier_suggest(text=text)
    dept = None
    region_obj = Region.objects.filter(code=region[:12]).first() if region else None
    if suggestions and region_obj is not None and suggestions[0]["category_code"]:
        category = selectors.category_get(code=suggestions[0]["category_code"])
        dept = services.route_department(category, region_obj)
    return {
        "suggestions": suggestions,
        "model_version": version,
        "department": dept.code if dept else None,
        "department_name": dept.name if dept else None,
        "knowledge": [knowledge_out(e, s) for e, s in selectors.knowledge_search(user=user, query=text, limit=5)],
        "similar": [similar_out(o, s) for o, s in selectors.similar_orders(user=user, text=text, limit=5)],
    }


# ---- reference data, KB, KPIs, hot spots --------------------------------------------------------


@router.get(
    "/categories",
    response={200: list[CategoryOut], **_READ_ERRORS},
    operation_id="hotline_category_list",
    summary="诉求事项目录（分类树，可按层级或上级筛选）",
    url_name="hotline_category_list",
)
def category_list(
    request, level: int | None = Query(None, ge=1, le=5), parent: str | None = Query(None, max_length=32)
):
    require(request.auth, perms.ORDER_VIEW)
    return [
        {"code": c.code, "name": c.name, "level": c.level, "parent": c.parent.code if c.parent else None}
        for c in selectors.category_list(level=level, parent_code=parent)
    ]


@router.get(
    "/knowledge",
    response={200: list[KnowledgeOut], **_READ_ERRORS},
    operation_id="hotline_knowledge_search",
    summary="知识库检索（中文）",
    url_name="hotline_knowledge_search",
)
def knowledge_search(request, q: str = Query("", max_length=200)):
    require(request.auth, perms.KNOWLEDGE_VIEW)
    if q.strip():
        return [knowledge_out(e, s) for e, s in selectors.knowledge_search(user=request.auth, query=q, limit=20)]
    return [knowledge_out(e) for e in selectors.knowledge_list(user=request.auth)[:100]]


@router.get(
    "/kpis",
    response={200: KpiOut, **_READ_ERRORS},
    operation_id="hotline_kpis",
    summary="考核指标：按时签收率、按时办结率、解决率、满意率、回访率、一次办结率（按部门或区划、月份）",
    url_name="hotline_kpis",
)
def kpis(
    request,
    month: str = Query(..., max_length=7, description="YYYY-MM"),
    group: str = Query("department", max_length=12, description="department 或 region"),
):
    require(request.auth, perms.KPI_VIEW)
    rows, total = kpi_mod.kpi_table(user=request.auth, month=month, group=group)
    return {"month": month, "group": group, "rows": [r.as_dict() for r in rows], "total": total.as_dict()}


@router.get(
    "/kpis.xlsx",
    response={200: None, **_READ_ERRORS},
    operation_id="hotline_kpis_xlsx",
    summary="考核指标月度导出（Excel）",
    url_name="hotline_kpis_xlsx",
)
def kpis_xlsx(request, month: str = Query(..., max_length=7, description="YYYY-MM")):
    require(request.auth, perms.KPI_VIEW)
    body = kpi_mod.kpi_xlsx(user=request.auth, month=month)
    response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="hotline-kpi-{month}.xlsx"'
    return response


@router.get(
    "/hotspots",
    response={200: list[HotspotOut], **_READ_ERRORS},
    operation_id="hotline_hotspots",
    summary="热点诉求：按区划、周的相似诉求主题，上升主题与激增预警",
    url_name="hotline_hotspots",
)
def hotspots(request, week: str | None = Query(None, max_length=10, description="周一日期 YYYY-MM-DD；默认本周")):
    require(request.auth, perms.KPI_VIEW)
    from zwfw.hotline.brief import weekly_brief

    return weekly_brief(user=request.auth, week=week).topics


# ---- Open311 GeoReport v2 -------------------------------------------------------------------------


_START = Query(None, description="受理时间起（ISO 8601）")
_END = Query(None, description="受理时间止（ISO 8601）")
_O311_STATUS_OPEN = {Status.TO_DISPATCH, Status.DISPATCHED, Status.SIGNED, Status.PROCESSING, Status.ARBITRATION}


@router.get(
    "/open311/services.json",
    auth=None,
    response={200: list[Open311ServiceOut], 422: ErrorOut},
    operation_id="hotline_open311_services",
    summary="Open311 GeoReport v2：服务（一级诉求分类）列表",
    url_name="hotline_open311_services",
)
def open311_services(request, jurisdiction_id: str = Query("", max_length=12)):
    return [
        {
            "service_code": c.code,
            "service_name": c.name,
            "description": f"12345热线诉求：{c.name}",
            "metadata": False,
            "type": "realtime",
            "keywords": "",
            "group": "12345",
        }
        for c in selectors.category_list(level=1)
    ]


def open311_out(order: WorkOrder) -> dict:
    closed = order.status not in _O311_STATUS_OPEN
    return {
        "service_request_id": order.number,
        "status": "closed" if closed else "open",
        "status_notes": order.answer or str(order.get_status_display()),
        "service_name": order.category.top.name if order.category else None,
        "service_code": order.category.top.code if order.category else None,
        "description": order.text,
        "agency_responsible": order.department.name if order.department else None,
        "service_notice": str(order.get_status_display()),
        "requested_datetime": order.created_at,
        "updated_datetime": order.closed_at or order.answered_at or order.signed_at or order.dispatched_at,
        "expected_datetime": order.due_at,
        "address": order.address,
        "address_id": None,
        "zipcode": None,
        "lat": float(order.latitude) if order.latitude is not None else None,
        "long": float(order.longitude) if order.longitude is not None else None,
        "media_url": None,
    }


@router.post(
    "/open311/requests.json",
    response={201: list[Open311CreatedOut], **_ERRORS},
    operation_id="hotline_open311_request_create",
    summary="Open311 GeoReport v2：提交诉求（表单编码，service_code + description + 位置）",
    url_name="hotline_open311_request_create",
)
def open311_request_create(request, payload: Form[Open311RequestIn]):
    require(request.auth, perms.OPEN311_SUBMIT)
    category = selectors.category_get(code=payload.service_code)
    if category is None:
        from zwfw.hotline.errors import HotlineError, HotlineErrorCode

        raise HotlineError(
            HotlineErrorCode.UNKNOWN_CATEGORY, detail={"field": "service_code"}, value=payload.service_code
        )
    region = payload.jurisdiction_id or getattr(request.auth, "region_id", None) or "510100"
    name = (payload.last_name + payload.first_name).strip()
    order = services.work_order_create(
        actor=request.auth,
        channel=Channel.OPEN311,
        text=payload.description,
        appeal_type=AppealType.HELP,
        region_code=region,
        caller_name=name,
        caller_phone=payload.phone,
        address=payload.address_string,
        latitude=payload.lat,
        longitude=payload.long,
        category_code=category.code,
    )
    return HttpStatus(
        201,
        [{"service_request_id": order.number, "service_notice": str(order.get_status_display()), "account_id": None}],
    )


@router.get(
    "/open311/requests.json",
    response={200: list[Open311RequestOut], **_READ_ERRORS},
    operation_id="hotline_open311_request_list",
    summary="Open311 GeoReport v2：查询诉求（本人或本辖区）",
    url_name="hotline_open311_request_list",
)
def open311_request_list(
    request,
    service_request_id: str = Query("", max_length=500, description="逗号分隔的工单编号"),
    service_code: str = Query("", max_length=32),
    start_date: dt.datetime | None = _START,
    end_date: dt.datetime | None = _END,
    status: str = Query("", max_length=6, description="open 或 closed"),
):
    require(request.auth, perms.ORDER_VIEW)
    qs = selectors.work_order_queryset(request.auth).exclude(status=Status.MERGED)
    if service_request_id:
        qs = qs.filter(number__in=[s.strip() for s in service_request_id.split(",") if s.strip()][:50])
    if service_code:
        qs = qs.filter(category__code__startswith=service_code)
    if start_date:
        qs = qs.filter(created_at__gte=start_date if timezone.is_aware(start_date) else timezone.make_aware(start_date))
    if end_date:
        qs = qs.filter(created_at__lte=end_date if timezone.is_aware(end_date) else timezone.make_aware(end_date))
    if status == "open":
        qs = qs.filter(status__in=_O311_STATUS_OPEN)
    elif status == "closed":
        qs = qs.exclude(status__in=_O311_STATUS_OPEN)
    elif status:
        from zwfw.hotline.errors import HotlineError, HotlineErrorCode

        raise HotlineError(
            HotlineErrorCode.BAD_VALUE, detail={"field": "status"}, what="status", reason="应为open或closed"
        )
    qs = qs.select_related("category", "category__parent", "category__parent__parent", "department")
    return [open311_out(o) for o in qs.order_by("-created_at")[:1000]]


@router.get(
    "/open311/requests/{service_request_id}.json",
    response={200: list[Open311RequestOut], **_READ_ERRORS},
    operation_id="hotline_open311_request_detail",
    summary="Open311 GeoReport v2：单个诉求",
    url_name="hotline_open311_request_detail",
)
def open311_request_detail(request, service_request_id: str):
    require(request.auth, perms.ORDER_VIEW)
    order = (
        selectors.work_order_queryset(request.auth)
        .select_related("category__parent__parent")
        .filter(number=service_request_id[:32])
        .first()
    )
    if order is None:
        from django.http import Http404

        raise Http404("工单不存在")
    return [open311_out(order)]
