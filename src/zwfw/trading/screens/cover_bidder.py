"""Cover bidders who never win: a bidder with ≥ 5 bids and no win that keeps losing to one winner.

The screen fires on a tender won by W where a losing bidder L took part such that L never won any
tender (L has at least 5 bids), L met W in at least 3 tenders and W won at least 2 of them.
Strength grows with the share of L's bids placed against W. Reference: OECD Guidelines (2009)
("cover bidding", "a supplier that always bids and never wins"); 招标投标法实施条例 art. 39(3).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from .base import Screen
from .network import BidGraph, _key

MIN_BIDS = 5
MIN_MEETINGS = 3
MIN_WINNER_WINS = 2


def network(graph: BidGraph) -> pl.DataFrame:
    pairs = graph.with_bidder_counts()
    # one row per direction: (loser, winner)
    lo_cover = pairs.filter(
        (pl.col("lo_total_wins") == 0) & (pl.col("lo_bids") >= MIN_BIDS) & (pl.col("hi_wins") >= MIN_WINNER_WINS)
    ).select(
        pl.col("lo").alias("loser"), pl.col("hi").alias("winner"), "meetings", pl.col("lo_bids").alias("loser_bids")
    )
    hi_cover = pairs.filter(
        (pl.col("hi_total_wins") == 0) & (pl.col("hi_bids") >= MIN_BIDS) & (pl.col("lo_wins") >= MIN_WINNER_WINS)
    ).select(
        pl.col("hi").alias("loser"), pl.col("lo").alias("winner"), "meetings", pl.col("hi_bids").alias("loser_bids")
    )
    cover = pl.concat([lo_cover, hi_cover]).filter(pl.col("meetings") >= MIN_MEETINGS)
    keys = _key(cover["loser"].to_numpy(), cover["winner"].to_numpy())
    strength = 0.5 + 0.5 * (cover["meetings"] / cover["loser_bids"]).to_numpy()
    return graph.tenders_with(keys, np.asarray(strength, dtype=float), directed="winner_hi")


SCREEN = Screen(
    code="cover_bidder",
    title="只陪不中的陪标人",
    weight=15,
    network=network,
    explain=lambda s: (
        f"{s['bidder_a']} 投标 {s['a_bids']} 次从未中标，其中 {s['meetings']} 次与本项目中标人 "
        f"{s['bidder_b']} 同场，后者在这些项目中中标 {s['b_wins_vs_a']} 次"
    ),
    reference="OECD Guidelines for Fighting Bid Rigging (2009), cover bidding; 招标投标法实施条例第三十九条第（三）项",
    legal_basis="招标投标法实施条例第三十九条第（三）项",
)
