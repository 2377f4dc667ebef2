"""Property: the vectorised batch equals the per-enterprise evaluator, on generated enterprises
(hypothesis) and on a sample of the generated Sichuan population, for every demo rule."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zwfw.policies.demo import demo_policies
from zwfw.policies.population import population_frame
from zwfw.policies.rules.attributes import ATTRIBUTES, TAGS, AttrType
from zwfw.policies.rules.compile import evaluate_frame, frame_from_profiles, plan_rules
from zwfw.policies.rules.evaluate import evaluate, tags_from_bits
from zwfw.policies.rules.language import rule_from_dict
from zwfw.policies.rules.tags import derive_frame

AS_OF = dt.date(2026, 7, 1)
RULES = [rule_from_dict({"key": i["key"], **i["rule"]}) for p in demo_policies() for i in p["items"]]
STATUS = {2: "eligible", 1: "eligible_if_declared", 0: "not_eligible"}


def _value(attr):
    t = attr.type
    if t == AttrType.INT:
        return st.integers(0, 2000)
    if t == AttrType.MONEY:
        return st.integers(-(10**6), 10**11)
    if t == AttrType.BOOL:
        return st.booleans()
    if t == AttrType.DATE:
        return st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))
    if t == AttrType.ENUM:
        return st.sampled_from(attr.choices)
    if t == AttrType.REGION:
        return st.sampled_from(["510104", "510107", "510116", "510703", "511000", "500101"])
    if t == AttrType.INDUSTRY:
        return st.sampled_from(["0111", "1623", "3911", "4710", "5211", "6110", "6511", "7010", "7211", "9011"])
    return st.frozensets(st.sampled_from(sorted(TAGS)), max_size=5)


profiles = st.fixed_dictionaries({}, optional={name: st.none() | _value(a) for name, a in ATTRIBUTES.items()})


def _check(frame: pl.DataFrame, rows: list[dict]) -> None:
    plan = plan_rules(RULES)
    out = evaluate_frame(frame, plan, as_of=AS_OF).collect()
    for r_i, rule in enumerate(RULES):
        s, a = out[f"s{r_i}"].to_list(), out[f"a{r_i}"].to_list()
        e = out.select(plan.per_rule[r_i]).rows()
        for row_i, profile in enumerate(rows):
            ev = evaluate(rule, profile, as_of=AS_OF)
            assert STATUS[s[row_i]] == ev.status, (rule.key, profile)
            assert a[row_i] == ev.amount, (rule.key, profile)
            assert list(e[row_i]) == [c.truth for c in ev.conditions]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(profiles, min_size=1, max_size=20))
def test_batch_equals_evaluator_on_generated_profiles(rows):
    rows = [{k: v for k, v in p.items() if v is not None} for p in rows]
    _check(frame_from_profiles(rows), rows)


def test_batch_equals_evaluator_on_population_sample():
    frame = derive_frame(population_frame(400, seed=7, as_of=AS_OF), as_of=AS_OF).collect()
    rows = []
    for row in frame.iter_rows(named=True):
        profile = {k: v for k, v in row.items() if v is not None and k != "tag_bits"}
        profile["tags"] = tags_from_bits(row["tag_bits"])
        rows.append(profile)
    _check(frame, rows)
    # the sample exercises every outcome somewhere
    out = evaluate_frame(frame, RULES, as_of=AS_OF).collect()
    seen = set()
    for i in range(len(RULES)):
        seen |= set(out[f"s{i}"].unique().to_list())
    assert seen == {0, 1, 2}
