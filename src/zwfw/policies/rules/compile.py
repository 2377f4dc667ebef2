"""Compile a rule tree into Polars expressions evaluated over a whole population at once.

Truth values are Int8 (0 = not met, 1 = to be declared, 2 = met), so ``all`` is
``min_horizontal``, ``any`` is ``max_horizontal`` and ``not`` is ``2 - x``: three-valued logic
without a branch per row. Missing values become 1 (to be declared), as in :mod:`.evaluate`.
Money is integer fen; percentages are exact fractions applied with integer floor division, so
the amounts are the evaluator's to the fen.

The population frame has one column per attribute (see :data:`FRAME_SCHEMA`), tags as the
``tag_bits`` Int64 bitmask (:data:`~.attributes.TAG_BITS`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from zwfw.policies.rules.attributes import ATTRIBUTES, TAG_BITS, AttrType
from zwfw.policies.rules.industry import SECTIONS
from zwfw.policies.rules.language import All, Amount, Cond, Node, Not, Op, Rule, region_prefix

_DTYPES = {
    AttrType.INT: pl.Int64,
    AttrType.MONEY: pl.Int64,
    AttrType.BOOL: pl.Boolean,
    AttrType.DATE: pl.Date,
    AttrType.ENUM: pl.String,
    AttrType.REGION: pl.String,
    AttrType.INDUSTRY: pl.String,
}
FRAME_SCHEMA: dict[str, pl.DataType] = {"uscc": pl.String, "tag_bits": pl.Int64}
FRAME_SCHEMA.update({a.name: _DTYPES[a.type] for a in ATTRIBUTES.values() if a.type != AttrType.TAGS})


def _tag_mask(tags) -> int:
    return sum(TAG_BITS[t] for t in tags)


def _predicate(cond: Cond, as_of: dt.date) -> pl.Expr:
    col = pl.col(cond.attr.name)
    op, x = cond.op, cond.value
    if op == Op.EQ:
        return col == x
    if op == Op.NE:
        return col != x
    if op == Op.LT:
        return col < x
    if op == Op.LE:
        return col <= x
    if op == Op.GT:
        return col > x
    if op == Op.GE:
        return col >= x
    if op == Op.BETWEEN:
        return col.is_between(x[0], x[1], closed="both")
    if op == Op.IN:
        return col.is_in(list(x))
    if op == Op.NOT_IN:
        return ~col.is_in(list(x))
    if op == Op.WITHIN:
        prefixes = [region_prefix(code) for code in x]
        expr = col.str.starts_with(prefixes[0])
        for p in prefixes[1:]:
            expr = expr | col.str.starts_with(p)
        return expr
    if op == Op.INDUSTRY_WITHIN:
        expr = None
        for code in x:
            if code.isalpha():
                lo, hi, _ = SECTIONS[code]
                term = col.str.slice(0, 2).is_in([f"{d:02d}" for d in range(lo, hi + 1)])
            else:
                term = col.str.starts_with(code)
            expr = term if expr is None else (expr | term)
        return expr
    bits = pl.col("tag_bits")
    if op == Op.HAS:
        return (bits & _tag_mask([x])) != 0
    if op == Op.LACKS:
        return (bits & _tag_mask([x])) == 0
    if op == Op.HAS_ANY:
        return (bits & _tag_mask(x)) != 0
    if op == Op.HAS_ALL:
        mask = _tag_mask(x)
        return (bits & mask) == mask
    if op == Op.AGE_AT_LEAST:
        return col <= pl.lit(x.before(as_of))
    if op == Op.AGE_UNDER:
        return col > pl.lit(x.before(as_of))
    if op == Op.NOT_EXPIRED:
        return col >= pl.lit(as_of)
    raise AssertionError(op)


def condition_expr(cond: Cond, as_of: dt.date) -> pl.Expr:
    if cond.needs_declaration:
        return pl.lit(1, dtype=pl.Int8)
    met = _predicate(cond, as_of)
    if cond.attr.type == AttrType.TAGS:
        return met.cast(pl.Int8) * 2
    return (met.cast(pl.Int8) * 2).fill_null(1)


def node_expr(node: Node, as_of: dt.date, conds: dict[str, pl.Expr] | None = None) -> pl.Expr:
    if isinstance(node, Cond):
        if conds is not None and node.id:
            return pl.col(f"__{node.id}")
        return condition_expr(node, as_of)
    if isinstance(node, Not):
        return pl.lit(2, dtype=pl.Int8) - node_expr(node.child, as_of, conds)
    parts = [node_expr(c, as_of, conds) for c in node.children]
    if len(parts) == 1:
        return parts[0]
    return pl.min_horizontal(parts) if isinstance(node, All) else pl.max_horizontal(parts)


def amount_expr(amount: Amount, as_of: dt.date) -> pl.Expr:
    if amount.kind == "fixed":
        expr = pl.lit(amount.fixed, dtype=pl.Int64)
    elif amount.kind == "percent":
        expr = (pl.col(amount.attr) * amount.rate.numerator) // amount.rate.denominator
    elif amount.kind == "each":
        expr = pl.col(amount.attr) * amount.each
    else:
        fallback = amount_expr(amount.otherwise, as_of) if amount.otherwise else pl.lit(0, dtype=pl.Int64)
        chain = None
        for when, sub in amount.cases:
            test = node_expr(when, as_of) == 2
            chain = (
                pl.when(test).then(amount_expr(sub, as_of))
                if chain is None
                else chain.when(test).then(amount_expr(sub, as_of))
            )
        expr = chain.otherwise(fallback)
    if amount.cap is not None or amount.floor is not None:
        expr = expr.clip(lower_bound=amount.floor, upper_bound=amount.cap)
    return expr.cast(pl.Int64)


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    conditions: list[pl.Expr]  # one Int8 per condition, aliased "__c<i>"
    status: pl.Expr  # Int8 0/1/2
    packed: pl.Expr  # UInt64: condition i's truth at bits 2i..2i+1
    amount: pl.Expr | None  # Int64 fen, null when not eligible


def compile_rule(rule: Rule, *, as_of: dt.date) -> CompiledRule:
    """Expressions for one rule. Evaluate ``conditions`` first (``with_columns``), then the rest,
    which read the per-condition columns instead of recomputing them."""
    conds = [condition_expr(c, as_of).alias(f"__{c.id}") for c in rule.condition_list]
    ref = {c.id: pl.col(f"__{c.id}") for c in rule.condition_list}
    status = node_expr(rule.conditions, as_of, ref)
    packed = pl.sum_horizontal(
        [pl.col(f"__{c.id}").cast(pl.UInt64) * pl.lit(4**i, dtype=pl.UInt64) for i, c in enumerate(rule.condition_list)]
    )
    amount = None
    if rule.amount is not None:
        amount = pl.when(status > 0).then(amount_expr(rule.amount, as_of)).otherwise(None)
    return CompiledRule(rule=rule, conditions=conds, status=status, packed=packed, amount=amount)


def evaluate_frame(
    frame: pl.DataFrame | pl.LazyFrame, rules: list[Rule], *, as_of: dt.date, keep: tuple[str, ...] = ("uscc",)
) -> pl.LazyFrame:
    """Wide results: per rule ``i`` the columns ``s{i}`` (status), ``e{i}`` (packed conditions),
    ``a{i}`` (amount) beside the ``keep`` columns. Lazy: the caller collects or sinks it."""
    lf = frame.lazy()
    outputs = [pl.col(k) for k in keep]
    for i, rule in enumerate(rules):
        # The condition expressions appear in both the status and the packed explanation;
        # Polars' common-subexpression elimination computes each once.
        conds = [condition_expr(c, as_of) for c in rule.condition_list]
        status = node_expr(rule.conditions, as_of)
        packed = pl.sum_horizontal([e.cast(pl.UInt64) * pl.lit(4**j, dtype=pl.UInt64) for j, e in enumerate(conds)])
        outputs.append(status.alias(f"s{i}"))
        outputs.append(packed.alias(f"e{i}"))
        if rule.amount is not None:
            outputs.append(pl.when(status > 0).then(amount_expr(rule.amount, as_of)).otherwise(None).alias(f"a{i}"))
        else:
            outputs.append(pl.lit(None, dtype=pl.Int64).alias(f"a{i}"))
    return lf.select(outputs)


def frame_from_profiles(profiles: list[dict]) -> pl.DataFrame:
    """A population frame from profile dicts (typed values, tags as names): for tests, samples
    and small populations. Large populations are read from Parquet or the database directly."""
    from zwfw.policies.rules.evaluate import tags_to_bits

    columns: dict[str, list] = {name: [] for name in FRAME_SCHEMA}
    for p in profiles:
        for name in FRAME_SCHEMA:
            if name == "tag_bits":
                columns[name].append(tags_to_bits(p.get("tags") or ()))
            else:
                columns[name].append(p.get(name))
    return pl.DataFrame(columns, schema=FRAME_SCHEMA)
