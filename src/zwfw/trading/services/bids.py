"""Sealed electronic bids (电子投标): submission and withdrawal before the deadline.

The price and the document contents are encrypted with the section's sealing key
(:mod:`zwfw.trading.sealing`) before they reach the database; the audit row records the document
hashes, never the price. The upload metadata feed the art. 40 red flags.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from zwfw.core.identifiers import mask_id_number, validate_id_number
from zwfw.core.models import User
from zwfw.core.services.audit import audit_log_write

from .. import permissions as perms
from ..errors import TradingError, TradingErrorCode
from ..models import Bid, BidDocument, BidStatus, Deposit, DepositKind, DocumentKind, Section
from ..sealing import seal
from ._base import enterprise_uscc, keyed_hash, mask_account, require_action

MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
MAC = re.compile(r"^[0-9A-F]{2}([-:])[0-9A-F]{2}(\1[0-9A-F]{2}){4}$")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _price_context(bid_pk: int) -> str:
    return f"bid:{bid_pk}:price"


def _doc_context(bid_pk: int, index: int) -> str:
    return f"bid:{bid_pk}:doc:{index}"


def bid_submit(
    *,
    actor: User,
    section: Section,
    price_fen: int,
    documents: list[tuple[str, str, bytes]],
    doc_creator: str = "",
    machine_code: str = "",
    client_mac: str = "",
    client_ip: str | None = None,
    bond_account: str = "",
    manager_id_number: str = "",
    agent_uscc: str = "",
    deposit_fen: int = 0,
    guarantee_issuer: str = "",
    guarantee_number: str = "",
) -> Bid:
    """Seal and store one bid of the acting enterprise for ``section``.

    ``documents``: (kind, filename, content) with kind in :class:`DocumentKind`. A deposit of
    ``deposit_fen`` is recorded in cash, or as an 电子保函 when ``guarantee_number`` is given.
    Outcomes: the sealed :class:`Bid`; ``DEADLINE_PASSED``, ``ABOVE_CEILING``, ``DUPLICATE_BID``,
    ``BAD_DOCUMENT``, ``INVALID_ID_NUMBER`` … as :class:`TradingError`.
    """
    require_action(actor, perms.BID_SUBMIT)
    uscc = enterprise_uscc(actor)
    # Credit (信用) plugs in here once the supervision app publishes a selector for it: a bidder
    # under a 失信 restriction is refused, and its grade is stored on the bid for the screens.
    now = timezone.now()
    if not isinstance(price_fen, int) or isinstance(price_fen, bool) or price_fen <= 0:
        raise TradingError(TradingErrorCode.BAD_AMOUNT, what="报价")
    if not documents:
        raise TradingError(TradingErrorCode.BAD_DOCUMENT, reason="至少上传一份投标文件")
    for kind, filename, content in documents:
        if kind not in DocumentKind.values:
            raise TradingError(TradingErrorCode.BAD_DOCUMENT, reason=f"未知文件类型 {kind}")
        if not filename or not content or len(content) > MAX_DOCUMENT_BYTES:
            raise TradingError(TradingErrorCode.BAD_DOCUMENT, reason=f"文件“{filename}”为空或超过 50 MB")
    mac = client_mac.strip().upper()
    if mac and not MAC.match(mac):
        raise TradingError(TradingErrorCode.BAD_DOCUMENT, reason="MAC 地址格式有误")
    if client_ip:
        try:
            ipaddress.ip_address(client_ip)
        except ValueError as exc:
            raise TradingError(TradingErrorCode.BAD_DOCUMENT, reason="IP 地址格式有误") from exc
    if manager_id_number:
        check = validate_id_number(manager_id_number)
        if not check.valid:
            raise TradingError(TradingErrorCode.INVALID_ID_NUMBER, reason=check.message)
    if guarantee_number and not guarantee_issuer:
        raise TradingError(TradingErrorCode.BAD_GUARANTEE, reason="须填写出函机构")
    with transaction.atomic():
        section = Section.objects.select_for_update().select_related("project__region").get(pk=section.pk)
        if now >= section.bid_deadline:
            raise TradingError(TradingErrorCode.DEADLINE_PASSED, action="投标")
        if price_fen > section.ceiling_fen:
            raise TradingError(TradingErrorCode.ABOVE_CEILING, ceiling=f"{section.ceiling_fen / 100:,.2f}")
        if Bid.objects.filter(section=section, bidder_uscc=uscc).exclude(status=BidStatus.WITHDRAWN).exists():
            raise TradingError(TradingErrorCode.DUPLICATE_BID)
        used = set(Bid.objects.filter(section=section).values_list("anonymous_code", flat=True))
        code = _new_code(used)
        try:
            with transaction.atomic():
                bid = Bid.objects.create(
                    section=section,
                    bidder=actor,
                    bidder_uscc=uscc,
                    bidder_name=actor.display_name or actor.username,
                    sealed_price=b"",
                    anonymous_code=code,
                    doc_creator=doc_creator.strip(),
                    machine_code=machine_code.strip(),
                    client_mac=mac,
                    client_ip=client_ip or None,
                    bond_account_hash=keyed_hash(bond_account, "bond"),
                    bond_account_masked=mask_account(bond_account),
                    manager_id_hash=keyed_hash(manager_id_number, "manager"),
                    manager_id_masked=mask_id_number(manager_id_number) if manager_id_number else "",
                    agent_uscc=agent_uscc.strip().upper(),
                )
        except IntegrityError as exc:
            raise TradingError(TradingErrorCode.DUPLICATE_BID) from exc
        bid.sealed_price = seal(section, data=str(price_fen).encode(), context=_price_context(bid.pk))
        bid.save(update_fields=["sealed_price"])
        hashes = []
        for index, (kind, filename, content) in enumerate(documents):
            digest = hashlib.sha256(content).hexdigest()
            hashes.append({"kind": kind, "filename": filename, "sha256": digest, "size": len(content)})
            BidDocument.objects.create(
                bid=bid,
                kind=kind,
                filename=filename,
                size=len(content),
                sha256=digest,
                sealed_content=seal(section, data=content, context=_doc_context(bid.pk, index)),
            )
        if deposit_fen:
            Deposit.objects.create(
                bid=bid,
                kind=DepositKind.GUARANTEE if guarantee_number else DepositKind.CASH,
                amount_fen=deposit_fen,
                guarantee_issuer=guarantee_issuer,
                guarantee_number=guarantee_number,
            )
        audit_log_write(
            actor=actor,
            action="zwfw.trading.bid.sealed",
            obj=bid,
            region_code=section.project.region.code,
            after={
                "section": section.pk,
                "bidder_uscc": uscc,
                "documents": hashes,
                "deposit_fen": deposit_fen,
                "guarantee": bool(guarantee_number),
            },
        )
    return bid


def _new_code(used: set[str]) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
        if code not in used:
            return code


def bid_withdraw(*, actor: User, bid: Bid) -> Bid:
    """Withdraw one's own sealed bid before the deadline (招标投标法 art. 29)."""
    require_action(actor, perms.BID_SUBMIT)
    now = timezone.now()
    with transaction.atomic():
        bid = Bid.objects.select_for_update().select_related("section__project__region").get(pk=bid.pk)
        if bid.bidder_id != actor.pk:
            raise TradingError(TradingErrorCode.NOT_ENTERPRISE, who="撤回人（须为投标人本人）")
        if now >= bid.section.bid_deadline or bid.status != BidStatus.SEALED:
            raise TradingError(TradingErrorCode.DEADLINE_PASSED, action="撤回投标")
        bid.status = BidStatus.WITHDRAWN
        bid.save(update_fields=["status"])
        audit_log_write(
            actor=actor,
            action="zwfw.trading.bid.withdrawn",
            obj=bid,
            region_code=bid.section.project.region.code,
            before={"status": BidStatus.SEALED},
            after={"status": BidStatus.WITHDRAWN},
        )
    return bid
