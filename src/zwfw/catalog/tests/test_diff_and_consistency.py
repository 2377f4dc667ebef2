"""Version diff, the consistency report, and the operator commands."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zwfw.catalog.interchange.catalog_json import catalog_import
from zwfw.catalog.services import (
    catalog_consistency_report,
    content_diff,
    item_version_create_draft,
    item_version_diff,
    item_version_update_draft,
)
from zwfw.catalog.tests import factories as f


def _content(entry):
    return {"elements": entry["elements"], "graph": entry["graph"]}


def test_diff_lists_scalars_materials_steps_and_edges_with_chinese_labels():
    a = _content(f.base_item())
    b = json.loads(json.dumps(a))
    b["elements"]["promised_limit_days"] = 5
    b["elements"]["fee"]["amount_fen"] = 1000
    b["elements"]["materials"][0]["copies"] = 2
    del b["elements"]["materials"][2]
    b["elements"]["materials"].append(f.material("new", "新材料"))
    b["graph"]["steps"] = [s for s in b["graph"]["steps"] if s["key"] != "inspect"]
    b["graph"]["edges"] = [e for e in b["graph"]["edges"] if "inspect" not in e]
    changes = {c["field"]: c for c in content_diff(a, b)}
    assert changes["elements.promised_limit_days"]["label"] == "承诺时限（工作日）"
    assert (changes["elements.promised_limit_days"]["before"], changes["elements.promised_limit_days"]["after"]) == (
        10,
        5,
    )
    assert changes["elements.fee.amount_fen"]["after"] == 1000
    assert changes["elements.materials[application_form].copies"]["label"] == "申请材料“食品经营许可申请书”·复印件份数"
    assert changes["elements.materials[layout_plan]"]["change"] == "removed"
    assert changes["elements.materials[new]"]["change"] == "added"
    assert changes["graph.steps[inspect]"]["change"] == "removed"
    assert changes["graph.edges[accept→inspect]"]["change"] == "removed"
    assert changes["graph.edges[inspect→decide]"]["change"] == "removed"
    assert len(changes) == 8


def test_identical_versions_have_no_diff():
    assert content_diff(_content(f.base_item()), _content(f.base_item())) == []


def test_item_version_diff_between_rows(published, users):
    draft = item_version_create_draft(actor=users["maintainer"], implementation=published)
    item_version_update_draft(actor=users["maintainer"], version=draft, content={"elements": {"hours": "全天"}})
    changes = item_version_diff(published.versions.get(number=1), published.versions.get(number=2))
    assert [(c["field"], c["after"]) for c in changes] == [("elements.hours", "全天")]


@pytest.fixture
def base_tightened(published):
    """The base item drops 营业执照 and lowers its promised limit; the 成都 list still has both."""
    base = f.base_item()
    base["elements"]["materials"] = [m for m in base["elements"]["materials"] if m["key"] != "business_licence"]
    base["elements"]["promised_limit_days"] = 9
    catalog_import(actor=None, data=f.payload(bases=[base], impls=[]), publish=True)
    return published


def test_consistency_report_lists_violations_after_the_base_changed(base_tightened):
    report = catalog_consistency_report(region_code="510100")
    assert (report["checked"], report["with_violations"]) == (1, 1)
    kinds = [v["kind"] for v in report["items"][0]["violations"]]
    assert kinds == ["added_material"]
    assert catalog_consistency_report(region_code="510700")["checked"] == 0
    assert catalog_consistency_report(region_code="510000")["with_violations"] == 1


def test_check_command_exit_status_and_output(published):
    out = io.StringIO()
    call_command("catalog_check", region="510100", stdout=out)
    assert "检查1项，0项有问题" in out.getvalue()


def test_check_command_fails_on_violations(base_tightened):
    out = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("catalog_check", region="510100", stdout=out)
    assert exc.value.returncode == 1
    assert "added_material" in out.getvalue()


def test_export_and_import_commands_round_trip(published, tmp_path):
    out = io.StringIO()
    call_command("catalog_export", stdout=out)
    path = tmp_path / "catalog.json"
    path.write_text(out.getvalue(), encoding="utf-8")
    result = io.StringIO()
    call_command("catalog_import", str(path), stdout=result)
    assert json.loads(result.getvalue())["unchanged"] == 2
    out2 = io.StringIO()
    call_command("catalog_export", stdout=out2)
    assert out2.getvalue() == out.getvalue()


def test_import_command_prints_every_error_with_its_path(departments, tmp_path):
    data = f.payload()
    data["implementations"][0]["elements"]["materials"][0]["source"] = "magic"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("catalog_import", str(path), stderr=err)
    assert "implementations[0].elements.materials[0].source" in err.getvalue()
    bad_json = tmp_path / "x.json"
    bad_json.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="JSON"):
        call_command("catalog_import", str(bad_json))
