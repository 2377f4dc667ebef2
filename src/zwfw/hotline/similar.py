"""Text similarity over many orders at once: TF-IDF of character bigrams as a sparse matrix,
cosine similarity as one sparse product (no Python loop per order). Used for similar orders while
the operator types, for 举一反三 and for the knowledge-base search."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def vectorizer(**kwargs):
    from sklearn.feature_extraction.text import TfidfVectorizer

    params = {"analyzer": "char", "ngram_range": (1, 2), "sublinear_tf": True, "dtype": np.float32}
    params.update(kwargs)
    return TfidfVectorizer(**params)


def rank(query: str, documents: Sequence[str], *, limit: int = 10, min_score: float = 0.1) -> list[tuple[int, float]]:
    """Indices of the ``documents`` most similar to ``query``, best first, with cosine scores."""
    query = " ".join((query or "").split())
    if not query or not documents:
        return []
    vec = vectorizer()
    try:
        matrix = vec.fit_transform(list(documents))
    except ValueError:  # every document empty
        return []
    scores = (matrix @ vec.transform([query]).T).toarray().ravel()
    if not len(scores):
        return []
    top = np.argsort(-scores)[:limit]
    return [(int(i), float(scores[i])) for i in top if scores[i] >= min_score]
