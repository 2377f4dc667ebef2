"""Submitting and withdrawing sealed bids: validation, deadline, duplicates, masking."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from zwfw.core.models import AuditLog, Role
from zwfw.core.tests.factories import make_user
from zwfw.trading.errors import TradingError
from zwfw.trading.models import BidStatus
from zwfw.trading.services import bids as bid_services

from . import factories as f

pytestmark = pytest.mark.django_db


def codes(exc) -> str:
    return exc.value.code.code


def test_bid_records_hashes_and_masks_personal_data():
    section = f.section()
    bid = f.bid(section, bond_account="6222 0200 1234 5678", manager_id_number="510104198001010014")
    assert bid.status == BidStatus.SEALED
    assert len(bid.anonymous_code) == 6
    assert bid.bond_account_masked.endswith("5678") and "1234" not in bid.bond_account_masked
    assert bid.manager_id_masked == "5101**********0014"
    assert "510104198001010014" not in str(AuditLog.objects.filter(object_id=str(bid.pk)).values_list("after"))
    assert all(len(d.sha256) == 64 for d in bid.documents.all())


def test_after_the_deadline_is_refused():
    section = f.section()
    with pytest.raises(TradingError) as err:
        f.bid(section, now=section.bid_deadline + dt.timedelta(seconds=1))
    assert codes(err) == "trading_deadline_passed"


def test_above_ceiling_is_refused():
    section = f.section(ceiling_fen=100_00)
    with pytest.raises(TradingError) as err:
        f.bid(section, price_fen=100_01)
    assert codes(err) == "trading_above_ceiling"


def test_one_bid_per_bidder():
    section = f.section()
    bidder = f.enterprise()
    f.bid(section, bidder)
    with pytest.raises(TradingError) as err:
        f.bid(section, bidder)
    assert codes(err) == "trading_duplicate_bid"


@pytest.mark.parametrize(
    ("meta", "code"),
    [
        ({"manager_id_number": "510104198001010010"}, "trading_invalid_id_number"),
        ({"client_mac": "not-a-mac"}, "trading_bad_document"),
        ({"client_ip": "999.1.1.1"}, "trading_bad_document"),
        ({"price_fen": 0}, "trading_bad_amount"),
        ({"documents": [("other", "x.pdf", b"x")]}, "trading_bad_document"),
        ({"guarantee_number": "BH-1"}, "trading_bad_guarantee"),
    ],
)
def test_bad_input_is_a_clear_error(meta, code):
    section = f.section()
    with pytest.raises(TradingError) as err:
        f.bid(section, **meta)
    assert codes(err) == code


def test_only_enterprises_bid():
    section = f.section()
    with pytest.raises(PermissionDenied):
        f.bid(section, make_user(role=Role.PERSON))


def test_withdraw_before_deadline_then_bid_again():
    section = f.section()
    bidder = f.enterprise()
    bid = f.bid(section, bidder)
    bid_services.bid_withdraw(actor=bidder, bid=bid)
    assert f.bid(section, bidder).status == BidStatus.SEALED


def test_cannot_withdraw_someone_elses_bid():
    section = f.section()
    bid = f.bid(section)
    with pytest.raises(TradingError):
        bid_services.bid_withdraw(actor=f.enterprise(), bid=bid)
