"""The vectorised batch: a profile snapshot (Parquet) × rules → result parts (Parquet).

Pure Polars, no Django: the match-run service (``services/matching.py``) and
``bench/policy_match.py`` call the same function. The population is cut into chunks of rows;
each chunk's results go to Arrow IPC files (LZ4): ``amounts-<k>.arrow`` and then the matrix
``part-<k>.arrow``, each written under a temporary name and renamed, the matrix last, so a part
whose matrix exists is whole. After a crash, running again with the same snapshot,
rules and date skips the finished parts and computes only the rest; the parts are a function of
(snapshot, rules, as_of), so a resumed run equals one uninterrupted run.

The matrix has, per enterprise (``row``, its index in the snapshot, and ``uscc``): per rule ``i``
the Int8 status ``s{i}`` (0 not eligible, 1 eligible if declared, 2 eligible); per distinct
condition ``j`` its Int8 truth ``k{j}`` — the explanations: rule ``i``'s conditions are the
columns ``plan.per_rule[i]``. Amounts (Int64 fen) are stored sparsely, one row per enterprise ×
rule that has one, since most pairs are not eligible.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from zwfw.policies.rules.compile import Plan, evaluate_frame, plan_rules
from zwfw.policies.rules.language import Rule


@dataclass
class BatchReport:
    parts_total: int
    parts_done: int = 0
    parts_skipped: int = 0
    rows: int = 0
    files: list[str] = field(default_factory=list)


def part_path(out_dir: Path, k: int) -> Path:
    """The status and explanation matrix of part ``k`` (its presence marks the part finished)."""
    return out_dir / f"part-{k:05d}.arrow"


def amounts_path(out_dir: Path, k: int) -> Path:
    """The amounts of part ``k``: one row per (enterprise row, rule) that has an amount."""
    return out_dir / f"amounts-{k:05d}.arrow"


def _k_columns(plan: Plan) -> list[str]:
    return [f"k{j}" for j in range(len(plan.conditions))]


def _write(frame: pl.DataFrame, path: Path) -> None:
    """Write under a temporary name; the matrix file is renamed last (see module docstring)."""
    tmp = path.with_suffix(".tmp")
    frame.write_ipc(tmp, compression="lz4")
    final = path.with_suffix(".pending") if path.name.startswith("part-") else path
    os.replace(tmp, final)


def run_batch(
    snapshot: Path | pl.DataFrame,
    rules: list[Rule] | Plan,
    *,
    as_of: dt.date,
    out_dir: Path,
    chunk_rows: int = 250_000,
    keep: tuple[str, ...] = ("uscc",),
    progress: Callable[[int, int], None] | None = None,
    fail_after_parts: int | None = None,
) -> BatchReport:
    """Evaluate ``rules`` over the snapshot chunk by chunk into ``out_dir`` (see module docstring).

    ``progress(done, total)`` is called after each part; ``fail_after_parts`` simulates a crash
    after that many newly written parts (tests of resumption).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    plan = rules if isinstance(rules, Plan) else plan_rules(rules)
    if isinstance(snapshot, pl.DataFrame):
        n = snapshot.height
        source = snapshot.lazy()
    else:
        source = pl.scan_parquet(snapshot)
        n = source.select(pl.len()).collect().item()
    total = max(1, -(-n // chunk_rows))
    report = BatchReport(parts_total=total)
    written = 0
    for k in range(total):
        path = part_path(out_dir, k)
        report.files.append(str(path))
        if path.exists():
            report.parts_skipped += 1
            report.parts_done += 1
            if progress:
                progress(report.parts_done, total)
            continue
        if fail_after_parts is not None and written >= fail_after_parts:
            raise RuntimeError(f"simulated crash after {written} parts")
        chunk = source.slice(k * chunk_rows, chunk_rows).with_row_index("row", offset=k * chunk_rows)
        wide = evaluate_frame(chunk, plan, as_of=as_of, keep=("row", *keep)).collect()
        matrix = wide.select(["row", *keep, *(f"s{i}" for i in range(len(plan.rules))), *_k_columns(plan)])
        amounts = pl.concat(
            [
                wide.lazy()
                .select(pl.col("row"), pl.lit(i, dtype=pl.UInt16).alias("rule"), pl.col(f"a{i}").alias("amount"))
                .filter(pl.col("amount").is_not_null())
                for i, rule in enumerate(plan.rules)
                if rule.amount is not None
            ]
            or [pl.LazyFrame(schema={"row": pl.UInt32, "rule": pl.UInt16, "amount": pl.Int64})]
        ).collect()
        _write(matrix, path)
        _write(amounts, amounts_path(out_dir, k))
        os.replace(path.with_suffix(".pending"), path)
        written += 1
        report.parts_done += 1
        report.rows += wide.height
        if progress:
            progress(report.parts_done, total)
    return report


def read_results(out_dir: Path) -> pl.LazyFrame:
    """The status and explanation matrix of all parts."""
    return pl.scan_ipc(sorted(out_dir.glob("part-*.arrow")))


def read_amounts(out_dir: Path) -> pl.LazyFrame:
    """(row, rule, amount) for every enterprise × rule with an estimated amount."""
    return pl.scan_ipc(sorted(out_dir.glob("amounts-*.arrow")))
