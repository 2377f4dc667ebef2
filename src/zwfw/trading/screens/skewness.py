"""SKEW: skewness of a tender's bids (bias-corrected, n ≥ 4). Fires when SKEW < −1.

Cover bids bunched above one low winning bid skew the distribution to the left (negative).
Reference: Huber & Imhof (2019), International Journal of Industrial Organization 65 ("SKEW").
"""

from __future__ import annotations

import polars as pl

from .base import Screen, high_strength

THRESHOLD = -1.0


def strength() -> pl.Expr:
    return pl.when(pl.col("n") >= 4).then(high_strength(-pl.col("skewness"), -THRESHOLD)).otherwise(0.0)


SCREEN = Screen(
    code="negative_skew",
    title="报价分布明显左偏",
    weight=5,
    strength=strength,
    explain=lambda s: f"报价偏度为 {s['skewness']:.2f}，低于 {THRESHOLD:g}：一家明显低价，其余报价聚在高处",
    reference="Huber & Imhof 2019 (SKEW)",
)
