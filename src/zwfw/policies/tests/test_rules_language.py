"""The rule language: parsing, type checking (each error kind), each operator, amounts."""

from __future__ import annotations

import datetime as dt

import pytest

from zwfw.policies.rules.compile import evaluate_frame, explanation_of, frame_from_profiles, plan_rules
from zwfw.policies.rules.evaluate import Truth, evaluate
from zwfw.policies.rules.language import (
    Duration,
    RuleError,
    RuleErrorKind,
    format_money,
    parse_money,
    profile_from_literals,
    rule_from_dict,
    rule_from_text,
)

AS_OF = dt.date(2025, 6, 30)


def rule(conditions, amount=None, key="r1"):
    data = {"key": key, "conditions": conditions}
    if amount is not None:
        data["amount"] = amount
    return rule_from_dict(data)


def both(r, profile):
    """(status, amount, packed) from the evaluator and from the compiled Polars expressions."""
    ev = evaluate(r, profile, as_of=AS_OF)
    frame = frame_from_profiles([{"uscc": "x", **profile}])
    plan = plan_rules([r])
    out = evaluate_frame(frame, plan, as_of=AS_OF).collect().row(0, named=True)
    status = {2: "eligible", 1: "eligible_if_declared", 0: "not_eligible"}[out["s0"]]
    assert status == ev.status
    assert out["a0"] == ev.amount
    assert explanation_of(out, plan, 0) == [c.truth for c in ev.conditions]
    return ev.status, ev.amount


# --- errors -----------------------------------------------------------------------------------


def err(fn, *args, **kwargs) -> RuleError:
    with pytest.raises(RuleError) as info:
        fn(*args, **kwargs)
    return info.value


def test_unknown_attribute_names_rule_and_field():
    e = err(
        rule, {"all": [{"attr": "employees", "op": "ge", "value": 1}, {"attr": "turnover", "op": "ge", "value": 1}]}
    )
    assert e.kind == RuleErrorKind.UNKNOWN_ATTRIBUTE
    assert e.rule == "r1"
    assert e.field == "conditions.all.1.attr"
    assert "turnover" in str(e) and "r1" in str(e)


def test_mixed_types_refused():
    e = err(rule, {"attr": "employees", "op": "ge", "value": "三百"})
    assert e.kind == RuleErrorKind.TYPE_MISMATCH
    assert e.field == "conditions.value"
    assert "employees" in e.reason


def test_money_without_unit_refused():
    e = err(rule, {"attr": "revenue", "op": "ge", "value": 5000000})
    assert e.kind == RuleErrorKind.TYPE_MISMATCH
    assert "单位" in e.reason


def test_operator_of_wrong_type_refused():
    e = err(rule, {"attr": "region_code", "op": "ge", "value": "510100"})
    assert e.kind == RuleErrorKind.TYPE_MISMATCH
    assert e.field == "conditions.op"


def test_unknown_operator():
    e = err(rule, {"attr": "employees", "op": "approx", "value": 3})
    assert e.kind == RuleErrorKind.UNKNOWN_OPERATOR


def test_bad_values():
    assert err(rule, {"attr": "credit_grade", "op": "eq", "value": "AAA"}).kind == RuleErrorKind.BAD_VALUE
    assert err(rule, {"attr": "tags", "op": "has", "value": "独角兽"}).kind == RuleErrorKind.BAD_VALUE
    assert err(rule, {"attr": "industry_code", "op": "industry_within", "value": "99"}).kind == RuleErrorKind.BAD_VALUE
    assert err(rule, {"attr": "employees", "op": "between", "value": [10, 1]}).kind == RuleErrorKind.BAD_VALUE
    e = err(
        rule_from_dict,
        {"key": "r", "conditions": {"attr": "region_code", "op": "within", "value": "519999"}},
        known_regions={"510000"},
    )
    assert e.kind == RuleErrorKind.BAD_VALUE


def test_region_code_shape_and_durations():
    assert err(rule, {"attr": "region_code", "op": "within", "value": "5101"}).kind == RuleErrorKind.TYPE_MISMATCH
    assert err(rule, {"attr": "established_on", "op": "age_at_least", "value": 3}).kind == RuleErrorKind.TYPE_MISMATCH
    assert (
        err(rule, {"attr": "established_on", "op": "age_at_least", "value": {"decades": 3}}).kind
        == RuleErrorKind.TYPE_MISMATCH
    )


def test_bad_source():
    e = err(rule, {"attr": "employees", "op": "ge", "value": 3, "source": "税务"})
    assert e.kind == RuleErrorKind.BAD_SOURCE
    assert err(rule, {"attr": "employees", "op": "ge", "value": 3, "source": "天上"}).kind == RuleErrorKind.BAD_SOURCE


def test_structure_errors():
    e = err(rule_from_dict, {"key": "r", "conditions": {"all": []}})
    assert e.kind == RuleErrorKind.STRUCTURE
    e = err(rule_from_dict, {"key": "r", "conditions": {"attr": "employees", "op": "ge", "value": 1, "weight": 2}})
    assert e.kind == RuleErrorKind.STRUCTURE and "weight" in e.field
    e = err(rule_from_dict, {"key": "r"})
    assert e.kind == RuleErrorKind.STRUCTURE and e.field == "conditions"
    e = err(
        rule_from_dict,
        {"key": "r", "conditions": {"attr": "employees", "op": "ge", "value": 1}, "amount": {"bonus": 1}},
    )
    assert e.kind == RuleErrorKind.STRUCTURE


def test_syntax_error_and_no_eval():
    assert err(rule_from_text, "conditions: [unclosed").kind == RuleErrorKind.SYNTAX
    # A Python object tag is refused by the safe loader, never constructed.
    assert err(rule_from_text, "!!python/object/apply:os.system ['true']").kind == RuleErrorKind.SYNTAX
    assert err(rule_from_text, "- a list").kind == RuleErrorKind.STRUCTURE


def test_amount_errors():
    e = err(rule, {"attr": "employees", "op": "ge", "value": 1}, {"percent": 10, "of": "employees"})
    assert e.kind == RuleErrorKind.TYPE_MISMATCH and e.field == "amount.of"
    e = err(rule, {"attr": "employees", "op": "ge", "value": 1}, {"percent": 10, "of": "profit"})
    assert e.kind == RuleErrorKind.UNKNOWN_ATTRIBUTE
    e = err(rule, {"attr": "employees", "op": "ge", "value": 1}, {"fixed": "10万元", "cap": 5})
    assert e.kind == RuleErrorKind.TYPE_MISMATCH and e.field == "amount.cap"
    e = err(rule, {"attr": "employees", "op": "ge", "value": 1}, {"percent": "ten", "of": "revenue"})
    assert e.kind == RuleErrorKind.TYPE_MISMATCH


def test_too_many_conditions():
    conds = [{"attr": "employees", "op": "ge", "value": i} for i in range(33)]
    assert err(rule, {"all": conds}).kind == RuleErrorKind.TOO_MANY


def test_profile_literals_checked():
    assert profile_from_literals({"revenue": "1.5万元"})["revenue"] == 1_500_000
    assert err(profile_from_literals, {"profit": 1}).kind == RuleErrorKind.UNKNOWN_ATTRIBUTE
    assert err(profile_from_literals, {"industry_code": "C"}).field == "enterprise.industry_code"


# --- literals ---------------------------------------------------------------------------------


def test_money():
    assert parse_money("100万元") == 100_000_000
    assert parse_money("0.01元") == 1
    assert parse_money("1.5亿元") == 15_000_000_000
    with pytest.raises(ValueError):
        parse_money("0.001元")
    assert format_money(100_000_000) == "100万元"
    assert format_money(150) == "1.50元"


def test_duration_before_handles_leap_day():
    assert Duration(years=1).before(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)
    assert Duration(months=6).before(dt.date(2025, 8, 31)) == dt.date(2025, 2, 28)
    assert Duration(days=10).before(dt.date(2025, 1, 5)) == dt.date(2024, 12, 26)


# --- operators (evaluator and compiled Polars agree) --------------------------------------------


@pytest.mark.parametrize(
    ("cond", "profile", "expected"),
    [
        ({"attr": "employees", "op": "eq", "value": 5}, {"employees": 5}, "eligible"),
        ({"attr": "employees", "op": "ne", "value": 5}, {"employees": 5}, "not_eligible"),
        ({"attr": "employees", "op": "lt", "value": 5}, {"employees": 4}, "eligible"),
        ({"attr": "employees", "op": "le", "value": 5}, {"employees": 6}, "not_eligible"),
        ({"attr": "employees", "op": "gt", "value": 5}, {"employees": 6}, "eligible"),
        ({"attr": "revenue", "op": "ge", "value": "1万元"}, {"revenue": 1_000_000}, "eligible"),
        ({"attr": "revenue", "op": "between", "value": ["1万元", "2万元"]}, {"revenue": 2_000_001}, "not_eligible"),
        ({"attr": "credit_grade", "op": "in", "value": ["A", "B"]}, {"credit_grade": "B"}, "eligible"),
        ({"attr": "credit_grade", "op": "not_in", "value": ["C", "D"]}, {"credit_grade": "D"}, "not_eligible"),
        ({"attr": "in_abnormal_list", "op": "eq", "value": False}, {"in_abnormal_list": False}, "eligible"),
        ({"attr": "region_code", "op": "within", "value": "510100"}, {"region_code": "510107"}, "eligible"),
        ({"attr": "region_code", "op": "within", "value": "510000"}, {"region_code": "500101"}, "not_eligible"),
        ({"attr": "region_code", "op": "within", "value": ["510700", "510107"]}, {"region_code": "510107"}, "eligible"),
        ({"attr": "region_code", "op": "eq", "value": "510107"}, {"region_code": "510104"}, "not_eligible"),
        ({"attr": "industry_code", "op": "industry_within", "value": "C"}, {"industry_code": "3911"}, "eligible"),
        ({"attr": "industry_code", "op": "industry_within", "value": "391"}, {"industry_code": "3921"}, "not_eligible"),
        (
            {"attr": "industry_code", "op": "industry_within", "value": ["I", "7010"]},
            {"industry_code": "7010"},
            "eligible",
        ),
        ({"attr": "tags", "op": "has", "value": "高新技术企业"}, {"tags": {"高新技术企业"}}, "eligible"),
        ({"attr": "tags", "op": "lacks", "value": "高新技术企业"}, {"tags": {"高新技术企业"}}, "not_eligible"),
        ({"attr": "tags", "op": "has_any", "value": ["瞪羚企业", "上市企业"]}, {"tags": {"上市企业"}}, "eligible"),
        ({"attr": "tags", "op": "has_all", "value": ["瞪羚企业", "上市企业"]}, {"tags": {"上市企业"}}, "not_eligible"),
        ({"attr": "tags", "op": "has", "value": "上市企业"}, {}, "not_eligible"),
        (
            {"attr": "established_on", "op": "age_at_least", "value": {"years": 3}},
            {"established_on": dt.date(2022, 6, 30)},
            "eligible",
        ),
        (
            {"attr": "established_on", "op": "age_at_least", "value": {"years": 3}},
            {"established_on": dt.date(2022, 7, 1)},
            "not_eligible",
        ),
        (
            {"attr": "established_on", "op": "age_under", "value": {"years": 3}},
            {"established_on": dt.date(2022, 7, 1)},
            "eligible",
        ),
        ({"attr": "hnte_valid_until", "op": "not_expired"}, {"hnte_valid_until": AS_OF}, "eligible"),
        ({"attr": "hnte_valid_until", "op": "not_expired"}, {"hnte_valid_until": dt.date(2025, 6, 29)}, "not_eligible"),
        (
            {"attr": "established_on", "op": "lt", "value": "2020-01-01"},
            {"established_on": dt.date(2019, 12, 31)},
            "eligible",
        ),
        # missing data: the enterprise can declare it
        ({"attr": "employees", "op": "ge", "value": 5}, {}, "eligible_if_declared"),
        # a declaration-backed condition is never decided by data
        ({"attr": "no_major_accident", "op": "eq", "value": True}, {"no_major_accident": True}, "eligible_if_declared"),
        ({"attr": "employees", "op": "ge", "value": 5, "source": "申报"}, {"employees": 9}, "eligible_if_declared"),
    ],
)
def test_operator(cond, profile, expected):
    assert both(rule(cond), profile)[0] == expected


def test_three_valued_combinators():
    yes = {"attr": "employees", "op": "ge", "value": 1}
    no = {"attr": "employees", "op": "ge", "value": 100}
    ask = {"attr": "no_major_accident", "op": "eq", "value": True}
    p = {"employees": 10}
    assert both(rule({"all": [yes, ask]}), p)[0] == "eligible_if_declared"
    assert both(rule({"all": [no, ask]}), p)[0] == "not_eligible"
    assert both(rule({"any": [no, ask]}), p)[0] == "eligible_if_declared"
    assert both(rule({"any": [yes, ask]}), p)[0] == "eligible"
    assert both(rule({"not": no}), p)[0] == "eligible"
    assert both(rule({"not": ask}), p)[0] == "eligible_if_declared"
    assert both(rule({"all": [{"not": {"any": [no, {"not": yes}]}}, yes]}), p)[0] == "eligible"


def test_amount_formulas():
    cond = {"attr": "employees", "op": "ge", "value": 1}
    pct = rule(cond, {"percent": 10, "of": "rd_expense", "cap": "100万元"})
    assert both(pct, {"employees": 2, "rd_expense": parse_money("300万元")}) == ("eligible", parse_money("30万元"))
    assert both(pct, {"employees": 2, "rd_expense": parse_money("3000万元")}) == ("eligible", parse_money("100万元"))
    assert both(pct, {"employees": 2, "rd_expense": 999}) == ("eligible", 99)  # floor to the fen
    assert both(pct, {"employees": 2}) == ("eligible", None)  # no figure, no estimate
    assert both(pct, {"employees": 0, "rd_expense": 100}) == ("not_eligible", None)
    each = rule(cond, {"each": "1500元", "per": "graduate_hires", "floor": "3000元"})
    assert both(each, {"employees": 2, "graduate_hires": 1}) == ("eligible", 300_000)
    assert both(each, {"employees": 2, "graduate_hires": 4}) == ("eligible", 600_000)
    fixed = rule(cond, {"fixed": "20万元"})
    assert both(fixed, {"employees": 3}) == ("eligible", 20_000_000)
    cases = rule(
        cond,
        {
            "cases": [
                {"when": {"attr": "tags", "op": "has", "value": "专精特新小巨人"}, "amount": {"fixed": "100万元"}},
                {"when": {"attr": "employees", "op": "ge", "value": 50}, "amount": {"percent": "0.5", "of": "revenue"}},
            ],
        },
    )
    assert both(cases, {"employees": 3, "tags": {"专精特新小巨人"}}) == ("eligible", 100_000_000)
    assert both(cases, {"employees": 60, "revenue": 10_000_000}) == ("eligible", 50_000)
    assert both(cases, {"employees": 3}) == ("eligible", 0)


def test_explanation_lists_every_condition_with_values():
    r = rule(
        {
            "all": [
                {"attr": "region_code", "op": "within", "value": "510100"},
                {"attr": "rd_expense", "op": "ge", "value": "200万元"},
                {"attr": "no_major_accident", "op": "eq", "value": True},
            ]
        }
    )
    ev = evaluate(r, {"region_code": "510107", "rd_expense": 1_000_000_00}, as_of=AS_OF)
    assert ev.status == "not_eligible"
    c0, c1, c2 = ev.conditions
    assert (c0.truth, c0.actual, c0.expected, c0.source) == (Truth.TRUE, "510107", "510100", "市场监管")
    assert (c1.truth, c1.actual, c1.expected, c1.source) == (Truth.FALSE, "100万元", "200万元", "税务")
    assert (c2.truth, c2.source) == (Truth.DECLARE, "申报")
    assert c1.as_dict()["verdict"] == "不满足"
    assert "上年度研发费用" in c1.label
    assert r.fully_data_backed is False


def test_an_impossible_date_is_a_syntax_error_not_a_crash():
    from zwfw.policies.rules.language import RuleError, rule_from_text

    with pytest.raises(RuleError) as exc:
        rule_from_text("2026-13-45", key="r1")
    assert exc.value.kind == "syntax"
