"""CV: coefficient of variation of a tender's bids, σ / μ (n ≥ 3). Fires when CV < 3 %.

Cover bids are placed close to the designated winner's price, so rigged tenders show a low
dispersion of all bids. References: Imhof, Karagök & Rutz (2018), "Screening for bid rigging —
does it work?", Journal of Competition Law & Economics 14(2); Huber & Imhof (2019), "Machine
learning with screens for detecting bid-rigging cartels", International Journal of Industrial
Organization 65 (screen "CV").
"""

from __future__ import annotations

import polars as pl

from .base import Screen, low_strength

THRESHOLD = 0.03


def strength() -> pl.Expr:
    return pl.when(pl.col("n") >= 3).then(low_strength(pl.col("cv"), THRESHOLD)).otherwise(0.0)


SCREEN = Screen(
    code="low_cv",
    title="报价离散度异常低（变异系数）",
    weight=15,
    strength=strength,
    explain=lambda s: f"{s['n']} 家报价的变异系数 σ/μ = {s['cv']:.2%}，低于 {THRESHOLD:.0%}：报价异常集中",
    reference="Imhof, Karagök & Rutz 2018; Huber & Imhof 2019 (CV)",
    legal_basis="招标投标法实施条例第四十条第（四）项",
)
