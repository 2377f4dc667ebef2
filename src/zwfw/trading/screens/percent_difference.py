"""DIFFP: percent difference of the two lowest bids, (b2 − b1) / b1 (n ≥ 3). Fires when > 10 %.

A designated winner that is far below an otherwise close field. Alone it is weak (a cheap efficient
firm gives the same picture), so its weight is small; it adds to :mod:`.relative_distance`.
Reference: Huber & Imhof (2019) ("DIFFP").
"""

from __future__ import annotations

import polars as pl

from .base import Screen, high_strength

THRESHOLD = 0.10


def strength() -> pl.Expr:
    return pl.when(pl.col("n") >= 3).then(high_strength(pl.col("percent_diff"), THRESHOLD)).otherwise(0.0)


SCREEN = Screen(
    code="high_percent_difference",
    title="最低价与次低价相差超过 10%",
    weight=5,
    strength=strength,
    explain=lambda s: f"次低价比最低价高 {s['percent_diff']:.2%}，超过 {THRESHOLD:.0%}",
    reference="Huber & Imhof 2019 (DIFFP)",
)
