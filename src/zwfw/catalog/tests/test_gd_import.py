"""Guangdong import: mapping rules, the report, the import itself on a sample of the real file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from zwfw.catalog.interchange.gd_import import gd_catalog_build, gd_catalog_import, gd_department_code, parse_limit
from zwfw.catalog.models import BaseItem, ItemImplementation, ItemVersion
from zwfw.catalog.search import item_search, search_index_invalidate
from zwfw.catalog.tests.shared_data import GD_ITEMS, needs

ITEMS = GD_ITEMS

pytestmark = needs(GD_ITEMS)


@pytest.fixture(scope="module")
def records() -> list[dict]:
    """The first 40 records plus the ones with 自然日 limits and a code without a valid USCC."""
    out, natural, te = [], [], []
    with ITEMS.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            r = json.loads(line)
            if n < 40:
                out.append(r)
            elif "自然日" in r["handle_time"] and len(natural) < 2:
                natural.append(r)
            elif r["TASK_CODE"].startswith("TE") and not te:
                te.append(r)
    return out + natural + te


@pytest.fixture
def sample_file(tmp_path, records) -> Path:
    path = tmp_path / "sample.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20(工作日)", (20, "")),
        ("1（工作日）", (1, "")),
        ("即办", (0, "")),
        ("无", (None, "none")),
        ("", (None, "none")),
        ("90(自然日)", (None, "natural_days")),
        ("三个月", (None, "unparsed")),
    ],
)
def test_parse_limit(text, expected):
    assert parse_limit(text) == expected


def test_department_code_uses_a_valid_uscc_else_a_name_digest():
    assert gd_department_code("11440000006939756B2440101007000", "广东省发展和改革委员会") == (
        "gd-11440000006939756B",
        "11440000006939756B",
    )
    code, uscc = gd_department_code("TE440000GD030003VV2442199374000", "广东省立中山图书馆")
    assert uscc == "" and code.startswith("gd-") and len(code) == 13


def test_build_maps_codes_names_types_and_limits(records):
    payload, departments, report = gd_catalog_build(records)
    first = records[0]
    impl = next(x for x in payload["implementations"] if x["code"] == first["TASK_CODE"])
    assert impl["base_code"] == first["TASK_CODE"][19:31] == first["CATAID"]
    assert impl["region"] == "440000" and impl["level"] == 2
    assert impl["elements"]["legal_limit_days"] == 30 and impl["elements"]["promised_limit_days"] == 7
    assert impl["elements"]["materials"][0]["name"] == "提价申报申请报告"
    base = next(b for b in payload["base_items"] if b["code"] == impl["base_code"])
    assert base["name"] == "临时价格干预范围事项提价申报" and base["item_type"] == "licence"
    assert "person" in base["service_objects"]
    assert departments[impl["department"]]["name"] == "广东省发展和改革委员会"
    # several codes share a parent catalog name: each base is named after its own code's item
    names = {b["code"]: b["name"] for b in payload["base_items"]}
    assert names["440102002003"] == "中小学地方课程教材初审"
    assert "中小学地方课程教材初审、审定、复查" in next(
        b["keywords"] for b in payload["base_items"] if b["code"] == "440102002003"
    )
    unmapped = report.as_dict()
    assert any("自然日" in reason for reason in unmapped)
    assert any("行政机关" in reason for reason in unmapped)
    assert any("统一社会信用代码" in reason for reason in unmapped)


def test_base_limits_cover_every_implementation(records):
    payload, _, _ = gd_catalog_build(records)
    impls_by_base: dict[str, list[dict]] = {}
    for x in payload["implementations"]:
        impls_by_base.setdefault(x["base_code"], []).append(x)
    for b in payload["base_items"]:
        for x in impls_by_base[b["code"]]:
            for key in ("legal_limit_days", "promised_limit_days"):
                if b["elements"][key] is not None:
                    assert x["elements"][key] is not None and x["elements"][key] <= b["elements"][key]
            base_keys = {m["key"] for m in b["elements"]["materials"]}
            assert {m["key"] for m in x["elements"]["materials"]} <= base_keys


def test_unknown_type_and_bad_code_are_skipped_and_reported(records):
    bad_type = {**records[0], "TASK_TYPE_TEXT": "行政征收", "TASK_CODE": records[0]["TASK_CODE"][:-1] + "9"}
    short = {**records[1], "TASK_CODE": "123"}
    payload, _, report = gd_catalog_build([records[0], bad_type, short])
    assert [x["code"] for x in payload["implementations"]] == [records[0]["TASK_CODE"]]
    reasons = report.as_dict()
    assert reasons["事项类型无法映射：跳过"]["count"] == 1
    assert reasons["实施编码长度不是31或33位：跳过"]["count"] == 1


def test_import_publishes_a_separate_regions_list_and_is_idempotent(seeded, sample_file, records):
    search_index_invalidate()
    report = gd_catalog_import(actor=None, path=sample_file, publish=True)
    assert report["records"] == len(records)
    assert report["implementations"] == len({r["TASK_CODE"] for r in records})
    impl = ItemImplementation.objects.select_related("region", "department").get(code=records[0]["TASK_CODE"])
    assert impl.region.name == "广东省" and impl.region.parent_id == "100000"
    assert impl.department.uscc == "11440000006939756B"
    assert ItemVersion.objects.filter(implementation=impl, status="published").count() == 1
    assert BaseItem.objects.filter(code=records[0]["CATAID"]).exists()
    again = gd_catalog_import(actor=None, path=sample_file, publish=True)
    assert again["import"]["versions_created"] == 0
    hits = item_search(query="提价申报", region_code="440000")
    assert hits and hits[0].implementation_code == records[0]["TASK_CODE"]
    search_index_invalidate()


def test_import_without_publish_writes_drafts_that_search_does_not_see(seeded, sample_file, records):
    search_index_invalidate()
    gd_catalog_import(actor=None, path=sample_file, publish=False)
    assert not ItemVersion.objects.filter(implementation__code=records[0]["TASK_CODE"], status="published").exists()
    assert item_search(query="提价申报") == []
    search_index_invalidate()


def test_command_prints_the_report(seeded, sample_file, capsys):
    call_command("catalog_import_gd", str(sample_file), "--publish")
    out = capsys.readouterr().out
    assert "实施清单" in out and "自然日" in out
    search_index_invalidate()


def test_command_rejects_a_broken_file(db, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(CommandError, match="JSON"):
        call_command("catalog_import_gd", str(bad))
    with pytest.raises(CommandError, match="无法读取"):
        call_command("catalog_import_gd", str(tmp_path / "missing.jsonl"))
