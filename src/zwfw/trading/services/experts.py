"""The expert pool, random draws with 回避, blind scoring and 评定分离.

Draw (招标投标法实施条例 art. 46; 招标投标法 art. 37): the committee's experts are drawn at random
from the pool's experts of the section's specialty; nobody picks them. Before the draw the
service removes, with the reason recorded, every expert who must withdraw (回避):

- ``employer``: works for a bidder or for the 招标人 (an interest in a bidder / the owner's staff);
- ``relation``: a declared relation (former employer, joint project, relative's firm) with a
  bidder that is ongoing or ended less than :data:`RELATION_YEARS` years ago (recent joint work);
- ``local``: lives in the project's city when the draw asks for regional avoidance, or for
  远程异地评标 (remote evaluation draws experts from other cities).

The remaining experts, sorted by id, are permuted by NumPy's PCG64 seeded from SHA-256 of the
recorded seed; the first ``size`` form the committee, the next ``reserve_size`` the reserve list in
order. :func:`draw_replay` recomputes the permutation from the stored seed and eligible ids.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from decimal import Decimal

import numpy as np
from django.db import transaction
from django.db.models import Avg, Count, F
from django.utils import timezone

from zwfw.core.models import User
from zwfw.core.selectors.calendar import add_workdays
from zwfw.core.services.audit import audit_log_write
from zwfw.core.services.notifications import notification_create
from zwfw.core.types import Actor

from .. import permissions as perms
from ..errors import TradingError, TradingErrorCode
from ..models import (
    Bid,
    BidStatus,
    Deposit,
    DepositKind,
    DrawMember,
    Expert,
    ExpertConflict,
    ExpertDraw,
    ExpertStatus,
    Score,
    Section,
    SectionStatus,
)
from ._base import require_action

RELATION_YEARS = 3
MAX_TECHNICAL = Decimal("60")
MAX_COMMERCIAL = Decimal("40")
CANDIDATES = 3
REFUND_WORKDAYS = 5


def expert_create(
    *,
    actor: User,
    name: str,
    specialties: list[str],
    region,
    employer_uscc: str = "",
    employer_name: str = "",
    user=None,
) -> Expert:
    require_action(actor, perms.EXPERT_MANAGE)
    with transaction.atomic():
        expert = Expert.objects.create(
            name=name,
            specialties=list(specialties),
            region=region,
            employer_uscc=employer_uscc.upper(),
            employer_name=employer_name,
            user=user,
        )
        audit_log_write(
            actor=actor,
            action="zwfw.trading.expert.created",
            obj=expert,
            region_code=region.code,
            after={"specialties": specialties, "employer_uscc": employer_uscc},
        )
    return expert


def expert_conflict_add(
    *, actor: User, expert: Expert, party_uscc: str, kind: str, until: dt.date | None = None
) -> ExpertConflict:
    require_action(actor, perms.EXPERT_MANAGE)
    with transaction.atomic():
        conflict = ExpertConflict.objects.create(expert=expert, party_uscc=party_uscc.upper(), kind=kind, until=until)
        audit_log_write(
            actor=actor,
            action="zwfw.trading.expert.conflict_added",
            obj=expert,
            after={"party_uscc": party_uscc, "kind": kind, "until": until},
        )
    return conflict


def _city(code: str) -> str:
    return code[:4]


def _permutation(seed: str, n: int) -> list[int]:
    digest = hashlib.sha256(seed.encode()).digest()
    rng = np.random.Generator(np.random.PCG64(int.from_bytes(digest[:16], "big")))
    return [int(i) for i in rng.permutation(n)]


def draw_eligibility(*, section: Section, exclude_local: bool, remote: bool, today: dt.date) -> tuple[list[int], dict]:
    """(eligible expert ids sorted, {expert id: reason}) for ``section`` under the 回避 rules."""
    project = section.project
    parties = set(
        Bid.objects.filter(section=section).exclude(status=BidStatus.WITHDRAWN).values_list("bidder_uscc", flat=True)
    )
    owner = {project.tenderee.uscc.upper()} if project.tenderee.uscc else set()
    cutoff = today.replace(year=today.year - RELATION_YEARS)
    related = {
        expert_id: (party, kind)
        for expert_id, party, kind, until in ExpertConflict.objects.filter(party_uscc__in=parties).values_list(
            "expert_id", "party_uscc", "kind", "until"
        )
        if until is None or until >= cutoff
    }
    eligible, excluded = [], {}
    experts = Expert.objects.filter(status=ExpertStatus.ACTIVE).select_related("region").order_by("id")
    for expert in experts:
        if section.specialty not in expert.specialties:
            continue
        if expert.employer_uscc and expert.employer_uscc in parties:
            excluded[str(expert.pk)] = "回避：工作单位为投标人"
        elif expert.employer_uscc and expert.employer_uscc in owner:
            excluded[str(expert.pk)] = "回避：工作单位为招标人"
        elif expert.pk in related:
            party, kind = related[expert.pk]
            excluded[str(expert.pk)] = f"回避：近{RELATION_YEARS}年与投标人 {party} 有关联（{kind}）"
        elif (exclude_local or remote) and _city(expert.region.code) == _city(project.region.code):
            excluded[str(expert.pk)] = "回避：本地区专家" if exclude_local else "远程异地评标：须为外地专家"
        else:
            eligible.append(expert.pk)
    return eligible, excluded


def expert_draw(
    *,
    actor: User,
    section: Section,
    size: int = 5,
    reserve_size: int = 2,
    exclude_local: bool = False,
    remote: bool | None = None,
    seed: str | None = None,
    today: dt.date | None = None,
) -> ExpertDraw:
    """Draw a committee of ``size`` (odd, ≥ 5) plus a reserve list for ``section`` (see module doc)."""
    require_action(actor, perms.DRAW)
    if size < 5 or size % 2 == 0 or reserve_size < 0:
        raise TradingError(TradingErrorCode.BAD_COMMITTEE)
    today = today or timezone.localdate()
    seed = seed or secrets.token_hex(16)
    with transaction.atomic():
        section = (
            Section.objects.select_for_update()
            .select_related("project__region", "project__tenderee")
            .get(pk=section.pk)
        )
        remote = section.remote_evaluation if remote is None else remote
        eligible, excluded = draw_eligibility(section=section, exclude_local=exclude_local, remote=remote, today=today)
        if len(eligible) < size + reserve_size:
            raise TradingError(TradingErrorCode.NOT_ENOUGH_EXPERTS, eligible=len(eligible), needed=size + reserve_size)
        order = _permutation(seed, len(eligible))
        draw = ExpertDraw.objects.create(
            section=section,
            seed=seed,
            size=size,
            reserve_size=reserve_size,
            exclude_local=exclude_local,
            remote=remote,
            eligible_ids=eligible,
            excluded=excluded,
            drawn_by=actor,
        )
        chosen = [eligible[i] for i in order[: size + reserve_size]]
        DrawMember.objects.bulk_create(
            [DrawMember(draw=draw, expert_id=e, position=i + 1, reserve=i >= size) for i, e in enumerate(chosen)]
        )
        audit_log_write(
            actor=actor,
            action="zwfw.trading.experts.drawn",
            obj=draw,
            region_code=section.project.region.code,
            after={
                "section": section.pk,
                "seed": seed,
                "eligible": len(eligible),
                "excluded": excluded,
                "members": chosen[:size],
                "reserve": chosen[size:],
                "remote": remote,
            },
        )
        for expert in Expert.objects.filter(pk__in=chosen[:size], user__isnull=False).select_related("user"):
            notification_create(
                recipient=expert.user,
                subject="评标任务通知",
                body=f"您已被抽取为标段“{section.name}”的评标专家，请按时参加{'远程异地' if remote else ''}评标。",
                event="zwfw.trading.experts.drawn",
            )
    return draw


def draw_replay(draw: ExpertDraw) -> list[int]:
    """The committee and reserve (expert ids, in order) recomputed from the recorded seed."""
    order = _permutation(draw.seed, len(draw.eligible_ids))
    return [draw.eligible_ids[i] for i in order[: draw.size + draw.reserve_size]]


def _member_for(actor: Actor, section: Section) -> DrawMember:
    member = (
        DrawMember.objects.filter(draw__section=section, expert__user=actor, reserve=False)
        .order_by("-draw__drawn_at", "-draw_id")
        .first()
    )
    latest = section.draws.order_by("-drawn_at", "-id").first()
    if member is None or latest is None or member.draw_id != latest.pk:
        raise TradingError(TradingErrorCode.NOT_A_MEMBER)
    return member


def score_submit(
    *, actor: User, section: Section, code: str, technical: Decimal, commercial: Decimal, comment: str = ""
) -> Score:
    """An expert's score for the bid with anonymous ``code`` (暗标盲评: never by bidder name)."""
    require_action(actor, perms.SCORE)
    technical, commercial = Decimal(str(technical)), Decimal(str(commercial))
    if not (0 <= technical <= MAX_TECHNICAL):
        raise TradingError(TradingErrorCode.BAD_SCORE, maximum=MAX_TECHNICAL)
    if not (0 <= commercial <= MAX_COMMERCIAL):
        raise TradingError(TradingErrorCode.BAD_SCORE, maximum=MAX_COMMERCIAL)
    with transaction.atomic():
        section = Section.objects.select_for_update().select_related("project__region").get(pk=section.pk)
        member = _member_for(actor, section)
        if section.status != SectionStatus.OPENED:
            raise TradingError(TradingErrorCode.BAD_STATE, status=section.get_status_display(), action="评分")
        bid = Bid.objects.filter(section=section, anonymous_code=code, status=BidStatus.OPENED).first()
        if bid is None:
            raise TradingError(TradingErrorCode.BAD_DOCUMENT, reason=f"没有编码为 {code} 的投标")
        score, _ = Score.objects.update_or_create(
            member=member, bid=bid, defaults={"technical": technical, "commercial": commercial, "comment": comment}
        )
        audit_log_write(
            actor=actor,
            action="zwfw.trading.score.submitted",
            obj=score,
            region_code=section.project.region.code,
            after={"code": code, "technical": technical, "commercial": commercial},
        )
    return score


def section_recommend(*, actor: User, section: Section) -> list[int]:
    """The committee's recommendation: the top :data:`CANDIDATES` bids by mean total score.

    Every committee member must have scored every opened bid. 评定分离: this only recommends; the
    招标人 decides with :func:`section_award`.
    """
    require_action(actor, perms.DRAW)
    with transaction.atomic():
        section = (
            Section.objects.select_for_update()
            .select_related("project__region", "project__tenderee")
            .get(pk=section.pk)
        )
        if section.status != SectionStatus.OPENED:
            raise TradingError(TradingErrorCode.BAD_STATE, status=section.get_status_display(), action="推荐中标候选人")
        draw = section.draws.order_by("-drawn_at", "-id").first()
        members = draw.members.filter(reserve=False).count() if draw else 0
        bids = Bid.objects.filter(section=section, status=BidStatus.OPENED)
        scored = Score.objects.filter(member__draw=draw, bid__in=bids).count() if draw else 0
        if not draw or scored < members * bids.count():
            raise TradingError(TradingErrorCode.BAD_STATE, status="评分未完成", action="推荐中标候选人")
        ranking = (
            bids.annotate(total=Avg(F("scores__technical") + F("scores__commercial")), n=Count("scores"))
            .order_by("-total", "price_fen", "id")
            .values_list("id", flat=True)
        )
        section.recommended = list(ranking[:CANDIDATES])
        section.status = SectionStatus.EVALUATED
        section.save(update_fields=["recommended", "status"])
        audit_log_write(
            actor=actor,
            action="zwfw.trading.section.recommended",
            obj=section,
            region_code=section.project.region.code,
            after={"candidates": section.recommended},
        )
        notification_create(
            recipient=section.project.tenderee,
            subject="评标结果：请定标",
            body=f"标段“{section.name}”评标完成，请在推荐的中标候选人中确定中标人。",
            event="zwfw.trading.section.recommended",
        )
    return section.recommended


def section_award(*, actor: User, section: Section, bid: Bid, today: dt.date | None = None) -> Section:
    """评定分离: the 招标人 picks the winner among the recommended candidates; deposits fall due."""
    require_action(actor, perms.AWARD)
    today = today or timezone.localdate()
    with transaction.atomic():
        section = Section.objects.select_for_update().select_related("project__region").get(pk=section.pk)
        if actor.pk != section.project.tenderee_id:
            raise TradingError(TradingErrorCode.NOT_ENTERPRISE, who="定标人（须为招标人）")
        if section.status != SectionStatus.EVALUATED:
            raise TradingError(TradingErrorCode.BAD_STATE, status=section.get_status_display(), action="定标")
        if bid.pk not in section.recommended:
            raise TradingError(TradingErrorCode.NOT_RECOMMENDED)
        section.awarded_bid = bid
        section.status = SectionStatus.AWARDED
        section.save(update_fields=["awarded_bid", "status"])
        due = add_workdays(today, REFUND_WORKDAYS)
        Deposit.objects.filter(bid__section=section, kind=DepositKind.CASH, refunded_at__isnull=True).update(
            refund_due=due
        )
        audit_log_write(
            actor=actor,
            action="zwfw.trading.section.awarded",
            obj=section,
            region_code=section.project.region.code,
            after={
                "bid": bid.pk,
                "bidder_uscc": bid.bidder_uscc,
                "refund_due": due,
                "rank": section.recommended.index(bid.pk) + 1,
            },
        )
    return section
