"""Benchmark and evaluation of the 围标串标 screens (``zwfw.trading.screens``).

Three parts, each printed and written to ``bench/results/trading_screens.json`` (or ``--json``):

1. **Swiss data** (``../shared/data/swiss-bids-unlabelled/``, 21,606 bids in 4,434 tenders, no
   labels, no bidder ids): flag counts, risk-score distribution, flag rate per anonymised year and
   per procedure. Its SOURCE.md gives no cartel period, so none is evaluated. Without bidder ids
   the network screens cannot run there.
2. **Planted cartels**: a generated population of competitive tenders with planted cartel tenders
   of three kinds, one per cartel (bid rotation with cover bids, one protected winner with cover bidders that never
   win, complementary prices in a fixed ladder); recall of the planted tenders among the top 5 % /
   10 % of risk scores (ties broken at random), per kind, and each flag's rate in both groups.
3. **Scale**: all screens and network signals over exactly ``--bids`` bids in ``--tenders``
   tenders (default 10,000,000 in 1,000,000), run in a child process: wall time and peak RSS.

``python bench/trading_screens.py [--tenders N] [--bids N] [--eval-tenders N] [--skip-swiss]
[--skip-eval] [--skip-scale] [--json FILE]``
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(REPO / "src"))

from zwfw.trading.screens import SCREENS, score_table, screen_bids  # noqa: E402

SWISS = REPO.parent / "shared" / "data" / "swiss-bids-unlabelled" / "Data_Buehler_Wallimann.xlsx"
BIDDERS_PER_MARKET = 40
TENDERS_PER_MARKET = 500
STRIDES = np.array([1, 3, 7, 9, 11, 13, 17, 19, 21, 23, 27, 29, 31, 33, 37, 39])  # coprime to 40
CARTEL_KINDS = ("rotation", "cover", "complementary")


# ---------------------------------------------------------------------------- Swiss data
def load_swiss(path: Path = SWISS) -> pl.DataFrame:
    """The Swiss sheet as a bid table; each bid gets its own bidder id (the data has none)."""
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Feuil1").to_python()
    header, body = rows[0], rows[1:]
    cols = {name: [r[i] if r[i] != "" else None for r in body] for i, name in enumerate(header)}
    return pl.DataFrame(
        {
            "tender_id": [str(int(p)) for p in cols["project"]],
            "bidder_id": [f"b{i}" for i in range(len(body))],
            "amount": cols["bid"],
            "procedure": cols["procedure"],
            "year": cols["anonymisedyear"],
        },
        schema_overrides={"amount": pl.Float64, "procedure": pl.String, "year": pl.Float64},
        strict=False,
    )


def swiss_report() -> dict:
    bids = load_swiss()
    started = time.perf_counter()
    result = screen_bids(bids.select("tender_id", "bidder_id", "amount"), network=False)
    seconds = time.perf_counter() - started
    tenders = result.tenders.join(
        bids.group_by("tender_id").agg(pl.col("procedure").drop_nulls().first(), pl.col("year").first()),
        on="tender_id",
    )
    screened = tenders.filter(pl.col("n") >= 3)
    flag_counts = {
        s.code: int(tenders.filter(pl.col("flags").list.contains(s.code)).height) for s in SCREENS if s.network is None
    }
    scores = tenders["risk_score"]
    hist_edges = [0, 5, 10, 20, 30, 40, 50, 60, 80, 100.01]
    hist = {
        f"[{lo:g},{min(hi, 100):g}{']' if hi > 100 else ')'}": int(((scores >= lo) & (scores < hi)).sum())
        for lo, hi in itertools.pairwise(hist_edges)
    }
    per_year = (
        tenders.group_by("year")
        .agg(
            pl.len().alias("tenders"),
            pl.col("risk_score").mean().round(2).alias("mean_score"),
            (pl.col("flags").list.len() > 0).mean().round(3).alias("share_flagged"),
        )
        .sort("year")
    )
    per_procedure = (
        tenders.group_by("procedure")
        .agg(
            pl.len().alias("tenders"),
            pl.col("risk_score").mean().round(2).alias("mean_score"),
            (pl.col("flags").list.len() > 0).mean().round(3).alias("share_flagged"),
        )
        .sort("tenders", descending=True)
    )
    out = {
        "bids": bids.height,
        "tenders": tenders.height,
        "tenders_with_3_or_more_bids": screened.height,
        "seconds": round(seconds, 3),
        "flag_counts": flag_counts,
        "tenders_with_any_flag": int((tenders["flags"].list.len() > 0).sum()),
        "score_quantiles": {f"p{q}": round(float(scores.quantile(q / 100)), 2) for q in (10, 25, 50, 75, 90, 95, 99)},
        "score_histogram": hist,
        "per_year": per_year.to_dicts(),
        "per_procedure": per_procedure.to_dicts(),
        "screen_quantiles": {
            c: {f"p{q}": round(float(screened[c].fill_nan(None).quantile(q / 100)), 4) for q in (5, 25, 50, 75, 95)}
            for c in ("cv", "spread", "kurtosis", "skewness", "relative_distance", "percent_diff")
        },
        "cartel_period": "SOURCE.md gives none; the data has no labels and no bidder ids",
    }
    print("\n== Swiss data (unlabelled)")
    print(
        f"{out['bids']} bids, {out['tenders']} tenders ({out['tenders_with_3_or_more_bids']} with ≥ 3 bids), "
        f"screened in {seconds:.2f} s"
    )
    print("flag counts:", flag_counts, "| any flag:", out["tenders_with_any_flag"])
    print("risk score quantiles:", out["score_quantiles"])
    print("risk score histogram:", hist)
    print(per_year)
    print(per_procedure)
    return out


# ---------------------------------------------------------------------------- generator
def generate(n_tenders: int, *, mean_bids: float, cartel_share: float, seed: int) -> pl.DataFrame:
    """A population of tenders with planted cartel tenders (column ``kind``: competitive or a cartel kind).

    Markets of 40 bidders with about 500 tenders each; a tender's bidders are distinct members of its
    market (an arithmetic walk with a stride coprime to 40). Competitive bids are cost × exp(N(0.10,
    0.07)), independent per bidder; reserve price = cost × 1.35. In one market in five a cartel of four
    members bids together in ``cartel_share`` × 5 of the market's tenders (so about ``cartel_share``
    of all tenders); each cartel has one kind:

    - ``rotation``: the winner is the next member in turn, bidding cost × exp(N(0.2, 0.03)); the
      others cover 2–8 % above it (uniform);
    - ``cover``: member 0 always wins (cost × exp(N(0.2, 0.03))); members 1–3 cover 1–5 % above;
      member 3 bids in every one of them and never wins;
    - ``complementary``: a ladder, winner × (1 + 0.03 j) × (1 ± 0.1 %) for member j.
    Cartel tenders have exactly the four members as bidders; the members also bid competitively in
    the market's other tenders like any other firm (about as often as in their cartel tenders).
    """
    rng = np.random.default_rng(seed)
    n_bids = np.clip(3 + rng.poisson(mean_bids - 3, n_tenders), 3, 15)
    tender = np.repeat(np.arange(n_tenders, dtype=np.uint32), n_bids)
    starts = np.concatenate([[0], np.cumsum(n_bids)[:-1]])
    j = np.arange(len(tender)) - np.repeat(starts, n_bids)
    market = np.arange(n_tenders) // TENDERS_PER_MARKET
    n_markets = int(market.max()) + 1
    cartel_market = (np.arange(n_markets) % 5) == 3
    is_cartel = cartel_market[market] & (rng.random(n_tenders) < min(1.0, cartel_share * 5))
    market_kind = (np.arange(n_markets) // 5) % 3 + 1  # each cartel keeps one modus operandi
    kind_code = np.where(is_cartel, market_kind[market], 0)
    n_bids = np.where(is_cartel, 4, n_bids)
    # rebuild with cartel tenders at exactly four bids
    tender = np.repeat(np.arange(n_tenders, dtype=np.uint32), n_bids)
    starts = np.concatenate([[0], np.cumsum(n_bids)[:-1]])
    j = (np.arange(len(tender)) - np.repeat(starts, n_bids)).astype(np.int64)
    t_cartel = is_cartel[tender]
    start = rng.integers(0, BIDDERS_PER_MARKET, n_tenders)
    stride = STRIDES[rng.integers(0, len(STRIDES), n_tenders)]
    slot = (start[tender] + j * stride[tender]) % BIDDERS_PER_MARKET
    # cartel members are slots 0-3 of their market; they also bid, competitively, in the market's
    # other tenders (so they are not always seen together)
    slot = np.where(t_cartel, j, slot)
    bidder = market[tender].astype(np.int64) * BIDDERS_PER_MARKET + slot
    cost = np.exp(rng.normal(12.0, 1.0, n_tenders))
    amount = cost[tender] * np.exp(rng.normal(0.10, 0.07, len(tender)))
    # cartel pricing
    kind_t = kind_code[tender]
    seq = np.cumsum(is_cartel) - 1  # running index of cartel tenders, for the rotation order
    winner_bid = cost[tender] * np.exp(rng.normal(0.20, 0.03, len(tender)))
    winner_bid = winner_bid[starts][tender]  # one draw per tender
    turn = seq[tender] % 4
    rot = kind_t == 1
    amount = np.where(rot & (j == turn), winner_bid, amount)
    amount = np.where(rot & (j != turn), winner_bid * (1 + rng.uniform(0.02, 0.08, len(tender))), amount)
    cov = kind_t == 2
    amount = np.where(cov & (j == 0), winner_bid, amount)
    amount = np.where(cov & (j > 0), winner_bid * (1 + rng.uniform(0.01, 0.05, len(tender))), amount)
    com = kind_t == 3
    ladder = winner_bid * (1 + 0.03 * ((j + turn) % 4)) * (1 + rng.uniform(-0.001, 0.001, len(tender)))
    amount = np.where(com, ladder, amount)
    kinds = np.array(["competitive", *CARTEL_KINDS])
    return pl.DataFrame(
        {
            "tender_id": tender,
            "bidder_id": bidder.astype(np.uint32),
            "amount": np.round(amount, 2),
            "reserve_price": np.round(cost * 1.35, 2)[tender],
        }
    ).with_columns(pl.Series("kind", kinds[kind_t]))


def recall_report(n_tenders: int, *, seed: int = 20261202) -> dict:
    bids = generate(n_tenders, mean_bids=5.0, cartel_share=0.05, seed=seed)
    truth = bids.group_by("tender_id").agg(pl.col("kind").first())
    started = time.perf_counter()
    result = screen_bids(bids.drop("kind"))
    seconds = time.perf_counter() - started
    rng = np.random.default_rng(seed)
    scored = (
        score_table(result)
        .with_columns(pl.col("tender_id").cast(pl.UInt32))
        .join(truth, on="tender_id")
        .with_columns(pl.Series("tiebreak", rng.random(truth.height)))
        .sort(["risk_score", "tiebreak"], descending=True)
    )
    planted = scored["kind"] != "competitive"
    out = {
        "tenders": scored.height,
        "bids": bids.height,
        "planted": int(planted.sum()),
        "planted_by_kind": {k: int((scored["kind"] == k).sum()) for k in CARTEL_KINDS},
        "seconds": round(seconds, 3),
    }
    for rate in (0.01, 0.05, 0.10):
        top = scored.head(round(rate * scored.height))
        hit = top.filter(pl.col("kind") != "competitive")
        out[f"alert_rate_{int(rate * 100)}pct"] = {
            "alerts": top.height,
            "recall": round(hit.height / out["planted"], 4),
            "precision": round(hit.height / top.height, 4),
            "recall_by_kind": {
                k: round(hit.filter(pl.col("kind") == k).height / max(1, out["planted_by_kind"][k]), 4)
                for k in CARTEL_KINDS
            },
        }
    flags = result.tenders.with_columns(pl.col("tender_id").cast(pl.UInt32)).join(truth, on="tender_id")
    out["flag_rate"] = {
        s.code: {
            "planted": round(flags.filter(pl.col("kind") != "competitive")["flags"].list.contains(s.code).mean(), 4),
            "competitive": round(
                flags.filter(pl.col("kind") == "competitive")["flags"].list.contains(s.code).mean(), 4
            ),
        }
        for s in SCREENS
    }
    # the per-tender screens alone (no network), to show what the statistics catch by themselves
    alone = (
        score_table(screen_bids(bids.drop("kind"), network=False))
        .with_columns(pl.col("tender_id").cast(pl.UInt32))
        .join(truth, on="tender_id")
        .with_columns(pl.Series("tiebreak", rng.random(truth.height)))
        .sort(["risk_score", "tiebreak"], descending=True)
    )
    out["statistical_only"] = {}
    for rate in (0.01, 0.05, 0.10):
        hit = alone.head(round(rate * alone.height)).filter(pl.col("kind") != "competitive")
        out["statistical_only"][f"alert_rate_{int(rate * 100)}pct"] = {
            "recall": round(hit.height / out["planted"], 4),
            "recall_by_kind": {
                k: round(hit.filter(pl.col("kind") == k).height / max(1, out["planted_by_kind"][k]), 4)
                for k in CARTEL_KINDS
            },
        }
    print("\n== Generated population with planted cartels")
    print(
        f"{out['tenders']} tenders, {out['bids']} bids, planted {out['planted']} {out['planted_by_kind']}, "
        f"screened in {seconds:.2f} s"
    )
    for rate in (1, 5, 10):
        r = out[f"alert_rate_{rate}pct"]
        print(
            f"alert rate {rate:>2} %: recall {r['recall']:.3f} precision {r['precision']:.3f}",
            f"by kind {r['recall_by_kind']}",
        )
    print("statistical screens only (no network):", out["statistical_only"])
    print("flag rate planted / competitive:")
    for code, r in out["flag_rate"].items():
        print(f"  {code:<26} {r['planted']:.3f} / {r['competitive']:.4f}")
    return out


# ---------------------------------------------------------------------------- scale
CHILD = """
import resource, sys, time, json
sys.path.insert(0, {src!r})
import polars as pl
from zwfw.trading.screens import screen_bids, score_table
t0 = time.perf_counter()
bids = pl.read_parquet({path!r})
t1 = time.perf_counter()
result = screen_bids(bids)
table = score_table(result)
t2 = time.perf_counter()
print(json.dumps({{"tenders": bids["tender_id"].n_unique(), "read_s": t1 - t0, "screen_s": t2 - t1,
  "rows": table.height,
  "flagged": int(table["flags"].is_not_null().sum()),
  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def exactly(bids: pl.DataFrame, n_bids: int, *, seed: int) -> pl.DataFrame:
    """``bids`` trimmed to exactly ``n_bids`` rows by dropping random bids beyond a tender's third
    (every tender keeps at least three bids, so the tender count is unchanged)."""
    excess = bids.height - n_bids
    if excess <= 0:
        return bids
    rank = bids.select(pl.int_range(pl.len()).over("tender_id").alias("rank"))["rank"].to_numpy()
    spare = np.flatnonzero(rank >= 3)
    if excess > len(spare):
        return bids
    drop = np.zeros(bids.height, dtype=bool)
    drop[np.random.default_rng(seed).choice(spare, excess, replace=False)] = True
    return bids.filter(pl.Series(~drop))


def scale_report(n_tenders: int, n_bids: int) -> dict:
    started = time.perf_counter()
    # mean 10.3 bids (clipped at 15, planted tenders at 4) gives ~1 % more than 10 per tender;
    # the surplus is then dropped so the run screens exactly ``n_bids`` bids in ``n_tenders`` tenders
    bids = generate(n_tenders, mean_bids=10.3, cartel_share=0.02, seed=7).drop("kind")
    bids = exactly(bids, n_bids, seed=7)
    gen_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="zwfw-trading-bench-") as tmp:
        path = str(Path(tmp) / "bids.parquet")
        bids.write_parquet(path)
        n_bids = bids.height
        del bids
        load_before = os.getloadavg()
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", CHILD.format(src=str(REPO / "src"), path=path)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "POLARS_MAX_THREADS": str(os.cpu_count())},
        )
        wall = time.perf_counter() - started
    child = json.loads(proc.stdout.strip().splitlines()[-1])
    out = {
        "tenders": child["tenders"],
        "bids": n_bids,
        "generate_s": round(gen_s, 2),
        "child_wall_s": round(wall, 2),
        "read_parquet_s": round(child["read_s"], 2),
        "screen_s": round(child["screen_s"], 2),
        "peak_rss_mib": round(child["peak_rss_mib"], 1),
        "tenders_flagged": child["flagged"],
        "cpus": os.cpu_count(),
        "loadavg_before": load_before,
        "loadavg_after": os.getloadavg(),
    }
    print("\n== Scale")
    print(
        f"{n_bids:,} bids in {n_tenders:,} tenders: screens + network {out['screen_s']} s "
        f"(read {out['read_parquet_s']} s, process wall {out['child_wall_s']} s), "
        f"peak RSS {out['peak_rss_mib']} MiB, flagged {out['tenders_flagged']:,}"
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tenders", type=int, default=1_000_000, help="tenders in the scale run (~10 bids each)")
    parser.add_argument("--bids", type=int, default=10_000_000, help="bids in the scale run (exactly)")
    parser.add_argument("--eval-tenders", type=int, default=50_000, help="tenders in the planted-cartel population")
    parser.add_argument("--skip-swiss", action="store_true")
    parser.add_argument("--skip-eval", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--json", default=str(BENCH_DIR / "results" / "trading_screens.json"))
    args = parser.parse_args()
    results: dict = {"machine": {"nproc": os.cpu_count(), "loadavg": os.getloadavg()}}
    if not args.skip_swiss:
        results["swiss"] = swiss_report()
    if not args.skip_eval:
        results["planted"] = recall_report(args.eval_tenders)
    if not args.skip_scale:
        results["scale"] = scale_report(args.tenders, args.bids)
    results["parent_peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    path = Path(args.json)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"results written to {path}")


if __name__ == "__main__":
    main()
