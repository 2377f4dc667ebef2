"""The text side of the classifier: how a work order's text is cut and tokenised.

Shared by :mod:`.model` (what every web process imports; no scikit-learn) and :mod:`.blend`
(the scikit-learn estimator, imported only to train or when a model file is unpickled), so that
neither imports the other at module level. The tokenisers are module-level functions so that a
fitted pipeline pickles by reference; model files written before this module existed name them
as ``zwfw.hotline.classify.model.head`` / ``.jieba_tokens``, which :mod:`.model` still exports.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

MAX_CHARS = 3000  # longer texts add little; keeps the cost of one prediction bounded
HEAD_CHARS = 30  # the subject line: 留言主题 comes first in both training layouts
HEAD_WEIGHT = 0.5
WORD_WEIGHT = 0.0  # characters only: the jieba-word SVM (× 0.3) lost in CV (docs/hotline.md)

_tokens_memo: dict[str, list[str]] | None = None


@contextmanager
def memoised_tokens() -> Iterator[None]:
    """jieba once per distinct text while fitting: calibration refits see each text 6 times."""
    global _tokens_memo
    _tokens_memo = {}
    try:
        yield
    finally:
        _tokens_memo = None


def prepare(text: str) -> str:
    """Whitespace collapsed, cut at :data:`MAX_CHARS`: what the pipeline is fitted on and asked."""
    return " ".join(str(text).split())[:MAX_CHARS]


def head(text: str) -> str:
    """The first :data:`HEAD_CHARS` characters."""
    return text[:HEAD_CHARS]


def jieba_tokens(text: str) -> list[str]:
    """jieba words of ``text`` without whitespace and punctuation-only tokens."""
    memo = _tokens_memo
    if memo is not None:
        words = memo.get(text)
        if words is None:
            words = memo[text] = _segment(text)
        return words
    return _segment(text)


def _segment(text: str) -> list[str]:
    import jieba  # only when words are blended in: the characters-only model never loads jieba

    if jieba.dt.initialized is False:  # quiet, as catalog search does: its DEBUG lines only add noise to stderr
        jieba.setLogLevel(logging.WARNING)
        logging.getLogger("jieba").setLevel(logging.WARNING)
    return [w for w in jieba.lcut(text[:MAX_CHARS]) if w.strip() and any(ch.isalnum() for ch in w)]
