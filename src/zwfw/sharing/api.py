"""Sharing API under ``/api/v1/sharing/``: the data catalogue, requests, reads, the 关联图谱,
the 政务服务码 and the CPSV-AP export. Thin handlers: a scoped selector or one service each."""

from __future__ import annotations

from django.http import Http404
from ninja import Query, Router, Status

from zwfw.core.api import ErrorOut
from zwfw.core.permissions import require
from zwfw.sharing import permissions, selectors, services
from zwfw.sharing.schemas import (
    CodeOut,
    DatasetIn,
    DatasetOut,
    DatasetPriorityOut,
    GraphItemOut,
    GraphSystemOut,
    ReadIn,
    ReadLogOut,
    ReadResultOut,
    RequestIn,
    RequestOut,
    ScanIn,
    ScanOut,
    SharingDecideIn,
    dataset_out,
    read_out,
    request_out,
)

router = Router(tags=["sharing"])

_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
LIST_MAX = 500


@router.get(
    "/datasets",
    response={200: list[DatasetOut], **_ERRORS},
    operation_id="sharing_dataset_list",
    summary="共享数据目录（本辖区及上级部门的数据集）",
    url_name="sharing_dataset_list",
)
def dataset_list(
    request,
    q: str = Query("", max_length=64),
    classification: str = Query("", pattern=r"^(|general|important|core)$"),
):
    return [
        dataset_out(d)
        for d in selectors.dataset_list_for(user=request.auth, q=q, classification=classification)[:LIST_MAX]
    ]


@router.get(
    "/datasets/{code}",
    response={200: DatasetOut, **_ERRORS},
    operation_id="sharing_dataset_get",
    summary="一个共享数据集",
    url_name="sharing_dataset_get",
)
def dataset_get(request, code: str):
    return dataset_out(selectors.dataset_get_for(user=request.auth, code=code))


@router.post(
    "/datasets",
    response={201: DatasetOut, **_ERRORS, 409: ErrorOut},
    operation_id="sharing_dataset_register",
    summary="登记共享数据集（部门管理员，本辖区部门）",
    url_name="sharing_dataset_register",
)
def dataset_register(request, payload: DatasetIn):
    ds = services.dataset_register(
        actor=request.auth,
        code=payload.code,
        name=payload.name,
        department_code=payload.department,
        fields=[f.model_dump() for f in payload.fields],
        classification=payload.classification,
        update_frequency=payload.update_frequency,
        system_code=payload.system,
        licence_type=payload.licence_type,
        connector_kind=payload.connector_kind,
        connector_target=payload.connector_target,
    )
    return Status(201, dataset_out(ds))


@router.get(
    "/requests",
    response={200: list[RequestOut], **_ERRORS},
    operation_id="sharing_request_list",
    summary="共享申请（本部门提出的和本部门数据集收到的）",
    url_name="sharing_request_list",
)
def request_list(request, status: str = Query("", pattern=r"^(|pending|approved|rejected)$")):
    return [request_out(r) for r in selectors.request_list_for(user=request.auth, status=status)[:LIST_MAX]]


@router.post(
    "/requests",
    response={201: RequestOut, **_ERRORS},
    operation_id="sharing_request_create",
    summary="申请共享数据（须说明用途）",
    url_name="sharing_request_create",
)
def request_create(request, payload: RequestIn):
    require(request.auth, permissions.REQUEST_CREATE)
    ds = selectors.dataset_get_for(user=request.auth, code=payload.dataset)
    return Status(
        201, request_out(services.sharing_request_create(actor=request.auth, dataset=ds, purpose=payload.purpose))
    )


@router.post(
    "/requests/{request_id}/decide",
    response={200: RequestOut, **_ERRORS, 409: ErrorOut},
    operation_id="sharing_request_decide",
    summary="审批共享申请（数源部门管理员）",
    url_name="sharing_request_decide",
)
def request_decide(request, request_id: int, payload: SharingDecideIn):
    require(request.auth, permissions.REQUEST_DECIDE)
    req = selectors.request_get_for(user=request.auth, request_id=request_id)
    return request_out(
        services.sharing_request_decide(actor=request.auth, request=req, approved=payload.approved, note=payload.note)
    )


@router.post(
    "/datasets/{code}/read",
    response={200: ReadResultOut, **_ERRORS, 502: ErrorOut},
    operation_id="sharing_data_read",
    summary="调用共享数据（须本部门申请已批准；每次调用留痕）",
    url_name="sharing_data_read",
)
def data_read(request, code: str, payload: ReadIn):
    require(request.auth, permissions.DATA_READ)
    ds = selectors.dataset_get_for(user=request.auth, code=code)
    record = services.shared_data_read(
        actor=request.auth,
        dataset=ds,
        subject=payload.subject,
        purpose=payload.purpose,
        case_number=payload.case_number,
    )
    return {"found": record is not None, "record": record}


@router.get(
    "/reads",
    response={200: list[ReadLogOut], **_ERRORS},
    operation_id="sharing_read_list",
    summary="共享数据调用记录（调用方与数源方）",
    url_name="sharing_read_list",
)
def read_list(request, dataset: str = Query("", max_length=64)):
    return [read_out(r) for r in selectors.read_list_for(user=request.auth, dataset=dataset)[:LIST_MAX]]


@router.get(
    "/graph/datasets/{code}/items",
    response={200: list[GraphItemOut], **_ERRORS},
    operation_id="sharing_graph_items_freed",
    summary="关联图谱：共享该数据集后免提交材料的事项（按年办件量排序）",
    url_name="sharing_graph_items_freed",
)
def graph_items_freed(request, code: str, limit: int = Query(100, ge=1, le=1000)):
    graph, visible, datasets = selectors.graph_for(user=request.auth)
    if code not in datasets or not graph.has_dataset(code):
        raise Http404("数据集不存在或无权查看")
    rows = [r for r in graph.items_freed_by(code) if visible(r["region"])]
    return rows[:limit]


@router.get(
    "/graph/items/{code}/systems",
    response={200: list[GraphSystemOut], **_ERRORS},
    operation_id="sharing_graph_item_systems",
    summary="关联图谱：事项涉及的业务系统",
    url_name="sharing_graph_item_systems",
)
def graph_item_systems(request, code: str):
    graph, visible, _datasets = selectors.graph_for(user=request.auth)
    if not graph.has_item(code) or not visible(graph.nodes[f"item:{code}"]["region"]):
        raise Http404("事项不存在或无权查看")
    return graph.systems_touched(code)


@router.get(
    "/graph/priority",
    response={200: list[DatasetPriorityOut], **_ERRORS},
    operation_id="sharing_graph_priority",
    summary="关联图谱：数据集共享优先级（按免提交事项的年办件量）",
    url_name="sharing_graph_priority",
)
def graph_priority(request):
    graph, _visible, datasets = selectors.graph_for(user=request.auth)
    return [r for r in graph.dataset_priority() if r["code"] in datasets]


@router.get(
    "/exports/cpsv-ap",
    auth=None,
    response={200: dict, 422: ErrorOut},
    operation_id="sharing_export_cpsv_ap",
    summary="事项目录导出：CPSV-AP JSON-LD（公开，在用事项）",
    url_name="sharing_export_cpsv_ap",
)
def export_cpsv_ap(request):
    from zwfw.catalog.selectors import item_material_rows
    from zwfw.sharing.exports import cpsv_ap

    return cpsv_ap(item_material_rows())


def _code_out(request, code) -> dict:
    from zwfw.sharing.views import scan_url

    return {
        "id": code.pk,
        "token": code.token,
        "qr_text": scan_url(request, code.token),
        "expires_at": code.expires_at,
        "state": services.code_state(code),
    }


@router.get(
    "/codes",
    response={200: list[CodeOut], **_ERRORS},
    operation_id="sharing_code_list",
    summary="我的政务服务码（最近10个）",
    url_name="sharing_code_list",
)
def code_list(request):
    return [_code_out(request, c) for c in selectors.service_codes_of(user=request.auth)[:10]]


@router.post(
    "/codes",
    response={201: CodeOut, **_ERRORS},
    operation_id="sharing_code_issue",
    summary="生成政务服务码（5分钟有效；旧码作废）",
    url_name="sharing_code_issue",
)
def code_issue(request):
    return Status(201, _code_out(request, services.service_code_issue(actor=request.auth)))


@router.post(
    "/codes/{code_id}/revoke",
    response={200: CodeOut, **_ERRORS},
    operation_id="sharing_code_revoke",
    summary="作废本人的政务服务码",
    url_name="sharing_code_revoke",
)
def code_revoke(request, code_id: int):
    code = selectors.service_code_get_for(user=request.auth, code_id=code_id)
    return _code_out(request, services.service_code_revoke(actor=request.auth, code=code))


@router.post(
    "/codes/scan",
    response={200: ScanOut, **_ERRORS, 410: ErrorOut},
    operation_id="sharing_code_scan",
    summary="窗口扫描政务服务码（须记录持码人同意；每次扫码留痕）",
    url_name="sharing_code_scan",
)
def code_scan(request, payload: ScanIn):
    result = services.service_code_scan(
        actor=request.auth, token=payload.token, consent=payload.consent, purpose=payload.purpose
    )
    return {k: result[k] for k in ("holder_name", "holder_identifier", "licences", "open_cases", "policies")}
