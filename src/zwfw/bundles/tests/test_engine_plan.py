"""The whole plan: 新生儿出生 before/after, the review gate, JSON, inferred dependencies."""

from __future__ import annotations

import json

import pytest

from zwfw.bundles.engine import (
    Dependency,
    FieldSpec,
    ItemSpec,
    MaterialSpec,
    MergeDecision,
    compose,
    infer_dependencies,
    name_key,
)

PERSON = (
    FieldSpec("applicant_name", "姓名"),
    FieldSpec("id_number", "公民身份号码", "id_number"),
    FieldSpec("phone", "联系电话", "phone"),
    FieldSpec("address", "住址", "address"),
)
NEWBORN = (
    FieldSpec("child_name", "新生儿姓名"),
    FieldSpec("child_sex", "新生儿性别", "select", choices=("男", "女")),
    FieldSpec("child_birth_date", "新生儿出生日期", "date"),
)
ID_CARD = {"source": "licence", "licence_type": "id_card", "forms": ("original", "electronic")}
HUKOU = {"source": "licence", "licence_type": "hukou_book"}
MARRIAGE = {"source": "licence", "licence_type": "marriage_cert"}
BIRTH_CERT = {"source": "licence", "licence_type": "birth_medical_cert"}


def _newborn_items() -> list[ItemSpec]:
    """新生儿出生 as typical guides describe it (DOMAIN.md): the parents' 身份证/户口簿/结婚证 asked
    again and again, in the loose wordings real guides use."""
    return [
        ItemSpec(
            code="512B03001000",
            name="出生医学证明首次签发",
            department="510107-wjw",
            place="助产机构出生医学证明签发窗口",
            visits=1,
            promised_limit_days=1,
            materials=(
                MaterialSpec("parents_id_card", "父母双方居民身份证", originals=2, **ID_CARD),
                MaterialSpec("marriage_cert", "结婚证", required=False, **MARRIAGE),
                MaterialSpec("register_form", "《出生医学证明》首次签发登记表", standard_code="birth_cert_form"),
            ),
            form=(*PERSON, *NEWBORN, FieldSpec("spouse_name", "配偶姓名")),
            result_name="出生医学证明",
            result_licence_type="birth_medical_cert",
        ),
        ItemSpec(
            code="512B03003000",
            name="预防接种证办理",
            department="510107-wjw",
            place="社区卫生服务中心预防接种门诊",
            visits=1,
            promised_limit_days=0,
            materials=(
                MaterialSpec("birth_medical_cert", "出生医学证明", **BIRTH_CERT),
                MaterialSpec("guardian_id", "监护人居民身份证", **ID_CARD),
            ),
            form=(*PERSON, *NEWBORN),
            result_name="预防接种证",
            result_licence_type="vaccination_cert",
        ),
        ItemSpec(
            code="511F02001000",
            name="出生登记",
            department="510107-ga",
            place="户籍派出所",
            visits=1,
            promised_limit_days=1,
            materials=(
                MaterialSpec("birth_medical_cert", "出生医学证明", **BIRTH_CERT),
                MaterialSpec("parents_id_card", "父母双方居民身份证", originals=2, **ID_CARD),
                MaterialSpec("hukou_book", "居民户口簿", **HUKOU),
                MaterialSpec("marriage_cert", "结婚证", **MARRIAGE),
            ),
            form=(*PERSON, *NEWBORN, FieldSpec("spouse_name", "配偶姓名")),
            result_name="居民户口簿（新生儿户口登记）",
            result_licence_type="hukou_book",
        ),
        ItemSpec(
            code="512B05001000",
            name="城乡居民基本医疗保险参保登记",
            department="510100-yb",
            place="医保经办窗口",
            visits=1,
            promised_limit_days=1,
            materials=(
                MaterialSpec("hukou_book", "户口簿", **HUKOU),
                MaterialSpec("birth_medical_cert", "出生医学证明", required=False, **BIRTH_CERT),
                MaterialSpec("guardian_id_copy", "监护人身份证复印件", originals=0, copies=1),
            ),
            form=(*PERSON, FieldSpec("child_name", "参保人姓名")),
            result_name="城乡居民医保参保登记信息",
        ),
        ItemSpec(
            code="512B04001000",
            name="社会保障卡申领",
            department="510100-rst",
            place="社会保障卡服务网点",
            visits=1,
            promised_limit_days=5,
            materials=(
                MaterialSpec("hukou_book", "居民户口簿", **HUKOU),
                MaterialSpec("applicant_identity", "申请人身份证明"),
                MaterialSpec("photo", "近期免冠彩色证件照片", standard_code="id_photo"),
            ),
            form=PERSON,
            result_name="社会保障卡",
            result_licence_type="social_security_card",
        ),
    ]


NEWBORN_DEPENDENCIES = [
    Dependency("512B03001000", "512B03003000"),  # 接种证 needs the 出生医学证明
    Dependency("512B03001000", "511F02001000"),  # 出生登记 needs the 出生医学证明
    Dependency("511F02001000", "512B05001000"),  # 医保参保 needs the newborn's 户口
    Dependency("511F02001000", "512B04001000"),  # 社保卡 needs the newborn's 户口
]


def test_newborn_bundle_before_and_after():
    items = _newborn_items()
    first = compose(items, dependencies=NEWBORN_DEPENDENCIES)
    # The two loose identity wordings are suggested against the parents' 居民身份证.
    assert len(first.open_suggestions) == 2  # each wording offered its best partner: 居民身份证
    assert {s.name_key_a for s in first.open_suggestions} == {"name:身份证"}
    assert first.publishable is False

    # A reviewer confirms once by name; the decision is stored and passed in next time.
    decision = MergeDecision(name_key("居民身份证"), name_key("身份证复印件"), accepted=True)
    plan = compose(items, dependencies=NEWBORN_DEPENDENCIES, decisions=[decision])
    assert plan.open_suggestions == ()
    assert plan.publishable is True

    provided = {m.key: m for m in plan.applicant_materials}
    assert set(provided) == {
        "licence:id_card",
        "licence:marriage_cert",
        "standard:birth_cert_form",
        "licence:hukou_book",
        "standard:id_photo",
    }
    assert provided["licence:id_card"].reason == "accepted"
    assert provided["licence:id_card"].originals == 2
    assert provided["licence:hukou_book"].items == ("511F02001000",)  # the parents' book, for 出生登记 only
    produced = {m.key: m.items for m in plan.materials if not m.provided_by_applicant}
    assert produced == {
        "produced:512B03001000/birth_medical_cert": ("512B03003000", "511F02001000", "512B05001000"),
        "produced:511F02001000/hukou_book": ("512B05001000", "512B04001000"),
    }

    assert plan.before.materials == 15
    assert plan.after.materials == 5
    assert plan.after.materials * 2 <= plan.before.materials  # the acceptance bar: at most half
    assert (plan.before.time_limit_days, plan.after.time_limit_days) == (8, 7)
    assert plan.critical_path == ("512B03001000", "511F02001000", "512B04001000")
    assert (plan.before.trips, plan.after.trips) == (5, 3)
    assert (plan.before.windows, plan.after.windows) == (5, 1)
    assert (plan.before.form_fields, plan.after.form_fields) == (32, 8)
    assert [s.items for s in plan.stages] == [
        ("512B03001000",),
        ("512B03003000", "511F02001000"),
        ("512B05001000", "512B04001000"),
    ]


def test_newborn_bundle_even_without_decisions_halves_the_materials():
    plan = compose(_newborn_items(), dependencies=NEWBORN_DEPENDENCIES)
    assert plan.after.materials == 7
    assert plan.after.materials * 2 <= plan.before.materials


def test_demo_catalog_newborn_bundle_halves_the_materials():
    """The same bundle from the Sichuan demo catalog's published data, dependencies inferred."""
    from zwfw.catalog.interchange.demo import build_catalog

    catalog = build_catalog()
    bases = {b["code"]: b for b in catalog["base_items"]}
    wanted = ["出生医学证明首次签发", "预防接种证办理", "出生登记", "城乡居民基本医疗保险参保登记", "社会保障卡申领"]
    first_impl = {}
    for impl in catalog["implementations"]:
        first_impl.setdefault(bases[impl["base_code"]]["name"], impl)
    items = [ItemSpec.from_interchange(bases[first_impl[n]["base_code"]], first_impl[n]) for n in wanted]
    plan = compose(items, dependencies=infer_dependencies(items))
    assert plan.after.materials * 2 <= plan.before.materials
    assert plan.after.time_limit_days <= plan.before.time_limit_days
    assert plan.conflicts == ()


def test_to_dict_is_json_ready():
    plan = compose(_newborn_items(), dependencies=NEWBORN_DEPENDENCIES)
    data = json.loads(json.dumps(plan.to_dict(), ensure_ascii=False))
    assert data["publishable"] is False
    assert data["before"]["materials"] == 15
    assert data["open_suggestions"][0]["score"] == 1.0
    assert data["stages"][0]["items"] == ["512B03001000"]
    assert set(data) >= {
        "materials",
        "form",
        "stages",
        "time_limit_days",
        "trips",
        "windows",
        "before",
        "after",
        "open_suggestions",
        "conflicts",
    }


def test_infer_dependencies_from_produced_licences():
    deps = infer_dependencies(_newborn_items())
    assert set(deps) == set(NEWBORN_DEPENDENCIES) | {Dependency("512B03001000", "512B05001000")}


def test_infer_dependencies_skips_an_edge_that_would_close_a_cycle():
    a = ItemSpec(
        code="A",
        name="甲",
        department="d",
        materials=(MaterialSpec("y", "乙证", licence_type="y"),),
        result_licence_type="x",
    )
    b = ItemSpec(
        code="B",
        name="乙",
        department="d",
        materials=(MaterialSpec("x", "甲证", licence_type="x"),),
        result_licence_type="y",
    )
    deps = infer_dependencies([a, b])
    assert deps == (Dependency("B", "A"),)
    compose([a, b], dependencies=deps)  # composes without a cycle


def test_dependency_hints_name_missing_dependencies():
    items = _newborn_items()
    plan = compose(items)  # nobody said who waits for whom
    hinted = {(h.producer, h.consumer, h.licence_type) for h in plan.dependency_hints}
    assert ("512B03001000", "511F02001000", "birth_medical_cert") in hinted
    assert ("511F02001000", "512B04001000", "hukou_book") in hinted
    assert all(m.provided_by_applicant for m in plan.materials)  # no dependency, nothing produced


@pytest.mark.parametrize("threshold", [0.5, 0.7, 1.0])
def test_threshold_is_reported(threshold):
    assert compose(_newborn_items(), threshold=threshold).threshold == threshold
