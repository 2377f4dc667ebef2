"""The catalog's pages (Chinese, server-rendered, mobile-first): the portal list and search, the
办事指南 of an item with its 一图 diagram, the 百姓体 guide, version history and diff, and the
maintainers' consistency report and review queue.

Thin: each view parses input, calls selectors (``zwfw.catalog.selectors``,
``zwfw.catalog.guides``) or one service, and renders. Public pages show only the published
version in force; the guide, the 百姓体 guide, the diagram and the API render the same version
data (同源).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from zwfw.catalog import permissions, selectors
from zwfw.catalog.guides import build_guide, diagram_svg, guide_data_for, plain_guide
from zwfw.catalog.guides.pages import (
    PortalFilters,
    portal_filter_options,
    portal_page,
    review_queue_for,
)
from zwfw.catalog.services import (
    catalog_consistency_report,
    item_version_approve,
    item_version_diff,
    item_version_reject,
)
from zwfw.core.errors import ZwfwError

# --- portal ---------------------------------------------------------------------------------------


@require_GET
def item_list(request: HttpRequest) -> HttpResponse:
    """事项列表: published items with filters (region, department, type, 个人/法人, theme), paginated."""
    filters = PortalFilters.from_query(request.GET)
    page, rows = portal_page(filters, page=request.GET.get("page", 1))
    return render(
        request,
        "catalog/item_list.html",
        {
            "filters": filters,
            "filter_query": urlencode(filters.as_query()),
            "options": portal_filter_options(),
            "page_obj": page,
            "rows": rows,
        },
    )


@require_GET
def chuanyu_list(request: HttpRequest) -> HttpResponse:
    """川渝通办事项清单: what a window in Sichuan receives for a department in Chongqing (and back),
    with the 收件地 and the mode; each item links to its guide."""
    from zwfw.catalog.models import CrossRegionScheme

    entries = list(selectors.cross_region_items(scheme=CrossRegionScheme.CHUANYU))
    return render(request, "catalog/chuanyu_list.html", {"entries": entries})


# --- guides ---------------------------------------------------------------------------------------


def _on(request: HttpRequest) -> dt.date | None:
    """``?on=YYYY-MM-DD`` shows the version in force on that day; a malformed date is a 404."""
    raw = request.GET.get("on")
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise Http404 from exc


@require_GET
def item_detail(request: HttpRequest, code: str) -> HttpResponse:
    """办事指南: every element of 一表, the 一图 diagram (inline SVG), printable."""
    data = guide_data_for(code=code, on=_on(request))
    guide = build_guide(data)
    # diagram_svg escapes every text it draws; the markup itself is ours.
    svg = mark_safe(diagram_svg(data["graph"], title=guide.name, id_prefix="guide"))  # noqa: S308
    return render(request, "catalog/guide.html", {"guide": guide, "data": data, "diagram": svg})


@require_GET
def item_plain(request: HttpRequest, code: str) -> HttpResponse:
    """百姓体 guide: the same version in short, plain sentences."""
    data = guide_data_for(code=code, on=_on(request))
    return render(request, "catalog/plain.html", {"plain": plain_guide(data), "data": data})


# --- versions -------------------------------------------------------------------------------------


@require_GET
def item_versions(request: HttpRequest, code: str) -> HttpResponse:
    """版本历史: released versions for everybody; the item's maintainers and reviewers see all."""
    impl = selectors.implementation_get(code=code)
    versions = selectors.version_list_for(user=request.user, owner=impl)
    return render(request, "catalog/versions.html", {"impl": impl, "versions": versions})


def _display(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(_display(v) for v in value) or "（空）"
    if isinstance(value, dict):
        if "name" in value:
            return str(value["name"])
        if "q" in value:
            return f"问：{value['q']} 答：{value.get('a', '')}"
        return "；".join(f"{k}：{_display(v)}" for k, v in value.items())
    return str(value)


CHANGE_LABELS = {"added": "新增", "removed": "删除", "changed": "修改"}


@require_GET
def item_diff(request: HttpRequest, code: str) -> HttpResponse:
    """两个版本的逐项差异 (``?from=1&to=2``, version numbers)."""
    impl = selectors.implementation_get(code=code)
    versions = selectors.version_list_for(user=request.user, owner=impl)
    try:
        from_number, to_number = int(request.GET["from"]), int(request.GET["to"])
    except (KeyError, ValueError):
        context = {"impl": impl, "versions": versions, "error": "请选择要比较的两个版本（版本号）。"}
        return render(request, "catalog/versions.html", context, status=400)
    a = selectors.version_get_by_number(user=request.user, owner=impl, number=from_number)
    b = selectors.version_get_by_number(user=request.user, owner=impl, number=to_number)
    changes = [
        {
            "label": c["label"],
            "change": c["change"],
            "change_label": CHANGE_LABELS.get(c["change"], c["change"]),
            "before": _display(c["before"]),
            "after": _display(c["after"]),
        }
        for c in item_version_diff(a, b)
    ]
    return render(
        request,
        "catalog/diff.html",
        {"impl": impl, "a": a, "b": b, "changes": changes, "versions": versions},
    )


# --- maintainers ----------------------------------------------------------------------------------


@login_required
@require_GET
def consistency_report(request: HttpRequest) -> HttpResponse:
    """目录一致性报告 of a region's implementation lists (dept_admin, reviewer, platform_admin)."""
    if not permissions.can(request.user, permissions.REPORT):
        raise PermissionDenied("需要权限：查看目录一致性报告")
    options = portal_filter_options()
    region = request.GET.get("region") or (request.user.region_id or "510000")
    if not region.isdigit():
        raise Http404
    report = catalog_consistency_report(region_code=region)
    return render(request, "catalog/consistency.html", {"report": report, "region": region, "options": options})


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    """审核队列: versions in review the reviewer may approve or reject."""
    if not permissions.can(request.user, permissions.APPROVE):
        raise PermissionDenied("需要权限：审核事项版本")
    return render(request, "catalog/review_queue.html", {"versions": review_queue_for(user=request.user)})


@login_required
@require_POST
def review_decide(request: HttpRequest, version_id: int) -> HttpResponse:
    """Approve (``decision=approve``) or reject (``decision=reject`` with ``reason``) one version.

    The services check role, scope, state and the four-eyes rule; their errors are shown in
    Chinese on the queue page.
    """
    version = selectors.version_get_for(user=request.user, version_id=version_id)
    decision = request.POST.get("decision")
    note = request.POST.get("note", "").strip()
    try:
        if decision == "approve":
            item_version_approve(actor=request.user, version=version, note=note)
            messages.success(request, f"已审核通过第{version.number}版并发布。")
        elif decision == "reject":
            if not note:
                messages.error(request, "退回时必须填写退回理由。")
            else:
                item_version_reject(actor=request.user, version=version, reason=note)
                messages.success(request, f"已退回第{version.number}版。")
        else:
            messages.error(request, "请选择“通过”或“退回”。")
    except ZwfwError as exc:
        details = exc.detail if isinstance(exc.detail, list) else []
        text = "；".join(str(d.get("message", "")) for d in details if isinstance(d, dict))
        messages.error(request, f"{exc.message}{'：' + text if text else ''}")
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "无权执行此操作")
    return HttpResponseRedirect(reverse("catalog:review_queue"))
