"""Query understanding (issue 10 item 5): normalising, intent words, the synonym table."""

from __future__ import annotations

import pytest

from zwfw.catalog.errors import CatalogError
from zwfw.catalog.models import SearchSynonym
from zwfw.catalog.search.synonyms import (
    plain_language_synonyms,
    search_synonym_create,
    search_synonym_update,
    shipped_synonyms,
    synonym_table,
    synonym_table_invalidate,
)
from zwfw.catalog.search.understand import expand, normalise, strip_intent, understand
from zwfw.core.models import AuditLog


def test_normalise_folds_width_case_and_punctuation():
    assert normalise("  ＫＴＶ，怎么办？？ ") == "ktv 怎么办"
    assert normalise("") == ""


@pytest.mark.parametrize(
    ("query", "core", "intent"),
    [
        ("开饭店要办什么", "开饭店", "要办什么"),
        ("残疾证怎么申请", "残疾证", "怎么申请"),
        ("我想办护照", "办护照", "我想"),
        ("办营业执照需要什么材料", "办营业执照", "需要什么材料"),
        ("社保卡在哪里办", "社保卡", "在哪里办"),
        ("离婚证丢了能不能补", "离婚证丢了 补", "能不能"),
    ],
)
def test_intent_words_are_stripped(query, core, intent):
    got, intents = strip_intent(normalise(query))
    assert got == core
    assert intent in intents


def test_a_question_of_only_intent_words_has_no_core():
    assert strip_intent("怎么办")[0] == ""


@pytest.mark.parametrize(
    ("query", "key", "official"),
    [
        ("驾照到期了", "驾照", "机动车驾驶证"),
        ("残疾证旧了想换新的", "换新的", "换领"),
        ("老人去世了销户口", "去世", "死亡"),
        ("想当老师", "老师", "教师"),
        ("当兵的驾照换地方的", "当兵的", "军人"),
    ],
)
def test_shipped_synonyms_map_the_issues_examples(query, key, official):
    u = understand(query, shipped_synonyms())
    assert official in u.expansions[key]
    assert official in u.official_words


def test_expand_prefers_the_longest_key_and_skips_keys_inside_it():
    table = {"当兵": ["士兵"], "当兵的": ["军人"], "驾照": ["驾驶证"]}
    assert expand("当兵的驾照", table) == {"当兵的": ["军人"], "驾照": ["驾驶证"]}


def test_plain_language_guide_words_map_back_to_official_terms():
    table = plain_language_synonyms()
    assert "核发" in table["发放"]
    assert "法定代表人" in table["法人代表"]
    assert "您" not in table  # one-character plain words are too vague to map


@pytest.mark.django_db
def test_editors_rows_add_override_and_switch_off_defaults():
    synonym_table_invalidate()
    assert "驾照" in synonym_table()
    search_synonym_create(actor=None, term="黑车", official=["非法营运"])
    search_synonym_create(actor=None, term="驾照", official=["驾驶人"])
    row = search_synonym_create(actor=None, term="过期", official=["换证"])
    search_synonym_update(actor=None, synonym_id=row.pk, is_active=False)
    table = synonym_table()
    assert table["黑车"] == ["非法营运"]
    assert table["驾照"] == ["驾驶人"]
    assert "过期" not in table
    assert AuditLog.objects.filter(action="zwfw.catalog.search_synonym.created").count() == 3
    assert AuditLog.objects.filter(action="zwfw.catalog.search_synonym.updated").count() == 1
    synonym_table_invalidate()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("term", "official", "code"),
    [
        ("", ["驾驶证"], "catalog_synonym_invalid"),
        ("驾照", [], "catalog_synonym_invalid"),
        ("驾照", ["  "], "catalog_synonym_invalid"),
        ("驾照", ["驾照"], "catalog_synonym_invalid"),
        ("长" * 40, ["驾驶证"], "catalog_synonym_invalid"),
        ("驾照", ["词"] * 11, "catalog_synonym_invalid"),
    ],
)
def test_bad_synonyms_are_refused(term, official, code):
    with pytest.raises(CatalogError) as exc:
        search_synonym_create(actor=None, term=term, official=official)
    assert exc.value.code.code == code
    assert not SearchSynonym.objects.exists()


@pytest.mark.django_db
def test_a_term_has_one_row():
    search_synonym_create(actor=None, term="驾照", official=["驾驶证"])
    with pytest.raises(CatalogError) as exc:
        search_synonym_create(actor=None, term="  驾照 ", official=["机动车驾驶证"])
    assert exc.value.code.code == "catalog_synonym_exists"


# --- the third round: Cantonese spellings and the general lexicon ---------------------------


@pytest.mark.parametrize(
    ("query", "normalised"),
    [
        ("港澳通行证点样办", "港澳通行证怎么办"),
        ("社保卡边度办", "社保卡哪里办"),
        ("揸车过港珠澳大桥要几多钱", "开车过港珠澳大桥要多少钱"),
        ("呢个证系咪真嘅", "这个证是不是真的"),
        ("签注办好未", "签注办好了没"),
        ("冇身份证点办", "没有身份证怎么办"),
    ],
)
def test_cantonese_spellings_become_standard_ones(query, normalised):
    assert normalise(query) == normalised


def test_cantonese_folding_leaves_standard_words_alone():
    # 边 and 未 alone are standard words (边境, 周边, 未婚, 未成年人)
    assert normalise("边境管理区通行证") == "边境管理区通行证"
    assert normalise("未婚公证 未成年人") == "未婚公证 未成年人"


def test_cantonese_intent_words_are_stripped_after_folding():
    u = understand("港澳通行证喺边度办？点样申请", {})
    assert "哪里" not in u.core and "怎么申请" in u.intents


def test_cantonese_folding_can_be_switched_off(monkeypatch):
    import importlib

    understand_module = importlib.import_module("zwfw.catalog.search.understand")
    monkeypatch.setattr(understand_module, "DIALECT_ENABLED", False)
    assert normalise("点样办") == "点样办"


def test_general_lexicon_maps_everyday_words_to_administrative_ones():
    from zwfw.catalog.search.synonyms import general_lexicon

    lexicon = general_lexicon()
    assert len(lexicon) > 300
    assert all(len(k) >= 2 for k in lexicon)
    u = understand("老公去世了银行存款怎么取", lexicon)
    assert "配偶" in u.expansions["老公"]
    assert "公务员录用考试" in understand("国考报名", lexicon).official_words
    assert "借据" in understand("朋友欠钱打的欠条", lexicon).expansions["欠条"]


@pytest.mark.django_db
def test_general_lexicon_is_merged_under_the_shipped_and_editors_tables(monkeypatch):
    from zwfw.catalog.search import synonyms as synonyms_module
    from zwfw.catalog.search.synonyms import general_lexicon

    synonym_table_invalidate()
    table = synonym_table()
    assert table["老公"] == general_lexicon()["老公"]
    # a key in both: the shipped table wins (老人 → 老年人, 养老 in synonyms.yaml)
    both = set(general_lexicon()) & set(shipped_synonyms())
    assert both and all(table[k] == shipped_synonyms()[k] for k in both)
    # an editor's row replaces a lexicon entry, an inactive one switches it off
    search_synonym_create(actor=None, term="老婆", official=["妻子"])
    SearchSynonym.objects.create(term="老公", official=[], is_active=False)
    synonym_table_invalidate()
    table = synonym_table()
    assert table["老婆"] == ["妻子"] and "老公" not in table
    # switched off as a whole (the benchmark's "before" engine)
    monkeypatch.setattr(synonyms_module, "LEXICON_ENABLED", False)
    synonym_table_invalidate()
    assert "老爸" not in synonym_table()
    synonym_table_invalidate()
