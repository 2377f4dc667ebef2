"""Query understanding: what a resident's question means in the catalog's words (issue 10 item 5).

A question such as "驾照到期了怎么换新的？" goes through three steps before ranking:

1. **Normalise** (:func:`normalise`): NFKC (full-width letters and digits become half-width),
   lower case, Cantonese spellings to standard ones (:data:`DIALECT`: 点样 → 怎么, 边度 → 哪里),
   punctuation to spaces, runs of spaces collapsed.
2. **Strip intent words** (:func:`strip_intent`): what asks *how*, *where* or *whether*
   (要办什么, 怎么申请, 需要什么材料, 我想, 去哪里办, 能不能 …) says nothing about *which* item, so
   it is removed before the words are matched. The removed phrases are reported.
3. **Map colloquial words to official ones** (:func:`expand`): every key of the synonym table
   found in the question adds its official words (驾照 → 机动车驾驶证, 换新的 → 换领, 去世 → 死亡,
   老师 → 教师, 当兵的 → 军人). The table (:mod:`~zwfw.catalog.search.synonyms`) merges the
   general lexicon, the shipped defaults, the 百姓体 glossary read backwards (plain word →
   official term) and the editors' :class:`~zwfw.catalog.models.SearchSynonym` rows.

Pure functions over strings; the index turns the resulting phrases into tokens of its own
vocabulary (:meth:`zwfw.catalog.search.index.SearchIndex.query_tokens`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

_PUNCT = re.compile(r"[^\w\u3400-\u9fff]+")
_SPACES = re.compile(r"\s+")

# Phrases that ask how, where or whether — never which item. Longest first (one pass each).
INTENT_PHRASES: tuple[str, ...] = tuple(
    sorted(
        {
            "要办什么手续",
            "需要办什么手续",
            "需要什么手续",
            "要什么手续",
            "需要什么材料",
            "需要哪些材料",
            "要什么材料",
            "要带什么材料",
            "要带什么",
            "要准备什么",
            "需要准备什么",
            "要办什么",
            "要办哪些",
            "要办什么证",
            "要什么证",
            "需要什么证",
            "怎么申请",
            "如何申请",
            "怎样申请",
            "怎么办理",
            "如何办理",
            "怎样办理",
            "怎么处理",
            "怎么弄",
            "怎么搞",
            "怎么办",
            "怎么做",
            "怎么样",
            "在哪里办",
            "在哪儿办",
            "去哪里办",
            "去哪儿办",
            "到哪里办",
            "去哪办",
            "在哪办",
            "哪里办",
            "在哪里",
            "在哪儿",
            "去哪里",
            "去哪儿",
            "到哪里",
            "在什么地方",
            "什么地方",
            "哪个部门",
            "找哪个部门",
            "能不能",
            "可不可以",
            "可以吗",
            "行不行",
            "是不是",
            "有没有",
            "需要什么",
            "要什么",
            "要多久",
            "多长时间",
            "请问",
            "你好",
            "我想要",
            "我想",
            "我要",
            "想要",
            "一下",
            "怎么",
            "怎样",
            "如何",
            "哪里",
            "哪儿",
            "在哪",
            "去哪",
            "办理",
            "需要",
        },
        key=len,
        reverse=True,
    )
)

# Words that carry no meaning on their own, dropped from the query's tokens.
STOP_WORDS = frozenset(
    [
        "的",
        "了",
        "个",
        "要",
        "办",
        "我",
        "想",
        "和",
        "与",
        "及",
        "或",
        "在",
        "去",
        "给",
        "吗",
        "呢",
        "啊",
        "吧",
        "把",
        "被",
        "让",
        "还",
        "就",
        "都",
        "也",
        "又",
        "能",
        "该",
        "什么",
        "一个",
        "这个",
        "那个",
        "可以",
        "我们",
        "自己",
        "现在",
        "已经",
    ]
)


@dataclass(frozen=True)
class Understanding:
    """What the engine made of a query: shown by the API, used for ranking and the query log."""

    original: str
    normalised: str
    core: str  # the normalised query without its intent phrases
    intents: list[str] = field(default_factory=list)
    expansions: dict[str, list[str]] = field(default_factory=dict)  # colloquial key → official words

    @property
    def official_words(self) -> list[str]:
        seen: list[str] = []
        for words in self.expansions.values():
            for w in words:
                if w not in seen:
                    seen.append(w)
        return seen


# Cantonese (粤语) spellings residents of Guangdong type → standard written Chinese, so intent
# phrases, synonyms and the catalog's words match (点样办 → 怎么办, 边度 → 哪里, 系咪 → 是不是).
# Only characters that standard written Chinese does not use this way (嘅 咗 唔 冇 咩 揾 睇 啲
# 嗰 俾 揸) or phrases of two or more characters: "边" alone (边境, 周边) and "未" alone stay.
DIALECT: dict[str, str] = {
    "系唔系": "是不是",
    "系咪": "是不是",
    "有冇": "有没有",
    "使唔使": "需不需要",
    "可唔可以": "可不可以",
    "点样": "怎么",
    "点办": "怎么办",
    "点解": "为什么",
    "边度": "哪里",
    "边处": "哪里",
    "边个": "哪个",
    "边间": "哪间",
    "边一步": "哪一步",
    "几多钱": "多少钱",
    "几多": "多少",
    "乜嘢": "什么",
    "咩嘢": "什么",
    "嘅": "的",
    "喺": "在",
    "咗": "了",
    "唔": "不",
    "冇": "没有",
    "咩": "什么",
    "揾": "找",
    "睇": "看",
    "啲": "些",
    "嗰": "那",
    "呢个": "这个",
    "呢间": "这间",
    "俾": "给",
    "揸车": "开车",
    "揸": "开",
    "搞掂": "办好",
    "好未": "好了没",
    "咭": "卡",
}
_DIALECT = re.compile("|".join(re.escape(k) for k in sorted(DIALECT, key=len, reverse=True)))
# Switched off to measure the engine as it was before the third round (bench/catalog_search.py).
DIALECT_ENABLED = True


def normalise(text: str) -> str:
    """NFKC, lower case, Cantonese spellings → standard ones (:data:`DIALECT`), punctuation →
    space, one space between words, trimmed."""
    s = unicodedata.normalize("NFKC", text or "").lower()
    if DIALECT_ENABLED:
        s = _DIALECT.sub(lambda m: DIALECT[m.group(0)], s)
    s = _PUNCT.sub(" ", s).replace("_", " ")
    return _SPACES.sub(" ", s).strip()


def strip_intent(text: str) -> tuple[str, list[str]]:
    """``(text without intent phrases, the phrases removed)``; ``text`` is already normalised."""
    found: list[str] = []
    s = text
    for phrase in INTENT_PHRASES:
        if phrase in s:
            found.append(phrase)
            s = s.replace(phrase, " ")
    return _SPACES.sub(" ", s).strip(), found


_by_first: list = [None, {}]  # [table, {first character: keys, longest first}] (by identity)


def _keys_by_first_character(table: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """The table's keys grouped by their first character, longest first (cached per table)."""
    if _by_first[0] is table:
        return _by_first[1]
    groups: dict[str, list[str]] = {}
    for key in sorted(table, key=len, reverse=True):
        if key:
            groups.setdefault(key[0], []).append(key)
    _by_first[:] = [table, groups]
    return groups


def expand(text: str, table: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Keys of ``table`` found in ``text`` (longest first; a key inside a longer matched key is
    skipped) → their official words."""
    out: dict[str, list[str]] = {}
    covered: list[tuple[int, int]] = []
    groups = _keys_by_first_character(table)
    candidates = sorted({k for ch in set(text) for k in groups.get(ch, ())}, key=len, reverse=True)
    for key in candidates:
        start = text.find(key)
        while start != -1:
            end = start + len(key)
            if not any(a <= start and end <= b for a, b in covered):
                covered.append((start, end))
                out.setdefault(key, list(table[key]))
            start = text.find(key, start + 1)
    return out


def understand(query: str, table: Mapping[str, list[str]]) -> Understanding:
    """Normalise, strip intent phrases and map colloquial words (see the module's text)."""
    norm = normalise(query)
    core, intents = strip_intent(norm)
    # Synonyms are looked up in the whole question: "办好了没有" carries meaning (progress).
    expansions = expand(norm, table)
    return Understanding(original=query, normalised=norm, core=core, intents=intents, expansions=expansions)
