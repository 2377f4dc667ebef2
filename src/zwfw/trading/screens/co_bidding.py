"""Companies that always bid together: a pair of bidders whose tenders mostly coincide.

For bidders a and b with Na and Nb bids that met in M tenders, the Jaccard index
J = M / (Na + Nb − M) is 1 when they never bid without each other. The screen fires on every tender
where a pair with M ≥ 4 and J ≥ 0.6 met. Strength grows with J. Reference: OECD Guidelines for
Fighting Bid Rigging in Public Procurement (2009) ("the same suppliers … always bid together");
招标投标法实施条例 art. 39(4)/(5) (joint action in concert).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from .base import Screen
from .network import BidGraph

MIN_MEETINGS = 4
MIN_JACCARD = 0.6


def network(graph: BidGraph) -> pl.DataFrame:
    pairs = graph.with_bidder_counts().with_columns(
        (pl.col("meetings") / (pl.col("lo_bids") + pl.col("hi_bids") - pl.col("meetings"))).alias("jaccard")
    )
    hits = pairs.filter((pl.col("meetings") >= MIN_MEETINGS) & (pl.col("jaccard") >= MIN_JACCARD))
    strength = 0.5 + 0.5 * (hits["jaccard"].to_numpy() - MIN_JACCARD) / (1 - MIN_JACCARD)
    return graph.tenders_with(hits["key"].to_numpy(), np.asarray(strength, dtype=float))


SCREEN = Screen(
    code="co_bidding",
    title="固定搭档陪标（总是一起投标）",
    weight=15,
    network=network,
    explain=lambda s: (
        f"{s['bidder_a']} 与 {s['bidder_b']} 共同参加 {s['meetings']} 次投标，"
        f"各自投标 {s['a_bids']}/{s['b_bids']} 次：几乎总是一起出现"
    ),
    reference="OECD Guidelines for Fighting Bid Rigging (2009); 招标投标法实施条例第三十九条",
    legal_basis="招标投标法实施条例第三十九条第（四）、（五）项",
)
