"""百姓体 guide (zwfw.catalog.guides.plain): short sentences, no jargon, numbers from the data.

Pure function tests on version data dicts (no database), plus every item of the demo catalog.
"""

from __future__ import annotations

import copy
import re

import pytest

from zwfw.catalog.guides.guide import yuan
from zwfw.catalog.guides.plain import JARGON, MAX_SENTENCE, plain_guide, plainify
from zwfw.catalog.tests import factories as f


def data(**element_overrides):
    graph = element_overrides.pop("graph", f.graph())
    return {
        "code": f.IMPL_CODE,
        "name": "食品经营许可（新办）",
        "department_name": "成都市市场监督管理局",
        "version": {"number": 3},
        "names": {"licence_types": {"business_licence": "营业执照", "food_business_licence": "食品经营许可证"}},
        "elements": f.elements(**element_overrides),
        "graph": graph,
    }


def test_sections_answer_what_a_resident_asks_in_order():
    guide = plain_guide(data())
    assert [s.title for s in guide.sections] == [
        "要准备什么",
        "去哪办",
        "最快几天",
        "要不要钱",
        "能不能网上办",
        "办好了拿到什么",
    ]
    assert all(s.sentences for s in guide.sections)
    assert guide.version_number == 3


def test_sentences_are_short():
    long_note = (
        "委托他人办理的，须提交授权委托书原件，并交验受托人的居民身份证原件；"
        "受托人为律师的，还须提交律师执业证复印件一份"
    )
    materials = [f.material("power", "授权委托书", note=long_note)]
    guide = plain_guide(data(materials=materials, place="成都市" + "天府大道北段" * 10 + "市民服务中心"))
    assert guide.sentences
    for sentence in guide.sentences:
        assert len(sentence) <= MAX_SENTENCE, sentence


def test_no_jargon_where_a_plain_word_exists():
    materials = [
        f.material("form", "申请人身份证明", note="申请人受理后三个工作日内送达；法定代表人签字"),
        f.material("proof", "容缺受理承诺书", required=True, shortfall_allowed=True),
    ]
    guide = plain_guide(data(materials=materials, place="实施机关服务大厅"))
    text = "".join(guide.sentences)
    for term in JARGON:
        assert term not in text, term
    assert "您身份证明" in text  # 申请人 → 您
    assert "收下材料" in text  # 受理 → 收下材料


def test_plainify_replaces_longest_term_first():
    assert plainify("支持容缺受理") == "支持缺次要材料也能先办"
    assert plainify("受理") == "收下材料"
    assert plainify("告知承诺") == JARGON["告知承诺"]


def test_days_come_from_the_version():
    guide = plain_guide(data(promised_limit_days=7, legal_limit_days=20))
    how_fast = guide.section("how_fast").sentences
    assert "最快7个工作日办好。" in how_fast
    assert "最晚不超过20个工作日。" in how_fast
    assert any("工作日不算周末和节假日" in s for s in how_fast)


def test_clock_stopping_steps_are_said_not_to_count():
    guide = plain_guide(data())  # the factory graph has 现场核查 with stops_clock
    assert any("不算在里面" in s for s in guide.section("how_fast").sentences)


def test_instant_item_is_done_on_the_spot():
    guide = plain_guide(data(case_type="instant", promised_limit_days=0, legal_limit_days=0))
    assert guide.section("how_fast").sentences[0] == "材料齐全的，当场就能办好。"


def test_no_fee_says_free():
    guide = plain_guide(data(fee={"charged": False, "basis": "", "amount_fen": 0, "description": ""}))
    assert guide.section("fee").sentences == ("不收费。",)


@pytest.mark.parametrize(("fen", "text"), [(150000, "要交1500元。"), (1250, "要交12.5元。"), (5, "要交0.05元。")])
def test_fee_in_yuan_from_integer_fen(fen, text):
    fee = {"charged": True, "basis": "川发改价格〔2020〕1号", "amount_fen": fen, "description": "工本费"}
    guide = plain_guide(data(fee=fee))
    assert guide.section("fee").sentences[0] == text
    assert yuan(fen) in text


def test_fully_online_item_needs_no_trip():
    guide = plain_guide(data(online_depth=4, visits=0))
    assert guide.section("online").sentences == ("可以全程网上办、不用跑腿。",)


def test_online_item_with_a_visit_says_how_many_trips():
    guide = plain_guide(data(online_depth=4, visits=1))
    assert "可以全程网上办、不用跑腿。" not in guide.section("online").sentences
    assert "但还要到现场跑1趟。" in guide.section("online").sentences


def test_window_only_item_says_go_to_the_window():
    guide = plain_guide(data(online_depth=1, visits=2))
    assert "要到现场跑2趟。" in guide.section("online").sentences


def test_material_counts_and_sources_match_the_data():
    materials = [
        f.material("form", "申请书", originals=2, copies=3),
        f.material("licence", "营业执照", source="licence", licence_type="business_licence", forms=["electronic"]),
        f.material("hukou", "户口簿", source="shared", shared_data="户籍信息"),
        f.material("plan", "平面图", required=False),
    ]
    prepare = plain_guide(data(materials=materials)).section("prepare").sentences
    assert prepare[0] == "一共4样材料，要您自己带的有2样。"
    assert "1. 申请书：原件2份、复印件3份。" in prepare
    assert any(s.startswith("2. 营业执照：不用带") for s in prepare)
    assert any(s.startswith("3. 户口簿：不用带，部门之间能直接查到") for s in prepare)
    assert "这一样不是必须的，有就带上。" in prepare


def test_no_materials():
    assert plain_guide(data(materials=[])).section("prepare").sentences[0] == "不用准备材料。"


def test_where_names_department_place_hours_and_phone():
    where = plain_guide(data()).section("where").sentences
    assert where[0] == "找成都市市场监督管理局办。"
    assert "地址：市民服务中心。" in where
    assert any("028-12345" in s for s in where)


def test_result_and_e_licence():
    result = plain_guide(data()).section("result").sentences
    assert "办好后您会拿到：食品经营许可证。" in result
    assert any("电子证" in s for s in result)
    assert "有效期：5年。" in result


def test_same_input_same_text():
    d = data()
    assert plain_guide(d) == plain_guide(copy.deepcopy(d))


def test_every_demo_item_reads_plain():
    from zwfw.catalog.interchange.demo import build_catalog

    for impl in build_catalog()["implementations"]:
        d = {
            "code": impl["code"],
            "name": "x",
            "department_name": "某部门",
            "version": {"number": 1},
            "elements": impl["elements"],
            "graph": impl["graph"],
        }
        guide = plain_guide(d)
        for sentence in guide.sentences:
            assert len(sentence) <= MAX_SENTENCE, (impl["code"], sentence)
            assert not any(term in sentence for term in JARGON), (impl["code"], sentence)
        promised = impl["elements"].get("promised_limit_days")
        if promised:
            assert any(re.search(rf"最快{promised}个工作日", s) for s in guide.section("how_fast").sentences)
