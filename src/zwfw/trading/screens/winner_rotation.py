"""Winner rotation: two bidders who meet again and again and take turns winning.

Two tests on each pair (a, b) that met in M ≥ 3 tenders, a winning Wa and b winning Wb of them,
both at least once; the screen fires when either test passes (one-sided normal approximations):

- **taking turns**: the W = Wa + Wb tenders one of them won, in tender (or date) order, switch
  winner S times. If who of the two won were independent draws with q = Wa / W, S would have mean
  E = (W − 1)·2q(1 − q) and variance ≈ (W − 1)·2q(1 − q)(1 − 2q(1 − q)); z = (S − E)/√V ≥ 3.
  Strict rotation alternates every time (a complete cartel of four that rotates gives each pair a
  strictly alternating sequence, while its win *share* is what chance gives);
- **sharing the wins**: if the bids of each tender were exchangeable, one of the pair would win a
  tender of n bids with chance 2/n, so W has mean Σ 2/n and variance Σ 2/n (1 − 2/n) over the
  meetings; z = (W − mean)/√variance, with the higher bar z ≥ 4 (many pairs are tested).

It fires on the tenders the pair met in and one of them won; strength grows with z.
Reference: OECD Guidelines (2009) ("bid rotation"); 招标投标法实施条例 art. 39(2).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from .base import Screen
from .network import BidGraph

MIN_MEETINGS = 3
MIN_Z_TURNS = 3.0
MIN_Z_SHARE = 4.0


def network(graph: BidGraph) -> pl.DataFrame:
    wins = pl.col("lo_wins") + pl.col("hi_wins")
    q = pl.col("lo_wins") / wins
    p_switch = 2 * q * (1 - q)
    mean = (wins - 1) * p_switch
    z_turns = (pl.col("switches") - mean) / (mean * (1 - p_switch)).sqrt()
    z_share = (wins - pl.col("expected_wins")) / pl.col("wins_variance").sqrt()
    hits = (
        graph.pairs.with_columns(z_turns.fill_nan(0.0).alias("z_turns"), z_share.fill_nan(0.0).alias("z_share"))
        .filter(
            (pl.col("meetings") >= MIN_MEETINGS)
            & (pl.col("lo_wins") >= 1)
            & (pl.col("hi_wins") >= 1)
            & ((pl.col("z_turns") >= MIN_Z_TURNS) | (pl.col("z_share") >= MIN_Z_SHARE))
        )
        .with_columns(
            pl.max_horizontal(pl.col("z_turns") - MIN_Z_TURNS, pl.col("z_share") - MIN_Z_SHARE).alias("excess")
        )
    )
    strength = 0.5 + 0.5 * np.clip(hits["excess"].to_numpy() / 3.0, 0.0, 1.0)
    return graph.tenders_with(hits["key"].to_numpy(), np.asarray(strength, dtype=float), directed="winner")


SCREEN = Screen(
    code="winner_rotation",
    title="轮流中标",
    weight=20,
    network=network,
    explain=lambda s: (
        f"{s['bidder_a']} 与 {s['bidder_b']} 共同投标 {s['meetings']} 次，"
        f"分别中标 {s['a_wins']} 次和 {s['b_wins']} 次：两家轮流中标"
    ),
    reference="OECD Guidelines for Fighting Bid Rigging (2009), bid rotation; 招标投标法实施条例第三十九条第（二）项",
    legal_basis="招标投标法实施条例第三十九条第（二）项",
)
