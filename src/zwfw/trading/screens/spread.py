"""SPD: spread of a tender's bids, (max − min) / min (n ≥ 3). Fires when the spread < 5 %.

A narrow range between the highest and the lowest bid goes with complementary (cover) bids.
Reference: Huber & Imhof (2019), International Journal of Industrial Organization 65 (screen "SPD").
"""

from __future__ import annotations

import polars as pl

from .base import Screen, low_strength

THRESHOLD = 0.05


def strength() -> pl.Expr:
    return pl.when(pl.col("n") >= 3).then(low_strength(pl.col("spread"), THRESHOLD)).otherwise(0.0)


SCREEN = Screen(
    code="low_spread",
    title="最高最低报价差距过小（极差率）",
    weight=10,
    strength=strength,
    explain=lambda s: f"最高与最低报价相差 {s['spread']:.2%}（(max−min)/min），低于 {THRESHOLD:.0%}",
    reference="Huber & Imhof 2019 (SPD)",
    legal_basis="招标投标法实施条例第四十条第（四）项",
)
