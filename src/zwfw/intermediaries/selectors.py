"""Every read of the 中介服务网上超市.

Public: listings on sale, agencies with their grade, open announcements (no personal data:
practitioners are shown by masked name only). Owners see their own purchases; an agency's
account sees its agency and its contracts; supervisors see everything (乱收费 flags, violations).
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from zwfw.core.models import Role
from zwfw.core.permissions import can, effective_role
from zwfw.intermediaries import permissions as perms
from zwfw.intermediaries.credit import AgencyGrade, grade_compute
from zwfw.intermediaries.draw import draw
from zwfw.intermediaries.models import (
    Agency,
    AgencyStatus,
    Contract,
    Listing,
    Practitioner,
    Purchase,
    PurchaseStatus,
    Rating,
    Violation,
)


def listing_list(*, service_item: str | None = None) -> QuerySet[Listing]:
    qs = Listing.objects.filter(is_active=True, agency__status=AgencyStatus.ACTIVE).select_related("agency")
    if service_item:
        qs = qs.filter(service_item__icontains=service_item)
    return qs.order_by("service_item", "fee_standard_fen", "id")


def listing_get(*, listing_id: int) -> Listing:
    """Any listing by id (also one off sale or of a blacklisted agency: the service says why it
    cannot be selected)."""
    listing = Listing.objects.select_related("agency").filter(pk=listing_id).first()
    if listing is None:
        raise Http404
    return listing


def agency_list() -> QuerySet[Agency]:
    return Agency.objects.prefetch_related("qualifications").order_by("name", "id")


def agency_get(*, agency_id: int) -> Agency:
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        raise Http404
    return agency


def agency_for_account(*, user) -> Agency | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Agency.objects.filter(account=user).first()


def agency_grades(agency_ids) -> dict[int, AgencyGrade]:
    """Grades of many agencies in three queries (ratings, overdue deliveries, violations)."""
    ids = list(agency_ids)
    ratings: dict[int, list[int]] = defaultdict(list)
    for agency_id, score in Rating.objects.filter(contract__agency_id__in=ids).values_list(
        "contract__agency_id", "score"
    ):
        ratings[agency_id].append(score)
    overdue: dict[int, int] = defaultdict(int)
    for agency_id in Contract.objects.filter(agency_id__in=ids, delivered_late=True).values_list(
        "agency_id", flat=True
    ):
        overdue[agency_id] += 1
    violations: dict[int, int] = defaultdict(int)
    for agency_id in Violation.objects.filter(agency_id__in=ids).values_list("agency_id", flat=True):
        violations[agency_id] += 1
    blacklisted = set(Agency.objects.filter(pk__in=ids, status=AgencyStatus.BLACKLISTED).values_list("pk", flat=True))
    on = timezone.localdate()
    return {
        i: grade_compute(
            ratings=ratings[i], overdue=overdue[i], violations=violations[i], blacklisted=i in blacklisted, on=on
        )
        for i in ids
    }


def agency_grade(agency: Agency) -> AgencyGrade:
    return agency_grades([agency.pk])[agency.pk]


def practitioner_grade(practitioner: Practitioner) -> AgencyGrade:
    """A practitioner's grade from the contracts he or she led and violations naming him or her."""
    contracts = Contract.objects.filter(practitioner=practitioner)
    ratings = list(Rating.objects.filter(contract__in=contracts).values_list("score", flat=True))
    return grade_compute(
        ratings=ratings,
        overdue=contracts.filter(delivered_late=True).count(),
        violations=Violation.objects.filter(practitioner=practitioner).count(),
        blacklisted=False,
        on=timezone.localdate(),
    )


def open_purchase_list() -> QuerySet[Purchase]:
    return Purchase.objects.filter(status=PurchaseStatus.OPEN).order_by("-created_at")


def purchase_list_for(*, user) -> QuerySet[Purchase]:
    qs = Purchase.objects.select_related("selected__agency")
    if effective_role(user) == Role.PLATFORM_ADMIN.value or can(user, perms.SUPERVISE):
        return qs
    if not can(user, perms.PURCHASE):
        return qs.none()
    return qs.filter(owner=user)


def purchase_get_for(*, user, purchase_id: int) -> Purchase:
    purchase = purchase_list_for(user=user).filter(pk=purchase_id).first()
    if purchase is None:
        raise Http404
    return purchase


def purchase_redraw(purchase: Purchase) -> int | None:
    """Recompute a random draw from its recorded candidates and seed."""
    if purchase.seed is None or not purchase.candidates:
        return None
    return draw(purchase.candidates, seed=purchase.seed)


def contract_of(purchase: Purchase) -> Contract | None:
    return Contract.objects.filter(purchase=purchase).select_related("agency", "listing").first()


def contracts_for_agency(*, user) -> QuerySet[Contract]:
    agency = agency_for_account(user=user)
    if agency is None:
        return Contract.objects.none()
    return Contract.objects.filter(agency=agency).select_related("purchase", "listing")


def contract_get_for_agency(*, user, contract_id: int) -> Contract:
    contract = contracts_for_agency(user=user).filter(pk=contract_id).first()
    if contract is None:
        raise Http404
    return contract


def fee_flag_list(*, user) -> QuerySet[Contract]:
    """乱收费 flags: accepted contracts charged above the published fee standard."""
    if not can(user, perms.SUPERVISE):
        return Contract.objects.none()
    return (
        Contract.objects.filter(fee_flag=True).select_related("agency", "listing", "purchase").order_by("-accepted_at")
    )


def violation_list(*, user) -> QuerySet[Violation]:
    if not can(user, perms.SUPERVISE):
        return Violation.objects.none()
    return Violation.objects.select_related("agency").order_by("-created_at")
