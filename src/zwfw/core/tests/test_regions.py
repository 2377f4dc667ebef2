"""GB/T 2260 regions: what migration 0003 seeds, the tree, the "is within" selectors, the seed."""

from __future__ import annotations

import pytest
import yaml
from django.http import Http404

from zwfw.core.models import Department, Region, RegionLevel
from zwfw.core.selectors.regions import (
    region_ancestors,
    region_children,
    region_get,
    region_is_within,
    region_list,
    region_subtree,
)
from zwfw.core.services.seed import DEPARTMENTS_FILE, REGIONS_FILE, seed_reference_data

CHENGDU_20 = {
    "510104", "510105", "510106", "510107", "510108", "510112", "510113", "510114", "510115", "510116",
    "510117", "510118", "510121", "510129", "510131", "510181", "510182", "510183", "510184", "510185",
}  # fmt: skip
MIANYANG_9 = {"510703", "510704", "510705", "510722", "510723", "510725", "510726", "510727", "510781"}


def test_migration_seeds_sichuan_prefectures_and_counties(db):
    assert Region.objects.get(code="510000").name == "四川省"
    prefectures = region_children("510000")
    assert prefectures.count() == 21
    assert all(r.level == RegionLevel.CITY for r in prefectures)
    assert {r.code for r in region_children("510100")} == CHENGDU_20
    assert {r.code for r in region_children("510700")} == MIANYANG_9
    assert Region.objects.get(code="510726").name == "北川羌族自治县"
    assert Region.objects.get(code="513200").name == "阿坝藏族羌族自治州"


def test_codes_and_paths_are_consistent(db):
    for region in Region.objects.select_related("parent"):
        assert len(region.code) == 6 and region.code.isdigit()
        expected = (region.parent.path if region.parent else "") + f"{region.code}/"
        assert region.path == expected, region
        if region.level == RegionLevel.COUNTY and region.parent.level == RegionLevel.PROVINCE:
            # a 直辖市's district (重庆市渝中区 500103): under the municipality, GB/T 2260's 500100
            # "市辖区" being a statistical grouping, not a level
            assert region.code[:2] == region.parent.code[:2] == "50"
        elif region.level == RegionLevel.COUNTY:
            assert region.code[:4] == region.parent.code[:4]
        if region.level == RegionLevel.CITY:
            assert region.code[:2] == "51" and region.code.endswith("00")


def test_fixture_file_matches_domain_counts():
    rows = yaml.safe_load(REGIONS_FILE.read_text(encoding="utf-8"))
    codes = [str(r["code"]) for r in rows]
    assert len(codes) == len(set(codes))
    seen = set()
    for row in rows:  # parents are listed before children
        assert row["parent"] is None or str(row["parent"]) in seen
        seen.add(str(row["code"]))


def test_subtree_ancestors_and_is_within(db):
    wuhou = region_get(code="510107")
    assert [r.code for r in region_ancestors(wuhou)] == ["100000", "510000", "510100"]
    assert [r.code for r in region_ancestors("510107", include_self=True)][-1] == "510107"
    subtree = {r.code for r in region_subtree("510100")}
    assert subtree == CHENGDU_20 | {"510100"}
    assert "510100" not in {r.code for r in region_subtree("510100", include_self=False)}
    assert region_is_within("510107", "510100")
    assert region_is_within("510107", "510000")
    assert region_is_within("510107", "510107")
    assert not region_is_within("510107", "510700")
    assert not region_is_within("510100", "510107")
    assert wuhou.is_within(Region.objects.get(code="510000"))


def test_chongqing_partner_districts(db):
    assert Region.objects.get(code="500000").name == "重庆市"
    assert region_is_within("500103", "500000")
    assert not region_is_within("500103", "510000")
    assert Region.objects.get(code="500103").name == "渝中区"


def test_region_list_filters(db):
    # 四川省, and 重庆市 (the 川渝通办 partner, docs/regions.md)
    assert {r.code for r in region_list(level=RegionLevel.PROVINCE)} == {"510000", "500000"}
    assert region_list(parent="510700").count() == 9


def test_unknown_region_is_404(db):
    with pytest.raises(Http404):
        region_get(code="519999")


def test_seed_is_idempotent_and_builds_the_department_tree(db):
    first = seed_reference_data(actor=None)
    rows = yaml.safe_load(DEPARTMENTS_FILE.read_text(encoding="utf-8"))
    assert first.departments_created == len(rows)
    assert first.regions_created == 0  # migration 0003 already loaded them
    again = seed_reference_data(actor=None)
    assert (again.regions_created, again.departments_created, again.departments_updated) == (0, 0, 0)
    assert Department.objects.count() == len(rows)
    wuhou = Department.objects.get(code="510107-scjg")
    assert wuhou.parent.code == "510100-scjg" and wuhou.parent.parent.code == "510000-scjg"
    assert wuhou.path == "510000-scjg/510100-scjg/510107-scjg/"
    assert Department.objects.get(code="510107-xzsp").parent is None  # no 成都市 行政审批 line
    assert Department.objects.get(code="510700-scjg").parent.code == "510000-scjg"


def test_seed_updates_renamed_department(db):
    seed_reference_data(actor=None)
    Department.objects.filter(code="510100-scjg").update(name="旧名称")
    report = seed_reference_data(actor=None)
    assert report.departments_updated == 1
    assert Department.objects.get(code="510100-scjg").name == "成都市市场监督管理局"


ISSUE_2_PROVINCIAL = [
    "省市场监管局", "人力资源社会保障厅", "省卫生健康委", "公安厅", "自然资源厅", "住房城乡建设厅",
    "交通运输厅", "教育厅", "民政厅", "财政厅", "省医保局",
]  # fmt: skip


def test_issue_2_departments_and_chengdu_counterparts_exist(db):
    seed_reference_data(actor=None)
    for short in ISSUE_2_PROVINCIAL:
        provincial = Department.objects.get(region_id="510000", short_name=short)
        counterpart = Department.objects.get(region_id="510100", line=provincial.line)
        assert counterpart.parent == provincial, short
