"""Run every screen over a bid table and combine them into a risk score with flag codes.

risk_score = min(100, Σ weight × strength over the flags that fired + baseline), where a fired
flag's strength is in [0.5, 1] (see :mod:`.base`) and the baseline, at most
:data:`BASELINE_POINTS`, is ``BASELINE_POINTS × (1 − min(CV / 0.15, 1))`` for tenders with n ≥ 3:
it orders tenders with no flag by how tight their bids are, so a fixed alert rate always has a
ranking to cut; it is not a flag. Higher = more suspicious.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from . import (
    co_bidding,
    coefficient_of_variation,
    cover_bidder,
    identical_prices,
    kurtosis,
    near_reserve,
    percent_difference,
    regular_price_pattern,
    relative_distance,
    skewness,
    spread,
    winner_rotation,
)
from .base import Screen, prepare_bids
from .network import BidGraph
from .tender_stats import tender_stats

SCREENS: list[Screen] = [
    identical_prices.SCREEN,
    regular_price_pattern.SCREEN,
    coefficient_of_variation.SCREEN,
    spread.SCREEN,
    relative_distance.SCREEN,
    percent_difference.SCREEN,
    kurtosis.SCREEN,
    skewness.SCREEN,
    near_reserve.SCREEN,
    co_bidding.SCREEN,
    winner_rotation.SCREEN,
    cover_bidder.SCREEN,
]
SCREENS_BY_CODE = {s.code: s for s in SCREENS}
BASELINE_POINTS = 5.0
BASELINE_CV = 0.15


@dataclass
class ScreenResult:
    """``tenders``: per-tender statistics, one ``s_<code>`` strength column per screen,
    ``risk_score`` and ``flags`` (list of codes); ``evidence``: per network screen, the tenders it
    flagged with the pair behind it (``tender``, ``strength``, ``key``)."""

    bids: pl.DataFrame
    tenders: pl.DataFrame
    graph: BidGraph | None
    evidence: dict[str, pl.DataFrame] = field(default_factory=dict)


def screen_bids(bids: pl.DataFrame, *, network: bool = True) -> ScreenResult:
    """Run all screens (the network ones unless ``network=False``) over every tender at once."""
    prepared = prepare_bids(bids)
    stats = tender_stats(prepared)
    per_tender = [s for s in SCREENS if s.strength is not None]
    stats = stats.with_columns([s.strength().alias(f"s_{s.code}") for s in per_tender])
    graph = None
    evidence: dict[str, pl.DataFrame] = {}
    net_cols = []
    if network:
        graph = BidGraph.build(prepared)
        for s in SCREENS:
            if s.network is None:
                continue
            found = s.network(graph)
            evidence[s.code] = found
            stats = stats.join(found.select("tender", pl.col("strength").alias(f"s_{s.code}")), on="tender", how="left")
            net_cols.append(f"s_{s.code}")
    else:
        stats = stats.with_columns([pl.lit(0.0).alias(f"s_{s.code}") for s in SCREENS if s.network is not None])
    stats = stats.with_columns([pl.col(c).fill_null(0.0) for c in net_cols])
    weighted = pl.sum_horizontal([pl.col(f"s_{s.code}") * s.weight for s in SCREENS])
    baseline = (
        pl.when(pl.col("n") >= 3)
        .then(BASELINE_POINTS * (1 - (pl.col("cv") / BASELINE_CV).clip(0.0, 1.0)))
        .otherwise(0.0)
        .fill_null(0.0)
        .fill_nan(0.0)
    )
    fired = pl.concat_list(
        [
            pl.when(pl.col(f"s_{s.code}") > 0).then(pl.lit(s.code)).otherwise(pl.lit(None, dtype=pl.String))
            for s in SCREENS
        ]
    ).list.drop_nulls()
    stats = stats.with_columns(
        (weighted + baseline).clip(upper_bound=100.0).round(2).alias("risk_score"),
        fired.alias("flags"),
    )
    return ScreenResult(bids=prepared, tenders=stats, graph=graph, evidence=evidence)


def score_table(result: ScreenResult) -> pl.DataFrame:
    """``tender_id, risk_score, flags`` (flags joined by ``;``), highest score first."""
    return result.tenders.select(
        "tender_id",
        "risk_score",
        pl.when(pl.col("flags").list.len() > 0).then(pl.col("flags").list.join(";")).alias("flags"),
    ).sort(["risk_score", "tender_id"], descending=[True, False])


def explain_tender(result: ScreenResult, tender_id: str) -> list[dict]:
    """The fired flags of one tender: code, title, weight, strength, explanation, reference.

    Network flags name the pair of bidders behind them with their meeting and win counts.
    """
    rows = result.tenders.filter(pl.col("tender_id") == str(tender_id))
    if not rows.height:
        return []
    row = rows.row(0, named=True)
    out = []
    for code in row["flags"]:
        screen = SCREENS_BY_CODE[code]
        values = dict(row)
        if screen.network is not None and result.graph is not None:
            values.update(_pair_evidence(result, code, row["tender"]))
        out.append(
            {
                "code": code,
                "title": screen.title,
                "weight": screen.weight,
                "strength": round(float(row[f"s_{code}"]), 3),
                "explanation": screen.explain(values),
                "reference": screen.reference,
                "legal_basis": screen.legal_basis,
                "bidders": values.get("bidders", []),
            }
        )
    return out


def _pair_evidence(result: ScreenResult, code: str, tender: int) -> dict:
    graph = result.graph
    assert graph is not None
    hit = result.evidence[code].filter(pl.col("tender") == tender)
    key = int(hit["key"][0])
    a, b = key >> 32, key & 0xFFFFFFFF
    lo, hi = min(a, b), max(a, b)
    pair = graph.pairs.filter(pl.col("key") == ((lo << 32) | hi)).row(0, named=True)
    wins = {lo: pair["lo_wins"], hi: pair["hi_wins"]}
    names = dict(result.bids.filter(pl.col("bidder").is_in([a, b])).select("bidder", "bidder_id").unique().iter_rows())
    return {
        "bidder_a": names[a],
        "bidder_b": names[b],
        "bidders": [names[a], names[b]],
        "meetings": pair["meetings"],
        "a_bids": int(graph.bids_per_bidder[a]),
        "b_bids": int(graph.bids_per_bidder[b]),
        "a_wins": wins[a],
        "b_wins": wins[b],
        "b_wins_vs_a": wins[b],
    }
