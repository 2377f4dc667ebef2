"""What every screen shares: the input contract, the screen description and the strength helpers.

A screen is one red-flag indicator. Each lives in its own module of this package (one indicator per
file) and exposes one :class:`Screen` named ``SCREEN``. Screens are vectorised: a per-tender screen
is a Polars expression over the table of per-tender statistics (:mod:`.tender_stats`), a network
screen is a function from the whole bid table to a table of ``tender_id, strength``. None of them
loops in Python over tenders or bids.

The *strength* of a fired flag is a number in [0.5, 1]: 0.5 just past the threshold, 1 when the
statistic is far past it. A flag that did not fire has strength 0. The risk score adds
``weight × strength`` over the flags (:mod:`.score`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

#: Columns of the bid table the screens read. ``reserve_price`` and ``date`` are optional.
REQUIRED_COLUMNS = ("tender_id", "bidder_id", "amount")
OPTIONAL_COLUMNS = ("reserve_price", "date")


class BidTableError(ValueError):
    """The bid table cannot be screened (missing column, bad amount); the message is Chinese."""


@dataclass(frozen=True)
class Screen:
    """One red-flag indicator.

    ``code`` is the stable flag code printed by ``zwfw trading screen``; ``explain`` renders the
    Chinese explanation from the tender's statistics (a dict of the columns of
    :func:`.tender_stats.tender_stats`, plus ``strength``); ``reference`` cites the source.
    Exactly one of ``strength`` (per-tender: an expression over the statistics table) and
    ``network`` (cross-tender: bids → ``tender_id, strength``) is set.
    """

    code: str
    title: str
    weight: float
    reference: str
    explain: Callable[[dict], str]
    strength: Callable[[], pl.Expr] | None = None
    network: Callable[[pl.DataFrame], pl.DataFrame] | None = None
    legal_basis: str = ""


def low_strength(value: pl.Expr, threshold: float) -> pl.Expr:
    """Strength of a screen that fires when ``value < threshold`` (0 when it does not fire)."""
    graded = ((threshold - value) / threshold).clip(0.0, 1.0)
    return pl.when(value < threshold).then(0.5 + 0.5 * graded).otherwise(0.0).fill_null(0.0).fill_nan(0.0)


def high_strength(value: pl.Expr, threshold: float, scale: float | None = None) -> pl.Expr:
    """Strength of a screen that fires when ``value > threshold`` (0 when it does not fire)."""
    span = scale if scale is not None else abs(threshold) or 1.0
    graded = ((value - threshold) / span).clip(0.0, 1.0)
    return pl.when(value > threshold).then(0.5 + 0.5 * graded).otherwise(0.0).fill_null(0.0).fill_nan(0.0)


def prepare_bids(bids: pl.DataFrame) -> pl.DataFrame:
    """Validate and normalise a bid table; return it sorted by tender and amount.

    Output columns: ``tender_id`` (str), ``bidder_id`` (str), ``amount`` (Float64), ``reserve_price``
    (Float64, null when absent), ``date`` (str or null), ``tender`` and ``bidder`` (dense UInt32
    codes, for the network screens; tender codes follow ``date`` then ``tender_id`` when dates are
    given, else ``tender_id``), ``rank`` (1 = lowest bid in the tender, ties by bidder).

    Amounts are statistics here, so floats are fine: the stored bids keep integer fen, and only
    their distribution is screened.
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in bids.columns]
    if missing:
        raise BidTableError(f"投标数据缺少列：{', '.join(missing)}（需要 tender_id, bidder_id, amount）")
    cols = [
        pl.col("tender_id").cast(pl.String),
        pl.col("bidder_id").cast(pl.String),
        pl.col("amount").cast(pl.Float64, strict=False),
        (
            pl.col("reserve_price").cast(pl.Float64, strict=False)
            if "reserve_price" in bids.columns
            else pl.lit(None, dtype=pl.Float64).alias("reserve_price")
        ),
        pl.col("date").cast(pl.String) if "date" in bids.columns else pl.lit(None, dtype=pl.String).alias("date"),
    ]
    table = bids.select(cols)
    bad = table.filter(
        pl.col("amount").is_null()
        | ~pl.col("amount").is_finite()
        | (pl.col("amount") <= 0)
        | pl.col("tender_id").is_null()
        | pl.col("bidder_id").is_null()
    )
    if bad.height:
        raise BidTableError(f"投标数据有 {bad.height} 行的 tender_id、bidder_id 或 amount（须为正数）无效")
    if table["date"].is_not_null().any():
        # tender codes follow the dates (then the ids), so "in tender order" means in time order
        order = (
            table.group_by("tender_id")
            .agg(pl.col("date").min())
            .sort(["date", "tender_id"], nulls_last=True)
            .with_row_index("tender")
            .select(pl.col("tender").cast(pl.UInt32), "tender_id")
        )
        table = table.join(order, on="tender_id")
    else:
        table = table.with_columns((pl.col("tender_id").rank("dense").cast(pl.UInt32) - 1).alias("tender"))
    table = table.with_columns((pl.col("bidder_id").rank("dense").cast(pl.UInt32) - 1).alias("bidder")).sort(
        ["tender", "amount", "bidder"]
    )
    return table.with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.UInt32).over("tender").alias("rank"))
