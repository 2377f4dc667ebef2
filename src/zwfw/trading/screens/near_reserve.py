"""Bids just under the ceiling: the lowest bid lies within 2 % under the reserve (ceiling) price.

When even the winning bid sits right under the published 最高投标限价, the bidders did not compete
on price. Strength grows with the share of bids inside the 2 % band. Reference: OECD, Guidelines
for Fighting Bid Rigging in Public Procurement (2009), checklist "bids … close to the reserve price".
"""

from __future__ import annotations

import polars as pl

from .base import Screen
from .tender_stats import NEAR_RESERVE_BAND


def strength() -> pl.Expr:
    fires = pl.col("winner_under_reserve").is_between(0.0, NEAR_RESERVE_BAND)
    return pl.when(fires).then(0.5 + 0.5 * pl.col("near_reserve_share")).otherwise(0.0).fill_null(0.0)


SCREEN = Screen(
    code="near_reserve",
    title="报价紧贴最高投标限价",
    weight=10,
    strength=strength,
    explain=lambda s: (
        f"最低报价仅比最高投标限价低 {s['winner_under_reserve']:.2%}；"
        f"{s['near_reserve_share']:.0%} 的报价在限价下 {NEAR_RESERVE_BAND:.0%} 以内"
    ),
    reference="OECD Guidelines for Fighting Bid Rigging in Public Procurement (2009)",
)
