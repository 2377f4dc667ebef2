"""Derived tags (``tags.yaml``) and the size class, computed over a whole population at once."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import polars as pl
import yaml

from zwfw.policies.rules.attributes import TAG_BITS, AttrType
from zwfw.policies.rules.compile import FRAME_SCHEMA, eligible_expr, with_numeric_codes
from zwfw.policies.rules.evaluate import Truth, node_truth
from zwfw.policies.rules.language import Rule, RuleError, RuleErrorKind, rule_from_dict
from zwfw.policies.rules.size import size_class, size_class_expr

TAGS_FILE = Path(__file__).with_name("tags.yaml")


@lru_cache(maxsize=1)
def tag_rules() -> dict[str, Rule]:
    """The derived-tag rules, type-checked. A tag rule may not read tags (no cycles)."""
    data = yaml.safe_load(TAGS_FILE.read_text(encoding="utf-8"))
    rules = {}
    for name, body in data.items():
        if name not in TAG_BITS:
            raise RuleError(rule=name, field="(root)", kind=RuleErrorKind.BAD_VALUE, reason=f"未知的标签“{name}”")
        rule = rule_from_dict({"key": f"tag-{name}", **body})
        if any(c.attr.type == AttrType.TAGS for c in rule.condition_list):
            raise RuleError(rule=name, field="conditions", kind=RuleErrorKind.BAD_VALUE, reason="标签规则不能引用标签")
        rules[name] = rule
    return rules


def derive_tags(profile: dict, *, as_of: dt.date) -> set[str]:
    """The derived tags of one enterprise (``profile`` must already carry ``size_class``)."""
    return {name for name, rule in tag_rules().items() if node_truth(rule.conditions, profile, as_of) == Truth.TRUE}


def with_derived(profile: dict, *, as_of: dt.date) -> dict:
    """``profile`` plus ``size_class`` and the derived tags added to its imported ``tags``."""
    out = dict(profile)
    out["size_class"] = size_class(
        industry_code=out.get("industry_code"),
        employees=out.get("employees"),
        revenue=out.get("revenue"),
        total_assets=out.get("total_assets"),
    )
    out["tags"] = set(out.get("tags") or ()) | derive_tags(out, as_of=as_of)
    return out


def derive_frame(frame: pl.DataFrame | pl.LazyFrame, *, as_of: dt.date) -> pl.LazyFrame:
    """Add ``size_class`` and OR the derived tag bits into ``tag_bits`` for every row."""
    lf = with_numeric_codes(frame.lazy()).with_columns(
        size_class_expr().cast(FRAME_SCHEMA["size_class"]).alias("size_class")
    )
    bits = pl.col("tag_bits").fill_null(0)
    for name, rule in tag_rules().items():
        bits = bits | pl.when(eligible_expr(rule.conditions, as_of)).then(pl.lit(TAG_BITS[name])).otherwise(pl.lit(0))
    return lf.with_columns(bits.cast(pl.Int64).alias("tag_bits"))
