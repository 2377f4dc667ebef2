"""The trading pages (Chinese, server-rendered). Thin: parse input, call a selector or service, render.

- 投标人 ``/trading/bidder/``: sections open for bids, one's own bids (sealed until opening), bid form;
- 招标人/代理 ``/trading/agent/``: one's projects and sections, 定标 among recommended candidates;
- 开标大厅 ``/trading/opening/`` and ``/trading/sections/<id>/``: sealed counts, the opening, the record;
- 评标 ``/trading/expert/`` and ``/trading/expert/<id>/``: blind codes and the scoring sheet;
- 预警 ``/trading/risk/`` and ``/trading/risk/<id>/``: the queue by risk score, flags with evidence and
  the co-bidding network picture.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from zwfw.core.errors import ZwfwError
from zwfw.core.permissions import action_required, can

from . import permissions as perms
from . import selectors
from .charts import network_svg
from .services import bids as bid_services
from .services import experts as expert_services
from .services.opening import section_open


def _yuan_to_fen(text: str) -> int | None:
    try:
        value = Decimal((text or "").replace(",", "").strip())
    except InvalidOperation:
        return None
    if value <= 0 or value != value.quantize(Decimal("0.01")):
        return None
    return int(value * 100)


def _refused(request: HttpRequest, message: str, status: int) -> int:
    """Tell the user why the POST was refused; the page renders again with ``status``."""
    messages.error(request, message)
    return status


@require_http_methods(["GET", "POST"])
@action_required(perms.BID_SUBMIT)
def bidder_home(request: HttpRequest) -> HttpResponse:
    """投标人: open sections and own bids; POST seals a bid (price in 元, uploaded documents)."""
    status = 200
    if request.method == "POST":
        files = [(kind, request.FILES[kind]) for kind in ("commercial", "technical") if kind in request.FILES]
        price = _yuan_to_fen(request.POST.get("price", ""))
        try:
            if price is None:
                raise ValueError("报价须为正数，最多两位小数（单位：元）")
            section = selectors.section_for_bidding(section_id=int(request.POST.get("section", "0") or 0))
            bid = bid_services.bid_submit(
                actor=request.user,
                section=section,
                price_fen=price,
                documents=[(k, f.name, f.read()) for k, f in files],
                doc_creator=request.POST.get("doc_creator", "")[:128],
                machine_code=request.POST.get("machine_code", "")[:128],
                client_mac=request.POST.get("client_mac", "")[:17],
                client_ip=request.META.get("REMOTE_ADDR"),
                bond_account=request.POST.get("bond_account", "")[:40],
                manager_id_number=request.POST.get("manager_id_number", "")[:18],
                deposit_fen=_yuan_to_fen(request.POST.get("deposit", "")) or 0,
            )
            messages.success(
                request, f"投标文件已加密密封（暗标编码 {bid.anonymous_code}），开标前任何人无法查看报价。"
            )
            return redirect("trading:bidder_home")
        except ZwfwError as exc:
            status = _refused(request, exc.message, exc.status)
        except ValueError as exc:
            status = _refused(request, str(exc), 422)
        except Exception as exc:  # Http404 for a closed section
            if exc.__class__.__name__ != "Http404":
                raise
            status = _refused(request, "标段不存在或已截止投标", 404)
    context = {
        "open_sections": selectors.sections_open_for_bidding()[:50],
        "bids": selectors.own_bids_for(user=request.user)[:100],
    }
    return render(request, "trading/bidder.html", context, status=status)


@require_http_methods(["GET", "POST"])
@action_required(perms.PROJECT_CREATE)
def agent_home(request: HttpRequest) -> HttpResponse:
    """招标人/招标代理: projects and sections; 定标 among the committee's candidates (评定分离)."""
    status = 200
    if request.method == "POST":
        try:
            section = selectors.section_get_for(user=request.user, section_id=int(request.POST.get("section", "0")))
            bid = section.bids.filter(pk=int(request.POST.get("bid", "0"))).first()
            if bid is None:
                raise ValueError("请选择中标候选人")
            expert_services.section_award(actor=request.user, section=section, bid=bid)
            messages.success(request, "已定标")
            return redirect("trading:agent_home")
        except ZwfwError as exc:
            status = _refused(request, exc.message, exc.status)
        except ValueError as exc:
            status = _refused(request, str(exc), 422)
    projects = selectors.project_list_for(user=request.user).prefetch_related("sections__bids")
    return render(request, "trading/agent.html", {"projects": projects}, status=status)


@action_required(perms.SECTION_OPEN)
def opening_list(request: HttpRequest) -> HttpResponse:
    sections = selectors.section_list_for(user=request.user)[:200]
    rows = [(s, selectors.sealed_bid_count(section=s)) for s in sections]
    return render(request, "trading/opening_list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@login_required
def section_detail(request: HttpRequest, section_id: int) -> HttpResponse:
    """开标大厅 of one section: sealed count before the opening, the opening record after it."""
    section = selectors.section_get_for(user=request.user, section_id=section_id)
    status = 200
    if request.method == "POST":
        try:
            section = section_open(actor=request.user, section=section)
            messages.success(request, "已开标，报价已解密并记录")
            return redirect("trading:section_detail", section_id=section.pk)
        except ZwfwError as exc:
            status = _refused(request, exc.message, exc.status)
        except PermissionDenied:
            status = _refused(request, "无权开标", 403)
    record, sealed_message = None, ""
    try:
        record = selectors.section_bids_for(user=request.user, section=section)
    except ZwfwError as exc:
        sealed_message = exc.message
    except Exception as exc:
        if exc.__class__.__name__ != "Http404":
            raise
        sealed_message = "暗标盲评：请在评标页面按编码查看"
    context = {
        "section": section,
        "sealed": selectors.sealed_bid_count(section=section),
        "record": record,
        "sealed_message": sealed_message,
        "can_open": can(request.user, perms.SECTION_OPEN),
    }
    return render(request, "trading/section.html", context, status=status)


@action_required(perms.RISK_VIEW)
def risk_queue(request: HttpRequest) -> HttpResponse:
    queue = selectors.risk_queue_for(user=request.user)[:200]
    return render(request, "trading/risk_queue.html", {"queue": queue})


@action_required(perms.RISK_VIEW)
def risk_detail(request: HttpRequest, section_id: int) -> HttpResponse:
    section = selectors.section_get_for(user=request.user, section_id=section_id)
    network = selectors.cobidding_network_for(user=request.user, section=section)
    context = {
        "section": section,
        "flags": selectors.red_flags_for(user=request.user, section=section),
        "record": selectors.section_bids_for(user=request.user, section=section) if section.opened_at else [],
        "network": network,
        "svg": network_svg(network),
    }
    return render(request, "trading/risk_detail.html", context)


@action_required(perms.SCORE)
def expert_home(request: HttpRequest) -> HttpResponse:
    return render(request, "trading/expert.html", {"sections": selectors.expert_sections_for(user=request.user)})


@require_http_methods(["GET", "POST"])
@action_required(perms.SCORE)
def expert_section(request: HttpRequest, section_id: int) -> HttpResponse:
    """暗标盲评 scoring sheet: bids by anonymous code only."""
    section = selectors.section_get_for(user=request.user, section_id=section_id)
    status = 200
    if request.method == "POST":
        try:
            expert_services.score_submit(
                actor=request.user,
                section=section,
                code=request.POST.get("code", "")[:12],
                technical=Decimal(request.POST.get("technical", "x")),
                commercial=Decimal(request.POST.get("commercial", "x")),
                comment=request.POST.get("comment", "")[:500],
            )
            messages.success(request, "评分已保存")
            return redirect("trading:expert_section", section_id=section.pk)
        except ZwfwError as exc:
            status = _refused(request, exc.message, exc.status)
        except InvalidOperation:
            status = _refused(request, "评分须为数字", 422)
    try:
        rows = selectors.blind_bids_for(user=request.user, section=section)
    except ZwfwError as exc:
        messages.error(request, exc.message)
        rows, status = [], exc.status
    return render(request, "trading/expert_section.html", {"section": section, "rows": rows}, status=status)
