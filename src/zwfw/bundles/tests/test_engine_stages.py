"""Stages, critical path, trips, windows; cycles and bad input rejected."""

from __future__ import annotations

import pytest
from django.utils import translation

from zwfw.bundles.engine import BundleCycleError, BundleInputError, Dependency, ItemSpec, compose


def _item(code, days=0, visits=0, department="510107-ga", place="武侯区政务服务中心", name=None):
    return ItemSpec(
        code=code,
        name=name or f"事项{code}",
        department=department,
        place=place,
        promised_limit_days=days,
        visits=visits,
    )


def test_chain_time_is_the_sum_along_the_chain():
    plan = compose(
        [_item("A", 3), _item("B", 5), _item("C", 2)],
        dependencies=[Dependency("A", "B"), Dependency("B", "C")],
    )
    assert plan.time_limit_days == 10
    assert plan.critical_path == ("A", "B", "C")
    assert [s.items for s in plan.stages] == [("A",), ("B",), ("C",)]
    assert [i.earliest_finish_days for i in plan.items] == [3, 8, 10]


def test_diamond_takes_the_longer_branch():
    plan = compose(
        [_item("A", 2), _item("B", 10), _item("C", 3), _item("D", 4)],
        dependencies=[Dependency("A", "B"), Dependency("A", "C"), Dependency("B", "D"), Dependency("C", "D")],
    )
    assert plan.time_limit_days == 16  # A 2 + B 10 + D 4, not the sum 19, not via C (9)
    assert plan.critical_path == ("A", "B", "D")
    assert [s.items for s in plan.stages] == [("A",), ("B", "C"), ("D",)]
    assert [s.time_limit_days for s in plan.stages] == [2, 10, 4]
    assert plan.before.time_limit_days == 19


def test_critical_path_can_be_shorter_than_the_sum_of_stage_maxima():
    # B (10) waits for A (1); C (1) waits for X (10): stages are [A, X] and [B, C]; the longest
    # chain is 11, while max per stage summed would say 20.
    plan = compose(
        [_item("A", 1), _item("X", 10), _item("B", 10), _item("C", 1)],
        dependencies=[Dependency("A", "B"), Dependency("X", "C")],
    )
    assert plan.time_limit_days == 11
    assert sum(s.time_limit_days for s in plan.stages) == 20


def test_independent_items_run_in_parallel():
    plan = compose([_item("A", 5, visits=1), _item("B", 20, visits=2), _item("C", 1, visits=0)])
    assert plan.time_limit_days == 20
    assert plan.critical_path == ("B",)
    assert len(plan.stages) == 1
    assert plan.trips == 2  # one stage: its most demanding item
    assert plan.before.trips == 3 and plan.before.time_limit_days == 26


def test_trips_add_up_over_stages_and_windows_count_distinct_places():
    plan = compose(
        [
            _item("A", visits=1, department="510107-wjw", place="医院产科"),
            _item("B", visits=1, department="510107-ga", place="派出所"),
            _item("C", visits=1, department="510107-ga", place="派出所"),
            _item("D", visits=0, department="510100-rst", place=""),
        ],
        dependencies=[Dependency("A", "B"), Dependency("A", "C"), Dependency("B", "D")],
    )
    assert [s.trips for s in plan.stages] == [1, 1, 0]
    assert plan.trips == plan.after.trips == 2
    assert plan.before.trips == 3
    assert [(w.department, w.items) for w in plan.windows] == [
        ("510107-wjw", ("A",)),
        ("510107-ga", ("B", "C")),
        ("510100-rst", ("D",)),
    ]
    assert plan.before.windows == 3 and plan.after.windows == 1


def test_cycle_is_rejected_naming_the_items():
    items = [
        _item("A", name="出生医学证明首次签发"),
        _item("B", name="出生登记"),
        _item("C", name="社会保障卡申领"),
        _item("D", name="预防接种证办理"),
    ]
    deps = [Dependency("D", "A"), Dependency("A", "B"), Dependency("B", "C"), Dependency("C", "A")]
    with pytest.raises(BundleCycleError) as caught:
        compose(items, dependencies=deps)
    error = caught.value
    assert error.cycle == ("A", "B", "C", "A")
    assert error.names == ("出生医学证明首次签发", "出生登记", "社会保障卡申领", "出生医学证明首次签发")
    assert "出生登记（B）" in error.message_zh and "循环" in error.message_zh
    assert "社会保障卡申领 (C)" in error.message_en and "cycle" in error.message_en
    assert "预防接种证办理" not in error.message_zh  # D waits for the cycle but is not in it
    assert error.status == 422
    assert error.as_body()["code"] == "bundle_dependency_cycle"
    assert error.as_body()["detail"]["cycle"] == ["A", "B", "C", "A"]
    with translation.override("zh-hans"):
        assert "出生登记（B）" in error.message
    with translation.override("en"):
        assert "The items' dependencies form a cycle" in error.message
        assert "出生登记 (B)" in error.message


def test_self_dependency_is_a_cycle():
    with pytest.raises(BundleCycleError) as caught:
        compose([_item("A")], dependencies=[Dependency("A", "A")])
    assert caught.value.cycle == ("A", "A")


@pytest.mark.parametrize(
    ("items", "deps", "fragment"),
    [
        ([], [], "至少包含一个事项"),
        ([_item("A"), _item("A")], [], "事项重复"),
        ([_item("A")], [Dependency("A", "Z")], "不在本一件事中"),
    ],
)
def test_bad_input_is_rejected(items, deps, fragment):
    with pytest.raises(BundleInputError) as caught:
        compose(items, dependencies=deps)
    assert fragment in caught.value.message_zh
    assert caught.value.status == 422
    assert caught.value.message_en


@pytest.mark.parametrize("threshold", [0, -0.1, 1.5])
def test_threshold_outside_range_is_rejected(threshold):
    with pytest.raises(BundleInputError):
        compose([_item("A")], threshold=threshold)


def test_duplicate_dependencies_are_harmless():
    plan = compose([_item("A", 1), _item("B", 1)], dependencies=[Dependency("A", "B"), Dependency("A", "B")])
    assert plan.time_limit_days == 2
