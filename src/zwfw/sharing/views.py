"""The sharing pages (Chinese, server-rendered). Thin: parse, call a selector or one service, render.

- 共享数据目录 ``/sharing/`` and one dataset ``/sharing/datasets/<code>/`` (申请, 调用);
- 共享申请 ``/sharing/requests/`` (审批 for the owning department's admins);
- 调用记录 ``/sharing/reads/``;
- 关联图谱 ``/sharing/graph/``;
- 我的政务服务码 ``/sharing/code/`` (applicants) and 扫码核验 ``/sharing/code/scan/`` (window clerks).
"""

from __future__ import annotations

import math

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zwfw.core.errors import ZwfwError
from zwfw.core.permissions import action_required, can
from zwfw.sharing import permissions, selectors, services
from zwfw.sharing.models import Classification, RequestStatus


def scan_url(request, token: str) -> str:
    path = f"{reverse('sharing:code_scan')}?{urlencode({'t': token})}"
    return request.build_absolute_uri(path) if request is not None else path


@require_GET
@action_required(permissions.DATASET_VIEW)
def dataset_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:64]
    classification = request.GET.get("classification", "")
    classification = classification if classification in Classification.values else ""
    datasets = selectors.dataset_list_for(user=request.user, q=q, classification=classification)[:500]
    return render(
        request,
        "sharing/dataset_list.html",
        {"datasets": datasets, "q": q, "classification": classification, "classifications": Classification.choices},
    )


@require_http_methods(["GET", "POST"])
@action_required(permissions.DATASET_VIEW)
def dataset_detail(request: HttpRequest, code: str) -> HttpResponse:
    ds = selectors.dataset_get_for(user=request.user, code=code)
    record, read_done = None, False
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "request":
                services.sharing_request_create(actor=request.user, dataset=ds, purpose=request.POST.get("purpose", ""))
                messages.success(request, "共享申请已提交，等待数源部门审批")
                return HttpResponseRedirect(reverse("sharing:dataset_detail", args=[ds.code]))
            if action == "read":
                record = services.shared_data_read(
                    actor=request.user,
                    dataset=ds,
                    subject=request.POST.get("subject", ""),
                    purpose=request.POST.get("purpose", ""),
                    case_number=request.POST.get("case_number", ""),
                )
                read_done = True
        except ZwfwError as exc:
            messages.error(request, exc.message)
    approved = (
        services.approved_request(dataset=ds, department=request.user.department)
        if request.user.department_id
        else None
    )
    return render(
        request,
        "sharing/dataset_detail.html",
        {
            "ds": ds,
            "approved": approved,
            "can_request": can(request.user, permissions.REQUEST_CREATE) and request.user.department_id,
            "can_read": can(request.user, permissions.DATA_READ) and approved is not None,
            "record": record,
            "read_done": read_done,
        },
    )


@require_http_methods(["GET", "POST"])
@action_required(permissions.DATASET_VIEW)
def request_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            req = selectors.request_get_for(user=request.user, request_id=int(request.POST.get("request_id", "0")))
        except (ValueError, Http404):
            messages.error(request, "共享申请不存在或无权查看")
        else:
            try:
                services.sharing_request_decide(
                    actor=request.user,
                    request=req,
                    approved=request.POST.get("decision") == "approve",
                    note=request.POST.get("note", ""),
                )
                messages.success(request, "已审批")
            except ZwfwError as exc:
                messages.error(request, exc.message)
            except PermissionDenied:
                messages.error(request, "无权审批该申请")
        return HttpResponseRedirect(reverse("sharing:requests"))
    status = request.GET.get("status", "")
    status = status if status in RequestStatus.values else ""
    rows = []
    for r in selectors.request_list_for(user=request.user, status=status)[:500]:
        rows.append({"r": r, "can_decide": r.status == RequestStatus.PENDING and _owner_side(request.user, r)})
    return render(
        request, "sharing/request_list.html", {"rows": rows, "status": status, "statuses": RequestStatus.choices}
    )


def _owner_side(user, r) -> bool:
    from zwfw.core.models import Department
    from zwfw.core.selectors.scope import department_scope_q

    if not can(user, permissions.REQUEST_DECIDE):
        return False
    return Department.objects.filter(pk=r.dataset.department_id).filter(department_scope_q(user, "")).exists()


@require_GET
@action_required(permissions.READ_LOG_VIEW)
def read_list(request: HttpRequest) -> HttpResponse:
    dataset = request.GET.get("dataset", "").strip()[:64]
    reads = selectors.read_list_for(user=request.user, dataset=dataset)[:500]
    return render(request, "sharing/read_list.html", {"reads": reads, "dataset": dataset})


def _svg(center: str, leaves: list[str]) -> str:
    """A small radial drawing: the dataset (or item) in the middle, what it links to around it."""
    from django.utils.html import escape

    n = max(len(leaves), 1)
    size, r = 420, 150
    parts = [f'<svg viewBox="0 0 {size} {size}" class="sharing-graph" role="img" aria-label="关联图谱">']
    cx = cy = size / 2
    for i, label in enumerate(leaves):
        a = 2 * math.pi * i / n
        x, y = cx + r * math.cos(a), cy + r * math.sin(a)
        parts.append(f'<line x1="{cx:.0f}" y1="{cy:.0f}" x2="{x:.0f}" y2="{y:.0f}" stroke="#8aa" />')
        parts.append(f'<circle cx="{x:.0f}" cy="{y:.0f}" r="6" fill="#2a6f97" />')
        parts.append(
            f'<text x="{x:.0f}" y="{y + 18:.0f}" font-size="11" text-anchor="middle">{escape(label[:14])}</text>'
        )
    parts.append(f'<circle cx="{cx:.0f}" cy="{cy:.0f}" r="12" fill="#c0392b" />')
    parts.append(
        f'<text x="{cx:.0f}" y="{cy - 18:.0f}" font-size="13" text-anchor="middle">{escape(center[:20])}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


@require_GET
@action_required(permissions.GRAPH_VIEW)
def graph(request: HttpRequest) -> HttpResponse:
    g, visible, datasets = selectors.graph_for(user=request.user)
    dataset = request.GET.get("dataset", "").strip()[:64]
    item = request.GET.get("item", "").strip()[:64]
    freed, systems, drawing = None, None, ""
    if dataset:
        if dataset in datasets and g.has_dataset(dataset):
            freed = [r for r in g.items_freed_by(dataset) if visible(r["region"])][:200]
            drawing = _svg(g.nodes[f"dataset:{dataset}"]["label"], [r["name"] for r in freed[:24]])
        else:
            freed = []
    if item:
        if g.has_item(item) and visible(g.nodes[f"item:{item}"]["region"]):
            systems = g.systems_touched(item)
            drawing = drawing or _svg(g.nodes[f"item:{item}"]["label"], [s["name"] for s in systems])
        else:
            systems = []
    priority = [r for r in g.dataset_priority() if r["code"] in datasets][:50]
    return render(
        request,
        "sharing/graph.html",
        {
            "dataset": dataset,
            "item": item,
            "freed": freed,
            "systems": systems,
            "priority": priority,
            "counts": g.counts(),
            "drawing": mark_safe(drawing),  # noqa: S308 - every label escaped in _svg
        },
    )


@require_http_methods(["GET", "POST"])
@action_required(permissions.CODE_ISSUE)
def my_code(request: HttpRequest) -> HttpResponse:
    from zwfw.licences.qr import qr_svg

    if request.method == "POST":
        try:
            if request.POST.get("action") == "revoke":
                code = selectors.service_code_get_for(user=request.user, code_id=int(request.POST.get("code_id", "0")))
                services.service_code_revoke(actor=request.user, code=code)
                messages.success(request, "政务服务码已作废")
            else:
                services.service_code_issue(actor=request.user)
        except (ZwfwError, ValueError, Http404) as exc:
            messages.error(request, getattr(exc, "message", "操作失败"))
        return HttpResponseRedirect(reverse("sharing:my_code"))
    codes = list(selectors.service_codes_of(user=request.user)[:10])
    live = next((c for c in codes if services.code_state(c) == "live"), None)
    qr = mark_safe(qr_svg(scan_url(request, live.token), label="政务服务码")) if live else ""  # noqa: S308
    uses = []
    for c in codes:
        uses.extend(c.uses.select_related("clerk", "department").all()[:20])
    return render(
        request,
        "sharing/my_code.html",
        {"live": live, "qr": qr, "codes": codes, "uses": sorted(uses, key=lambda u: u.used_at, reverse=True)[:20]},
    )


@require_http_methods(["GET", "POST"])
@action_required(permissions.CODE_SCAN)
def code_scan(request: HttpRequest) -> HttpResponse:
    token = (request.POST.get("token") or request.GET.get("t") or "").strip()[:32]
    result, error = None, ""
    if request.method == "POST":
        try:
            result = services.service_code_scan(
                actor=request.user,
                token=token,
                consent=request.POST.get("consent") == "yes",
                purpose=request.POST.get("purpose", ""),
            )
        except ZwfwError as exc:
            error = exc.message
    chuanyu = []
    if result is not None:
        # 川渝通办 items this window may receive for the holder (收件 here, 办理 in the other region)
        from zwfw.catalog.selectors import cross_region_items

        user = request.user
        region = user.region_id or (user.department.region_id if user.department_id else "")
        if region:
            chuanyu = list(cross_region_items(scheme="chuanyu", intake_region=region))
    return render(
        request,
        "sharing/code_scan.html",
        {"token": token, "result": result, "error": error, "chuanyu": chuanyu},
        status=400 if error else 200,
    )


@require_POST
@action_required(permissions.DATASET_VIEW)
def graph_refresh(request: HttpRequest) -> HttpResponse:
    from zwfw.sharing.graph import graph_clear

    graph_clear()
    return HttpResponseRedirect(reverse("sharing:graph"))
