"""KURT: excess kurtosis of a tender's bids (bias-corrected, n ≥ 5). Fires when KURT > 2.

Bids gathered tightly around one level with an outlier (the winner) give a peaked, heavy-tailed
distribution. Reference: Imhof, Karagök & Rutz (2018); Huber & Imhof (2019) (screen "KURTO").
"""

from __future__ import annotations

import polars as pl

from .base import Screen, high_strength

THRESHOLD = 2.0


def strength() -> pl.Expr:
    return pl.when(pl.col("n") >= 5).then(high_strength(pl.col("kurtosis"), THRESHOLD)).otherwise(0.0)


SCREEN = Screen(
    code="high_kurtosis",
    title="报价分布峰度异常高",
    weight=5,
    strength=strength,
    explain=lambda s: f"报价的超额峰度为 {s['kurtosis']:.2f}，高于 {THRESHOLD:g}：多数报价挤在一处",
    reference="Imhof, Karagök & Rutz 2018; Huber & Imhof 2019 (KURTO)",
)
