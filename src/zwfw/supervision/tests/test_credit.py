"""信用分级分类: the grade rules (YAML cases, scalar and vectorised alike), records, imports, 信用修复."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import polars as pl
import pytest
import yaml

from zwfw.supervision.credit import grade_compute, grades_frame
from zwfw.supervision.demo import demo_uscc
from zwfw.supervision.errors import SupervisionError
from zwfw.supervision.models import CreditEvent
from zwfw.supervision.selectors import credit_eligibility_for, credit_grade_for, inspection_weight_for
from zwfw.supervision.services import (
    credit_event_record,
    credit_events_import,
    credit_repair_request,
    credit_repair_review,
)

ON = dt.date(2026, 6, 30)
CASES = yaml.safe_load((Path(__file__).parents[1] / "rules" / "credit_grades_tests.yaml").read_text(encoding="utf-8"))


def _events(case):
    return [
        {
            "kind": e["kind"],
            "severity": e.get("severity", 1),
            "occurred_on": ON - dt.timedelta(days=e["days_ago"]),
            "repaired": e.get("repaired", False),
        }
        for e in case["events"]
    ]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_grade_rules_yaml_cases(case):
    grade = grade_compute(_events(case), on=ON)
    assert (grade.grade, grade.score) == (case["grade"], case["score"])
    assert grade.reasons


def test_the_vectorised_grades_agree_with_the_scalar_rule():
    rng = random.Random(7)
    kinds = ["violation", "blacklist", "good", "pledge_untrue", "rating_upheld", "trading_flag"]
    rows = []
    for s in range(300):
        for _ in range(rng.randint(1, 6)):
            rows.append(
                {
                    "subject_id": f"S{s:04d}",
                    "kind": rng.choice(kinds),
                    "severity": rng.randint(1, 3),
                    "occurred_on": ON - dt.timedelta(days=rng.randint(0, 1500)),
                    "repaired": rng.random() < 0.1,
                }
            )
    frame = grades_frame(pl.DataFrame(rows), on=ON).collect()
    vectorised = {r["subject_id"]: (r["grade"], r["score"]) for r in frame.iter_rows(named=True)}
    base = grade_compute([], on=ON)
    for s in range(300):
        sid = f"S{s:04d}"
        scalar = grade_compute([r for r in rows if r["subject_id"] == sid], on=ON)
        assert vectorised.get(sid, (base.grade, base.score)) == (scalar.grade, scalar.score), sid


def test_lower_grades_are_inspected_more_often():
    weights = [inspection_weight_for(g) for g in "ABCD"]
    assert weights == sorted(weights) and weights[0] < weights[-1]


@pytest.mark.django_db
def test_record_validates_and_is_idempotent_on_source_ref(officers):
    uscc = demo_uscc(1)
    with pytest.raises(SupervisionError) as exc:
        credit_event_record(
            actor=officers["cd"],
            subject_kind="enterprise",
            subject_id="91510100MA0000015X",
            kind="violation",
            occurred_on=ON,
        )
    assert exc.value.status == 422 and "统一社会信用代码" in exc.value.message
    with pytest.raises(SupervisionError):
        credit_event_record(
            actor=officers["cd"], subject_kind="enterprise", subject_id=uscc, kind="nonsense", occurred_on=ON
        )
    with pytest.raises(SupervisionError):
        credit_event_record(
            actor=officers["cd"],
            subject_kind="enterprise",
            subject_id=uscc,
            kind="violation",
            severity=9,
            occurred_on=ON,
        )
    with pytest.raises(SupervisionError):
        future = dt.date.today() + dt.timedelta(days=3)
        credit_event_record(
            actor=officers["cd"], subject_kind="enterprise", subject_id=uscc, kind="violation", occurred_on=future
        )
    kw = {"subject_kind": "enterprise", "subject_id": uscc, "kind": "violation", "source_ref": "x:1"}
    kw["occurred_on"] = dt.date.today()
    first = credit_event_record(actor=officers["cd"], **kw)
    assert credit_event_record(actor=officers["cd"], **kw) == first and CreditEvent.objects.count() == 1
    assert credit_grade_for(uscc=uscc).grade == "B" and credit_grade_for(uscc=uscc).score == 75
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        credit_event_record(
            actor=officers["clerk"], subject_kind="enterprise", subject_id=uscc, kind="good", occurred_on=ON
        )


@pytest.mark.django_db
def test_import_is_all_or_nothing(officers):
    good = {"subject_kind": "enterprise", "subject_id": demo_uscc(5), "kind": "blacklist", "occurred_on": "2026-01-05"}
    bad = {**good, "subject_id": "123"}
    with pytest.raises(SupervisionError) as exc:
        credit_events_import(actor=officers["cd"], rows=[good, bad])
    assert exc.value.detail["row"] == 2 and "第2行" in exc.value.message and not CreditEvent.objects.exists()
    assert credit_events_import(actor=officers["cd"], rows=[good]) == 1
    eligibility = credit_eligibility_for(uscc=demo_uscc(5))
    assert eligibility.grade == "D" and not eligibility.shortfall and not eligibility.pledge
    assert credit_eligibility_for(uscc=demo_uscc(6)).pledge  # no record: B, eligible


@pytest.mark.django_db
def test_repair_restores_the_grade_after_review(officers):
    enterprise = officers["enterprise"]
    event = credit_event_record(
        actor=officers["cd"],
        subject_kind="enterprise",
        subject_id=enterprise.uscc,
        kind="pledge_untrue",
        occurred_on=dt.date.today(),
    )
    assert credit_grade_for(uscc=enterprise.uscc).grade == "C"
    with pytest.raises(SupervisionError) as other:
        credit_repair_request(actor=officers["person"], event=event, reason="不是我")
    assert other.value.status == 422
    with pytest.raises(SupervisionError):
        credit_repair_request(actor=enterprise, event=event, reason=" ")
    repair = credit_repair_request(actor=enterprise, event=event, reason="已补齐材料并整改到位")
    with pytest.raises(SupervisionError):  # one pending request at a time
        credit_repair_request(actor=enterprise, event=event, reason="再申请")
    credit_repair_review(actor=officers["cd"], repair=repair, approve=True, note="整改到位，同意修复")
    with pytest.raises(SupervisionError) as twice:
        credit_repair_review(actor=officers["cd2"], repair=repair, approve=False, note="不同意")
    assert twice.value.status == 409
    assert credit_grade_for(uscc=enterprise.uscc).grade == "B"
    event.refresh_from_db()
    assert event.repaired_at is not None


@pytest.mark.django_db
def test_a_repair_is_reviewed_only_in_the_recording_departments_scope(officers, depts):
    """Issue 18: a 绵阳 officer neither sees nor decides a repair of an event 成都 recorded; the
    refusal changes nothing (the repair stays pending, the event unrepaired, no audit row)."""
    from django.http import Http404

    from zwfw.core.models import AuditLog
    from zwfw.supervision.models import CreditRepair
    from zwfw.supervision.selectors import credit_repair_list, pending_repair_count

    enterprise = officers["enterprise"]
    event = credit_event_record(
        actor=officers["cd"],
        subject_kind="enterprise",
        subject_id=enterprise.uscc,
        kind="violation",
        occurred_on=dt.date.today(),
        department="510100-scjg",
    )
    repair = credit_repair_request(actor=enterprise, event=event, reason="已整改")
    assert list(credit_repair_list(user=officers["my"])) == [] and pending_repair_count(user=officers["my"]) == 0
    assert list(credit_repair_list(user=officers["cd2"])) == [repair]
    audits = AuditLog.objects.count()
    with pytest.raises(Http404):
        credit_repair_review(actor=officers["my"], repair=repair, approve=True, note="同意")
    assert CreditRepair.objects.get(pk=repair.pk).status == "pending" and AuditLog.objects.count() == audits
    event.refresh_from_db()
    assert event.repaired_at is None
    assert credit_repair_review(actor=officers["cd2"], repair=repair, approve=True, note="同意").status == "approved"
