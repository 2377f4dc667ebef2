"""Regular price pattern: the sorted bids step up by (nearly) the same amount or the same ratio.

招标投标法实施条例 art. 40(4): "投标报价呈规律性差异". With n ≥ 4 bids (three steps; two steps
match by chance too often) the consecutive differences (or the logarithms of consecutive ratios)
are compared: when their coefficient of variation is below 5 % and no two bids are equal, the bids
follow an arithmetic (or geometric) ladder, the classic trace of complementary prices written by
one hand.
"""

from __future__ import annotations

import polars as pl

from .base import Screen, low_strength

THRESHOLD = 0.05


def strength() -> pl.Expr:
    pattern = pl.min_horizontal(pl.col("gap_cv").fill_nan(None), pl.col("ratio_cv").fill_nan(None))
    return pl.when((pl.col("n") >= 4) & (pl.col("gap_zero") == 0)).then(low_strength(pattern, THRESHOLD)).otherwise(0.0)


SCREEN = Screen(
    code="regular_price_pattern",
    title="报价呈规律性差异",
    weight=25,
    strength=strength,
    explain=lambda s: (
        f"相邻报价之差（或比值）几乎不变：差额变异系数 {s['gap_cv']:.2%}，比值变异系数 {s['ratio_cv']:.2%}"
    ),
    reference="招标投标法实施条例（国务院令第613号）第四十条第（四）项",
    legal_basis="招标投标法实施条例第四十条第（四）项",
)
