"""Every read of the trading app, scoped to the caller.

Scope: platform admins see everything; trading supervisors the projects of their region subtree
(:func:`zwfw.core.selectors.scope.region_scope_q`); enterprises the projects they tender or act
as agent for, and the sections they bid in; experts the sections of the committees they sit on.
Objects out of scope are 404, like missing ones.

Prices: :func:`section_bids_for` refuses, for every role, before the section is opened; before
that the price column is ciphertext anyway (:mod:`zwfw.trading.sealing`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from itertools import combinations
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from zwfw.core.models import Role, User
from zwfw.core.permissions import can
from zwfw.core.selectors.scope import region_scope_q

from . import permissions as perms
from .errors import TradingError, TradingErrorCode
from .models import (
    Bid,
    BidDocument,
    BidStatus,
    Category,
    Deposit,
    DepositKind,
    DrawMember,
    ExpertDraw,
    Project,
    RedFlag,
    Section,
    SectionStatus,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _Flagged(TypedDict):
    n_flags: int


def _role(user) -> str:
    if getattr(user, "is_superuser", False):
        return Role.PLATFORM_ADMIN
    return getattr(user, "role", "")


def _section_scope(user) -> Q:
    role = _role(user)
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if role in (Role.PLATFORM_ADMIN, Role.TRADING_SUPERVISOR):
        return region_scope_q(user, "project__region")
    if role == Role.ENTERPRISE:
        return Q(project__tenderee=user) | Q(project__agent=user) | Q(bids__bidder=user)
    if role == Role.BID_EXPERT:
        return Q(draws__members__expert__user=user, draws__members__reserve=False)
    return Q(pk__in=[])


def project_list_for(*, user) -> QuerySet[Project]:
    role = _role(user)
    qs = Project.objects.select_related("region", "tenderee", "agent")
    if role in (Role.PLATFORM_ADMIN, Role.TRADING_SUPERVISOR):
        return qs.filter(region_scope_q(user, "region"))
    if role == Role.ENTERPRISE:
        return qs.filter(Q(tenderee=user) | Q(agent=user) | Q(sections__bids__bidder=user)).distinct()
    return qs.none()


def project_get_for(*, user, project_id: int) -> Project:
    project = project_list_for(user=user).filter(pk=project_id).first()
    if project is None:
        raise Http404("对象不存在或无权查看")
    return project


def section_list_for(*, user, status: str | None = None) -> QuerySet[Section]:
    qs = Section.objects.filter(_section_scope(user)).distinct().select_related("project__region")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("opening_at", "id")


def section_get_for(*, user, section_id: int) -> Section:
    section = section_list_for(user=user).filter(pk=section_id).first()
    if section is None:
        raise Http404("对象不存在或无权查看")
    return section


def section_bids_for(*, user, section: Section) -> list[dict]:
    """Opened bids with prices (the opening record). Before the opening: ``NOT_YET_OPEN`` for all.

    Enterprises that bid see the opening record (开标记录 is public to bidders); experts of a
    blind review see anonymous codes only (:func:`blind_bids_for`), never names.
    """
    if section.opened_at is None or section.status == SectionStatus.BIDDING:
        raise TradingError(
            TradingErrorCode.NOT_YET_OPEN,
            opening_at=timezone.localtime(section.opening_at).strftime("%Y-%m-%d %H:%M"),
        )
    if _role(user) == Role.BID_EXPERT and section.blind_review:
        raise Http404("暗标盲评：请按编码查看")
    bids = Bid.objects.filter(section=section, status=BidStatus.OPENED).order_by("price_fen", "id")
    return [
        {
            "id": b.pk,
            "bidder_name": b.bidder_name,
            "bidder_uscc": b.bidder_uscc,
            "price_fen": b.price_fen,
            "anonymous_code": b.anonymous_code,
        }
        for b in bids
    ]


def sealed_bid_count(*, section: Section) -> int:
    """How many bids are sealed in a section: the only figure anyone sees before the opening."""
    return Bid.objects.filter(section=section, status=BidStatus.SEALED).count()


def own_bids_for(*, user) -> QuerySet[Bid]:
    """An enterprise's own bids (price hidden in the output until the opening: see schemas)."""
    return Bid.objects.filter(bidder=user).select_related("section__project").order_by("-submitted_at")


def blind_bids_for(*, user, section: Section) -> list[dict]:
    """暗标盲评: the opened bids as anonymous codes with their technical documents' hashes."""
    if not DrawMember.objects.filter(draw__section=section, expert__user=user, reserve=False).exists() and not can(
        user, perms.RISK_VIEW
    ):
        raise TradingError(TradingErrorCode.NOT_A_MEMBER)
    if section.status == SectionStatus.BIDDING:
        raise TradingError(
            TradingErrorCode.NOT_YET_OPEN,
            opening_at=timezone.localtime(section.opening_at).strftime("%Y-%m-%d %H:%M"),
        )
    docs = BidDocument.objects.filter(bid__section=section, bid__status=BidStatus.OPENED, kind="technical")
    by_bid: dict[int, list[dict]] = {}
    for d in docs:
        by_bid.setdefault(d.bid_id, []).append({"sha256": d.sha256, "size": d.size})
    bids = Bid.objects.filter(section=section, status=BidStatus.OPENED).order_by("anonymous_code")
    scores = {}
    member = DrawMember.objects.filter(draw__section=section, expert__user=user, reserve=False).first()
    if member:
        scores = {s.bid_id: s for s in member.scores.all()}
    return [
        {"code": b.anonymous_code, "technical_documents": by_bid.get(b.pk, []), "score": scores.get(b.pk)} for b in bids
    ]


def expert_sections_for(*, user) -> QuerySet[Section]:
    """Sections waiting for this expert's scores (committee member, section opened)."""
    return section_list_for(user=user, status=SectionStatus.OPENED)


def expert_queue_count(*, user) -> int:
    return expert_sections_for(user=user).count()


def risk_queue_for(*, user, minimum: float = 0.0) -> QuerySet[WithAnnotations[Section, _Flagged]]:
    # WithAnnotations: the rows carry n_flags (Count of red flags), which callers filter and show
    """The supervisor's queue: screened sections in scope, highest risk first."""
    if not can(user, perms.RISK_VIEW):
        return Section.objects.none().annotate(n_flags=Count("red_flags"))
    return (
        Section.objects.filter(
            region_scope_q(user, "project__region"), screened_at__isnull=False, risk_score__gt=minimum
        )
        .select_related("project__region")
        .annotate(n_flags=Count("red_flags"))
        .order_by("-risk_score", "-opened_at", "id")
    )


def risk_queue_count(*, user) -> int:
    return risk_queue_for(user=user).filter(n_flags__gt=0).count()


def red_flags_for(*, user, section: Section) -> QuerySet[RedFlag]:
    if not can(user, perms.RISK_VIEW):
        raise Http404("对象不存在或无权查看")
    return section.red_flags.all()


def cobidding_network_for(*, user, section: Section, limit: int = 12) -> dict:
    """The co-bidding picture of a section: its bidders plus their most frequent co-bidders.

    Nodes: bidders (``in_section`` for this section's), with their bids and wins over all opened
    sections in scope; edges: pairs that met, with how often. Read from three columns of the
    opened bids, counted in Python over at most the section's bidders' tenders.
    """
    if not can(user, perms.RISK_VIEW):
        raise Http404("对象不存在或无权查看")
    bidders = set(Bid.objects.filter(section=section).values_list("bidder_uscc", flat=True))
    rows = list(
        Bid.objects.filter(
            region_scope_q(user, "section__project__region"),
            status=BidStatus.OPENED,
            section__bids__bidder_uscc__in=bidders,
        )
        .distinct()
        .values_list("section_id", "bidder_uscc", "bidder_name", "price_fen")
    )
    by_section: dict[int, list[tuple[str, int]]] = {}
    names: dict[str, str] = {}
    for sid, uscc, name, price in rows:
        assert price is not None, "an opened bid carries the price decrypted at the opening"
        by_section.setdefault(sid, []).append((uscc, price))
        names[uscc] = name
    bids: Counter[str] = Counter()
    wins: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for members in by_section.values():
        members.sort(key=lambda m: m[1])
        wins[members[0][0]] += 1
        for uscc, _ in members:
            bids[uscc] += 1
        for a, b in combinations(sorted({m[0] for m in members}), 2):
            if a in bidders or b in bidders:
                pairs[(a, b)] += 1
    keep = set(bidders)
    for (a, b), _ in pairs.most_common():
        if len(keep) >= len(bidders) + limit:
            break
        keep.update((a, b))
    nodes = [
        {"id": u, "name": names.get(u, u), "bids": bids[u], "wins": wins[u], "in_section": u in bidders}
        for u in sorted(keep)
    ]
    edges = [{"a": a, "b": b, "meetings": n} for (a, b), n in pairs.items() if a in keep and b in keep]
    return {"nodes": nodes, "edges": edges}


def electronic_rate_by_category(*, user) -> list[dict]:
    """全流程电子化率 per category: share of projects in scope run fully electronically."""
    rows = (
        project_list_for(user=user)
        .values("category")
        .annotate(
            projects=Count("id", distinct=True), electronic=Count("id", filter=Q(fully_electronic=True), distinct=True)
        )
        .order_by("category")
    )
    labels = dict(Category.choices)
    return [
        {
            "category": r["category"],
            "label": str(labels.get(r["category"], r["category"])),
            "projects": r["projects"],
            "electronic": r["electronic"],
            "rate": round(r["electronic"] / r["projects"], 4) if r["projects"] else 0.0,
        }
        for r in rows
    ]


def deposits_for(*, user) -> QuerySet[Deposit]:
    role = _role(user)
    qs = Deposit.objects.select_related("bid__section__project__region")
    if role in (Role.PLATFORM_ADMIN, Role.TRADING_SUPERVISOR):
        return qs.filter(region_scope_q(user, "bid__section__project__region"))
    if role == Role.ENTERPRISE:
        return qs.filter(bid__bidder=user)
    return qs.none()


def deposit_figures_for(*, user, today: dt.date | None = None) -> dict:
    """沉淀资金: cash deposits held (not refunded), of which overdue; guarantees in place of cash."""
    today = today or timezone.localdate()
    qs = deposits_for(user=user)
    held = qs.filter(kind=DepositKind.CASH, refunded_at__isnull=True)
    overdue = held.filter(refund_due__lt=today)
    guarantees = qs.filter(kind=DepositKind.GUARANTEE)
    return {
        "held_fen": held.aggregate(s=Sum("amount_fen"))["s"] or 0,
        "held_count": held.count(),
        "overdue_fen": overdue.aggregate(s=Sum("amount_fen"))["s"] or 0,
        "overdue_count": overdue.count(),
        "guarantee_fen": guarantees.aggregate(s=Sum("amount_fen"))["s"] or 0,
        "guarantee_count": guarantees.count(),
    }


def draws_for(*, user, section: Section) -> QuerySet[ExpertDraw]:
    """Draws of a section with members; expert names are for supervisors only (art. 37: secret)."""
    if not can(user, perms.DRAW):
        raise Http404("对象不存在或无权查看")
    return section.draws.prefetch_related("members__expert")


def section_list_operator(*, section_ids: list[int] | None = None) -> QuerySet[Section]:
    """Operator commands on the server (unscoped on purpose): all sections, or the given ones."""
    qs = Section.objects.select_related("project__tenderee", "project__agent", "project__region", "awarded_bid")
    if section_ids:
        qs = qs.filter(pk__in=section_ids)
    return qs.order_by("id")


def section_for_bidding(*, section_id: int) -> Section:
    """A section open to bids (public tender: any enterprise may bid), else 404."""
    section = (
        Section.objects.filter(pk=section_id, status=SectionStatus.BIDDING).select_related("project__region").first()
    )
    if section is None:
        raise Http404("标段不存在或不在投标期")
    return section


def sections_open_for_bidding() -> QuerySet[Section]:
    """Sections in their bidding period (招标公告 is public), deadline soonest first."""
    return (
        Section.objects.filter(status=SectionStatus.BIDDING, bid_deadline__gt=timezone.now())
        .select_related("project__region")
        .order_by("bid_deadline", "id")
    )


def enterprise_by_uscc(*, uscc: str) -> User:
    """The enterprise account with this USCC (招标代理 named by a project), else 422."""
    user = User.objects.filter(role=Role.ENTERPRISE, uscc=uscc.strip().upper(), is_active=True).first()
    if user is None:
        raise TradingError(TradingErrorCode.NOT_ENTERPRISE, who=f"统一社会信用代码为 {uscc} 的招标代理")
    return user
