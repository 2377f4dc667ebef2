"""不见面开标: the opening, the only place where sealed prices and documents are decrypted.

At or after the opening time a trading supervisor opens a section: every sealed bid's price is
decrypted into ``Bid.price_fen``, the documents are decrypted once to look for another bidder's
identity in them (混装 — bids mixed up with each other, art. 40(5)), and the opening record goes into
the audit log. With fewer than three bids the section fails (招标投标法实施条例 art. 44).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zwfw.core.models import User
from zwfw.core.services.audit import audit_log_write
from zwfw.core.services.notifications import notification_create

from .. import permissions as perms
from ..errors import TradingError, TradingErrorCode
from ..models import Bid, BidStatus, Section, SectionStatus
from ..sealing import unseal
from ._base import require_action
from .bids import _doc_context, _price_context


def section_open(*, actor: User, section: Section) -> Section:
    """Open ``section``: decrypt prices, record the opening, run the red-flag screens.

    Exactly one of two concurrent openings wins (the row is locked and the status checked).
    Outcomes: the opened section; a failed section (fewer than 3 bids); ``NOT_YET_OPEN``,
    ``ALREADY_OPENED`` as :class:`TradingError`.
    """
    require_action(actor, perms.SECTION_OPEN)
    now = timezone.now()
    with transaction.atomic():
        section = (
            Section.objects.select_for_update()
            .select_related("project__region", "project__tenderee")
            .get(pk=section.pk)
        )
        if section.status != SectionStatus.BIDDING:
            raise TradingError(TradingErrorCode.ALREADY_OPENED)
        if now < section.opening_at:
            raise TradingError(
                TradingErrorCode.NOT_YET_OPEN,
                opening_at=timezone.localtime(section.opening_at).strftime("%Y-%m-%d %H:%M"),
            )
        bids = list(Bid.objects.select_for_update().filter(section=section, status=BidStatus.SEALED).order_by("id"))
        region = section.project.region.code
        if len(bids) < 3:
            section.status = SectionStatus.FAILED
            section.opened_at = now
            section.save(update_fields=["status", "opened_at"])
            audit_log_write(
                actor=actor,
                action="zwfw.trading.section.failed",
                obj=section,
                region_code=region,
                after={"bids": len(bids), "reason": "投标人少于3个"},
            )
            return section
        record = []
        contents: dict[int, list[bytes]] = {}
        for bid in bids:
            bid.price_fen = int(unseal(section, token=bid.sealed_price, context=_price_context(bid.pk)))
            bid.status = BidStatus.OPENED
            contents[bid.pk] = [
                unseal(section, token=doc.sealed_content, context=_doc_context(bid.pk, i))
                for i, doc in enumerate(bid.documents.order_by("id"))
            ]
            record.append({"bidder": bid.bidder_name, "uscc": bid.bidder_uscc, "price_fen": bid.price_fen})
        Bid.objects.bulk_update(bids, ["price_fen", "status"])
        section.status = SectionStatus.OPENED
        section.opened_at = now
        section.save(update_fields=["status", "opened_at"])
        audit_log_write(
            actor=actor,
            action="zwfw.trading.section.opened",
            obj=section,
            region_code=region,
            after={"opened_at": now, "bids": record, "mode": "不见面开标"},
        )
        from .screening import section_rules_screen, sections_screen

        section_rules_screen(section=section, bids=bids, contents=contents)
        sections_screen(actor=actor, section_ids=[section.pk])
        for bid in bids:
            notification_create(
                recipient=bid.bidder,
                subject=f"{section} 已开标",
                body=f"标段“{section.name}”已于 {timezone.localtime(now):%Y-%m-%d %H:%M} 开标，共 {len(bids)} 家投标。",
                event="zwfw.trading.section.opened",
            )
    return section
