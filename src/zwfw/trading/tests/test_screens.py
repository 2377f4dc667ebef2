"""Each screen on a hand-made tender that has the pattern and on one that does not.

The screens are a pure library: these tests need no database.
"""

from __future__ import annotations

import polars as pl
import pytest

from zwfw.trading.screens import SCREENS, BidTableError, explain_tender, score_table, screen_bids


def table(tenders: dict[str, list[float]], reserve: dict[str, float] | None = None, bidders=None) -> pl.DataFrame:
    rows = []
    for tid, amounts in tenders.items():
        for i, amount in enumerate(amounts):
            who = bidders[tid][i] if bidders and tid in bidders else f"{tid}-b{i}"
            rows.append(
                {"tender_id": tid, "bidder_id": who, "amount": float(amount), "reserve_price": (reserve or {}).get(tid)}
            )
    return pl.DataFrame(
        rows, schema={"tender_id": pl.String, "bidder_id": pl.String, "amount": pl.Float64, "reserve_price": pl.Float64}
    )


def flags_of(bids: pl.DataFrame, *, network: bool = False) -> dict[str, list[str]]:
    result = screen_bids(bids, network=network)
    return dict(zip(result.tenders["tender_id"].to_list(), result.tenders["flags"].to_list(), strict=True))


# A field of honest-looking bids that fires none of the per-tender screens.
COMPETITIVE = [100.0, 109.0, 121.0, 127.0, 142.0, 151.0]

PER_TENDER = [
    ("low_cv", [100, 101, 102.5, 103.1]),
    ("low_spread", [100, 101, 102.5, 103.1]),
    ("high_relative_distance", [80, 100, 100.5, 101.2]),
    ("high_percent_difference", [80, 100, 104, 109]),
    ("high_kurtosis", [100, 100.8, 101.5, 102.1, 102.9, 140]),
    ("negative_skew", [60, 100, 101, 102.5, 103]),
    ("identical_prices", [100, 100, 120]),
    ("regular_price_pattern", [100, 103, 106, 109]),
]


@pytest.mark.parametrize(("code", "amounts"), PER_TENDER, ids=[c for c, _ in PER_TENDER])
def test_per_tender_screen_fires_on_pattern_and_not_on_competitive_field(code, amounts):
    flags = flags_of(table({"rigged": amounts, "fair": COMPETITIVE}))
    assert code in flags["rigged"]
    assert code not in flags["fair"]


def test_competitive_field_fires_nothing():
    assert flags_of(table({"fair": COMPETITIVE}))["fair"] == []


def test_near_reserve_needs_the_lowest_bid_just_under_the_ceiling():
    bids = table(
        {"tight": [99.0, 99.5, 99.8], "loose": [80.0, 90.0, 99.5], "none": [99.0, 99.5, 99.8]},
        reserve={"tight": 100.0, "loose": 100.0},
    )
    flags = flags_of(bids)
    assert "near_reserve" in flags["tight"]
    assert "near_reserve" not in flags["loose"]
    assert "near_reserve" not in flags["none"]  # no reserve price given


def test_statistical_screens_skip_tenders_with_fewer_than_three_bids():
    flags = flags_of(table({"two": [100.0, 100.5]}))
    assert flags["two"] == []


# ---------------------------------------------------------------- network screens
def spread_field(seed: int, n: int) -> list[float]:
    base = [100.0, 109.0, 121.0, 127.0, 142.0, 151.0, 163.0]
    return [b + seed * 0.37 for b in base[:n]]


def test_co_bidding_fires_where_the_inseparable_pair_meets():
    tenders, bidders = {}, {}
    for t in range(5):
        tenders[f"t{t}"] = spread_field(t, 4)
        bidders[f"t{t}"] = [f"X{t}", "A", f"Y{t}", "B"]  # A and B always together, never alone
    tenders["alone"] = spread_field(9, 4)
    bidders["alone"] = ["P", "Q", "R", "S"]
    flags = flags_of(table(tenders, bidders=bidders), network=True)
    assert all("co_bidding" in flags[f"t{t}"] for t in range(5))
    assert "co_bidding" not in flags["alone"]


def test_co_bidding_silent_when_the_pair_mostly_bids_apart():
    tenders, bidders = {}, {}
    for t in range(5):
        tenders[f"t{t}"] = spread_field(t, 4)
        bidders[f"t{t}"] = [f"X{t}", "A", f"Y{t}", "B"]
    for t in range(20):  # A and B each bid alone in many more tenders
        tenders[f"a{t}"] = spread_field(t, 3)
        bidders[f"a{t}"] = ["A", f"M{t}", f"N{t}"]
        tenders[f"b{t}"] = spread_field(t, 3)
        bidders[f"b{t}"] = ["B", f"K{t}", f"L{t}"]
    flags = flags_of(table(tenders, bidders=bidders), network=True)
    assert not any("co_bidding" in f for f in flags.values())


def rotation_population(alternate: bool) -> tuple[dict, dict]:
    tenders, bidders = {}, {}
    for t in range(10):
        a_wins = (t % 2 == 0) if alternate else True
        tid = f"t{t:02d}"
        tenders[tid] = spread_field(t, 4)  # the first listed bidder bids lowest
        bidders[tid] = ["A", "B", f"X{t}", f"Y{t}"] if a_wins else ["B", "A", f"X{t}", f"Y{t}"]
    return tenders, bidders


def test_winner_rotation_fires_when_two_firms_take_turns():
    tenders, bidders = rotation_population(alternate=True)
    flags = flags_of(table(tenders, bidders=bidders), network=True)
    assert all("winner_rotation" in f for f in flags.values())


def test_winner_rotation_silent_when_one_firm_always_wins():
    tenders, bidders = rotation_population(alternate=False)
    flags = flags_of(table(tenders, bidders=bidders), network=True)
    assert not any("winner_rotation" in f for f in flags.values())


def cover_population(cover_ever_wins: bool) -> tuple[dict, dict]:
    tenders, bidders = {}, {}
    for t in range(6):
        tid = f"t{t}"
        tenders[tid] = spread_field(t, 4)
        bidders[tid] = ["W", f"X{t}", f"Y{t}", "L"]  # W lowest, L highest
    if cover_ever_wins:
        tenders["l-wins"] = spread_field(7, 3)
        bidders["l-wins"] = ["L", "Z1", "Z2"]
    return tenders, bidders


def test_cover_bidder_fires_on_tenders_won_by_the_firm_it_covers():
    tenders, bidders = cover_population(cover_ever_wins=False)
    flags = flags_of(table(tenders, bidders=bidders), network=True)
    assert all("cover_bidder" in flags[f"t{t}"] for t in range(6))


def test_cover_bidder_silent_when_the_firm_has_won():
    tenders, bidders = cover_population(cover_ever_wins=True)
    flags = flags_of(table(tenders, bidders=bidders), network=True)
    assert not any("cover_bidder" in f for f in flags.values())


# ---------------------------------------------------------------- score, explanation, input
def test_score_ranks_rigged_above_fair_and_is_bounded():
    result = screen_bids(table({"rigged": [100, 103, 106, 109], "fair": COMPETITIVE, "same": [100, 100, 100, 100]}))
    scores = score_table(result)
    assert scores.columns == ["tender_id", "risk_score", "flags"]
    ranked = scores["tender_id"].to_list()
    assert ranked.index("rigged") < ranked.index("fair")
    assert scores["risk_score"].max() <= 100
    assert scores.filter(pl.col("tender_id") == "fair")["flags"][0] is None


def test_every_screen_has_a_code_weight_and_reference():
    codes = [s.code for s in SCREENS]
    assert len(codes) == len(set(codes)) == 12
    assert all(s.weight > 0 and s.reference and s.title for s in SCREENS)
    assert all((s.strength is None) != (s.network is None) for s in SCREENS)


def test_explanations_name_evidence():
    tenders, bidders = rotation_population(alternate=True)
    result = screen_bids(table(tenders, bidders=bidders))
    explained = {e["code"]: e for e in explain_tender(result, "t00")}
    assert "A" in explained["winner_rotation"]["explanation"]
    assert sorted(explained["winner_rotation"]["bidders"]) == ["A", "B"]
    assert explain_tender(result, "missing") == []


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pl.DataFrame({"tender_id": ["1"], "amount": [1.0]}), "bidder_id"),
        (pl.DataFrame({"tender_id": ["1"], "bidder_id": ["a"], "amount": [-5.0]}), "无效"),
        (pl.DataFrame({"tender_id": ["1"], "bidder_id": ["a"], "amount": ["x"]}), "无效"),
    ],
)
def test_bad_input_is_a_clear_error(frame, message):
    with pytest.raises(BidTableError, match=message):
        screen_bids(frame)


def test_rotation_follows_dates_not_ids():
    """Ids in an order where the winners repeat, dates in an order where they alternate."""
    tenders, bidders = rotation_population(alternate=True)
    bids = table(tenders, bidders=bidders)
    # t00 A, t01 B, t02 A … alternate by id; give dates that put all A-wins first
    date = {
        f"t{t:02d}": (f"2026-01-{t // 2 + 1:02d}" if t % 2 == 0 else f"2026-02-{t // 2 + 1:02d}") for t in range(10)
    }
    dated = bids.with_columns(pl.col("tender_id").replace_strict(date).alias("date"))
    assert all("winner_rotation" in f for f in flags_of(bids, network=True).values())
    assert not any("winner_rotation" in f for f in flags_of(dated, network=True).values())
