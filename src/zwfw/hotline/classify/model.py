"""Build, train, save, load and apply the classifier (see the package docstring).

Why these features: Chinese is written without spaces; character n-grams need no segmentation
and cover names and new words. The model is one linear SVM (class-weighted, fast on two cores) on
sublinear TF-IDF of character 1–3-grams of the whole text, plus character 1–3-grams of its first
``HEAD_CHARS`` characters (the 留言主题 / subject line that the training layouts put first,
weighted ``HEAD_WEIGHT``). Temperature scaling turns its decision values into probabilities, so
the top-3 confidences and the auto-dispatch threshold mean probabilities.

It was chosen among five candidates fixed in advance (this one; + a jieba-word SVM blended × 0.3,
the model shipped before; char 1–4-grams; C chosen by nested CV; + a logistic regression on the
same features) by 2 × 5-fold repeated cross-validation inside the training part of
bench/hotline_classify.py's split (seed 20261202), never on its held-out part (docs/hotline.md,
Figures). It had the highest mean macro-F1 and is the cheapest: no jieba. The blend stays
available (``word_weight``); model files of the blend and of the sigmoid-calibrated versions
still load and classify.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .text import HEAD_CHARS, HEAD_WEIGHT, MAX_CHARS, WORD_WEIGHT, head, jieba_tokens, memoised_tokens, prepare

FORMAT = "zwfw-hotline-classifier"
FORMAT_VERSION = 2  # 2: temperature-scaled probabilities (1: sigmoid per class); both load

# ``head`` and ``jieba_tokens`` stay importable from here: model files pickled before
# :mod:`.text` existed refer to them by this module's name.
__all__ = ["HEAD_CHARS", "HEAD_WEIGHT", "MAX_CHARS", "WORD_WEIGHT", "head", "jieba_tokens", "prepare"]


def build_pipeline(
    *, c: float = 1.0, min_df: int = 2, word_weight: float = WORD_WEIGHT, head_weight: float = HEAD_WEIGHT
):
    """:class:`.blend.BlendedSVC` fitted on all rows, its decision values turned into
    probabilities by temperature scaling fitted on 5-fold out-of-fold decisions
    (:class:`.blend.TemperatureCalibrated`: the ranking stays the blend's, the probabilities
    mean something). Takes the prepared texts themselves."""
    from .blend import BlendedSVC, TemperatureCalibrated  # scikit-learn: only where a model is fitted

    blend = BlendedSVC(c=c, min_df=min_df, word_weight=word_weight, head_weight=head_weight)
    return TemperatureCalibrated(blend, cv=5)


def train(labels: Sequence[str], texts: Sequence[str], *, version: int = 1, extra: dict | None = None) -> dict:
    """Fit the pipeline and wrap it as a model bundle (a plain dict, saved with joblib)."""
    if len(texts) != len(labels) or not texts:
        raise ValueError("no training rows")
    classes = sorted(set(labels))
    if len(classes) < 2:
        raise ValueError("at least two categories are needed")
    smallest = min(sum(1 for lab in labels if lab == c) for c in classes)
    if smallest < 5:
        raise ValueError("every category needs at least 5 examples")
    pipeline = build_pipeline(min_df=2 if len(texts) >= 500 else 1)
    with memoised_tokens():
        pipeline.fit([prepare(t) for t in texts], list(labels))
    counts = {c: int(sum(1 for lab in labels if lab == c)) for c in classes}
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "version": version,
        "labels": classes,
        "samples": len(texts),
        "label_counts": counts,
        "trained_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "pipeline": pipeline,
        **(extra or {}),
    }


def save(bundle: dict, path: str | Path) -> Path:
    import joblib

    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(p.name + ".tmp")
    joblib.dump(bundle, tmp, compress=3)
    tmp.replace(p)  # atomic: a running service never reads a half-written file
    return p


def load(path: str | Path) -> dict:
    import joblib

    bundle = joblib.load(Path(path))
    if not isinstance(bundle, dict) or bundle.get("format") != FORMAT:
        raise ValueError(f"{path} is not a zwfw hotline classifier file")
    return bundle


def predict_top(bundle: dict, texts: Sequence[str], k: int = 3) -> list[list[tuple[str, float]]]:
    """For each text the ``k`` most likely labels with their probabilities, best first."""
    if not texts:
        return []
    pipeline = bundle["pipeline"]
    proba = pipeline.predict_proba([prepare(t) for t in texts])
    classes = pipeline.classes_
    order = np.argsort(-proba, axis=1)[:, :k]
    return [[(str(classes[j]), float(proba[i, j])) for j in row] for i, row in enumerate(order)]


def predict(bundle: dict, texts: Sequence[str]) -> list[str]:
    return [str(x) for x in bundle["pipeline"].predict([prepare(t) for t in texts])]
