"""The co-bidding graph: pairs of bidders that met in the same tenders, for the network screens.

Pairs are enumerated without a Python loop per tender: the bids are sorted by tender, and for each
offset ``k`` = 1 … (largest tender − 1) the bid at position ``i`` is paired with the bid at
``i + k`` wherever both belong to one tender. That is one vectorised NumPy pass per offset (at most
the number of bids in the largest tender), giving every unordered pair of every tender exactly once
(Σ n(n−1)/2 pairs). A pair is keyed by one ``uint64`` (smaller code in the high 32 bits).

Only bidders with at least :data:`MIN_MEETINGS` bids can be in a pair that met that often, so the
others are dropped first; the pair counts are aggregated per offset and merged, so memory holds
one offset's pairs plus the merged counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

#: A pair has to meet in at least this many tenders before any network screen looks at it.
MIN_MEETINGS = 3


def _key(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    return (lo.astype(np.uint64) << np.uint64(32)) | hi.astype(np.uint64)


def _switches(won: pl.DataFrame) -> pl.DataFrame:
    """Per pair, how often the winner alternated between the two along the tender order."""
    won = won.sort(["key", "tender"])
    switch = (pl.col("key") == pl.col("key").shift(1)) & (pl.col("lo_won") != pl.col("lo_won").shift(1))
    return (
        won.with_columns(switch.fill_null(False).alias("sw"))
        .group_by("key")
        .agg(pl.col("sw").sum().cast(pl.UInt32).alias("switches"))
    )


@dataclass
class BidGraph:
    """The prepared bids, per-bidder counts and the aggregated pair table.

    ``pairs`` columns: ``key``, ``lo``, ``hi`` (bidder codes, lo < hi), ``meetings`` (tenders where
    both bid), ``lo_wins`` / ``hi_wins`` (of those, how many each won), ``expected_wins`` and ``wins_variance``
    (Σ 2/n and Σ 2/n (1 − 2/n) over the meetings: how often one of the two would win if the n bids
    of each tender were exchangeable), ``switches``: taking the tenders one of the two won in tender
    order (date order when dates are given), how many times the winner changed from one to the
    other. ``bids_per_bidder`` and ``wins_per_bidder`` are arrays indexed by bidder code.
    """

    tender: np.ndarray
    bidder: np.ndarray
    winner: np.ndarray
    bids_per_bidder: np.ndarray
    wins_per_bidder: np.ndarray
    pairs: pl.DataFrame
    max_size: int

    @classmethod
    def build(cls, bids: pl.DataFrame) -> BidGraph:
        bidder_all = bids["bidder"].to_numpy()
        n_bidders = int(bidder_all.max()) + 1 if len(bidder_all) else 0
        bids_per_bidder = np.bincount(bidder_all, minlength=n_bidders)
        winner_all = bids["rank"].to_numpy() == 1
        wins_per_bidder = np.bincount(bidder_all[winner_all], minlength=n_bidders)
        tender_all = bids["tender"].to_numpy()
        # chance that one given pair wins a tender of n bids when bids are exchangeable: 2/n
        pair_chance_all = 2.0 / np.bincount(tender_all)[tender_all]
        keep = bids_per_bidder[bidder_all] >= MIN_MEETINGS
        tender = tender_all[keep]
        pair_chance = pair_chance_all[keep]
        bidder = bidder_all[keep]
        winner = winner_all[keep]
        max_size = int(np.bincount(tender).max()) if len(tender) else 0
        parts = []
        won = []  # meetings one of the pair won: key, tender, whether the lower code won
        for k in range(1, max_size):
            i = np.flatnonzero(tender[:-k] == tender[k:])
            if not len(i):
                continue
            a, b = bidder[i], bidder[i + k]
            wa, wb = winner[i], winner[i + k]
            swap = a > b
            lo, hi = np.where(swap, b, a), np.where(swap, a, b)
            lo_win, hi_win = np.where(swap, wb, wa), np.where(swap, wa, wb)
            chance = pair_chance[i]
            part = (
                pl.DataFrame(
                    {"key": _key(lo, hi), "lo_win": lo_win, "hi_win": hi_win, "p": chance, "v": chance * (1 - chance)}
                )
                .group_by("key")
                .agg(
                    pl.len().alias("meetings"),
                    pl.col("lo_win").sum(),
                    pl.col("hi_win").sum(),
                    pl.col("p").sum(),
                    pl.col("v").sum(),
                )
            )
            parts.append(part)
            w = lo_win | hi_win
            won.append(pl.DataFrame({"key": _key(lo[w], hi[w]), "tender": tender[i][w], "lo_won": lo_win[w]}))
        if parts:
            pairs = (
                pl.concat(parts)
                .group_by("key")
                .agg(
                    pl.col("meetings").sum(),
                    pl.col("lo_win").sum().alias("lo_wins"),
                    pl.col("hi_win").sum().alias("hi_wins"),
                    pl.col("p").sum().alias("expected_wins"),
                    pl.col("v").sum().alias("wins_variance"),
                )
                .filter(pl.col("meetings") >= MIN_MEETINGS)
                .with_columns(
                    (pl.col("key") // (1 << 32)).cast(pl.UInt32).alias("lo"),
                    (pl.col("key") % (1 << 32)).cast(pl.UInt32).alias("hi"),
                )
            )
            pairs = pairs.join(_switches(pl.concat(won)), on="key", how="left").with_columns(
                pl.col("switches").fill_null(0)
            )
        else:
            pairs = pl.DataFrame(
                schema={
                    "key": pl.UInt64,
                    "meetings": pl.UInt32,
                    "lo_wins": pl.UInt32,
                    "hi_wins": pl.UInt32,
                    "expected_wins": pl.Float64,
                    "wins_variance": pl.Float64,
                    "switches": pl.UInt32,
                    "lo": pl.UInt32,
                    "hi": pl.UInt32,
                }
            )
        return cls(tender, bidder, winner, bids_per_bidder, wins_per_bidder, pairs, max_size)

    def with_bidder_counts(self) -> pl.DataFrame:
        """The pair table with ``lo_bids``, ``hi_bids``, ``lo_total_wins``, ``hi_total_wins``."""
        lo = self.pairs["lo"].to_numpy()
        hi = self.pairs["hi"].to_numpy()
        return self.pairs.with_columns(
            pl.Series("lo_bids", self.bids_per_bidder[lo]),
            pl.Series("hi_bids", self.bids_per_bidder[hi]),
            pl.Series("lo_total_wins", self.wins_per_bidder[lo]),
            pl.Series("hi_total_wins", self.wins_per_bidder[hi]),
        )

    def tenders_with(self, keys: np.ndarray, strength: np.ndarray, *, directed: str = "any") -> pl.DataFrame:
        """Tenders where a listed pair met, with the strongest listed pair's strength and key.

        ``keys`` are pair keys (for ``directed="winner_hi"`` the key is ``loser << 32 | winner``
        and only meetings where that winner won count); ``directed="winner"`` counts a meeting
        only when one of the two won the tender.
        """
        empty = pl.DataFrame(schema={"tender": pl.UInt32, "strength": pl.Float64, "key": pl.UInt64})
        if not len(keys):
            return empty
        order = np.argsort(keys)
        keys, strength = keys[order], strength[order]
        found = []
        for k in range(1, self.max_size):
            i = np.flatnonzero(self.tender[:-k] == self.tender[k:])
            if not len(i):
                continue
            a, b = self.bidder[i], self.bidder[i + k]
            wa, wb = self.winner[i], self.winner[i + k]
            if directed == "winner_hi":
                # the pair (loser, winner), in whichever order the two bids come
                cand = np.concatenate([_key(a[wb], b[wb]), _key(b[wa], a[wa])])
                tenders = np.concatenate([self.tender[i][wb], self.tender[i][wa]])
            else:
                lo, hi = np.minimum(a, b), np.maximum(a, b)
                mask = (wa | wb) if directed == "winner" else np.ones(len(i), bool)
                cand = _key(lo[mask], hi[mask])
                tenders = self.tender[i][mask]
            pos = np.searchsorted(keys, cand)
            pos[pos >= len(keys)] = 0
            hit = keys[pos] == cand
            if hit.any():
                found.append(pl.DataFrame({"tender": tenders[hit], "strength": strength[pos[hit]], "key": cand[hit]}))
        if not found:
            return empty
        return (
            pl.concat(found)
            .sort(["tender", "strength"], descending=[False, True])
            .group_by("tender", maintain_order=True)
            .first()
        )
