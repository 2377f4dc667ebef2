"""信用分级分类: the grade rules (``rules/credit_grades.yaml``) and the two ways of applying them.

:func:`grade_compute` grades one subject from its events (used by the selectors that cases,
policies and trading call); :func:`grades_frame` grades a whole population at once with Polars
(batch recomputation and ``bench/credit_grades.py``). Both read the same rule version and a test
checks they agree.

The rule: score = ``base_score`` + Σ weight(kind) × severity over the events of the last
``window_days`` that were not repaired (信用修复), good records capped at ``good_cap``; the grade is
the first of A/B/C whose threshold the score reaches, else D; an unrepaired 失信名单 entry in the
window makes it D whatever the score.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

RULES_PATH = Path(__file__).parent / "rules" / "credit_grades.yaml"
GRADES = ("A", "B", "C", "D")
KIND_LABELS = {
    "violation": "违法违规",
    "blacklist": "失信名单",
    "good": "良好记录",
    "pledge_untrue": "承诺不实",
    "rating_upheld": "差评属实",
    "trading_flag": "交易异常属实",
}


@functools.cache
def _versions() -> list[dict[str, Any]]:
    data = yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))
    versions = sorted(data["versions"], key=lambda v: v["effective_from"])
    for v in versions:
        missing = {"window_days", "base_score", "weights", "good_cap", "thresholds", "eligibility"} - set(v)
        if missing:
            raise ValueError(f"credit rule version {v.get('effective_from')} lacks {sorted(missing)}")
    return versions


def rules_in_force(on: dt.date) -> dict[str, Any]:
    """The rule version whose ``effective_from`` is the latest on or before ``on``."""
    chosen = None
    for v in _versions():
        if v["effective_from"] <= on:
            chosen = v
    if chosen is None:
        raise ValueError(f"no credit rule version in force on {on.isoformat()}")
    return chosen


@dataclass(frozen=True)
class Grade:
    grade: str
    score: int
    reasons: list[str] = field(default_factory=list)
    rule_version: str = ""


def grade_compute(events: list[dict[str, Any]], *, on: dt.date) -> Grade:
    """Grade one subject. ``events``: dicts with ``kind``, ``severity``, ``occurred_on`` (date)
    and ``repaired`` (bool)."""
    rules = rules_in_force(on)
    since = on - dt.timedelta(days=rules["window_days"])
    weights = rules["weights"]
    score = rules["base_score"]
    good = 0
    blacklisted = False
    counts: dict[str, list[int]] = {}
    for e in events:
        if e.get("repaired") or not (since <= e["occurred_on"] <= on):
            continue
        kind = e["kind"]
        points = weights.get(kind, 0) * int(e.get("severity") or 1)
        if kind == "blacklist":
            blacklisted = True
        if kind == "good":
            good += points
        else:
            score += points
        c = counts.setdefault(kind, [0, 0])
        c[0] += 1
        c[1] += points
    good = min(good, rules["good_cap"])
    score += good
    reasons = [f"无不良记录，基准分{rules['base_score']}"] if not counts else [f"基准分{rules['base_score']}"]
    for kind, (n, points) in sorted(counts.items()):
        shown = good if kind == "good" else points
        reasons.append(f"{KIND_LABELS.get(kind, kind)}{n}条（{shown:+d}分）")
    if blacklisted:
        grade = rules["blacklist_grade"]
        reasons.append("列入失信名单，评为D级")
    else:
        grade = next((g for g in ("A", "B", "C") if score >= rules["thresholds"][g]), "D")
    return Grade(grade=grade, score=int(score), reasons=reasons, rule_version=str(rules["effective_from"]))


def grades_frame(events, *, on: dt.date):
    """Grade every subject in ``events`` (a Polars DataFrame or LazyFrame with ``subject_id``,
    ``kind``, ``severity``, ``occurred_on`` (Date) and ``repaired`` (bool)) in one vectorised
    pass; returns a LazyFrame ``subject_id, score, grade``. Subjects without events in the
    window are not listed (their grade is the base grade)."""
    import polars as pl

    rules = rules_in_force(on)
    since = on - dt.timedelta(days=rules["window_days"])
    weights = rules["weights"]
    lf = events.lazy() if isinstance(events, pl.DataFrame) else events
    kinds = list(weights)
    weight = pl.col("kind").replace_strict(kinds, [weights[k] for k in kinds], default=0, return_dtype=pl.Int32)
    points = weight * pl.col("severity").cast(pl.Int32)
    counted = lf.filter(~pl.col("repaired") & pl.col("occurred_on").is_between(since, on))
    per_subject = counted.group_by("subject_id").agg(
        bad=pl.when(pl.col("kind") != "good").then(points).otherwise(0).sum(),
        good=pl.when(pl.col("kind") == "good").then(points).otherwise(0).sum(),
        blacklisted=(pl.col("kind") == "blacklist").any(),
    )
    score = pl.lit(rules["base_score"]) + pl.col("bad") + pl.min_horizontal(pl.col("good"), pl.lit(rules["good_cap"]))
    th = rules["thresholds"]
    grade = (
        pl.when(pl.col("blacklisted"))
        .then(pl.lit(rules["blacklist_grade"]))
        .when(pl.col("score") >= th["A"])
        .then(pl.lit("A"))
        .when(pl.col("score") >= th["B"])
        .then(pl.lit("B"))
        .when(pl.col("score") >= th["C"])
        .then(pl.lit("C"))
        .otherwise(pl.lit("D"))
    )
    return per_subject.with_columns(score=score).with_columns(grade=grade).select("subject_id", "score", "grade")
