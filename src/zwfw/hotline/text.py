"""Chinese text helpers shared by duplicate linking, similar orders and the knowledge base.

Chinese has no spaces, so similarity is measured on character bigrams of the normalised text
(punctuation, digits and whitespace removed). This is cheap for the handful of candidates a
duplicate check compares; bulk similarity (hot spots, 举一反三) uses sparse TF-IDF matrices in
:mod:`zwfw.hotline.hotspots`.
"""

from __future__ import annotations

import re

_NOISE = re.compile(r"[\s\d\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    return _NOISE.sub("", (text or "").lower())


def bigrams(text: str) -> set[str]:
    t = normalise(text)
    if len(t) < 2:
        return {t} if t else set()
    return {t[i : i + 2] for i in range(len(t) - 1)}


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the two texts' character-bigram sets, 0..1."""
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def normalise_address(address: str) -> str:
    return normalise(address)
