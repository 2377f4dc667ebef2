"""中介服务网上超市 pages: the market (public), my agency, my purchases (project owner), and the
supervisor's page (乱收费 flags, violations, blacklist). Thin: parse, one service, render."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from zwfw.core.identifiers import mask_name
from zwfw.core.page_actions import run_action
from zwfw.core.permissions import action_required
from zwfw.intermediaries import permissions as perms
from zwfw.intermediaries import selectors, services
from zwfw.intermediaries.models import SelectionMethod, ViolationKind
from zwfw.intermediaries.services._base import bad
from zwfw.intermediaries.services.purchases import eligible_listings

LIMIT = 200


def _fen(value: str, field: str, key: str) -> int:
    """Yuan as typed (``1234.56``) → integer fen; never through float."""
    try:
        amount = Decimal((value or "").strip().replace(",", ""))
    except InvalidOperation:
        raise bad(field, "请填写金额（元），例如 1200.00", key) from None
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise bad(field, "金额不能为负，最多两位小数", key)
    return int(amount * 100)


def _date(value: str, field: str, key: str) -> dt.date:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        raise bad(field, "格式应为 YYYY-MM-DD", key) from None


def _int(value, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@require_GET
def market(request: HttpRequest) -> HttpResponse:
    q = (request.GET.get("q") or "").strip()[:100]
    listings = list(selectors.listing_list(service_item=q or None)[:LIMIT])
    agencies = list(selectors.agency_list()[:LIMIT])
    grades = selectors.agency_grades({a.pk for a in agencies} | {li.agency_id for li in listings})
    ctx = {
        "q": q,
        "listings": [(li, grades[li.agency_id]) for li in listings],
        "agencies": [(a, grades[a.pk]) for a in agencies],
        "purchases": list(selectors.open_purchase_list()[:50]),
    }
    return render(request, "intermediaries/market.html", ctx)


# ---- my agency -----------------------------------------------------------------------------


def _agency(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    agency = selectors.agency_for_account(user=request.user)
    ctx = {"agency": agency, "error": error}
    if agency is not None:
        ctx.update(
            grade=selectors.agency_grade(agency),
            qualifications=list(agency.qualifications.all()),
            practitioners=[(p, mask_name(p.name)) for p in agency.practitioners.all()],
            listings=list(agency.listings.all()),
            contracts=list(selectors.contracts_for_agency(user=request.user)[:LIMIT]),
        )
    return render(request, "intermediaries/agency.html", ctx, status=status)


@action_required(perms.AGENCY_RUN)
def agency(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _agency(request)
    p, here = request.POST, reverse("intermediaries:agency")
    own = selectors.agency_for_account(user=request.user)
    form = p.get("form", "")

    def act() -> str:
        if own is None or form == "register":
            services.agency_register(actor=request.user, name=p.get("name", ""))
            return "已入驻中介服务网上超市"
        if form == "qualification":
            services.qualification_add(
                actor=request.user,
                agency=own,
                name=p.get("name", ""),
                number=p.get("number", ""),
                valid_until=_date(p.get("valid_until", ""), "有效期", "valid_until"),
            )
            return "已添加资质"
        if form == "practitioner":
            services.practitioner_add(
                actor=request.user,
                agency=own,
                name=p.get("name", ""),
                id_number=p.get("id_number", ""),
                qualification=p.get("qualification", ""),
                certificate_number=p.get("certificate_number", ""),
                valid_until=_date(p.get("valid_until", ""), "证书有效期", "valid_until"),
            )
            return "已添加从业人员"
        if form == "listing":
            services.listing_publish(
                actor=request.user,
                agency=own,
                service_item=p.get("service_item", ""),
                conditions=p.get("conditions", ""),
                process=p.get("process", ""),
                time_limit_days=_int(p.get("time_limit_days"), 0),
                fee_standard_fen=_fen(p.get("fee_standard", ""), "收费标准", "fee_standard"),
                fee_basis=p.get("fee_basis", ""),
            )
            return "服务已上架"
        raise bad("表单", "未知操作", "form")

    return run_action(request, act, lambda m, s: _agency(request, error=m, status=s), here)


@require_POST
@action_required(perms.AGENCY_RUN)
def deliver(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = selectors.contract_get_for_agency(user=request.user, contract_id=contract_id)

    def act() -> str:
        done = services.contract_deliver(actor=request.user, contract=contract, note=request.POST.get("note", ""))
        return "已交付（逾期）" if done.delivered_late else "已交付"

    return run_action(request, act, lambda m, s: _agency(request, error=m, status=s), reverse("intermediaries:agency"))


# ---- purchases (project owner) ----------------------------------------------------------------


def _purchases(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    ctx = {
        "purchases": list(selectors.purchase_list_for(user=request.user)[:LIMIT]),
        "methods": SelectionMethod.choices,
        "error": error,
    }
    return render(request, "intermediaries/purchases.html", ctx, status=status)


@action_required(perms.PURCHASE)
def purchases(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _purchases(request)
    p = request.POST
    created = {}

    def act() -> str:
        created["p"] = services.purchase_publish(
            actor=request.user,
            title=p.get("title", ""),
            service_item=p.get("service_item", ""),
            budget_fen=_fen(p.get("budget", ""), "预算", "budget"),
            method=p.get("method", ""),
        )
        return "采购公告已发布"

    response = run_action(
        request, act, lambda m, s: _purchases(request, error=m, status=s), reverse("intermediaries:purchases")
    )
    if "p" in created:
        return redirect("intermediaries:purchase", purchase_id=created["p"].pk)
    return response


def _purchase(request: HttpRequest, purchase_id: int, *, error: str = "", status: int = 200) -> HttpResponse:
    purchase = selectors.purchase_get_for(user=request.user, purchase_id=purchase_id)
    candidates = list(eligible_listings(service_item=purchase.service_item, budget_fen=purchase.budget_fen)[:LIMIT])
    contract = selectors.contract_of(purchase)
    selected_grade = selectors.agency_grade(purchase.selected.agency) if purchase.selected_id else None
    grades = selectors.agency_grades({c.agency_id for c in candidates})
    ctx = {
        "purchase": purchase,
        "candidates": [(c, grades[c.agency_id]) for c in candidates],
        "contract": contract,
        "rating": getattr(contract, "rating", None) if contract else None,
        "selected_grade": selected_grade,
        "redraw_ok": purchase.seed is not None and selectors.purchase_redraw(purchase) == purchase.selected_id,
        "error": error,
    }
    return render(request, "intermediaries/purchase.html", ctx, status=status)


@require_GET
@action_required(perms.PURCHASE)
def purchase(request: HttpRequest, purchase_id: int) -> HttpResponse:
    return _purchase(request, purchase_id)


@require_POST
@action_required(perms.PURCHASE)
def purchase_action(request: HttpRequest, purchase_id: int, action: str) -> HttpResponse:
    purchase = selectors.purchase_get_for(user=request.user, purchase_id=purchase_id)
    p, here = request.POST, reverse("intermediaries:purchase", args=[purchase_id])

    def act() -> str:
        if action == "select":
            listing = None
            if p.get("listing"):
                listing = selectors.listing_get(listing_id=_int(p.get("listing")))
            done = services.purchase_select(
                actor=request.user, purchase=purchase, listing=listing, reason=p.get("reason", "")
            )
            return f"已选定：{done.selected.agency.name}"
        contract = selectors.contract_of(purchase)
        if action == "sign":
            services.contract_sign(
                actor=request.user, purchase=purchase, fee_fen=_fen(p.get("fee", ""), "合同金额", "fee")
            )
            return "合同已签订"
        if contract is None:
            raise bad("合同", "尚未签约", "contract")
        if action == "accept":
            done = services.contract_accept(
                actor=request.user,
                contract=contract,
                charged_fee_fen=_fen(p.get("charged_fee", ""), "实际收费", "charged_fee"),
            )
            return "已验收（实际收费超过公布标准，已提示监管部门）" if done.fee_flag else "已验收"
        if action == "rate":
            services.contract_rate(
                actor=request.user, contract=contract, score=_int(p.get("score"), 0), comment=p.get("comment", "")
            )
            return "评价已提交"
        raise bad("操作", "未知操作", "action")

    return run_action(request, act, lambda m, s: _purchase(request, purchase_id, error=m, status=s), here)


# ---- supervisor ---------------------------------------------------------------------------------


def _supervise(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    agencies = list(selectors.agency_list()[:LIMIT])
    grades = selectors.agency_grades([a.pk for a in agencies])
    ctx = {
        "agencies": [(a, grades[a.pk]) for a in agencies],
        "flags": list(selectors.fee_flag_list(user=request.user)[:LIMIT]),
        "violations": list(selectors.violation_list(user=request.user)[:50]),
        "kinds": ViolationKind.choices,
        "error": error,
    }
    return render(request, "intermediaries/supervise.html", ctx, status=status)


@action_required(perms.SUPERVISE)
def supervise(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _supervise(request)
    p = request.POST

    def act() -> str:
        agency_obj = selectors.agency_get(agency_id=_int(p.get("agency")))
        services.violation_record(
            actor=request.user,
            agency=agency_obj,
            kind=p.get("kind", ""),
            note=p.get("note", ""),
            blacklist=p.get("blacklist") == "1",
        )
        return "违规已记录" + ("，机构已列入黑名单" if p.get("blacklist") == "1" else "")

    return run_action(
        request, act, lambda m, s: _supervise(request, error=m, status=s), reverse("intermediaries:supervise")
    )
