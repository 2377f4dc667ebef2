"""Figures against an independent count: random ratings and rectifications are inserted directly,
and every cell of every grouping is recomputed from the generated specs with plain Python loops
(as the monthly report's tests do)."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest

from zwfw.core.models import Department, Role
from zwfw.core.tests import factories
from zwfw.ratings.models import Rating, RatingReason, Rectification
from zwfw.ratings.selectors import item_bad_ranking, public_summary, rating_figures

pytestmark = pytest.mark.django_db

BEIJING = dt.timezone(dt.timedelta(hours=8))
DEPARTMENTS = [("510100", "scjg"), ("510100", "wjw"), ("510107", "scjg"), ("510700", "scjg"), ("510000", "scjg")]
ITEMS = [("ITEM-A", "食品经营许可"), ("ITEM-B", "医师执业注册"), ("ITEM-C", "个体工商户登记"), ("ITEM-D", "出生登记")]
REASONS = ["slow", "guide_wrong", "many_trips", "attitude_bad"]
# Instants around the Beijing month boundary: 2026-01-31 23:59 +08 is January, 2026-02-01 00:00 +08 February.
EDGES = [dt.datetime(2026, 1, 31, 23, 59, tzinfo=BEIJING), dt.datetime(2026, 2, 1, 0, 0, tzinfo=BEIJING)]


def _specs(seed: int = 2026, n: int = 400) -> list[dict]:
    rng = random.Random(seed)
    specs = []
    for i in range(n):
        region, line = rng.choice(DEPARTMENTS)
        code, name = rng.choice(ITEMS)
        at = (
            EDGES[i]
            if i < len(EDGES)
            else dt.datetime(2026, rng.choice([1, 2, 3]), rng.randint(1, 28), rng.randint(0, 23), tzinfo=BEIJING)
        )
        level = rng.choice([1, 1, 2, 2, 3, 4, 5])
        rect = None
        if level >= 4:
            status = rng.choice(
                ["verifying", "rectifying", "revisiting", "closed", "closed", "closed", "voided", "appealing"]
            )
            rect = {
                "status": status,
                "on_time": rng.choice([True, False]) if status in ("closed", "revisiting") else None,
                "revisit_result": rng.choice(["satisfied", "unsatisfied"])
                if status == "closed"
                else rng.choice(["", "", "unsatisfied"])
                if status == "rectifying"
                else "",
            }
        specs.append(
            {
                "i": i,
                "department": f"{region}-{line}",
                "region": region,
                "item_code": code,
                "item_name": name,
                "window": rng.choice([None, ("510100-zwfw", "A1"), ("510100-zwfw", "A2"), ("510700-zwfw", "B1")]),
                "at": at,
                "month": at.astimezone(BEIJING).strftime("%Y-%m"),
                "level": level,
                "reasons": rng.sample(REASONS, rng.randint(1, 2)) if level >= 4 else [],
                "rect": rect,
            }
        )
    return specs


def _insert(specs: list[dict]) -> None:
    depts = {f"{r}-{line}": factories.make_department(r, line) for r, line in DEPARTMENTS}
    depts["510100-zwfw"] = factories.make_department("510100", "zwfw")
    depts["510700-zwfw"] = factories.make_department("510700", "zwfw")
    Rating.objects.bulk_create(
        [
            Rating(
                subject_kind="case",
                subject_ref=str(s["i"]),
                subject_number=f"N{s['i']}",
                channel="pc",
                level=s["level"],
                item_code=s["item_code"],
                item_name=s["item_name"],
                department=depts[s["department"]],
                region_id=s["region"],
                window_department=depts[s["window"][0]] if s["window"] else None,
                window_no=s["window"][1] if s["window"] else "",
                rated_at=s["at"],
                rated_month=s["month"],
            )
            for s in specs
        ]
    )
    ids = dict(Rating.objects.values_list("subject_ref", "pk"))
    RatingReason.objects.bulk_create(
        [RatingReason(rating_id=ids[str(s["i"])], code=c) for s in specs for c in s["reasons"]]
    )
    Rectification.objects.bulk_create(
        [
            Rectification(
                rating_id=ids[str(s["i"])],
                department=depts[s["department"]],
                region_id=s["region"],
                status=s["rect"]["status"],
                opened_at=s["at"],
                due_date=s["at"].date() + dt.timedelta(days=21),
                on_time=s["rect"]["on_time"],
                revisit_result=s["rect"]["revisit_result"],
            )
            for s in specs
            if s["rect"]
        ]
    )


def _key(s: dict, group_by: str) -> tuple:
    if group_by == "department":
        return (Department.objects.get(code=s["department"]).pk,)
    if group_by == "region":
        return (s["region"],)
    if group_by == "month":
        return (s["month"],)
    if group_by == "item":
        return ("case", s["item_code"])
    if s["window"] is None:
        return (None, "")
    return (Department.objects.get(code=s["window"][0]).pk, s["window"][1])


def _expected(specs: list[dict], group_by: str, month: str | None = None, keep=lambda s: True) -> dict[tuple, dict]:
    out: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))
    for s in specs:
        if month and s["month"] != month:
            continue
        if not keep(s):
            continue
        rect = s["rect"]
        if rect and rect["status"] == "voided":
            continue  # 申诉成立: counted nowhere
        row = out[_key(s, group_by)]
        row["total"] += 1
        row["good"] += s["level"] <= 3
        row["bad"] += s["level"] >= 4
        if rect:
            row["tasks"] += 1
            row["closed"] += rect["status"] == "closed"
            row["on_time"] += rect["status"] == "closed" and rect["on_time"] is True
            row["revisits"] += rect["revisit_result"] != ""
            row["revisit_satisfied"] += rect["revisit_result"] == "satisfied"
    return out


def _pct(n: int, d: int):
    return None if d == 0 else (Decimal(n) * 100 / Decimal(d)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


MEASURES = ("total", "good", "bad", "tasks", "closed", "on_time", "revisits", "revisit_satisfied")


def _check(figures, expected: dict[tuple, dict]) -> None:
    got = {row.key: row for row in figures.rows}
    assert set(got) == set(expected)
    for key, exp in expected.items():
        row = got[key]
        for m in MEASURES:
            assert getattr(row, m) == exp[m], (key, m)
        assert row.good_rate == _pct(exp["good"], exp["total"])
        assert row.rectification_rate == _pct(exp["closed"], exp["tasks"])
        assert row.on_time_rate == _pct(exp["on_time"], exp["closed"])
        assert row.revisit_rate == _pct(exp["revisit_satisfied"], exp["revisits"])
    for m in MEASURES:
        assert getattr(figures.total, m) == sum(e[m] for e in expected.values())


@pytest.fixture
def data(db):
    specs = _specs()
    _insert(specs)
    return specs


@pytest.mark.parametrize("group_by", ["item", "department", "window", "region", "month"])
def test_every_grouping_matches_an_independent_count(data, group_by):
    admin = factories.make_user(role=Role.PLATFORM_ADMIN, username="f_admin")
    _check(rating_figures(user=admin, group_by=group_by), _expected(data, group_by))
    _check(rating_figures(user=admin, group_by=group_by, month="2026-02"), _expected(data, group_by, "2026-02"))
    _check(rating_figures(group_by=group_by, month="2026-01", public=True), _expected(data, group_by, "2026-01"))


def test_month_boundary_is_beijing_time(data):
    admin = factories.make_user(role=Role.PLATFORM_ADMIN, username="f_admin")
    months = {row.key[0] for row in rating_figures(user=admin, group_by="month").rows}
    assert months == {"2026-01", "2026-02", "2026-03"}
    assert Rating.objects.get(subject_ref="0").rated_month == "2026-01"
    assert Rating.objects.get(subject_ref="1").rated_month == "2026-02"


def test_figures_are_scoped(data):
    clerk = factories.make_user(role=Role.WINDOW_CLERK, username="f_clerk", department="510100-zwfw")
    admin = factories.make_user(role=Role.DEPT_ADMIN, username="f_dadmin", department="510100-scjg")
    in_chengdu = lambda s: s["region"] in ("510100", "510107")  # noqa: E731
    _check(rating_figures(user=clerk, group_by="department"), _expected(data, "department", keep=in_chengdu))
    subtree = Department.objects.get(code="510100-scjg").path
    below = set(Department.objects.filter(path__startswith=subtree).values_list("code", flat=True))
    assert "510107-scjg" in below and "510000-scjg" not in below
    only_scjg = lambda s: s["department"] in below  # noqa: E731
    _check(rating_figures(user=admin, group_by="region"), _expected(data, "region", keep=only_scjg))
    applicant = factories.make_user(role=Role.PERSON, username="f_person")
    assert rating_figures(user=applicant, group_by="department").rows == []


def test_ranking_of_items_by_bad_ratings_with_reasons(data):
    admin = factories.make_user(role=Role.PLATFORM_ADMIN, username="f_admin")
    bad: dict[str, int] = defaultdict(int)
    reasons: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for s in data:
        if s["level"] >= 4 and not (s["rect"] and s["rect"]["status"] == "voided"):
            bad[s["item_code"]] += 1
            for r in s["reasons"]:
                reasons[s["item_code"]][r] += 1
    ranking = item_bad_ranking(user=admin)
    assert [r["bad"] for r in ranking] == sorted(bad.values(), reverse=True)
    from zwfw.ratings.reasons import reason_label

    for row in ranking:
        assert row["bad"] == bad[row["item_code"]]
        assert dict(row["reasons"]) == {reason_label(k): v for k, v in reasons[row["item_code"]].items()}
        assert row["url"] == f"/items/{row['item_code']}/"


def test_public_summary_has_the_same_figures(data):
    summary = public_summary(month="2026-03")
    _check(summary["by_department"], _expected(data, "department", "2026-03"))
    _check(summary["by_month"], _expected(data, "month"))


def test_bad_month_and_group_are_422(data):
    from zwfw.ratings.errors import RatingError

    admin = factories.make_user(role=Role.PLATFORM_ADMIN, username="f_admin")
    for kwargs in ({"month": "2026-13"}, {"month": "26-01"}, {"group_by": "staff"}, {"month": "1999-01"}):
        with pytest.raises(RatingError) as exc:
            rating_figures(user=admin, **kwargs)
        assert exc.value.status == 422
