"""Chinese tokens for the catalog's search: jieba words (search mode) plus character bigrams.

jieba's search mode cuts "食品经营许可" into 食品, 经营, 许可, 食品经营… so whole words match; the
bigrams (食品, 品经, 经营, 营许, 许可) make partial and unsegmented queries match too ("餐饮许"
still shares 餐饮, 饮许). A private :class:`jieba.Tokenizer` is used (other apps may use jieba's
global one with their own words); the catalog's own words (keywords, synonyms) are added to it
so "开饭店" or "社保卡" stay whole. jieba's start-up logging is silenced.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable

import jieba

jieba.setLogLevel(logging.WARNING)
logging.getLogger("jieba").setLevel(logging.WARNING)

_CJK = re.compile(r"[\u3400-\u9fff]+")
_WORD = re.compile(r"[\u3400-\u9fff]+|[a-z0-9]+")
_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None
_added: set[str] = set()

# Words that carry no meaning in a resident's question ("…要办什么", "怎么办").
QUERY_STOP_PHRASES = (
    "要办什么手续",
    "要办什么",
    "要什么证",
    "怎么办理",
    "怎么办",
    "如何办理",
    "在哪里办",
    "去哪办",
    "哪里办",
    "需要什么",
    "要什么",
    "怎么",
    "如何",
    "办理",
    "我想",
    "我要",
    "想要",
    "一下",
)
STOP_TOKENS = frozenset(
    ["的", "了", "个", "要", "办", "我", "想", "和", "与", "及", "或", "在", "去", "给", "吗", "呢", "什么"]
)


def tokenizer() -> jieba.Tokenizer:
    """The search's own jieba tokenizer, initialised once (thread-safe)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                t = jieba.Tokenizer()
                t.initialize()
                _tokenizer = t
    return _tokenizer


def add_words(words: Iterable[str]) -> None:
    """Teach the tokenizer the catalog's own words (each once per process)."""
    t = tokenizer()
    with _lock:
        for w in words:
            w = (w or "").strip().lower()
            if 2 <= len(w) <= 12 and w not in _added and _CJK.fullmatch(w):
                t.add_word(w, freq=2000)
                _added.add(w)


def bigrams(text: str) -> list[str]:
    out = []
    for run in _CJK.findall(text):
        out += [run[i : i + 2] for i in range(len(run) - 1)]
    return out


def characters(text: str) -> list[str]:
    """The CJK characters of ``text``, one token each (the character fallback field)."""
    return [ch for run in _CJK.findall((text or "").lower()) for ch in run]


def tokens(text: str) -> list[str]:
    """Index and query tokens of ``text``: jieba search-mode words, CJK bigrams, latin words."""
    text = (text or "").lower()
    words = [w for w in tokenizer().cut_for_search(text) if _WORD.fullmatch(w)]
    return words + bigrams(text)


def query_terms(query: str) -> list[str]:
    """Tokens of a query, without the question's filler words."""
    q = (query or "").lower()
    for phrase in QUERY_STOP_PHRASES:
        q = q.replace(phrase, " ")
    return [t for t in tokens(q) if t not in STOP_TOKENS]
