"""Evaluate a rule for one enterprise, with an explanation of every condition.

This is the straightforward reading of the rule language, used for the explanations shown to
enterprises and officers, for the rules' YAML test cases, and as the oracle the vectorised
compiler (:mod:`.compile`) is tested against. Logic is three-valued (Kleene): each condition is
met (TRUE), not met (FALSE) or to be declared by the enterprise (DECLARE: the condition's
evidence is the enterprise's own declaration, or the data source has no value for it). ``all``
takes the weakest of its parts, ``any`` the strongest, ``not`` swaps TRUE and FALSE.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from zwfw.policies.rules.attributes import TAG_BITS, AttrType
from zwfw.policies.rules.industry import industry_within
from zwfw.policies.rules.language import All, Amount, Cond, Node, Not, Op, Rule, display_value, region_prefix


class Truth(IntEnum):
    FALSE = 0
    DECLARE = 1
    TRUE = 2


STATUS = {Truth.TRUE: "eligible", Truth.DECLARE: "eligible_if_declared", Truth.FALSE: "not_eligible"}
STATUS_LABELS = {"eligible": "符合条件", "eligible_if_declared": "待企业承诺/申报后符合", "not_eligible": "不符合条件"}
TRUTH_LABELS = {Truth.TRUE: "满足", Truth.FALSE: "不满足", Truth.DECLARE: "需企业承诺/申报"}


@dataclass(frozen=True)
class ConditionOutcome:
    id: str
    label: str
    attr: str
    attr_label: str
    op: str
    expected: str
    actual: str
    source: str
    truth: Truth

    @property
    def verdict(self) -> str:
        return TRUTH_LABELS[self.truth]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "attr": self.attr,
            "attr_label": self.attr_label,
            "op": self.op,
            "expected": self.expected,
            "actual": self.actual,
            "source": self.source,
            "result": self.truth.name.lower(),
            "verdict": self.verdict,
        }


@dataclass(frozen=True)
class Evaluation:
    rule_key: str
    status: str
    amount: int | None  # fen; None when not eligible or a needed figure is missing
    conditions: tuple[ConditionOutcome, ...]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def tags_from_bits(bits: int | None) -> frozenset[str]:
    bits = bits or 0
    return frozenset(name for name, bit in TAG_BITS.items() if bits & bit)


def tags_to_bits(tags: Iterable[str]) -> int:
    return sum(TAG_BITS[t] for t in set(tags) if t in TAG_BITS)


def condition_truth(cond: Cond, profile: Mapping[str, Any], as_of: dt.date) -> Truth:
    if cond.needs_declaration:
        return Truth.DECLARE
    if cond.attr.type == AttrType.TAGS:
        tags = profile.get("tags")
        value: Any = frozenset(tags or ())
    else:
        value = profile.get(cond.attr.name)
        if value is None:
            return Truth.DECLARE
    return Truth.TRUE if _test(cond, value, as_of) else Truth.FALSE


def _test(cond: Cond, v: Any, as_of: dt.date) -> bool:
    op, x = cond.op, cond.value
    if op == Op.EQ:
        return v == x
    if op == Op.NE:
        return v != x
    if op == Op.LT:
        return v < x
    if op == Op.LE:
        return v <= x
    if op == Op.GT:
        return v > x
    if op == Op.GE:
        return v >= x
    if op == Op.BETWEEN:
        return x[0] <= v <= x[1]
    if op == Op.IN:
        return v in x
    if op == Op.NOT_IN:
        return v not in x
    if op == Op.WITHIN:
        return any(str(v).startswith(region_prefix(code)) for code in x)
    if op == Op.INDUSTRY_WITHIN:
        return any(industry_within(v, code) for code in x)
    if op == Op.HAS:
        return x in v
    if op == Op.LACKS:
        return x not in v
    if op == Op.HAS_ANY:
        return any(t in v for t in x)
    if op == Op.HAS_ALL:
        return all(t in v for t in x)
    if op == Op.AGE_AT_LEAST:
        return v <= x.before(as_of)
    if op == Op.AGE_UNDER:
        return v > x.before(as_of)
    if op == Op.NOT_EXPIRED:
        return v >= as_of
    raise AssertionError(op)


def node_truth(node: Node, profile: Mapping[str, Any], as_of: dt.date, out: list | None = None) -> Truth:
    if isinstance(node, Cond):
        truth = condition_truth(node, profile, as_of)
        if out is not None:
            out.append((node, truth))
        return truth
    if isinstance(node, Not):
        t = node_truth(node.child, profile, as_of, out)
        return Truth(2 - t)
    # Evaluate every child (no short-circuit) so the explanation lists every condition.
    values = [node_truth(c, profile, as_of, out) for c in node.children]
    return Truth(min(values) if isinstance(node, All) else max(values))


def amount_of(amount: Amount | None, profile: Mapping[str, Any], as_of: dt.date) -> int | None:
    if amount is None:
        return None
    if amount.kind == "fixed":
        value = amount.fixed
    elif amount.kind == "percent":
        base = profile.get(amount.attr)
        value = None if base is None else base * amount.rate.numerator // amount.rate.denominator
    elif amount.kind == "each":
        units = profile.get(amount.attr)
        value = None if units is None else units * amount.each
    else:
        value = None
        for when, sub in amount.cases:
            if node_truth(when, profile, as_of) == Truth.TRUE:
                value = amount_of(sub, profile, as_of)
                break
        else:
            value = amount_of(amount.otherwise, profile, as_of) if amount.otherwise else 0
    if value is None:
        return None
    if amount.cap is not None:
        value = min(value, amount.cap)
    if amount.floor is not None:
        value = max(value, amount.floor)
    return value


def evaluate(rule: Rule, profile: Mapping[str, Any], *, as_of: dt.date) -> Evaluation:
    """The outcome for one enterprise with every condition, its expected and actual values."""
    seen: list[tuple[Cond, Truth]] = []
    truth = node_truth(rule.conditions, profile, as_of, seen)
    status = STATUS[truth]
    amount = amount_of(rule.amount, profile, as_of) if truth != Truth.FALSE else None
    outcomes = []
    for cond, t in seen:
        if cond.attr.type == AttrType.TAGS:
            actual = display_value(cond.attr, sorted(profile.get("tags") or ())) or "（无标签）"
        else:
            actual = display_value(cond.attr, profile.get(cond.attr.name))
        outcomes.append(
            ConditionOutcome(
                id=cond.id,
                label=cond.label,
                attr=cond.attr.name,
                attr_label=cond.attr.label,
                op=cond.op.value,
                expected=display_value(cond.attr, cond.value) if cond.value is not None else "",
                actual="（由企业承诺）" if cond.needs_declaration else actual,
                source=cond.source.value,
                truth=t,
            )
        )
    return Evaluation(rule_key=rule.key, status=status, amount=amount, conditions=tuple(outcomes))
