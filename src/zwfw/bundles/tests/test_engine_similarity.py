"""Name normalisation and similarity, calibrated on realistic Chinese material names."""

from __future__ import annotations

import pytest

from zwfw.bundles.engine.calibration import HARD_POSITIVES, NEGATIVES, POSITIVES
from zwfw.bundles.engine.normalise import head, name_key, normalise_name
from zwfw.bundles.engine.similarity import DEFAULT_THRESHOLD, bigrams, score, similar_pairs


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("居民身份证", "身份证"),
        ("身份证复印件", "身份证"),
        ("申请人身份证明", "身份证"),
        ("户口本复印件", "户口簿"),
        ("居民户口簿", "户口簿"),
        ("营业执照复印件（加盖公章）", "营业执照"),
        ("营业执照复印件(加盖公章)", "营业执照"),  # half-width brackets
        ("ＡＢＣ营业执照", "abc营业执照"),  # full-width letters
        ("《出生医学证明》", "出生医学证明"),
        ("结婚证书复印件", "结婚证"),
        ("税务部门出具的清税证明", "清税证明"),
        ("机动车驾驶证", "机动车驾驶证"),  # the protective synonym keeps it whole
        ("居住证明", "居住证明"),  # 证明 is not stripped
    ],
)
def test_normalise_name(name, expected):
    assert normalise_name(name) == expected


def test_normalise_name_never_returns_empty():
    assert normalise_name("复印件") == "复印件"
    assert normalise_name("（附件）") != ""


def test_name_key_embeds_the_normalised_name():
    assert name_key("身份证复印件") == name_key("申请人身份证明") == "name:身份证"


def test_head_is_the_longest_document_suffix():
    assert head("食品经营许可证") == "许可证"
    assert head("居住证明") == "证明"
    assert head("居住证") == "证"
    assert head("银行账户") == ""


@pytest.mark.parametrize(("a", "b"), POSITIVES)
def test_calibration_positives_are_suggested(a, b):
    assert score(normalise_name(a), normalise_name(b)) >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(("a", "b"), NEGATIVES)
def test_calibration_negatives_are_not_suggested(a, b):
    assert score(normalise_name(a), normalise_name(b)) < DEFAULT_THRESHOLD


def test_hard_positives_are_known_misses():
    # Documented in docs/bundles-engine.md; if one starts passing, update the docs and the lists.
    assert all(score(normalise_name(a), normalise_name(b)) < DEFAULT_THRESHOLD for a, b in HARD_POSITIVES)


def test_score_penalises_different_document_types():
    # Same bigram overlap, but 证 vs 证明: halved.
    assert score("居住证", "居住证明") == pytest.approx(0.4)
    assert score("居住证", "居住证") == 1.0


def test_score_of_empty_name_is_zero():
    assert score("", "身份证") == 0.0
    assert bigrams("证") == frozenset({"证"})


def test_similar_pairs_matches_score_and_respects_threshold():
    names = [normalise_name(n) for n in ("居民身份证", "居住证明", "居住证", "户口簿", "出生医学证明", "预防接种证")]
    names = sorted(set(names))
    expected = [
        (i, j, score(names[i], names[j]))
        for i in range(len(names))
        for j in range(i + 1, len(names))
        if score(names[i], names[j]) >= 0.3
    ]
    assert similar_pairs(names, 0.3) == expected
    assert all(s >= 0.9 for _, _, s in similar_pairs(names, 0.9))


def test_similar_pairs_of_fewer_than_two_names_is_empty():
    assert similar_pairs([], 0.5) == []
    assert similar_pairs(["身份证"], 0.5) == []
