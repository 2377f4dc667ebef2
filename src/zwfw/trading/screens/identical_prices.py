"""Identical prices: two or more bids of one tender with exactly the same amount.

招标投标法实施条例 art. 40(4) deems "abnormally identical bids" collusion. Strength grows with the
share of equal neighbours among the sorted bids.
"""

from __future__ import annotations

import polars as pl

from .base import Screen


def strength() -> pl.Expr:
    share = pl.col("gap_zero") / (pl.col("n") - 1)
    return pl.when(pl.col("gap_zero") > 0).then(0.5 + 0.5 * share.clip(0.0, 1.0)).otherwise(0.0)


SCREEN = Screen(
    code="identical_prices",
    title="报价完全相同",
    weight=30,
    strength=strength,
    explain=lambda s: f"有 {s['gap_zero']} 对报价金额完全相同",
    reference="招标投标法实施条例（国务院令第613号）第四十条第（四）项",
    legal_basis="招标投标法实施条例第四十条第（四）项",
)
