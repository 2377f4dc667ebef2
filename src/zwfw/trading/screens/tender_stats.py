"""Per-tender statistics, computed for all tenders in one grouped pass.

Every per-tender screen reads this table, so the bids are scanned once. Columns (``b1`` ≤ ``b2``
are the two lowest bids, σ is the sample standard deviation, n − 1 in the denominator):

- ``n`` bids, ``mean``, ``std``, ``min`` (= ``b1``), ``max``, ``b2``;
- ``std_losing``: σ of the bids other than the lowest (the "losing" bids, n ≥ 3);
- ``kurtosis`` (excess, bias-corrected, n ≥ 4) and ``skewness`` (bias-corrected, n ≥ 3);
- ``gap_mean``, ``gap_cv``: mean and coefficient of variation of the differences between
  consecutive sorted bids; ``ratio_cv``: the same for the logarithms of their ratios;
  ``gap_zero``: how many consecutive bids are equal (identical prices);
- ``reserve``: the tender's reserve/ceiling price (the first one given), ``near_reserve_share``:
  share of bids within 2 % under it; ``winner``: the bidder code of the lowest bid.
"""

from __future__ import annotations

import polars as pl

#: A bid counts as "just under the ceiling" within this share below the reserve price.
NEAR_RESERVE_BAND = 0.02


def tender_stats(bids: pl.DataFrame) -> pl.DataFrame:
    """One row per tender of the prepared bid table (:func:`.base.prepare_bids`)."""
    same = pl.col("tender") == pl.col("tender").shift(1)
    table = bids.with_columns(
        pl.when(same).then(pl.col("amount") - pl.col("amount").shift(1)).alias("gap"),
        pl.when(same).then((pl.col("amount") / pl.col("amount").shift(1)).log()).alias("log_ratio"),
    )
    reserve = pl.col("reserve_price").drop_nulls().first()
    in_band = (pl.col("amount") <= reserve) & (pl.col("amount") >= reserve * (1 - NEAR_RESERVE_BAND))
    stats = table.group_by("tender").agg(
        pl.col("tender_id").first(),
        pl.len().alias("n"),
        pl.col("amount").mean().alias("mean"),
        pl.col("amount").std().alias("std"),
        pl.col("amount").first().alias("min"),
        pl.col("amount").last().alias("max"),
        pl.col("amount").get(1, null_on_oob=True).alias("b2"),
        pl.col("amount").filter(pl.col("rank") > 1).std().alias("std_losing"),
        pl.col("amount").kurtosis(fisher=True, bias=False).alias("kurtosis"),
        pl.col("amount").skew(bias=False).alias("skewness"),
        pl.col("gap").mean().alias("gap_mean"),
        pl.col("gap").std().alias("gap_std"),
        (pl.col("gap") == 0).sum().alias("gap_zero"),
        pl.col("log_ratio").mean().alias("ratio_mean"),
        pl.col("log_ratio").std().alias("ratio_std"),
        reserve.alias("reserve"),
        in_band.mean().alias("near_reserve_share"),
        pl.col("bidder").first().alias("winner"),
        pl.col("date").drop_nulls().first().alias("date"),
    )
    return stats.with_columns(
        (pl.col("std") / pl.col("mean")).alias("cv"),
        ((pl.col("max") - pl.col("min")) / pl.col("min")).alias("spread"),
        ((pl.col("b2") - pl.col("min")) / pl.col("min")).alias("percent_diff"),
        ((pl.col("b2") - pl.col("min")) / pl.col("std_losing")).alias("relative_distance"),
        (pl.col("gap_std") / pl.col("gap_mean")).alias("gap_cv"),
        (pl.col("ratio_std") / pl.col("ratio_mean")).alias("ratio_cv"),
        pl.when(pl.col("reserve").is_not_null())
        .then((pl.col("reserve") - pl.col("min")) / pl.col("reserve"))
        .alias("winner_under_reserve"),
    ).sort("tender")
