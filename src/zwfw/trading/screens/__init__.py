"""围标串标预警 screens: per-tender statistics and cross-tender network signals, vectorised.

Pure library: no Django, no database. Input is a bid table (Polars) with ``tender_id``,
``bidder_id``, ``amount`` and optionally ``reserve_price`` and ``date``; :func:`screen_bids` runs
every screen over all tenders at once and :func:`score_table` gives ``tender_id, risk_score,
flags``. One module per indicator; :data:`SCREENS` lists them in the order flags are printed.
"""

from __future__ import annotations

from .base import BidTableError, Screen, prepare_bids
from .runner import SCREENS, SCREENS_BY_CODE, ScreenResult, explain_tender, score_table, screen_bids

__all__ = [
    "SCREENS",
    "SCREENS_BY_CODE",
    "BidTableError",
    "Screen",
    "ScreenResult",
    "explain_tender",
    "prepare_bids",
    "score_table",
    "screen_bids",
]
