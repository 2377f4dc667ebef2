"""Credit grades of agencies and practitioners from the rules in ``rules/agency_grades.yaml``:
score = base + Σ (rating − 3) × rating_points + overdue deliveries × overdue_points +
violations × violation_points; A/B/C by threshold, else D; a blacklisted agency is D."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

RULES_PATH = Path(__file__).parent / "rules" / "agency_grades.yaml"


@functools.cache
def _versions() -> list[dict]:
    return sorted(yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))["versions"], key=lambda v: v["effective_from"])


def rules_in_force(on: dt.date) -> dict:
    chosen = [v for v in _versions() if v["effective_from"] <= on]
    if not chosen:
        raise ValueError(f"no agency grade rules in force on {on.isoformat()}")
    return chosen[-1]


@dataclass(frozen=True)
class AgencyGrade:
    grade: str
    score: int
    reasons: list[str] = field(default_factory=list)


def grade_compute(*, ratings: list[int], overdue: int, violations: int, blacklisted: bool, on: dt.date) -> AgencyGrade:
    r = rules_in_force(on)
    rating_points = sum((s - 3) * r["rating_points"] for s in ratings)
    score = r["base_score"] + rating_points + overdue * r["overdue_points"] + violations * r["violation_points"]
    reasons = [f"基准分{r['base_score']}"]
    if ratings:
        reasons.append(f"业主评价{len(ratings)}次，平均{sum(ratings) / len(ratings):.1f}分（{rating_points:+d}分）")
    if overdue:
        reasons.append(f"逾期交付{overdue}次（{overdue * r['overdue_points']:+d}分）")
    if violations:
        reasons.append(f"违规{violations}次（{violations * r['violation_points']:+d}分）")
    if blacklisted:
        reasons.append("列入黑名单，评为D级")
        return AgencyGrade(r["blacklist_grade"], score, reasons)
    th = r["thresholds"]
    grade = next((g for g in ("A", "B", "C") if score >= th[g]), "D")
    return AgencyGrade(grade, score, reasons)
