"""Buying an intermediary service: announcement → selection → contract → delivery → acceptance
→ rating.

Selection (``purchase_select``), among the **eligible** listings only: same service item, listing
on sale, agency not blacklisted, at least one qualification valid today, fee standard within the
budget. ``random`` draws one of them with ``random.Random(seed)`` over the sorted candidate ids;
the seed (63 bits from ``secrets`` unless given) and the candidates are recorded, so
:func:`draw` recomputes the same choice. ``compare`` (比选) and ``direct`` (直接选取) take the
owner's choice, which must be eligible too, with a reason. A blacklisted agency can never be
selected, whatever the method.

The contract's due date is the listing's time limit in working days (core's calendar) from
signing; a delivery after it is 逾期. At acceptance the owner records the fee actually charged; a
fee above the listing's published standard raises the 乱收费 flag for the supervisor.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from zwfw.core.models import Role, User
from zwfw.core.permissions import effective_role, require
from zwfw.core.selectors.calendar import add_workdays
from zwfw.core.services.audit import audit_log_write
from zwfw.core.services.notifications import notification_create
from zwfw.intermediaries import permissions as perms
from zwfw.intermediaries.draw import draw
from zwfw.intermediaries.errors import IntermediaryError, IntermediaryErrorCode
from zwfw.intermediaries.models import (
    Agency,
    AgencyStatus,
    Contract,
    Listing,
    Practitioner,
    Purchase,
    PurchaseStatus,
    Rating,
    SelectionMethod,
)
from zwfw.intermediaries.services._base import bad, fen, text, today


def eligible_listings(*, service_item: str, budget_fen: int) -> QuerySet[Listing]:
    """Listings that may be selected for this service item and budget (module docstring)."""
    return (
        Listing.objects.filter(
            is_active=True,
            service_item=service_item,
            agency__status=AgencyStatus.ACTIVE,
            agency__qualifications__valid_until__gte=today(),
            fee_standard_fen__lte=budget_fen,
        )
        .select_related("agency")
        .distinct()
        .order_by("id")
    )


def _owner(actor: User, purchase: Purchase) -> None:
    if effective_role(actor) != Role.PLATFORM_ADMIN.value and purchase.owner_id != getattr(actor, "pk", None):
        raise bad("项目业主", "只有本项目业主可以操作", "owner")


def _state(purchase: Purchase, expected: str, action: str) -> None:
    if purchase.status != expected:
        raise IntermediaryError(IntermediaryErrorCode.STATE, status=purchase.get_status_display(), action=action)


@transaction.atomic
def purchase_publish(*, actor: User, title: str, service_item: str, budget_fen: int, method: str) -> Purchase:
    """采购公告 by an enterprise or a department (its admin) as project owner."""
    require(actor, perms.PURCHASE)
    if method not in SelectionMethod.values:
        raise bad("选取方式", "可选 random（随机抽取）、compare（比选）、direct（直接选取）", "method")
    owner_name = (
        actor.department.name
        if effective_role(actor) == Role.DEPT_ADMIN.value and actor.department is not None
        else actor.display_name
    )
    purchase = Purchase.objects.create(
        owner=actor,
        owner_name=owner_name or actor.username,
        title=text(title, "项目名称", "title", max_length=200),
        service_item=text(service_item, "服务事项", "service_item", max_length=200),
        budget_fen=fen(budget_fen, "预算", "budget_fen"),
        method=method,
    )
    audit_log_write(
        actor=actor,
        action="zwfw.intermediaries.purchase.published",
        obj=purchase,
        after={"title": purchase.title, "method": method, "budget_fen": purchase.budget_fen},
    )
    return purchase


@transaction.atomic
def purchase_select(
    *, actor: User, purchase: Purchase, listing: Listing | None = None, reason: str = "", seed: int | None = None
) -> Purchase:
    """Select the agency (module docstring). The loser of two concurrent selections gets 409."""
    require(actor, perms.PURCHASE)
    purchase = Purchase.objects.select_for_update().get(pk=purchase.pk)
    _owner(actor, purchase)
    _state(purchase, PurchaseStatus.OPEN, "选取中介机构")
    candidates = list(
        eligible_listings(service_item=purchase.service_item, budget_fen=purchase.budget_fen).values_list(
            "id", flat=True
        )
    )
    if not candidates:
        raise IntermediaryError(IntermediaryErrorCode.NO_CANDIDATES)
    if purchase.method == SelectionMethod.RANDOM:
        seed = secrets.randbits(63) if seed is None else int(seed)
        chosen_id = draw(candidates, seed=seed)
        reason = "随机抽取"
    else:
        if listing is None:
            raise bad("选定服务", "比选或直接选取须指定服务", "listing")
        if listing.pk not in candidates:
            blacklisted = Agency.objects.filter(pk=listing.agency_id, status=AgencyStatus.BLACKLISTED).exists()
            why = "该机构已列入黑名单" if blacklisted else "不符合条件（事项、资质、收费标准或上架状态）"
            raise IntermediaryError(IntermediaryErrorCode.NOT_ELIGIBLE, detail={"listing": listing.pk}, reason=why)
        reason = text(reason, "选取理由", "reason", max_length=500)
        chosen_id, seed = listing.pk, None
    purchase.candidates = candidates
    purchase.seed = seed
    purchase.selected_id = chosen_id
    purchase.selection_reason = reason
    purchase.status = PurchaseStatus.SELECTED
    purchase.selected_at = timezone.now()
    purchase.save(update_fields=["candidates", "seed", "selected", "selection_reason", "status", "selected_at"])
    chosen = Listing.objects.select_related("agency").get(pk=chosen_id)
    audit_log_write(
        actor=actor,
        action="zwfw.intermediaries.purchase.selected",
        obj=purchase,
        after={
            "method": purchase.method,
            "seed": None if seed is None else str(seed),
            "candidates": candidates,
            "listing": chosen_id,
        },
    )
    if chosen.agency.account_id:
        notification_create(
            recipient=chosen.agency.account,
            subject=f"中选通知：{purchase.title}"[:200],
            body=f"贵机构的服务“{chosen.service_item}”被项目业主{purchase.owner_name}选定（{purchase.get_method_display()}），请及时签约。",
            event="zwfw.intermediaries.purchase.selected",
            link="/intermediaries/agency/",
        )
    return purchase


@transaction.atomic
def contract_sign(
    *, actor: User, purchase: Purchase, fee_fen: int, practitioner: Practitioner | None = None
) -> Contract:
    """Sign the contract with the selected agency; the fee may not exceed the fee standard."""
    require(actor, perms.PURCHASE)
    purchase = Purchase.objects.select_for_update(of=("self",)).select_related("selected__agency").get(pk=purchase.pk)
    _owner(actor, purchase)
    _state(purchase, PurchaseStatus.SELECTED, "签约")
    listing = purchase.selected
    assert listing is not None, "purchase_select sets `selected` with the SELECTED status checked just above"
    fee_fen = fen(fee_fen, "合同金额", "fee_fen")
    if fee_fen > listing.fee_standard_fen:
        raise bad("合同金额", f"不得超过公布的收费标准{listing.fee_standard_fen / 100:.2f}元", "fee_fen")
    if practitioner is not None and practitioner.agency_id != listing.agency_id:
        raise bad("从业人员", "不属于中选机构", "practitioner")
    contract = Contract.objects.create(
        purchase=purchase,
        agency=listing.agency,
        listing=listing,
        practitioner=practitioner,
        fee_fen=fee_fen,
        signed_at=timezone.now(),
        due_date=add_workdays(today(), listing.time_limit_days),
    )
    purchase.status = PurchaseStatus.CONTRACTED
    purchase.save(update_fields=["status"])
    audit_log_write(
        actor=actor,
        action="zwfw.intermediaries.contract.signed",
        obj=contract,
        after={"fee_fen": fee_fen, "due_date": contract.due_date},
    )
    return contract


@transaction.atomic
def contract_deliver(*, actor: User, contract: Contract, note: str = "") -> Contract:
    """The agency delivers; after the due date it counts as 逾期 (lowers the agency's grade)."""
    require(actor, perms.AGENCY_RUN)
    contract = Contract.objects.select_for_update().select_related("agency", "purchase").get(pk=contract.pk)
    if effective_role(actor) != Role.PLATFORM_ADMIN.value and contract.agency.account_id != actor.pk:
        raise bad("中介机构", "只有中选机构可以交付", "agency")
    _state(contract.purchase, PurchaseStatus.CONTRACTED, "交付")
    contract.delivered_at = timezone.now()
    contract.delivered_late = today() > contract.due_date
    contract.delivery_note = text(note, "交付说明", "note", max_length=500, required=False)
    contract.save(update_fields=["delivered_at", "delivered_late", "delivery_note"])
    Purchase.objects.filter(pk=contract.purchase_id).update(status=PurchaseStatus.DELIVERED)
    audit_log_write(
        actor=actor,
        action="zwfw.intermediaries.contract.delivered",
        obj=contract,
        after={"late": contract.delivered_late, "due_date": contract.due_date},
    )
    return contract


@transaction.atomic
def contract_accept(*, actor: User, contract: Contract, charged_fee_fen: int) -> Contract:
    """验收 with the fee actually charged; above the published standard → 乱收费 flag."""
    require(actor, perms.PURCHASE)
    contract = Contract.objects.select_for_update().select_related("purchase", "listing").get(pk=contract.pk)
    _owner(actor, contract.purchase)
    _state(contract.purchase, PurchaseStatus.DELIVERED, "验收")
    contract.charged_fee_fen = fen(charged_fee_fen, "实际收费", "charged_fee_fen")
    contract.fee_flag = contract.charged_fee_fen > contract.listing.fee_standard_fen
    contract.accepted_at = timezone.now()
    contract.save(update_fields=["charged_fee_fen", "fee_flag", "accepted_at"])
    Purchase.objects.filter(pk=contract.purchase_id).update(status=PurchaseStatus.ACCEPTED)
    audit_log_write(
        actor=actor,
        action="zwfw.intermediaries.contract.accepted",
        obj=contract,
        after={
            "charged_fee_fen": contract.charged_fee_fen,
            "fee_standard_fen": contract.listing.fee_standard_fen,
            "fee_flag": contract.fee_flag,
        },
    )
    return contract


@transaction.atomic
def contract_rate(*, actor: User, contract: Contract, score: int, comment: str = "") -> Rating:
    """The owner rates the service once, after acceptance (1–5)."""
    require(actor, perms.PURCHASE)
    contract = Contract.objects.select_for_update().select_related("purchase").get(pk=contract.pk)
    _owner(actor, contract.purchase)
    _state(contract.purchase, PurchaseStatus.ACCEPTED, "评价")
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise bad("评分", "应为1至5分", "score")
    if Rating.objects.filter(contract=contract).exists():
        raise IntermediaryError(IntermediaryErrorCode.ALREADY_DONE, what="评价")
    rating = Rating.objects.create(
        contract=contract, score=score, comment=text(comment, "评价", "comment", max_length=500, required=False)
    )
    audit_log_write(actor=actor, action="zwfw.intermediaries.contract.rated", obj=rating, after={"score": score})
    return rating
