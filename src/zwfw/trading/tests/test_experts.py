"""Expert draws (回避, reproducible, reserve list, remote), blind scoring, 评定分离, deposits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zwfw.core.models import AuditLog, Role
from zwfw.core.tests.factories import make_user
from zwfw.trading import selectors
from zwfw.trading.errors import TradingError
from zwfw.trading.models import Deposit, SectionStatus
from zwfw.trading.services import deposits as deposit_services
from zwfw.trading.services import experts as svc
from zwfw.trading.services.opening import section_open

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    sup = f.supervisor()
    tenderee = f.enterprise("招标人")
    section = f.section(tenderee=tenderee)
    bidders = [f.enterprise() for _ in range(3)]
    bids = [
        f.bid(section, b, price_fen=p, deposit_fen=10_000_00)
        for b, p in zip(bidders, (800_000_00, 870_000_00, 955_000_00), strict=True)
    ]
    pool = [f.expert(sup, user=make_user(role=Role.BID_EXPERT)) for _ in range(9)]
    return sup, tenderee, section, bidders, bids, pool


def test_draw_respects_avoidance_and_records_reasons(setting):
    sup, tenderee, section, bidders, _, _pool = setting
    at_bidder = f.expert(sup, employer_uscc=bidders[0].uscc)
    at_owner = f.expert(sup, employer_uscc=tenderee.uscc)
    related = f.expert(sup)
    svc.expert_conflict_add(
        actor=sup,
        expert=related,
        party_uscc=bidders[1].uscc,
        kind="合作项目",
        until=dt.date.today() - dt.timedelta(days=365),
    )
    old = f.expert(sup)
    svc.expert_conflict_add(
        actor=sup,
        expert=old,
        party_uscc=bidders[1].uscc,
        kind="原工作单位",
        until=dt.date.today() - dt.timedelta(days=365 * 4),
    )
    other_specialty = f.expert(sup, specialty="市政")
    draw = svc.expert_draw(actor=sup, section=section, size=5, reserve_size=2)
    members = set(draw.members.values_list("expert_id", flat=True))
    assert at_bidder.pk not in members and str(at_bidder.pk) in draw.excluded
    assert "投标人" in draw.excluded[str(at_bidder.pk)]
    assert "招标人" in draw.excluded[str(at_owner.pk)]
    assert "关联" in draw.excluded[str(related.pk)]
    assert old.pk in draw.eligible_ids  # ended more than three years ago
    assert other_specialty.pk not in draw.eligible_ids
    assert draw.members.filter(reserve=True).count() == 2
    assert AuditLog.objects.filter(action="zwfw.trading.experts.drawn", object_id=str(draw.pk)).exists()


def test_draw_is_reproducible_from_the_seed(setting):
    sup, _, section, _, _, _ = setting
    one = svc.expert_draw(actor=sup, section=section, seed="fixed-seed-1")
    two = svc.expert_draw(actor=sup, section=section, seed="fixed-seed-1")
    three = svc.expert_draw(actor=sup, section=section, seed="another-seed")
    ids = lambda d: list(d.members.order_by("position").values_list("expert_id", flat=True))  # noqa: E731
    assert ids(one) == ids(two) == svc.draw_replay(one)
    assert svc.draw_replay(three) == ids(three)
    assert ids(one) != ids(three) or len(one.eligible_ids) < 3


def test_remote_draw_takes_experts_from_other_cities(setting):
    sup, _, section, *_ = setting
    far = [f.expert(sup, region="510700") for _ in range(7)]
    draw = svc.expert_draw(actor=sup, section=section, remote=True)
    assert set(draw.eligible_ids) == {e.pk for e in far}
    assert draw.remote


@pytest.mark.parametrize(
    ("size", "code"), [(4, "trading_bad_committee"), (6, "trading_bad_committee"), (11, "trading_not_enough_experts")]
)
def test_bad_committee_sizes(setting, size, code):
    sup, _, section, *_ = setting
    with pytest.raises(TradingError) as err:
        svc.expert_draw(actor=sup, section=section, size=size)
    assert err.value.code.code == code


def opened_with_committee(setting):
    sup, _tenderee, section, _bidders, _bids, _pool = setting
    section = section_open(actor=sup, section=section, now=f.after_opening(section))
    draw = svc.expert_draw(actor=sup, section=section, size=5, reserve_size=2, seed="s")
    members = [m.expert.user for m in draw.members.filter(reserve=False).select_related("expert__user")]
    reserve = [m.expert.user for m in draw.members.filter(reserve=True).select_related("expert__user")]
    return section, members, reserve


def test_blind_codes_hide_bidders(setting):
    section, members, _ = opened_with_committee(setting)
    rows = selectors.blind_bids_for(user=members[0], section=section)
    assert len(rows) == 3
    text = str(rows)
    assert all(b.display_name not in text and b.uscc not in text for b in setting[3])
    assert all(len(r["code"]) == 6 for r in rows)


def test_non_members_and_reserves_cannot_score(setting):
    section, members, reserve = opened_with_committee(setting)
    code = selectors.blind_bids_for(user=members[0], section=section)[0]["code"]
    for outsider in (reserve[0], make_user(role=Role.BID_EXPERT)):
        with pytest.raises(TradingError) as err:
            svc.score_submit(actor=outsider, section=section, code=code, technical=Decimal(50), commercial=Decimal(30))
        assert err.value.code.code == "trading_not_a_member"
    with pytest.raises(TradingError):
        svc.score_submit(actor=members[0], section=section, code=code, technical=Decimal(61), commercial=Decimal(1))


def test_committee_recommends_and_the_tenderee_decides(setting):
    sup, tenderee, _, bidders, bids, _ = setting
    section, members, _ = opened_with_committee(setting)
    by_code = {b.anonymous_code: b for b in bids}
    for m in members:
        for i, code in enumerate(sorted(by_code)):
            svc.score_submit(actor=m, section=section, code=code, technical=Decimal(50 - i), commercial=Decimal(30))
    candidates = svc.section_recommend(actor=sup, section=section)
    assert len(candidates) == 3 and candidates[0] == by_code[sorted(by_code)[0]].pk
    section.refresh_from_db()
    assert section.status == SectionStatus.EVALUATED
    with pytest.raises(TradingError):
        svc.section_award(actor=bidders[0], section=section, bid=bids[0])  # not the 招标人
    second = next(b for b in bids if b.pk == candidates[1])
    svc.section_award(actor=tenderee, section=section, bid=second, today=dt.date(2026, 3, 2))  # 评定分离: not #1
    section.refresh_from_db()
    assert section.status == SectionStatus.AWARDED and section.awarded_bid_id == second.pk
    assert set(Deposit.objects.filter(bid__section=section).values_list("refund_due", flat=True)) == {
        dt.date(2026, 3, 9)
    }


def test_recommendation_waits_for_every_score(setting):
    sup = setting[0]
    section, _members, _ = opened_with_committee(setting)
    with pytest.raises(TradingError):
        svc.section_recommend(actor=sup, section=section)


def test_deposits_refund_once_overdue_alert_and_guarantees(setting):
    sup, _, section, _bidders, bids, _ = setting
    deposit = Deposit.objects.get(bid=bids[0])
    Deposit.objects.filter(pk=deposit.pk).update(refund_due=dt.date(2026, 1, 5))
    figures = selectors.deposit_figures_for(user=sup, today=dt.date(2026, 1, 6))
    assert figures["held_fen"] == 30_000_00 and figures["overdue_count"] == 1
    assert deposit_services.deposit_overdue_alert(today=dt.date(2026, 1, 6)) == 1
    deposit_services.deposit_refund(actor=sup, deposit=deposit)
    with pytest.raises(TradingError):
        deposit_services.deposit_refund(actor=sup, deposit=deposit)
    guaranteed = f.bid(section, deposit_fen=10_000_00, guarantee_issuer="某银行成都分行", guarantee_number="BH2026-001")
    g = Deposit.objects.get(bid=guaranteed)
    assert g.kind == "guarantee"
    deposit_services.guarantee_verify(actor=sup, deposit=g)
    with pytest.raises(TradingError):
        deposit_services.deposit_refund(actor=sup, deposit=g)
    with pytest.raises(TradingError):
        deposit_services.guarantee_verify(actor=sup, deposit=Deposit.objects.get(bid=bids[1]))
