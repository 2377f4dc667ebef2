"""Normalised material names: what is left of a material's name once its wording is set aside.

Guides name the same document in many ways (居民身份证 / 身份证复印件 / 申请人身份证明; 户口簿 /
居民户口簿 / 户口本复印件). Before two names are scored for similarity
(:mod:`zwfw.bundles.engine.similarity`) both are normalised by one fixed sequence:

1. Unicode NFKC (full-width letters, digits and brackets become half-width), whitespace removed,
   Latin letters lower-cased.
2. Text in brackets ``()[]【】〔〕`` is dropped (it qualifies or offers alternatives: 营业执照复印件
   （加盖公章）, 股东会决议（或股东决定）); the book-title marks ``《》`` are dropped but their text kept.
3. An issuer phrase ending in 出具的 at the start is removed (税务部门出具的清税证明 → 清税证明).
4. Colloquial and long-form synonyms are replaced in one left-to-right pass, longest first
   (:data:`SYNONYMS`: 户口本 → 户口簿, 身份证明 → 身份证, 社保卡 → 社会保障卡, 出生证明 → 出生医学证明 …).
5. Words that qualify the copy, the holder or the medium rather than the document are removed
   (:data:`QUALIFIERS`: 复印件, 原件, 副本, 电子, 申请人, 本人, 父母双方, 监护人, 居民, 有效 …).
   The catalog already merges a parent's and an applicant's 居民身份证 with certainty (same e-licence
   type), so the holder is not part of a document's identity here either.
6. A final 证书 becomes 证 (结婚证书复印件 → 结婚证书 → 结婚证).

Deliberately **not** removed: 证明. 居住证 (a residence permit) and 居住证明 (proof of residence) are
different documents, as are 出生医学证明 and 出生登记; stripping 证明 would make them look alike.
The one 证明 that is a synonym (身份证明 → 身份证) is in :data:`SYNONYMS`.

Name-keyed review decisions embed the normalised name (:func:`name_key`): changing these tables
changes some keys, which re-opens the affected suggestions for review — the safe direction.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Replaced in one pass, longest key first; a key mapped to itself protects a longer word from a
#: shorter rule (机动车驾驶证 stays whole).
SYNONYMS: dict[str, str] = {
    "户口本": "户口簿",
    "户口薄": "户口簿",  # a frequent typo in guides
    "有效身份证件": "身份证",
    "身份证件": "身份证",
    "身份证明": "身份证",
    "社保卡": "社会保障卡",
    "出生证明": "出生医学证明",
    "出生证": "出生医学证明",
    "出生医学证明": "出生医学证明",
    "房产证": "不动产权证",
    "房屋所有权证": "不动产权证",
    "驾照": "机动车驾驶证",
    "驾驶证": "机动车驾驶证",
    "机动车驾驶证": "机动车驾驶证",
    "行驶证": "机动车行驶证",
    "机动车行驶证": "机动车行驶证",
    "证件照片": "照片",
    "证件照": "照片",
    "相片": "照片",
}

#: Removed wherever they occur, longest first.
QUALIFIERS: tuple[str, ...] = (
    "中华人民共和国",
    "复印件",
    "影印件",
    "扫描件",
    "电子版",
    "原件",
    "副本",
    "正本",
    "电子",
    "申请人",
    "本人",
    "父母双方",
    "夫妻双方",
    "父母",
    "监护人",
    "法定代表人",
    "经办人",
    "代理人",
    "受托人",
    "新生儿",
    "居民",
    "有效",
    "近期",
    "彩色",
    "免冠",
    "一寸",
    "二寸",
    "一份",
    "加盖公章",
)

_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|〔[^〔〕]*〕")
_ISSUER_RE = re.compile(r"^.*?出具的")  # 税务部门出具的清税证明: who issues it is not what it is
_MARKS = re.compile(r"[《》<>\"'“”‘’、,，.。:：;；/\\\-_·]")
_SYNONYM_RE = re.compile("|".join(re.escape(k) for k in sorted(SYNONYMS, key=len, reverse=True)))
_QUALIFIER_RE = re.compile("|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True)))

#: Document-type suffixes (Chinese document names are head-final: the last characters say what
#: kind of document it is). Two names with different heads are rarely the same document; see
#: :func:`head` and the similarity module.
HEADS: tuple[str, ...] = (
    "许可证",
    "执照",
    "证明",
    "证",
    "簿",
    "卡",
    "合同",
    "协议",
    "决议",
    "决定",
    "章程",
    "照片",
    "申请表",
    "登记表",
    "审批表",
    "表",
    "承诺书",
    "委托书",
    "书",
    "报告",
    "凭证",
    "票据",
    "记录",
    "信息",
    "图",
)
_HEADS_BY_LENGTH = tuple(sorted(HEADS, key=len, reverse=True))


def _basic(name: str) -> str:
    text = unicodedata.normalize("NFKC", name)
    text = re.sub(r"\s+", "", text).lower()
    previous = None
    while previous != text:  # nested brackets: drop the innermost first
        previous = text
        text = _BRACKETED.sub("", text)
    return _MARKS.sub("", text)


@lru_cache(maxsize=65536)
def normalise_name(name: str) -> str:
    """The normalised form of a material name (see the module docstring for the steps).

    Never empty for a non-empty name: if the rules remove everything (a name that is only
    qualifiers), the bracket-free NFKC form is returned instead.
    """
    basic = _basic(name)
    text = _ISSUER_RE.sub("", basic)
    text = _SYNONYM_RE.sub(lambda m: SYNONYMS[m.group(0)], text)
    text = _QUALIFIER_RE.sub("", text)
    if text.endswith("证书"):
        text = text[:-1]
    return text or basic or name.strip()


@lru_cache(maxsize=65536)
def head(normalised: str) -> str:
    """The document-type suffix of a normalised name (``""`` when none of :data:`HEADS` ends it)."""
    for suffix in _HEADS_BY_LENGTH:
        if normalised.endswith(suffix):
            return suffix
    return ""


def name_key(name: str) -> str:
    """The key a name-pair review decision uses for a material name: ``"name:" + normalised``."""
    return "name:" + normalise_name(name)
