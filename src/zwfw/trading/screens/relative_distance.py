"""RD: relative distance of the two lowest bids, (b2 − b1) / σ_losing (n ≥ 3). Fires when RD > 3.

σ_losing is the standard deviation of every bid but the lowest. In a rigged tender the cover bids
sit close together while the designated winner stands apart below them, so the gap between the
first and second bid is large compared with the spread of the losing bids. Reference: Imhof,
Karagök & Rutz (2018) ("RD"); Huber & Imhof (2019).
"""

from __future__ import annotations

import polars as pl

from .base import Screen, high_strength

THRESHOLD = 3.0


def strength() -> pl.Expr:
    return (
        pl.when((pl.col("n") >= 3) & (pl.col("std_losing") > 0))
        .then(high_strength(pl.col("relative_distance"), THRESHOLD))
        .otherwise(0.0)
    )


SCREEN = Screen(
    code="high_relative_distance",
    title="最低价与次低价差距相对过大",
    weight=15,
    strength=strength,
    explain=lambda s: f"次低价与最低价之差是落标报价标准差的 {s['relative_distance']:.2f} 倍（RD），高于 {THRESHOLD:g}",
    reference="Imhof, Karagök & Rutz 2018; Huber & Imhof 2019 (RD)",
)
