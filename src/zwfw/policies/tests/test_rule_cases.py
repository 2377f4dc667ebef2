"""Every rule shipped with the platform runs its own YAML test cases (STYLE.md convention 8),
through the per-enterprise evaluator and through the compiled Polars expressions."""

from __future__ import annotations

import datetime as dt

import pytest

from zwfw.policies.demo import demo_policies
from zwfw.policies.rules.compile import evaluate_frame, frame_from_profiles
from zwfw.policies.rules.evaluate import evaluate
from zwfw.policies.rules.language import parse_money, profile_from_literals, rule_from_dict
from zwfw.policies.rules.tags import tag_rules


def _cases():
    for policy in demo_policies():
        for item in policy["items"]:
            rule = rule_from_dict({"key": item["key"], **item["rule"]})
            assert rule.tests, f"{item['key']} ships no test cases"
            for case in rule.tests:
                yield pytest.param(rule, case, id=f"{item['key']}:{case.name}")


@pytest.mark.parametrize(("rule", "case"), list(_cases()))
def test_rule_case(rule, case):
    profile = profile_from_literals(case.enterprise, rule=rule.key)
    as_of = case.as_of or dt.date(2025, 1, 1)
    ev = evaluate(rule, profile, as_of=as_of)
    assert ev.status == case.expect
    if case.amount is not None:
        assert ev.amount == parse_money(case.amount)
    out = evaluate_frame(frame_from_profiles([profile]), [rule], as_of=as_of).collect().row(0, named=True)
    assert out["s0"] == {"eligible": 2, "eligible_if_declared": 1, "not_eligible": 0}[case.expect]
    assert out["a0"] == ev.amount


def test_demo_has_twenty_policies_with_cited_rules():
    policies = demo_policies()
    assert len(policies) >= 20
    for p in policies:
        assert p["doc_number"], p["key"]
        for item in p["items"]:
            assert item["rule"].get("reference"), item["key"]


def test_tag_rules_parse():
    rules = tag_rules()
    assert "小微企业" in rules and "高新技术企业" in rules
