"""Similarity of normalised material names: character-bigram Dice with a document-type check.

``score(a, b) = dice(bigrams(a), bigrams(b)) × (1 if heads agree else HEAD_MISMATCH_FACTOR)``

- ``bigrams`` are the overlapping two-character windows of the normalised name (a one-character
  name is its own single token). Chinese material names have no spaces, so word-token scorers
  (rapidfuzz ``token_*_ratio``) fall back to whole-string comparison unless a segmenter runs first;
  bigrams are the usual segmentation-free unit for Chinese text matching.
- Dice (``2|A∩B| / (|A|+|B|)``) rather than Jaccard: the same ranking, but on a scale where one
  shared word out of two reads as 0.5, which makes the threshold easier to explain.
- ``heads`` (:func:`zwfw.bundles.engine.normalise.head`): names are head-final, and two names
  whose document-type suffix differs (居住证 / 居住证明, 营业执照 / 营业场所证明, 教师资格证 /
  教师资格认定申请表) are rarely one document, so their score is multiplied by
  :data:`HEAD_MISMATCH_FACTOR`. A name with no known head is not penalised.

Why not a character-level edit ratio (rapidfuzz ``fuzz.ratio``): on short Chinese names the shared
characters 证/书/明 dominate, so 机动车驾驶证 / 机动车行驶证 score 0.83 and 结婚证 / 离婚证 0.67,
above or near any threshold that still catches true variants. The calibration set in
:mod:`zwfw.bundles.engine.calibration` and the figures in ``docs/bundles-engine.md`` show the
separation measured for both.

:func:`similar_pairs` scores all distinct names at once as a names × names matrix in NumPy,
and no Python loop runs over all pairs (only over each bigram's list of names).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from zwfw.bundles.engine.normalise import head

#: The default suggestion threshold on the 0–1 score; see docs/bundles-engine.md for how it was
#: chosen on the calibration set.
DEFAULT_THRESHOLD = 0.7

#: Factor applied when both names end in known, different document types.
HEAD_MISMATCH_FACTOR = 0.5


def bigrams(normalised: str) -> frozenset[str]:
    """The character bigrams of a normalised name; a name of one character is its own token."""
    if len(normalised) < 2:
        return frozenset({normalised}) if normalised else frozenset()
    return frozenset(normalised[i : i + 2] for i in range(len(normalised) - 1))


def score(a: str, b: str) -> float:
    """The similarity of two *normalised* names in [0, 1] (see the module docstring)."""
    grams_a, grams_b = bigrams(a), bigrams(b)
    if not grams_a or not grams_b:
        return 0.0
    dice = 2 * len(grams_a & grams_b) / (len(grams_a) + len(grams_b))
    head_a, head_b = head(a), head(b)
    if head_a and head_b and head_a != head_b:
        dice *= HEAD_MISMATCH_FACTOR
    return round(dice, 4)


def similar_pairs(names: Sequence[str], threshold: float) -> list[tuple[int, int, float]]:
    """Every pair ``(i, j, score)`` with ``i < j`` of *distinct normalised* names scoring ≥ threshold.

    The intersection counts ``I[i, j] = |bigrams(i) ∩ bigrams(j)|`` are added up from an inverted
    index (for each bigram, +1 on the block of names that contain it), then ``dice = 2I/(|a|+|b|)``
    and the head factor are applied to the whole matrix in NumPy. Not ``M @ Mᵀ``: that product is
    cheap, but NumPy hands it to a multi-threaded BLAS, whose threads cost tens of milliseconds on a
    busy server for a matrix this small (measured: 0.2 ms single-threaded, 30–40 ms threaded under
    load). Scores equal :func:`score` (same rounding). The result is sorted by ``(i, j)``.
    """
    count = len(names)
    if count < 2:
        return []
    grams = [bigrams(n) for n in names]
    postings: dict[str, list[int]] = {}
    for row, name_grams in enumerate(grams):
        for gram in name_grams:
            postings.setdefault(gram, []).append(row)
    intersection = np.zeros((count, count), dtype=np.float64)
    for posting in postings.values():
        if len(posting) > 1:
            rows = np.asarray(posting)
            intersection[np.ix_(rows, rows)] += 1.0
    sizes = np.fromiter((len(g) for g in grams), dtype=np.float64, count=count)
    totals = sizes[:, None] + sizes[None, :]
    dice = np.divide(2.0 * intersection, totals, out=np.zeros_like(intersection), where=totals > 0)

    head_ids: dict[str, int] = {"": 0}
    heads = np.array([head_ids.setdefault(head(n), len(head_ids)) for n in names])
    mismatch = (heads[:, None] != heads[None, :]) & (heads[:, None] != 0) & (heads[None, :] != 0)
    dice = np.where(mismatch, dice * HEAD_MISMATCH_FACTOR, dice)
    dice = np.round(dice, 4)

    upper = np.triu(dice >= threshold - 1e-9, k=1)
    found = np.argwhere(upper)
    return [(int(i), int(j), float(dice[i, j])) for i, j in found]
