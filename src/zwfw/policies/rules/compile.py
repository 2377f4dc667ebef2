"""Compile a rule tree into Polars expressions evaluated over a whole population at once.

Three-valued truth is carried as two Boolean bitmaps per node, "met" and "not met" (neither:
to be declared), so Kleene logic is plain bitmap AND/OR with no branch per row; stored results
use Int8 (0 = not met, 1 = to be declared, 2 = met). Missing values are "to be declared", as in
:mod:`.evaluate`.
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
# Enumerations as Polars Enum (small integers underneath): membership tests compare codes, not strings.
FRAME_SCHEMA.update(
    {
        a.name: pl.Enum(list(a.choices)) if a.type == AttrType.ENUM else _DTYPES[a.type]
        for a in ATTRIBUTES.values()
        if a.type != AttrType.TAGS
    }
)
# Region and industry codes as integers: "within" becomes one range test instead of string
# prefix matching (GB/T 2260 codes have 6 digits, GB/T 4754 classes 4, so the two agree).
NUMERIC_CODES = {"region_code": "region_num", "industry_code": "industry_num"}
FRAME_SCHEMA.update(dict.fromkeys(NUMERIC_CODES.values(), pl.Int32))


def with_numeric_codes(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Add ``region_num``/``industry_num`` when the frame lacks them (snapshots carry them)."""
    names = lf.collect_schema().names()
    return lf.with_columns(
        [
            pl.col(code).cast(pl.Int32, strict=False).alias(num)
            for code, num in NUMERIC_CODES.items()
            if num not in names
        ]
    )


def _code_range(col: pl.Expr, code: str, width: int) -> pl.Expr:
    """``col`` (an integer code of ``width`` digits) lies below the prefix ``code``."""
    scale = 10 ** (width - len(code))
    lo = int(code) * scale
    return col.is_between(lo, lo + scale - 1, closed="both")


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
        num = pl.col("region_num")
        expr = None
        for code in x:
            term = _code_range(num, region_prefix(code), 6)
            expr = term if expr is None else (expr | term)
        return expr
    if op == Op.INDUSTRY_WITHIN:
        num = pl.col("industry_num")
        expr = None
        for code in x:
            if code.isalpha():
                lo, hi, _ = SECTIONS[code]
                term = num.is_between(lo * 100, hi * 100 + 99, closed="both")
            else:
                term = _code_range(num, code, 4)
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


TF = tuple[pl.Expr, pl.Expr]
_FALSE = pl.lit(False)


def condition_tf(cond: Cond, as_of: dt.date, non_null: frozenset[str] = frozenset()) -> TF:
    """(is met, is not met) as two non-null Booleans; both False means "to be declared".

    ``non_null`` names columns known to hold no nulls (from the frame's statistics): their
    conditions skip the null handling."""
    if cond.needs_declaration:
        return _FALSE, _FALSE
    met = _predicate(cond, as_of)
    if cond.attr.type == AttrType.TAGS or _column(cond) in non_null:  # the tag bitmask is never null
        return met, ~met
    return met.fill_null(False), (~met).fill_null(False)


def _column(cond: Cond) -> str:
    return NUMERIC_CODES.get(cond.attr.name, cond.attr.name)


def non_null_columns(frame: pl.DataFrame) -> frozenset[str]:
    """Columns without nulls (Arrow keeps the null count: no pass over the data)."""
    return frozenset(name for name, s in zip(frame.columns, frame.get_columns(), strict=True) if s.null_count() == 0)


def node_tf(
    node: Node, as_of: dt.date, conds: dict[str, TF] | None = None, non_null: frozenset[str] = frozenset()
) -> TF:
    """Kleene logic on bitmaps: ``all`` is met when every part is met and fails when any part
    fails; ``any`` the other way round; ``not`` swaps. ``conds`` maps condition ids to
    precomputed (met, not met) columns."""
    if isinstance(node, Cond):
        if conds is not None and node.id in conds:
            return conds[node.id]
        return condition_tf(node, as_of, non_null)
    if isinstance(node, Not):
        t, f = node_tf(node.child, as_of, conds, non_null)
        return f, t
    parts = [node_tf(c, as_of, conds, non_null) for c in node.children]
    if len(parts) == 1:
        return parts[0]
    ts, fs = [p[0] for p in parts], [p[1] for p in parts]
    if isinstance(node, All):
        return pl.all_horizontal(ts), pl.any_horizontal(fs)
    return pl.any_horizontal(ts), pl.all_horizontal(fs)


def truth_expr(tf: TF) -> pl.Expr:
    """Int8 truth: 2 met, 1 to be declared, 0 not met (``1 + met − not met``)."""
    t, f = tf
    return (pl.lit(1, dtype=pl.Int8) + t.cast(pl.Int8) - f.cast(pl.Int8)).cast(pl.Int8)


def condition_expr(cond: Cond, as_of: dt.date) -> pl.Expr:
    return truth_expr(condition_tf(cond, as_of))


def node_expr(node: Node, as_of: dt.date) -> pl.Expr:
    """The Int8 truth of ``node`` (see :func:`truth_expr`)."""
    return truth_expr(node_tf(node, as_of))


def eligible_expr(node: Node, as_of: dt.date, non_null: frozenset[str] = frozenset()) -> pl.Expr:
    """Boolean "eligible" (every condition met on data): the met-bitmap alone."""
    return node_tf(node, as_of, non_null=non_null)[0]


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
            test = eligible_expr(when, as_of)
            chain = (
                pl.when(test).then(amount_expr(sub, as_of))
                if chain is None
                else chain.when(test).then(amount_expr(sub, as_of))
            )
        expr = chain.otherwise(fallback)
    if amount.cap is not None or amount.floor is not None:
        expr = expr.clip(lower_bound=amount.floor, upper_bound=amount.cap)
    return expr.cast(pl.Int64)


def _cond_key(c: Cond) -> tuple:
    return (c.attr.name, c.op, c.value, c.source)


@dataclass(frozen=True)
class Plan:
    """The distinct conditions of a set of rules (column ``k{j}`` in the results) and, per rule,
    the columns of its conditions in the rule's order: the stored explanation of enterprise ×
    rule ``i`` is the values of ``per_rule[i]`` in that enterprise's row."""

    rules: tuple[Rule, ...]
    conditions: tuple[Cond, ...]
    per_rule: tuple[tuple[str, ...], ...]


def plan_rules(rules: list[Rule]) -> Plan:
    index: dict[tuple, int] = {}
    conditions: list[Cond] = []
    per_rule = []
    for rule in rules:
        cols = []
        for c in rule.condition_list:
            key = _cond_key(c)
            if key not in index:
                index[key] = len(conditions)
                conditions.append(c)
            cols.append(f"k{index[key]}")
        per_rule.append(tuple(cols))
    return Plan(rules=tuple(rules), conditions=tuple(conditions), per_rule=tuple(per_rule))


def evaluate_frame(
    frame: pl.DataFrame | pl.LazyFrame,
    rules: list[Rule] | Plan,
    *,
    as_of: dt.date,
    keep: tuple[str, ...] = ("uscc",),
) -> pl.LazyFrame:
    """Results: the ``keep`` columns; per distinct condition ``j`` the Int8 truth ``k{j}``; per
    rule ``i`` the Int8 status ``s{i}`` (2 eligible, 1 eligible if declared, 0 not) and the amount
    ``a{i}`` in fen (null when not eligible or a figure is missing).

    Two stages: each distinct condition is computed once as two bitmaps (met, not met),
    materialised; statuses and amounts are then Boolean algebra over those columns. The second
    stage is returned lazy for the caller to collect or sink.
    """
    plan = rules if isinstance(rules, Plan) else plan_rules(rules)
    base = with_numeric_codes(frame.lazy()).collect()
    non_null = non_null_columns(base)
    exprs = []
    for j, c in enumerate(plan.conditions):
        t, f = condition_tf(c, as_of, non_null)
        exprs += [t.alias(f"__t{j}"), f.alias(f"__f{j}")]
    stage1 = base.with_columns(exprs)
    tf = {f"k{j}": (pl.col(f"__t{j}"), pl.col(f"__f{j}")) for j in range(len(plan.conditions))}
    outputs = [pl.col(k) for k in keep]
    outputs += [truth_expr(tf[f"k{j}"]).alias(f"k{j}") for j in range(len(plan.conditions))]
    for i, rule in enumerate(plan.rules):
        ref = {c.id: tf[col] for c, col in zip(rule.condition_list, plan.per_rule[i], strict=True)}
        t, f = node_tf(rule.conditions, as_of, ref)
        outputs.append(truth_expr((t, f)).alias(f"s{i}"))
        if rule.amount is not None:
            outputs.append(pl.when(~f).then(amount_expr(rule.amount, as_of)).otherwise(None).alias(f"a{i}"))
        else:
            outputs.append(pl.lit(None, dtype=pl.Int64).alias(f"a{i}"))
    return stage1.lazy().select(outputs)


def explanation_of(row: dict, plan: Plan, i: int) -> list[int]:
    """The per-condition truths (0/1/2) of rule ``i`` in one result row."""
    return [row[col] for col in plan.per_rule[i]]


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
    for code, num in NUMERIC_CODES.items():
        columns[num] = [int(v) if v is not None else None for v in columns[code]]
    return pl.DataFrame(columns, schema=FRAME_SCHEMA)
