"""投标保证金 and 电子保函: verification, refunds, overdue alerts.

Cash deposits fall due for refund :data:`~.experts.REFUND_WORKDAYS` working days after the award
(政府采购法实施条例 art. 33 asks for 5 working days after the award notice / contract; counted by
the working-day calendar); an overdue refund is alerted to the supervisors of the project's region.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zwfw.core.models import User
from zwfw.core.services.audit import audit_log_write
from zwfw.core.services.notifications import notification_create

from .. import permissions as perms
from ..errors import TradingError, TradingErrorCode
from ..models import Deposit, DepositKind
from ._base import require_action


def guarantee_verify(*, actor: User, deposit: Deposit, now: dt.datetime | None = None) -> Deposit:
    """Record that the 电子保函 was verified with its issuer (number and issuer must be present)."""
    require_action(actor, perms.DEPOSIT_REFUND)
    with transaction.atomic():
        deposit = Deposit.objects.select_for_update().select_related("bid__section__project__region").get(pk=deposit.pk)
        if deposit.kind != DepositKind.GUARANTEE or not deposit.guarantee_number or not deposit.guarantee_issuer:
            raise TradingError(TradingErrorCode.BAD_GUARANTEE, reason="不是完整的电子保函")
        deposit.guarantee_verified_at = now or timezone.now()
        deposit.save(update_fields=["guarantee_verified_at"])
        audit_log_write(
            actor=actor,
            action="zwfw.trading.guarantee.verified",
            obj=deposit,
            region_code=deposit.bid.section.project.region.code,
            after={"issuer": deposit.guarantee_issuer, "number": deposit.guarantee_number},
        )
    return deposit


def deposit_refund(*, actor: User, deposit: Deposit, now: dt.datetime | None = None) -> Deposit:
    """Refund a cash deposit once; a second refund is refused (exactly one wins)."""
    require_action(actor, perms.DEPOSIT_REFUND)
    now = now or timezone.now()
    with transaction.atomic():
        deposit = (
            Deposit.objects.select_for_update()
            .select_related("bid__section__project__region", "bid__bidder")
            .get(pk=deposit.pk)
        )
        if deposit.kind != DepositKind.CASH:
            raise TradingError(TradingErrorCode.DEPOSIT_STATE, reason="为电子保函，无需退还现金")
        if deposit.refunded_at is not None:
            raise TradingError(TradingErrorCode.DEPOSIT_STATE, reason="已退还")
        deposit.refunded_at = now
        deposit.save(update_fields=["refunded_at"])
        audit_log_write(
            actor=actor,
            action="zwfw.trading.deposit.refunded",
            obj=deposit,
            region_code=deposit.bid.section.project.region.code,
            after={
                "amount_fen": deposit.amount_fen,
                "refund_due": deposit.refund_due,
                "overdue": bool(deposit.refund_due and now.date() > deposit.refund_due),
            },
        )
        notification_create(
            recipient=deposit.bid.bidder,
            subject="投标保证金已退还",
            body=f"您的投标保证金 {deposit.amount_fen / 100:,.2f} 元已退还。",
            event="zwfw.trading.deposit.refunded",
        )
    return deposit


def deposit_overdue_alert(*, today: dt.date | None = None) -> int:
    """Alert the bidder and the region's trading supervisors of every overdue refund; returns the count."""
    from zwfw.core.models import Role, User

    today = today or timezone.localdate()
    overdue = list(
        Deposit.objects.filter(kind=DepositKind.CASH, refunded_at__isnull=True, refund_due__lt=today).select_related(
            "bid__bidder", "bid__section__project__region"
        )
    )
    with transaction.atomic():
        for deposit in overdue:
            region = deposit.bid.section.project.region.code
            body = (
                f"标段“{deposit.bid.section.name}”的投标保证金 {deposit.amount_fen / 100:,.2f} 元"
                f"应于 {deposit.refund_due} 前退还，已逾期。"
            )
            recipients = [
                deposit.bid.bidder,
                *User.objects.filter(
                    role=Role.TRADING_SUPERVISOR,
                    is_active=True,
                    region__code__in=[region, region[:4] + "00", region[:2] + "0000"],
                ),
            ]
            for user in recipients:
                notification_create(
                    recipient=user, subject="投标保证金逾期未退", body=body, event="zwfw.trading.deposit.overdue"
                )
    return len(overdue)
