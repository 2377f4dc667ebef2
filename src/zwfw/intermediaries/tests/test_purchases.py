"""Selection (seeded random draw, comparison, direct), blacklist, contract, delivery, 乱收费, rating
and the agency's grade."""

from __future__ import annotations

import datetime as dt

import pytest

from zwfw.intermediaries.draw import draw
from zwfw.intermediaries.errors import IntermediaryError
from zwfw.intermediaries.models import Contract, Purchase
from zwfw.intermediaries.selectors import agency_grade, fee_flag_list, purchase_redraw
from zwfw.intermediaries.services import (
    contract_accept,
    contract_deliver,
    contract_rate,
    contract_sign,
    purchase_publish,
    purchase_select,
    violation_record,
)
from zwfw.supervision.models import CreditEvent
from zwfw.supervision.selectors import credit_grade_for

from .conftest import ITEM

pytestmark = pytest.mark.django_db


def _buy(market, method="random", owner="owner", budget=3_000_000):
    return purchase_publish(
        actor=market["users"][owner], title="某项目环评", service_item=ITEM, budget_fen=budget, method=method
    )


def test_random_draw_reproduces_from_its_seed_and_skips_ineligible(market):
    a, b = _buy(market), _buy(market)
    purchase_select(actor=market["users"]["owner"], purchase=a, seed=42)
    purchase_select(actor=market["users"]["owner"], purchase=b, seed=42)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.selected_id == b.selected_id and a.seed == 42 and purchase_redraw(a) == a.selected_id
    eligible = {market["listings"][0].pk, market["listings"][1].pk}  # agency 2: qualification expired
    assert set(a.candidates) == eligible
    assert {draw(a.candidates, seed=s) for s in range(50)} == eligible
    with pytest.raises(IntermediaryError) as again:
        purchase_select(actor=market["users"]["owner"], purchase=a, seed=1)
    assert again.value.status == 409


def test_a_blacklisted_agency_cannot_be_drawn_or_chosen(market):
    officer = market["users"]["officer"]
    violation_record(actor=officer, agency=market["agencies"][0], kind="fraud", note="出具虚假报告", blacklist=True)
    for seed in range(40):
        p = _buy(market)
        purchase_select(actor=market["users"]["owner"], purchase=p, seed=seed)
        p.refresh_from_db()
        assert p.selected_id == market["listings"][1].pk and market["listings"][0].pk not in p.candidates
    direct = _buy(market, method="direct")
    with pytest.raises(IntermediaryError) as exc:
        purchase_select(actor=market["users"]["owner"], purchase=direct, listing=market["listings"][0], reason="熟悉")
    assert exc.value.status == 422 and "黑名单" in exc.value.message
    # shared as credit: the agency's USCC is now D in supervision
    assert credit_grade_for(uscc=market["agencies"][0].uscc).grade == "D"
    assert agency_grade(market["agencies"][0]).grade == "D"


def test_comparison_needs_an_eligible_choice_and_a_reason(market):
    owner = market["users"]["owner"]
    p = _buy(market, method="compare")
    with pytest.raises(IntermediaryError):
        purchase_select(actor=owner, purchase=p)
    with pytest.raises(IntermediaryError):
        purchase_select(actor=owner, purchase=p, listing=market["listings"][2], reason="便宜")  # expired qualification
    with pytest.raises(IntermediaryError):
        purchase_select(actor=owner, purchase=p, listing=market["listings"][1], reason=" ")
    with pytest.raises(IntermediaryError) as other:
        purchase_select(actor=market["users"]["owner2"], purchase=p, listing=market["listings"][1], reason="x")
    assert other.value.status == 422
    done = purchase_select(actor=owner, purchase=p, listing=market["listings"][1], reason="方案最优")
    assert done.selected_id == market["listings"][1].pk and done.seed is None
    low = _buy(market, budget=1_000_000)  # every fee standard is above the budget
    with pytest.raises(IntermediaryError) as none:
        purchase_select(actor=owner, purchase=low)
    assert none.value.code.code == "intermediary_no_candidates"


def test_late_delivery_and_a_bad_rating_lower_the_grade(market):
    owner = market["users"]["owner"]
    p = _buy(market, method="direct")
    purchase_select(actor=owner, purchase=p, listing=market["listings"][0], reason="指定")
    agency = market["agencies"][0]
    assert agency_grade(agency).grade == "B"
    with pytest.raises(IntermediaryError):
        contract_sign(actor=owner, purchase=p, fee_fen=2_000_001)  # above the fee standard
    contract = contract_sign(actor=owner, purchase=p, fee_fen=1_800_000)
    with pytest.raises(IntermediaryError):
        contract_deliver(actor=market["users"]["agency1"], contract=contract)  # not the selected agency
    Contract.objects.filter(pk=contract.pk).update(due_date=dt.date.today() - dt.timedelta(days=2))
    delivered = contract_deliver(actor=market["users"]["agency0"], contract=contract, note="报告已交付")
    assert delivered.delivered_late
    with pytest.raises(IntermediaryError):
        contract_rate(actor=owner, contract=contract, score=2)  # not accepted yet
    accepted = contract_accept(actor=owner, contract=contract, charged_fee_fen=1_800_000)
    assert not accepted.fee_flag
    with pytest.raises(IntermediaryError):
        contract_rate(actor=owner, contract=contract, score=9)
    contract_rate(actor=owner, contract=contract, score=2, comment="拖延")
    with pytest.raises(IntermediaryError) as twice:
        contract_rate(actor=owner, contract=contract, score=5)
    assert twice.value.status == 409
    grade = agency_grade(agency)
    assert grade.grade == "C" and grade.score == 72 and any("逾期交付1次" in r for r in grade.reasons)
    assert Purchase.objects.get(pk=p.pk).status == "accepted"


def test_fee_above_the_standard_is_flagged(market):
    owner = market["users"]["owner"]
    p = _buy(market, method="direct")
    purchase_select(actor=owner, purchase=p, listing=market["listings"][1], reason="指定")
    contract = contract_sign(actor=owner, purchase=p, fee_fen=2_000_000)
    contract_deliver(actor=market["users"]["agency1"], contract=contract)
    accepted = contract_accept(actor=owner, contract=contract, charged_fee_fen=2_100_001)  # standard 2,100,000
    assert accepted.fee_flag
    assert list(fee_flag_list(user=market["users"]["officer"])) == [accepted]
    assert not fee_flag_list(user=owner).exists()
    at_standard = _buy(market, method="direct")
    purchase_select(actor=owner, purchase=at_standard, listing=market["listings"][1], reason="指定")
    c2 = contract_sign(actor=owner, purchase=at_standard, fee_fen=100)
    contract_deliver(actor=market["users"]["agency1"], contract=c2)
    assert not contract_accept(actor=owner, contract=c2, charged_fee_fen=2_100_000).fee_flag


def test_a_practitioner_violation_is_shared_with_supervision(market):
    from zwfw.intermediaries.services import practitioner_add
    from zwfw.supervision.demo import demo_uscc  # noqa: F401  (the supervision app is installed)

    account = market["users"]["agency1"]
    practitioner = practitioner_add(
        actor=account,
        agency=market["agencies"][1],
        name="王工",
        id_number=market["users"]["person"].id_number,
        qualification="环评工程师",
        certificate_number="HP-1",
        valid_until=dt.date.today() + dt.timedelta(days=30),
    )
    with pytest.raises(IntermediaryError):
        violation_record(
            actor=market["users"]["officer"],
            agency=market["agencies"][0],
            kind="other",
            note="x",
            practitioner=practitioner,
        )
    violation_record(
        actor=market["users"]["officer"],
        agency=market["agencies"][1],
        kind="overcharge",
        note="超标收费",
        practitioner=practitioner,
    )
    assert CreditEvent.objects.filter(subject_id=practitioner.id_number, kind="violation").count() == 1
    assert market["agencies"][1].listings.first() is not None
