"""The rules of 一图 and of 实施清单 vs 基本目录, as pure functions (no database)."""

from __future__ import annotations

import copy

import pytest

from zwfw.catalog.content import Refs, content_check, content_normalise
from zwfw.catalog.services.validation import (
    critical_path,
    find_cycle,
    validate_against_base,
    validate_graph,
)
from zwfw.catalog.tests import factories as f


def _content(entry):
    return content_normalise({"elements": entry["elements"], "graph": entry["graph"]})


@pytest.fixture
def base():
    return _content(f.base_item())


@pytest.fixture
def impl():
    return _content(f.implementation())


def kinds(violations):
    return sorted(v["kind"] for v in violations)


# --- graph -------------------------------------------------------------------------------


def test_sample_graph_is_valid_and_its_critical_path_skips_clock_stopping_steps():
    g = f.graph()
    days, path = critical_path(g)
    # 受理1 + 审查5 + 决定2 + 送达1; the parallel 现场核查 (5 days) stops the clock
    assert days == 9
    assert path == ["apply", "accept", "review", "decide", "deliver"]
    assert validate_graph(g, {"legal_limit_days": 20, "promised_limit_days": 10}) == []


def test_clock_counting_parallel_branch_becomes_critical():
    g = f.graph()
    g["steps"][3]["stops_clock"] = False  # 现场核查 now counts; ties with 审查 at 5
    g["steps"][3]["limit_days"] = 7
    days, path = critical_path(g)
    assert days == 11
    assert "inspect" in path


def test_cycle_is_reported_with_its_steps():
    g = f.graph()
    g["edges"].append(["decide", "accept"])
    violations = validate_graph(g, {})
    assert "cycle" in kinds(violations)
    msg = next(v for v in violations if v["kind"] == "cycle")["message"]
    assert "受理" in msg and "决定" in msg
    assert (
        find_cycle([s["key"] for s in g["steps"]], g["edges"])[0]
        == find_cycle([s["key"] for s in g["steps"]], g["edges"])[-1]
    )


def test_two_starts_are_reported():
    g = f.graph()
    g["edges"] = [e for e in g["edges"] if e != ["accept", "inspect"]]
    violations = validate_graph(g, {})
    assert kinds(violations) == ["start_count"]
    assert "现场核查" in violations[0]["message"]


def test_two_ends_are_reported():
    g = f.graph()
    g["edges"] = [e for e in g["edges"] if e != ["inspect", "decide"]]
    assert kinds(validate_graph(g, {})) == ["end_count"]


def test_unreachable_step_is_reported():
    g = f.graph()
    g["steps"].append({"key": "x", "name": "孤立环节", "kind": "other", "limit_days": 0})
    g["steps"].append({"key": "y", "name": "另一孤立环节", "kind": "other", "limit_days": 0})
    g["edges"] += [["x", "y"], ["y", "x"]]  # a detached loop: reachable from nothing, no extra start
    violations = validate_graph(g, {})
    assert "unreachable" in kinds(violations)
    assert "孤立环节" in next(v for v in violations if v["kind"] == "unreachable")["message"]


def test_empty_graph_is_reported():
    assert kinds(validate_graph({"steps": [], "edges": []}, {})) == ["graph_empty"]


def test_critical_path_over_promised_limit():
    violations = validate_graph(f.graph(review=8), {"legal_limit_days": 20, "promised_limit_days": 10})
    assert kinds(violations) == ["critical_path_over_limit"]
    assert "12个工作日" in violations[0]["message"] and "承诺时限10" in violations[0]["message"]


def test_critical_path_checked_against_legal_limit_when_no_promise():
    violations = validate_graph(f.graph(review=30), {"legal_limit_days": 20, "promised_limit_days": None})
    assert kinds(violations) == ["critical_path_over_limit"]
    assert "法定时限20" in violations[0]["message"]


def test_promised_over_legal():
    violations = validate_graph(f.graph(), {"legal_limit_days": 5, "promised_limit_days": 10})
    assert "promised_over_legal" in kinds(violations)


# --- implementation vs base --------------------------------------------------------------


def test_sample_implementation_conforms(base, impl):
    assert validate_against_base(impl, base, impl_meta={"code": f.IMPL_CODE}, base_meta={"code": f.BASE_CODE}) == []


def test_added_material(base, impl):
    impl["elements"]["materials"].append(
        content_normalise({"elements": {"materials": [f.material("x", "额外证明")]}})["elements"]["materials"][0]
    )
    violations = validate_against_base(impl, base)
    assert kinds(violations) == ["added_material"]
    assert violations[0]["field"] == "elements.materials[2]"
    assert "额外证明" in violations[0]["message"]


def test_material_renamed_key_but_same_standard_code_is_not_added(base, impl):
    impl["elements"]["materials"][0]["key"] = "sqs"
    assert validate_against_base(impl, base) == []


def test_material_made_required(base, impl):
    impl["elements"]["materials"].append(copy.deepcopy(base["elements"]["materials"][2]))
    impl["elements"]["materials"][-1]["required"] = True
    assert kinds(validate_against_base(impl, base)) == ["material_made_required"]


def test_material_count_raised(base, impl):
    impl["elements"]["materials"][0]["copies"] = 3
    violations = validate_against_base(impl, base)
    assert kinds(violations) == ["material_count_raised"]
    assert violations[0]["field"] == "elements.materials[0].copies"


def test_added_step(base, impl):
    impl["graph"]["steps"].append({"key": "hearing", "name": "听证", "kind": "hearing", "limit_days": 0})
    violations = validate_against_base(impl, base)
    assert kinds(violations) == ["added_step"]
    assert "听证" in violations[0]["message"]


def test_dropped_steps_and_materials_are_allowed(base, impl):
    impl["elements"]["materials"] = impl["elements"]["materials"][:1]
    impl["graph"]["steps"] = [s for s in impl["graph"]["steps"] if s["key"] != "inspect"]
    impl["graph"]["edges"] = [e for e in impl["graph"]["edges"] if "inspect" not in e]
    assert validate_against_base(impl, base) == []


@pytest.mark.parametrize("key", ["legal_limit_days", "promised_limit_days"])
def test_limit_raised(base, impl, key):
    impl["elements"][key] = base["elements"][key] + 1
    violations = validate_against_base(impl, base)
    assert kinds(violations) == ["limit_raised"]
    assert violations[0]["field"] == f"elements.{key}"


def test_limit_removed_counts_as_raised(base, impl):
    impl["elements"]["legal_limit_days"] = None
    assert kinds(validate_against_base(impl, base)) == ["limit_raised"]


def test_visits_raised(base, impl):
    impl["elements"]["visits"] = 3
    assert kinds(validate_against_base(impl, base)) == ["visits_raised"]


@pytest.mark.parametrize(
    ("key", "kind"),
    [("name", "name_changed"), ("item_type", "type_changed"), ("legal_basis", "basis_changed")],
)
def test_inherited_fields_must_match(base, impl, key, kind):
    base_meta = {"name": "食品经营许可（新办）", "item_type": "licence", "legal_basis": "《食品安全法》"}
    impl_meta = {**base_meta, key: "别的"}
    assert kinds(validate_against_base(impl, base, impl_meta=impl_meta, base_meta=base_meta)) == [kind]


def test_implementation_code_must_contain_base_code(base, impl):
    violations = validate_against_base(impl, base, impl_meta={"code": "X-1"}, base_meta={"code": f.BASE_CODE})
    assert kinds(violations) == ["code_mismatch"]


# --- structural checks -------------------------------------------------------------------


def _refs():
    return Refs(departments={"510100-scjg"}, licence_types={"business_licence", "food_business_licence"})


def test_structural_problems_are_reported_with_paths():
    el = f.elements()
    el["materials"][1]["source"] = "magic"
    el["materials"][0]["licence_type"] = "no_such_licence"
    el["fee"] = {"charged": True, "basis": "", "amount_fen": 12.5, "description": ""}
    el["online_depth"] = 5
    el["form"].append({"element": "favourite_colour", "label": "颜色", "type": "text"})
    el["channels"] = ["window", "pigeon"]
    g = f.graph()
    g["edges"].append(["decide", "nowhere"])
    g["steps"][0]["department"] = "999999-xx"
    problems = {p["path"]: p["message"] for p in content_check({"elements": el, "graph": g}, refs=_refs(), path="x")}
    assert "x.elements.materials[1].source" in problems
    assert "x.elements.materials[0].licence_type" in problems
    assert "分" in problems["x.elements.fee.amount_fen"]
    assert "x.elements.online_depth" in problems
    assert "x.elements.form[2].element" in problems
    assert "x.elements.channels[1]" in problems
    assert "x.graph.edges[6]" in problems
    assert "x.graph.steps[0].department" in problems


def test_structural_check_accepts_the_sample():
    assert content_check({"elements": f.elements(), "graph": f.graph()}, refs=_refs()) == []


def test_boolean_is_not_an_integer():
    problems = content_check({"elements": {"visits": True}}, refs=_refs())
    assert [p["path"] for p in problems] == ["elements.visits"]
