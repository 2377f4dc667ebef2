"""Sealing: nobody, whatever the role, reads a price before the opening; the opening is audited."""

from __future__ import annotations

import pytest

from zwfw.core.models import AuditLog, Role
from zwfw.core.tests.factories import make_user
from zwfw.trading import selectors
from zwfw.trading.errors import TradingError
from zwfw.trading.models import Bid, SectionStatus
from zwfw.trading.sealing import StillSealed, unseal
from zwfw.trading.services.opening import section_open

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def sealed():
    tenderee = f.enterprise("招标人")
    section = f.section(tenderee=tenderee)
    bidders = [f.enterprise() for _ in range(3)]
    bids = [f.bid(section, b, price_fen=p) for b, p in zip(bidders, (812_345_67, 845_000_00, 899_999_99), strict=True)]
    return section, tenderee, bidders, bids


def test_price_is_ciphertext_until_opening(sealed):
    _section, _, _, bids = sealed
    row = Bid.objects.get(pk=bids[0].pk)
    assert row.price_fen is None
    assert b"81234567" not in bytes(row.sealed_price)
    assert all(b"\xe5\x95\x86\xe5\x8a\xa1" not in bytes(d.sealed_content) for d in row.documents.all())  # "商务"


@pytest.mark.parametrize(
    "role", [Role.ENTERPRISE, Role.TRADING_SUPERVISOR, Role.BID_EXPERT, Role.PLATFORM_ADMIN, Role.WINDOW_CLERK]
)
def test_no_role_reads_a_price_before_opening(sealed, role):
    section, tenderee, bidders, _ = sealed
    users = {Role.ENTERPRISE: bidders[0]}
    user = users.get(role) or make_user(role=role)
    with pytest.raises(TradingError) as err:
        selectors.section_bids_for(user=user, section=section)
    assert err.value.code.code == "trading_not_yet_open"
    with pytest.raises(TradingError):
        selectors.section_bids_for(user=tenderee, section=section)


def test_unseal_refuses_before_opening_time(sealed):
    section, _, _, bids = sealed
    with pytest.raises(StillSealed):
        unseal(section, token=bids[0].sealed_price, context=f"bid:{bids[0].pk}:price")


def test_sealed_price_cannot_be_moved_to_another_bid(sealed):
    from cryptography.exceptions import InvalidTag

    section, _, _, bids = sealed
    with pytest.raises(InvalidTag):
        unseal(section, token=bids[0].sealed_price, context=f"bid:{bids[1].pk}:price", now=f.after_opening(section))


def test_opening_before_time_is_refused(sealed):
    section, *_ = sealed
    with pytest.raises(TradingError) as err:
        section_open(actor=f.supervisor(), section=section)
    assert err.value.code.code == "trading_not_yet_open"


def test_opening_reveals_prices_and_is_audited(sealed):
    section, _, bidders, _ = sealed
    sup = f.supervisor()
    section_open(actor=sup, section=section, now=f.after_opening(section))
    section.refresh_from_db()
    assert section.status == SectionStatus.OPENED
    prices = [b["price_fen"] for b in selectors.section_bids_for(user=bidders[1], section=section)]
    assert prices == [812_345_67, 845_000_00, 899_999_99]
    row = AuditLog.objects.get(action="zwfw.trading.section.opened", object_id=str(section.pk))
    assert [b["price_fen"] for b in row.after["bids"]] == [812_345_67, 845_000_00, 899_999_99]
    assert row.actor_id == sup.pk
    sealed_rows = AuditLog.objects.filter(action="zwfw.trading.bid.sealed")
    assert all("price" not in str(r.after) for r in sealed_rows)


def test_second_opening_loses(sealed):
    section, *_ = sealed
    sup = f.supervisor()
    section_open(actor=sup, section=section, now=f.after_opening(section))
    with pytest.raises(TradingError) as err:
        section_open(actor=sup, section=section, now=f.after_opening(section))
    assert err.value.code.code == "trading_already_opened"


def test_only_supervisors_open(sealed):
    from django.core.exceptions import PermissionDenied

    section, tenderee, *_ = sealed
    with pytest.raises(PermissionDenied):
        section_open(actor=tenderee, section=section, now=f.after_opening(section))


def test_fewer_than_three_bids_fail_the_section():
    section = f.section()
    f.bid(section)
    f.bid(section)
    section_open(actor=f.supervisor(), section=section, now=f.after_opening(section))
    section.refresh_from_db()
    assert section.status == SectionStatus.FAILED
    assert Bid.objects.filter(section=section, price_fen__isnull=False).count() == 0


def test_experts_of_a_blind_review_never_see_names(sealed):
    section, *_ = sealed
    section = section_open(actor=f.supervisor(), section=section, now=f.after_opening(section))
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.section_bids_for(user=make_user(role=Role.BID_EXPERT), section=section)
