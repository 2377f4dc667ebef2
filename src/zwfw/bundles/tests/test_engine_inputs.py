"""ItemSpec.from_interchange: the catalog's interchange shape (docs/catalog-format.md) in, specs out."""

from __future__ import annotations

import copy

import pytest

from zwfw.bundles.engine import BundleInputError, ItemSpec

BASE = {
    "code": "510001001000",
    "name": "食品经营许可（新办）",
    "item_type": "licence",
    "department_line": "scjg",
    "elements": {"materials": [{"key": "base_only", "name": "基本目录材料"}], "promised_limit_days": 20},
    "graph": {"steps": [{"key": "apply"}], "edges": []},
}
IMPLEMENTATION = {
    "base_code": "510001001000",
    "code": "510001001000-510100000000-000-510100SCJG-1-00",
    "region": "510100",
    "level": 3,
    "department": "510100-scjg",
    "version": {"number": 1, "status": "published", "effective_from": "2026-01-01", "note": ""},
    "elements": {
        "materials": [
            {
                "key": "business_licence",
                "name": "营业执照",
                "standard_code": "business_licence",
                "forms": ["original", "electronic"],
                "originals": 1,
                "copies": 0,
                "required": True,
                "shortfall_allowed": False,
                "source": "licence",
                "licence_type": "business_licence",
                "note": "已领取电子营业执照的，无需提交",
            },
            {"key": "layout_plan", "name": "经营场所平面布局图"},
        ],
        "form": [
            {"element": "enterprise_name", "label": "经营者名称", "type": "text", "required": True},
            {"element": "uscc", "label": "统一社会信用代码", "type": "uscc", "required": True},
            {"element": "sex", "label": "性别", "type": "select", "choices": ["男", "女"]},
        ],
        "legal_limit_days": 20,
        "promised_limit_days": 10,
        "visits": 1,
        "place": "成都市天府大道北段2001号市民服务中心",
        "result": {"name": "食品经营许可证", "kind": "licence", "licence_type": "food_business_licence"},
    },
    "graph": {
        "steps": [
            {"key": "apply", "kind": "apply", "limit_days": 0},
            {"key": "accept", "kind": "accept", "limit_days": 1},
            {"key": "review", "kind": "review", "limit_days": 5},
            {"key": "inspect", "kind": "inspect", "limit_days": 5, "stops_clock": True, "department": "510100-xf"},
            {"key": "decide", "kind": "decide", "limit_days": 2},
        ],
        "edges": [
            ["apply", "accept"],
            ["accept", "review"],
            ["accept", "inspect"],
            ["review", "decide"],
            ["inspect", "decide"],
        ],
    },
}


def test_from_interchange_reads_the_implementation():
    item = ItemSpec.from_interchange(BASE, IMPLEMENTATION)
    assert item.code == "510001001000"
    assert item.implementation_code == IMPLEMENTATION["code"]
    assert item.name == "食品经营许可（新办）"
    assert item.department == "510100-scjg"
    assert item.place.startswith("成都市天府大道")
    assert (item.visits, item.promised_limit_days, item.legal_limit_days) == (1, 10, 20)
    assert item.result_licence_type == "food_business_licence"
    assert item.result_name == "食品经营许可证"
    licence, layout = item.materials
    assert licence.source == "licence" and licence.licence_type == "business_licence"
    assert licence.forms == ("original", "electronic")
    # interchange defaults for missing keys
    assert (layout.source, layout.required, layout.originals, layout.copies) == ("applicant", True, 1, 0)
    assert [f.element for f in item.form] == ["enterprise_name", "uscc", "sex"]
    assert item.form[2].choices == ("男", "女")
    assert item.material_ref(licence) == "510001001000/business_licence"


def test_graph_summary_counts_only_clock_running_steps():
    graph = ItemSpec.from_interchange(BASE, IMPLEMENTATION).graph
    assert graph.steps == 5
    assert graph.critical_path_days == 8  # accept 1 + review 5 + decide 2; 现场核查 stops the clock
    assert graph.stops_clock is True
    assert graph.departments == ("510100-xf",)


def test_from_base_alone_uses_the_base_elements():
    item = ItemSpec.from_interchange(BASE)
    assert [m.key for m in item.materials] == ["base_only"]
    assert item.promised_limit_days == 20
    assert item.department == "scjg"
    assert item.implementation_code == ""


def test_promised_limit_falls_back_to_the_legal_one():
    impl = copy.deepcopy(IMPLEMENTATION)
    del impl["elements"]["promised_limit_days"]
    assert ItemSpec.from_interchange(BASE, impl).promised_limit_days == 20


def _broken(path, value):
    impl = copy.deepcopy(IMPLEMENTATION)
    target = impl
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return impl


@pytest.mark.parametrize(
    ("impl", "fragment"),
    [
        (_broken(("base_code",), "519999999999"), "不属于基本目录事项"),
        (_broken(("elements", "materials"), [{"key": "a", "name": "甲", "source": "mail"}]), "来源"),
        (_broken(("elements", "materials"), [{"key": "a", "name": "甲"}, {"key": "a", "name": "乙"}]), "编号重复"),
        (_broken(("elements", "materials"), [{"key": "", "name": "甲"}]), "缺少编号或名称"),
        (_broken(("elements", "promised_limit_days"), 2.5), "非负整数"),
        (_broken(("elements", "visits"), -1), "非负整数"),
        (_broken(("elements", "form"), [{"label": "姓名"}]), "缺少数据元"),
    ],
)
def test_bad_interchange_data_is_rejected(impl, fragment):
    with pytest.raises(BundleInputError) as caught:
        ItemSpec.from_interchange(BASE, impl)
    assert fragment in caught.value.message_zh


def test_base_without_code_is_rejected():
    with pytest.raises(BundleInputError):
        ItemSpec.from_interchange({"name": "无编码"}, None)


def test_specs_are_frozen():
    item = ItemSpec.from_interchange(BASE, IMPLEMENTATION)
    with pytest.raises(AttributeError):
        item.name = "改名"  # type: ignore[misc]
