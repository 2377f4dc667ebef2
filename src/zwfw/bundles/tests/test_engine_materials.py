"""材料去重: certain, suggested, accepted/rejected and produced materials."""

from __future__ import annotations

from zwfw.bundles.engine import (
    PRODUCED_NOTE,
    Dependency,
    ItemSpec,
    MaterialSpec,
    MergeDecision,
    compose,
    name_key,
)


def _item(code, *materials, result_licence_type="", **fields):
    return ItemSpec(
        code=code,
        name=fields.pop("name", f"事项{code}"),
        department=fields.pop("department", "510107-ga"),
        materials=tuple(materials),
        result_licence_type=result_licence_type,
        **fields,
    )


def _m(key, name, **fields):
    return MaterialSpec(key=key, name=name, **fields)


def _by_key(plan):
    return {m.key: m for m in plan.materials}


def test_certain_merge_by_licence_type():
    plan = compose(
        [
            _item("A", _m("id", "居民身份证", source="licence", licence_type="id_card")),
            _item("B", _m("parents", "父母双方居民身份证", source="licence", licence_type="id_card", originals=2)),
        ]
    )
    (material,) = plan.materials
    assert material.key == "licence:id_card"
    assert material.reason == "certain"
    assert material.items == ("A", "B")
    assert material.originals == 2  # the largest need across items
    assert material.exempt_candidate is True
    assert plan.before.materials == 2 and plan.after.materials == 1
    assert plan.open_suggestions == ()


def test_certain_merge_by_standard_code_even_when_names_differ():
    plan = compose(
        [
            _item("A", _m("lease", "经营场所租赁合同", standard_code="premises_proof")),
            _item("B", _m("premises", "住所（经营场所）使用证明", standard_code="premises_proof")),
        ]
    )
    (material,) = plan.materials
    assert material.key == "standard:premises_proof"
    assert material.reason == "certain"
    assert material.names == ("经营场所租赁合同", "住所（经营场所）使用证明")
    assert material.exempt_candidate is False


def test_different_materials_stay_apart():
    plan = compose(
        [
            _item("A", _m("id", "居民身份证", licence_type="id_card", source="licence")),
            _item("B", _m("hukou", "居民户口簿", licence_type="hukou_book", source="licence")),
        ]
    )
    assert [m.reason for m in plan.materials] == ["single", "single"]
    assert plan.open_suggestions == ()


def test_similar_names_are_suggested_with_score_and_block_publishing():
    plan = compose(
        [
            _item("A", _m("id", "居民身份证", source="licence", licence_type="id_card")),
            _item("B", _m("id_copy", "身份证复印件", copies=1, originals=0)),
            _item("C", _m("hukou", "居民户口簿", source="licence", licence_type="hukou_book")),
            _item("D", _m("hukou_copy", "户口本复印件")),
        ]
    )
    pairs = {(s.material_a_key, s.material_b_key): s for s in plan.open_suggestions}
    assert set(pairs) == {("A/id", "B/id_copy"), ("C/hukou", "D/hukou_copy")}
    suggestion = pairs[("A/id", "B/id_copy")]
    assert suggestion.score == 1.0
    assert suggestion.name_key_a == suggestion.name_key_b == "name:身份证"
    assert suggestion.merged_a == "licence:id_card"
    assert suggestion.merged_b == "item:B/id_copy"
    assert plan.after.materials == 4  # nothing merges until a person confirms
    assert plan.publishable is False


def test_scores_below_threshold_are_not_suggested_and_threshold_is_a_parameter():
    items = [_item("A", _m("a", "授权委托书")), _item("B", _m("b", "委托书"))]
    assert compose(items).open_suggestions == ()  # 0.67 < default 0.7
    (suggestion,) = compose(items, threshold=0.6).open_suggestions
    assert 0.6 <= suggestion.score < 0.7


def test_true_negatives_are_not_suggested():
    plan = compose(
        [
            _item("A", _m("bl", "营业执照"), _m("marriage", "结婚证"), _m("dl", "机动车驾驶证")),
            _item("B", _m("premises", "营业场所证明"), _m("divorce", "离婚证"), _m("vl", "机动车行驶证")),
        ]
    )
    assert plan.open_suggestions == ()
    assert plan.publishable is True


def test_two_different_e_licences_are_never_suggested():
    plan = compose(
        [
            _item("A", _m("x", "身份证", licence_type="id_card", source="licence")),
            _item("B", _m("y", "居民身份证（临时）", licence_type="temp_id_card", source="licence")),
        ]
    )
    assert plan.open_suggestions == ()


def test_materials_of_one_item_are_not_suggested_to_each_other():
    plan = compose([_item("A", _m("father", "父亲身份证明"), _m("mother", "母亲身份证明"))])
    assert plan.open_suggestions == ()


def test_two_uses_in_one_item_add_up_in_the_merged_quantity():
    plan = compose(
        [
            _item(
                "A",
                _m("f", "父亲居民身份证", licence_type="id_card"),
                _m("m", "母亲居民身份证", licence_type="id_card"),
            ),
            _item("B", _m("id", "居民身份证", licence_type="id_card")),
        ]
    )
    (material,) = plan.materials
    assert material.originals == 2
    assert material.name == "居民身份证"  # all names once each: the shortest


def test_accepted_decision_by_reference_merges_and_is_reused():
    items = [
        _item("A", _m("id", "居民身份证", source="licence", licence_type="id_card")),
        _item("B", _m("proof", "申请人身份证明", required=False)),
    ]
    (suggestion,) = compose(items).open_suggestions
    decision = MergeDecision(suggestion.material_a_key, suggestion.material_b_key, accepted=True)
    plan = compose(items, decisions=[decision])
    (material,) = plan.materials
    assert material.reason == "accepted"
    assert material.items == ("A", "B")
    assert material.required is True
    assert plan.open_suggestions == ()
    assert plan.publishable is True
    # the same decision, stored with its keys the other way round, is the same decision
    reversed_plan = compose(items, decisions=[MergeDecision("B/proof", "A/id", True)])
    assert reversed_plan.materials == plan.materials


def test_accepted_decision_merges_even_below_threshold():
    items = [_item("A", _m("a", "公司章程")), _item("B", _m("b", "章程"))]
    plan = compose(items, decisions=[MergeDecision("A/a", "B/b", accepted=True)])
    assert [m.reason for m in plan.materials] == ["accepted"]


def test_accepted_decision_by_name_key_applies_to_every_item_so_named():
    items = [
        _item("A", _m("id", "居民身份证", source="licence", licence_type="id_card")),
        _item("B", _m("copy", "身份证复印件")),
        _item("C", _m("copy2", "申请人身份证明")),
    ]
    decision = MergeDecision(name_key("居民身份证"), name_key("身份证复印件"), accepted=True)
    plan = compose(items, decisions=[decision])
    (material,) = plan.materials  # 申请人身份证明 normalises to the same name
    assert material.items == ("A", "B", "C")
    assert plan.open_suggestions == ()


def test_rejected_decision_is_never_suggested_again():
    items = [_item("A", _m("bl", "营业执照")), _item("B", _m("bl_copy", "营业执照副本"))]
    (suggestion,) = compose(items).open_suggestions
    rejected = MergeDecision(suggestion.material_a_key, suggestion.material_b_key, accepted=False)
    plan = compose(items, decisions=[rejected])
    assert plan.open_suggestions == ()
    assert plan.suppressed_suggestions == 1
    assert len(plan.materials) == 2
    assert plan.publishable is True


def test_rejection_holds_for_the_group_not_just_the_pair_decided():
    items = [
        _item("A", _m("id", "居民身份证", licence_type="id_card")),
        _item("B", _m("id", "父母双方居民身份证", licence_type="id_card")),
        _item("C", _m("proof", "身份证明")),
    ]
    (suggestion,) = compose(items).open_suggestions
    assert {suggestion.material_a_key, suggestion.material_b_key} == {"A/id", "C/proof"}
    plan = compose(items, decisions=[MergeDecision("A/id", "C/proof", accepted=False)])
    assert plan.open_suggestions == ()  # B/id ~ C/proof is the same group pair: not re-suggested


def test_rejection_wins_over_acceptance_of_the_same_pair():
    items = [_item("A", _m("a", "营业执照")), _item("B", _m("b", "营业执照副本"))]
    plan = compose(items, decisions=[MergeDecision("A/a", "B/b", True), MergeDecision("B/b", "A/a", False)])
    assert len(plan.materials) == 2
    assert plan.open_suggestions == ()


def test_stale_decisions_are_ignored():
    items = [_item("A", _m("a", "营业执照")), _item("B", _m("b", "营业执照副本"))]
    plan = compose(items, decisions=[MergeDecision("X/gone", "B/b", True), MergeDecision("A/a", "Y/gone", False)])
    assert len(plan.open_suggestions) == 1
    assert len(plan.materials) == 2


def test_produced_material_is_taken_from_the_earlier_item():
    birth_cert = _m("bmc", "出生医学证明", source="licence", licence_type="birth_medical_cert")
    plan = compose(
        [
            _item(
                "A",
                _m("id", "父母双方居民身份证", licence_type="id_card"),
                result_licence_type="birth_medical_cert",
                result_name="出生医学证明",
                name="出生医学证明首次签发",
            ),
            _item("B", birth_cert, _m("id", "居民身份证", licence_type="id_card")),
            _item("C", birth_cert),
        ],
        dependencies=[Dependency("A", "B"), Dependency("B", "C")],  # C waits for A through B
    )
    produced = _by_key(plan)["produced:A/birth_medical_cert"]
    assert produced.reason == "produced"
    assert produced.provided_by_applicant is False
    assert produced.produced_by == "A"
    assert produced.items == ("B", "C")
    assert produced.note == f"{PRODUCED_NOTE}（出生医学证明首次签发）"
    assert [m.key for m in plan.applicant_materials] == ["licence:id_card"]
    assert plan.before.materials == 4 and plan.after.materials == 1


def test_produced_only_along_dependencies():
    birth_cert = _m("bmc", "出生医学证明", licence_type="birth_medical_cert")
    plan = compose(
        [_item("A", result_licence_type="birth_medical_cert"), _item("B", birth_cert), _item("C", birth_cert)],
        dependencies=[Dependency("A", "B")],
    )
    keys = _by_key(plan)
    assert keys["produced:A/birth_medical_cert"].items == ("B",)
    assert keys["licence:birth_medical_cert"].items == ("C",)  # C runs beside A: the applicant brings it
    assert [(h.producer, h.consumer) for h in plan.dependency_hints] == [("A", "C")]


def test_an_items_own_result_does_not_satisfy_its_own_materials():
    plan = compose([_item("A", _m("hukou", "居民户口簿", licence_type="hukou_book"), result_licence_type="hukou_book")])
    (material,) = plan.materials
    assert material.provided_by_applicant is True


def test_shared_and_licence_sources_are_exempt_candidates_and_stay_listed():
    plan = compose(
        [
            _item(
                "A",
                _m("household", "户籍信息", source="shared", standard_code="household_data"),
                _m("photo", "近期免冠照片", standard_code="id_photo"),
            ),
        ]
    )
    flags = {m.key: m.exempt_candidate for m in plan.materials}
    assert flags == {"standard:household_data": True, "standard:id_photo": False}
    assert plan.after.materials == 2
    assert plan.after.materials_exempt_candidates == 1


def test_composition_is_deterministic():
    items = [
        _item("A", _m("id", "居民身份证", licence_type="id_card"), _m("h", "户口本")),
        _item("B", _m("c", "身份证复印件"), _m("h", "居民户口簿复印件")),
    ]
    assert compose(items).to_dict() == compose(items).to_dict()
