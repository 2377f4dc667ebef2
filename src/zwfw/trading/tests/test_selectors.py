"""Selectors read by the workbench and the risk pages, for users with and without the right."""

from __future__ import annotations

import pytest

from zwfw.trading.selectors import risk_queue_count, risk_queue_for
from zwfw.trading.services.opening import section_open

from . import factories as f

pytestmark = pytest.mark.django_db


def test_risk_queue_count_is_zero_for_a_user_without_the_right():
    # found by mypy: the empty queue lacked the n_flags annotation the count filters on (FieldError, a 500)
    bidder = f.enterprise()
    assert risk_queue_count(user=bidder) == 0
    assert list(risk_queue_for(user=bidder)) == []


def test_risk_queue_count_counts_flagged_sections_in_scope():
    sup = f.supervisor()
    section = f.section()
    for p in (800_000_00, 824_000_00, 848_000_00, 872_000_00):
        f.bid(section, price_fen=p, bond_account="6222000011112222")
    section_open(actor=sup, section=f.pass_opening(section))
    assert risk_queue_count(user=sup) == 1
    assert risk_queue_for(user=sup).get().n_flags > 0
    assert risk_queue_count(user=f.supervisor(region="510700")) == 0
