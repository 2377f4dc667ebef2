"""The Sichuan demo catalog (zwfw.catalog.interchange.demo): integrity, coverage of the 一件事 bundles, and the
colloquial search query set (bench/search_queries.yaml). No database needed."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from zwfw.catalog.interchange import demo
from zwfw.catalog.tests.shared_data import GD_NAMES, needs

REPO = Path(__file__).resolve().parents[4]
QUERIES_FILE = REPO / "bench" / "search_queries.yaml"

#: The national 一件事 bundles (国发〔2024〕3号 and the 2026 key items, DOMAIN.md "高效办成一件事")
#: with the base items each needs, by code and name.
BUNDLES: dict[str, dict[str, str]] = {
    "新生儿出生": {
        "512B03001000": "出生医学证明首次签发",
        "512B03003000": "预防接种证办理",
        "511F02001000": "出生登记",
        "512B05001000": "城乡居民基本医疗保险参保登记",
        "512B04001000": "社会保障卡申领",
        "512B05002000": "生育医疗费用支付",
        "512B05003000": "生育津贴支付",
        "511G03005000": "育儿补贴申领",
    },
    "企业信息变更": {
        "511A01003000": "企业变更登记",
        "511Z06002000": "纳税人登记信息变更",
        "512B04009000": "单位社会保险登记变更",
        "512B05004000": "单位参保信息变更登记",
        "512B07002000": "住房公积金单位缴存登记信息变更",
    },
    "开办餐饮店": {
        "511A01001000": "企业设立登记",
        "511A01002000": "个体工商户设立登记",
        "511A01006000": "食品经营许可（新办）",
        "512B13004000": "户外招牌设置",
        "511A13001000": "公众聚集场所投入使用、营业前消防安全检查",
        "511A13002000": "烟草专卖零售许可证核发（新办）",
    },
    "退休": {
        "512B04005000": "职工正常退休申请",
        "511G04006000": "职工基本养老保险待遇申领",
        "511F05006000": "职工医保退休人员待遇核定",
        "512B07004000": "住房公积金提取（离休、退休）",
    },
    "企业注销登记": {
        "511A01004000": "企业注销登记",
        "511A01005000": "企业简易注销登记",
        "511Z06001000": "注销税务登记（清税申报）",
        "512B04010000": "注销社会保险登记",
        "512B05005000": "单位参保注销登记",
        "512B07003000": "住房公积金单位缴存登记注销",
    },
    "残疾人服务": {
        "511F12001000": "残疾人证新办",
        "512B11003000": "困难残疾人生活补贴和重度残疾人护理补贴",
    },
    "水电气网联合报装": {
        "512B18001000": "低压用电报装",
        "512B18002000": "供水报装",
        "512B18003000": "燃气报装",
        "512B18004000": "宽带及固定电话报装",
    },
    "信用修复": {
        "512B17001000": "行政处罚信息信用修复（信用中国）",
        "511Z01009000": "市场监督管理行政处罚信息信用修复",
    },
    "开办运输企业": {
        "511A01001000": "企业设立登记",
        "511A16001000": "道路货物运输经营许可",
        "511A16003000": "道路运输车辆营运证配发",
        "511A16004000": "经营性道路客货运输驾驶员从业资格证核发",
    },
    "企业破产信息核查": {"512B01011000": "企业登记档案查询", "512B09003000": "不动产登记资料查询"},
    "新房购置": {
        "511Z08001000": "商品房买卖合同网签备案",
        "511Z06003000": "契税申报",
        "511F09001000": "不动产转移登记",
        "511F09002000": "不动产抵押登记",
        "512B07005000": "住房公积金提取（购买自住住房）",
        "512B07006000": "住房公积金个人住房贷款",
    },
}

#: (producer, consumer): the consumer needs the licence the producer issues.
DEPENDENCIES = [
    ("512B03001000", "511F02001000"),  # 出生医学证明 → 出生登记
    ("512B03001000", "512B03003000"),  # 出生医学证明 → 预防接种证
    ("511F02001000", "512B05001000"),  # 户口簿 → 城乡居民医保参保
    ("512B04005000", "511G04006000"),  # 退休审批表 → 养老金
    ("512B04005000", "511F05006000"),  # 退休审批表 → 退休医保
    ("512B04005000", "512B07004000"),  # 退休审批表 → 公积金提取
    ("511Z06001000", "511A01004000"),  # 清税证明 → 企业注销登记
    ("511A01001000", "511A01006000"),  # 营业执照 → 食品经营许可
    ("511A01001000", "511A13001000"),  # 营业执照 → 消防安全检查
    ("511Z08001000", "511Z06003000"),  # 网签合同 → 契税
    ("511Z06003000", "511F09001000"),  # 契税完税凭证 → 不动产转移登记
    ("511F09001000", "511F09002000"),  # 不动产权证书 → 抵押登记
    ("511F12001000", "512B11003000"),  # 残疾人证 → 两项补贴
    ("511A16001000", "511A16003000"),  # 道路运输经营许可证 → 营运证
]


@pytest.fixture(scope="module")
def catalog() -> dict:
    return demo.build_catalog()


@pytest.fixture(scope="module")
def bases(catalog) -> dict[str, dict]:
    return {b["code"]: b for b in catalog["base_items"]}


def _problems(catalog: dict) -> list[str]:
    fields = yaml.safe_load((demo.DATA_DIR / "form_fields.yaml").read_text(encoding="utf-8"))
    return demo.catalog_problems(catalog, departments=demo.load_departments(), form_elements=set(fields["elements"]))


def test_catalog_is_in_the_interchange_format(catalog):
    assert catalog["format"] == "zwfw-catalog"
    assert catalog["format_version"] == 1
    assert set(catalog) == {"format", "format_version", "licence_types", "base_items", "implementations"}
    impl = catalog["implementations"][0]
    assert set(impl) == {"base_code", "code", "region", "level", "department", "version", "elements", "graph"}
    assert impl["version"]["status"] == "published"


def test_build_is_deterministic(catalog):
    assert demo.build_catalog() == catalog


def test_catalog_has_no_integrity_problem(catalog):
    assert _problems(catalog) == []


def test_at_least_80_items_across_12_departments_and_three_levels(catalog):
    assert len(catalog["base_items"]) >= 80
    lines = {b["department_line"] for b in catalog["base_items"]}
    assert len(lines) >= 12
    assert len({i["department"].split("-")[1] for i in catalog["implementations"]}) >= 12
    # 四川省, 成都市, 武侯区; and 渝中区 (重庆) for the one 川渝通办 demo entry, nothing else there
    assert {i["region"] for i in catalog["implementations"]} == {"510000", "510100", "510107", "500103"}
    assert any(i["department"] == "510107-xzsp" for i in catalog["implementations"])
    assert [i["base_code"] for i in catalog["implementations"] if i["region"] == "500103"] == ["511A01006000"]


def test_every_implementation_department_exists(catalog):
    departments = demo.load_departments()
    for impl in catalog["implementations"]:
        assert impl["department"] in departments, impl["code"]
        assert departments[impl["department"]]["region"] == impl["region"]
        for step in impl["graph"]["steps"]:
            assert step["department"] is None or step["department"] in departments


def test_every_base_item_has_an_implementation_and_keywords(catalog):
    implemented = {i["base_code"] for i in catalog["implementations"]}
    for base in catalog["base_items"]:
        assert base["code"] in implemented, base["name"]
        assert base["keywords"], base["name"]
        assert base["levels"], base["name"]


@pytest.mark.parametrize("bundle", sorted(BUNDLES))
def test_every_bundle_item_is_present(bases, bundle):
    for code, name in BUNDLES[bundle].items():
        assert code in bases, f"{bundle}: {name} ({code}) missing"
        assert bases[code]["name"] == name


@pytest.mark.parametrize(("producer", "consumer"), DEPENDENCIES)
def test_produced_licence_is_consumed_by_its_type(bases, producer, consumer):
    produced = bases[producer]["elements"]["result"]["licence_type"]
    assert produced
    consumed = [
        m
        for m in bases[consumer]["elements"]["materials"]
        if m["source"] == "licence" and m["licence_type"] == produced
    ]
    assert consumed, f"{bases[consumer]['name']} does not take {produced} from {bases[producer]['name']}"
    assert consumed[0]["standard_code"] == produced


def test_newborn_bundle_materials_share_standard_codes(bases):
    codes = [
        {m["standard_code"] for m in bases[c]["elements"]["materials"] if m["standard_code"]}
        for c in ("512B03001000", "511F02001000")
    ]
    assert "id_card" in codes[0] & codes[1]  # parents' 居民身份证 is one material in the bundle


def test_similar_material_names_exist_without_a_standard_code(catalog):
    names = {
        m["name"]
        for b in catalog["base_items"]
        for m in b["elements"]["materials"]
        if not m["standard_code"] and m["source"] == "applicant"
    }
    assert {"身份证复印件", "申请人身份证明"} <= names
    standard = {m["name"] for b in catalog["base_items"] for m in b["elements"]["materials"] if m["standard_code"]}
    assert "居民身份证" in standard


def test_limits_are_working_days_within_law(catalog):
    for entry in [*catalog["base_items"], *catalog["implementations"]]:
        e = entry["elements"]
        assert isinstance(e["fee"]["amount_fen"], int)
        assert e["promised_limit_days"] >= 0
        if e["legal_limit_days"] is not None:
            assert e["promised_limit_days"] <= e["legal_limit_days"]


def test_implementations_never_promise_more_than_the_base(catalog, bases):
    for impl in catalog["implementations"]:
        base = bases[impl["base_code"]]
        assert impl["elements"]["promised_limit_days"] <= base["elements"]["promised_limit_days"]


# --------------------------------------------------------------------------- the validator itself


def test_validator_reports_a_cycle(catalog):
    broken = copy.deepcopy(catalog)
    broken["base_items"][0]["graph"]["edges"].append(["deliver", "accept"])
    assert any("cycle" in p or "one end" in p for p in _problems(broken))


def test_validator_reports_promised_above_legal(catalog):
    broken = copy.deepcopy(catalog)
    item = next(b for b in broken["base_items"] if b["elements"]["legal_limit_days"])
    item["elements"]["promised_limit_days"] = item["elements"]["legal_limit_days"] + 1
    assert any("> legal limit" in p for p in _problems(broken))


def test_validator_reports_unknown_licence_type_and_duplicate_code(catalog):
    broken = copy.deepcopy(catalog)
    broken["base_items"][0]["elements"]["materials"][0].update(source="licence", licence_type="no_such_licence")
    broken["base_items"].append(copy.deepcopy(broken["base_items"][1]))
    problems = _problems(broken)
    assert any("no_such_licence" in p for p in problems)
    assert any("duplicate base code" in p for p in problems)


def test_validator_reports_implementation_adding_material_or_unknown_department(catalog):
    broken = copy.deepcopy(catalog)
    impl = broken["implementations"][0]
    impl["elements"]["materials"].append({**impl["elements"]["materials"][0], "key": "extra_material"})
    impl["department"] = "510107-nosuch"
    problems = _problems(broken)
    assert any("adds materials" in p for p in problems)
    assert any("510107-nosuch" in p for p in problems)


def test_graph_problems_two_starts_and_unreachable():
    step = {"kind": "review", "limit_days": 1, "stops_clock": False}
    graph = {
        "steps": [{**step, "key": k} for k in ("a", "b", "c")],
        "edges": [["a", "c"], ["b", "c"]],
    }
    assert any("one start" in p for p in demo.graph_problems(graph, promised=5, legal=20))
    graph["edges"] = [["a", "b"], ["b", "c"]]
    assert demo.graph_problems(graph, promised=5, legal=20) == []
    assert any("critical path 3 > promised" in p for p in demo.graph_problems(graph, promised=2, legal=20))


def test_clock_stopping_steps_are_not_counted():
    graph = {
        "steps": [
            {"key": "a", "kind": "accept", "limit_days": 1, "stops_clock": False},
            {"key": "x", "kind": "expert_review", "limit_days": 30, "stops_clock": True},
            {"key": "d", "kind": "decide", "limit_days": 1, "stops_clock": False},
        ],
        "edges": [["a", "x"], ["x", "d"]],
    }
    assert demo.graph_problems(graph, promised=2, legal=20) == []


def test_bad_yaml_reference_raises_with_every_problem(tmp_path, monkeypatch):
    items = tmp_path / "items"
    items.mkdir()
    for name in ("materials.yaml", "form_fields.yaml", "graphs.yaml", "places.yaml", "licence_types.yaml"):
        (tmp_path / name).write_text((demo.DATA_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    (items / "x.yaml").write_text(
        yaml.safe_dump(
            {
                "file_no": 1,
                "line": "scjg",
                "items": [
                    {
                        "n": 1,
                        "name": "测试事项",
                        "type": "licence",
                        "basis": "《测试法》第一条",
                        "keywords": ["测试"],
                        "materials": ["no_such_material"],
                        "form": ["no_such_element"],
                        "legal": 5,
                        "promised": 8,
                        "at": ["510107/nosuch"],
                    }
                ],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(demo, "DATA_DIR", tmp_path)
    with pytest.raises(demo.DemoDataError) as excinfo:
        demo.build_catalog()
    text = str(excinfo.value)
    assert "no_such_material" in text
    assert "no_such_element" in text
    assert "510107-nosuch" in text
    assert "promised limit 8 > legal limit 5" in text


# --------------------------------------------------------------------------- search query set


@pytest.fixture(scope="module")
def queries() -> dict:
    return yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8"))


def test_query_set_is_large_enough(queries):
    assert len(queries["sichuan"]) >= 60
    assert len(queries["guangdong"]) >= 10
    texts = [q["q"] for q in queries["sichuan"]]
    assert len(set(texts)) == len(texts)


def test_every_expected_code_exists(queries, bases):
    for query in queries["sichuan"]:
        assert query["expected"], query["q"]
        for code in query["expected"]:
            assert code in bases, f"{query['q']}: {code}"


@needs(GD_NAMES)
def test_every_guangdong_expectation_names_a_real_item(queries):
    names = GD_NAMES.read_text(encoding="utf-8").splitlines()
    for query in queries["guangdong"]:
        assert any(s in n for s in query["expected_names"] for n in names), query["q"]


def test_fitted_graphs_use_exactly_the_promised_limit(catalog):
    """The template's flexible step absorbs the promise: one day less and the critical path breaks it."""
    for impl in catalog["implementations"]:
        promised = impl["elements"]["promised_limit_days"]
        if promised:
            tighter = demo.graph_problems(impl["graph"], promised=promised - 1, legal=None)
            assert any("critical path" in p for p in tighter), impl["code"]


def test_pledge_flags_are_realistic(catalog, bases):
    """Issue 17.1: the demo 告知承诺 items name which materials a pledge may replace (可承诺替代) —
    never the application form, an identity document or the business licence — and no item that
    refuses 告知承诺 flags any."""
    flagged = {
        b["name"]: sorted(m["name"] for m in b["elements"]["materials"] if m["pledge_allowed"])
        for b in bases.values()
        if any(m["pledge_allowed"] for m in b["elements"]["materials"])
    }
    assert flagged["食品经营许可（新办）"] == ["经营场所平面布局图", "食品安全管理制度"]
    assert set(flagged) <= {b["name"] for b in bases.values() if b["elements"]["pledge_allowed"]}
    for names in flagged.values():
        assert not any("申请" in n or "身份证" in n or "营业执照" in n for n in names), names
    broken = copy.deepcopy(catalog)
    food = next(b for b in broken["base_items"] if b["name"] == "食品经营许可（新办）")
    food["elements"]["materials"][0]["pledge_allowed"] = True  # the application form
    assert any("application form cannot be replaced" in p for p in _problems(broken))


def test_item_types_follow_sichuan(bases):
    """Issue 17.6: Sichuan's codes (20 = 公共服务, 10 = 其他 and 备案), and the types of the items
    confirmed on Sichuan's item pages (docs/demo-data.md, "Sources per item")."""
    from zwfw.catalog.models import ITEM_TYPE_CODES, TYPE_CODE_TABLE

    assert TYPE_CODE_TABLE == "gbt39046-2020"
    assert (ITEM_TYPE_CODES["public_service"], ITEM_TYPE_CODES["other_power"], ITEM_TYPE_CODES["filing"]) == (
        "20",
        "10",
        "10",
    )
    by_name = {b["name"]: b for b in bases.values()}
    assert by_name["居民身份证申领、换领、补领"]["item_type"] == "public_service"
    assert by_name["居住证申领"]["item_type"] == "public_service"
    assert by_name["户口迁移登记"]["item_type"] == "licence"
    assert by_name["职工正常退休申请"]["item_type"] == "public_service"
    for b in bases.values():  # the code's type letters follow the type
        assert b["code"][2:4] == demo.TYPE_LETTERS[b["item_type"]], b["name"]


@pytest.mark.django_db
def test_migration_recodes_demo_items_whose_type_changed():
    """An earlier demo database is recoded in place (base and implementation codes, type, type code),
    again is a no-op, a code already taken is left alone, and the way back restores the old codes."""
    import importlib

    from django.apps import apps

    from zwfw.catalog.models import BaseItem, ItemImplementation
    from zwfw.core.tests.factories import make_department

    step = importlib.import_module("zwfw.catalog.migrations.0005_demo_codes_follow_sichuan_types")
    dept = make_department("510107", "cl")
    old = BaseItem.objects.create(code="512B12001000", name="残疾人证新办", item_type="public_service")
    impl = ItemImplementation.objects.create(
        base=old, code="512B12001000-510107000000-000-510107CL-1-00", region=dept.region, level=3, department=dept
    )
    BaseItem.objects.create(code="511G04011000", name="失业保险金申领", item_type="payment")
    BaseItem.objects.create(code="512B04011000", name="失业保险金申领（新）", item_type="public_service")

    step.forwards(apps, None)
    step.forwards(apps, None)
    old.refresh_from_db()
    impl.refresh_from_db()
    assert (old.code, old.item_type, old.type_code) == ("511F12001000", "confirmation", "07")
    assert impl.code == "511F12001000-510107000000-000-510107CL-1-00"
    assert BaseItem.objects.filter(code="511G04011000").exists()  # its new code was taken: untouched

    step.backwards(apps, None)
    old.refresh_from_db()
    impl.refresh_from_db()
    assert (old.code, old.item_type, old.type_code) == ("512B12001000", "public_service", "20")
    assert impl.code.startswith("512B12001000-")


@pytest.mark.django_db
def test_the_demo_lists_one_chuanyu_item_received_at_chengdus_windows():
    """Loading the demo twice gives one 川渝通办 entry: 渝中区's 食品经营许可, received at 成都市."""
    from django.apps import apps

    from zwfw.catalog.selectors import cross_region_item_for, cross_region_items
    from zwfw.core.services.seed import seed_reference_data

    seed_reference_data(actor=None)
    config = apps.get_app_config("catalog")
    config.load_demo_data()
    config.load_demo_data()
    entries = list(cross_region_items())
    assert len(entries) == 1 and entries[0].implementation.region_id == "500103"
    code = entries[0].implementation.code
    assert cross_region_item_for(implementation_code=code, intake_region="510107") is not None
