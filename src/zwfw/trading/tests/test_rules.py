"""The art. 40 red flags on stored bids: each on a hand-made section that has it and one that does not."""

from __future__ import annotations

import pytest

from zwfw.core.services.seed import demo_id_number
from zwfw.trading.models import RedFlag, Section
from zwfw.trading.services.opening import section_open

from . import factories as f

pytestmark = pytest.mark.django_db


def opened_flags(make_bids) -> set[str]:
    section = f.section()
    make_bids(section)
    section_open(actor=f.supervisor(), section=f.pass_opening(section))
    return set(RedFlag.objects.filter(section=section).values_list("code", flat=True))


def honest(section):
    f.bid(section, price_fen=800_000_00)
    f.bid(section, price_fen=870_000_00)
    f.bid(section, price_fen=955_000_00)


def _pair_then_one(section, first: dict, second: dict):
    f.bid(section, price_fen=800_000_00, **first)
    f.bid(section, price_fen=870_000_00, **second)
    f.bid(section, price_fen=955_000_00)


SAME = demo_id_number("510104", "19850505", "001")
CASES = [
    ("rule:same_creator", {"doc_creator": "zhangsan"}, {"doc_creator": "zhangsan"}),
    ("rule:same_creator", {"machine_code": "MC-SAME"}, {"machine_code": "MC-SAME"}),
    ("rule:same_client", {"client_mac": "AA-BB-CC-DD-EE-FF"}, {"client_mac": "AA-BB-CC-DD-EE-FF"}),
    ("rule:same_client", {"client_ip": "192.168.1.9"}, {"client_ip": "192.168.1.9"}),
    ("rule:same_agent", {"agent_uscc": "91510100MA61234567"}, {"agent_uscc": "91510100MA61234567"}),
    ("rule:same_manager", {"manager_id_number": SAME}, {"manager_id_number": SAME}),
    ("rule:same_bond_account", {"bond_account": "6222000011112222"}, {"bond_account": "6222 0000 1111 2222"}),
    (
        "rule:identical_documents",
        {"documents": [("technical", "a.pdf", b"same technical proposal")]},
        {"documents": [("technical", "b.pdf", b"same technical proposal")]},
    ),
]


@pytest.mark.parametrize(("code", "first", "second"), CASES, ids=[c[0] + str(i) for i, c in enumerate(CASES)])
def test_rule_fires_on_the_pair(code, first, second):
    assert code in opened_flags(lambda s: _pair_then_one(s, first, second))


OTHER = demo_id_number("510104", "19850505", "002")
#: The same metadata fields with different values on each side: the near miss of each case above.
NEAR_MISSES = [
    ("rule:same_creator", {"doc_creator": "zhangsan"}, {"doc_creator": "lisi"}),
    ("rule:same_creator", {"machine_code": "MC-0001"}, {"machine_code": "MC-0002"}),
    ("rule:same_client", {"client_mac": "AA-BB-CC-DD-EE-FF"}, {"client_mac": "AA-BB-CC-DD-EE-F0"}),
    ("rule:same_client", {"client_ip": "192.168.1.9"}, {"client_ip": "192.168.1.10"}),
    ("rule:same_agent", {"agent_uscc": "91510100MA61234567"}, {"agent_uscc": "91510100MA61234568"}),
    ("rule:same_manager", {"manager_id_number": SAME}, {"manager_id_number": OTHER}),
    ("rule:same_bond_account", {"bond_account": "6222000011112222"}, {"bond_account": "6222000011112223"}),
    (
        "rule:identical_documents",
        {"documents": [("technical", "a.pdf", b"same technical proposal")]},
        {"documents": [("technical", "a.pdf", b"same technical proposal, revised")]},
    ),
]


@pytest.mark.parametrize(
    ("code", "first", "second"), NEAR_MISSES, ids=[c[0] + str(i) for i, c in enumerate(NEAR_MISSES)]
)
def test_rule_silent_on_the_near_miss(code, first, second):
    assert code not in opened_flags(lambda s: _pair_then_one(s, first, second))


def test_mixed_documents_silent_when_a_bid_names_only_itself():
    def make(section):
        own = f.enterprise("成都乙建设有限公司")
        f.bid(section, price_fen=800_000_00)
        f.bid(
            section,
            own,
            price_fen=870_000_00,
            documents=[("commercial", "商务标.pdf", f"投标人：{own.uscc} 成都乙建设有限公司".encode())],
        )
        f.bid(section, price_fen=955_000_00)

    assert "rule:mixed_documents" not in opened_flags(make)


def test_honest_section_fires_no_rule():
    flags = opened_flags(honest)
    assert not {c for c in flags if c.startswith("rule:")}


def test_mixed_documents_fires_when_a_bid_names_another_bidder():
    def make(section):
        other = f.enterprise("成都甲建设有限公司")
        f.bid(section, other, price_fen=800_000_00)
        f.bid(
            section,
            price_fen=870_000_00,
            documents=[("commercial", "商务标.pdf", f"投标人：{other.uscc} 成都甲建设有限公司".encode())],
        )
        f.bid(section, price_fen=955_000_00)

    assert "rule:mixed_documents" in opened_flags(make)


def test_regular_price_pattern_and_risk_score_on_opening():
    def make(section):
        for p in (800_000_00, 824_000_00, 848_000_00, 872_000_00):
            f.bid(section, price_fen=p)

    section_flags = opened_flags(make)
    assert "regular_price_pattern" in section_flags
    section = Section.objects.latest("id")
    assert section.risk_score > 20
    assert "regular_price_pattern" in section.risk_flags


def test_rule_flags_raise_the_risk_score():
    opened_flags(honest)
    calm = Section.objects.latest("id").risk_score
    opened_flags(lambda s: _pair_then_one(s, {"bond_account": "1"}, {"bond_account": "1"}))
    assert Section.objects.latest("id").risk_score >= calm + 30
