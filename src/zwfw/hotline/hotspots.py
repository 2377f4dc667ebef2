"""Hot spots (集中/高频/热点诉求分析研判): topics by text similarity, per region and week.

One vectorised pipeline, used by the weekly brief over the database and by
``bench/hotline_hotspots.py`` over a million generated orders:

1. texts → hashed character bigrams computed with NumPy on a code-point matrix (no vocabulary to
   hold, no per-text tokenizer call), sublinear TF-IDF, L2-normalised: a sparse matrix, cosine
   similarity = dot product;
2. mini-batch k-means on that matrix (fit on a sample, assign every order in batches): a topic is
   a cluster of similar texts, independent of the category the operator chose;
3. each topic is named by its most central order's title (highest similarity to the centroid);
4. Polars counts orders per (region, week, topic); per (region, topic) the mean and deviation of
   the previous :data:`HISTORY_WEEKS` weeks (weeks before that much history only serve as
   history) give **rising** topics (count ≥ 2 × previous mean and
   ≥ :data:`MIN_COUNT`) and **spike alerts** (rising, and the rise is at least :data:`SPIKE_Z`
   times the larger of the previous weeks' standard deviation, the Poisson noise √mean, and 1).

No Python loop runs per order; loops run per batch or per topic.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

N_FEATURES = 2**18
HISTORY_WEEKS = 4
MIN_COUNT = 5
SPIKE_Z = 4.0
BATCH = 50_000


def _bigram_counts(texts: Sequence[str], width: int):
    """Sparse counts of hashed character bigrams of the first ``width`` characters of each text.

    NumPy only: the texts become a fixed-width ``uint32`` code-point matrix, each adjacent pair
    of columns one hashed bigram, and the (row, hash) pairs one COO → CSR conversion (which sums
    repeats). Padding (code point 0) never forms a bigram.
    """
    from scipy import sparse

    codes = np.asarray(texts, dtype=f"<U{width}").view(np.uint32).reshape(len(texts), width).astype(np.int64)
    left, right = codes[:, :-1], codes[:, 1:]
    valid = (left > 0) & (right > 0)
    hashed = ((left * 1_000_003 + right) % N_FEATURES)[valid]
    rows = np.broadcast_to(np.arange(len(texts))[:, None], left.shape)[valid]
    data = np.ones(len(hashed), dtype=np.float32)
    return sparse.csr_matrix((data, (rows, hashed)), shape=(len(texts), N_FEATURES), dtype=np.float32)


def vectorise(texts: Sequence[str], *, width: int = 96):
    """Sparse L2-normalised TF-IDF rows of hashed character bigrams (vocabulary-free)."""
    from scipy import sparse
    from sklearn.preprocessing import normalize

    parts = [_bigram_counts(texts[i : i + BATCH], width) for i in range(0, len(texts), BATCH)]
    x = sparse.vstack(parts, format="csr") if len(parts) > 1 else parts[0]
    x.sum_duplicates()
    x.data = np.log1p(x.data)
    df = np.bincount(x.indices, minlength=N_FEATURES).astype(np.float32)
    idf = (np.log((1 + x.shape[0]) / (1 + df)) + 1).astype(np.float32)
    x.data *= idf[x.indices]
    return normalize(x, copy=False)


def cluster(x, *, n_topics: int, sample: int = 100_000, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Topic of every row, its similarity to the topic centroid, and the centroids."""
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.preprocessing import normalize

    n = x.shape[0]
    k = max(1, min(n_topics, n))
    rng = np.random.default_rng(seed)
    idx = rng.choice(n, size=min(sample, n), replace=False) if n > sample else np.arange(n)
    km = MiniBatchKMeans(n_clusters=k, batch_size=4096, n_init=1, random_state=seed, max_iter=50)
    km.fit(x[idx])
    centroids = normalize(km.cluster_centers_.astype(np.float32))
    labels = np.empty(n, dtype=np.int32)
    score = np.empty(n, dtype=np.float32)
    for i in range(0, n, BATCH):
        sim = np.asarray(x[i : i + BATCH] @ centroids.T)
        labels[i : i + BATCH] = sim.argmax(axis=1)
        score[i : i + BATCH] = sim.max(axis=1)
    return labels, score, centroids


def analyse(
    *,
    titles: Sequence[str],
    texts: Sequence[str],
    regions: Sequence[str],
    weeks: Sequence[str],
    n_topics: int = 100,
    min_count: int = MIN_COUNT,
    sample: int = 100_000,
):
    """Topic counts per (region, week, topic) with ``previous_mean``, ``rising``, ``spike`` and the
    topic name, as a Polars DataFrame sorted by week, region, count (descending). ``weeks`` are ISO
    week strings (``2026-W05``) or any sortable week key."""
    import polars as pl

    n = len(texts)
    if n == 0:
        return pl.DataFrame(
            schema={
                "region": pl.Utf8,
                "week": pl.Utf8,
                "topic": pl.Int32,
                "count": pl.UInt32,
                "previous_mean": pl.Float64,
                "previous_std": pl.Float64,
                "rising": pl.Boolean,
                "spike": pl.Boolean,
                "topic_name": pl.Utf8,
            }
        )
    x = vectorise(texts)
    labels, score, _ = cluster(x, n_topics=n_topics, sample=sample)
    df = pl.DataFrame(
        {
            "region": pl.Series(regions, dtype=pl.Utf8),
            "week": pl.Series(weeks, dtype=pl.Utf8),
            "topic": labels,
            "score": score,
            "row": np.arange(n, dtype=np.int64),
        }
    )
    central = df.group_by("topic").agg(pl.col("row").sort_by("score", descending=True).first().alias("row"))
    titles_arr = np.asarray(titles, dtype=object)
    names = pl.DataFrame(
        {"topic": central["topic"], "topic_name": [str(t)[:40] for t in titles_arr[central["row"].to_numpy()]]}
    )
    counts = df.group_by(["region", "week", "topic"]).agg(pl.len().alias("count"))
    # weeks without orders on a topic count as 0 (else a quiet gap would hide a rise)
    grid = counts.select(["region", "topic"]).unique().join(counts.select("week").unique(), how="cross")
    counts = grid.join(counts, on=["region", "topic", "week"], how="left").with_columns(
        pl.col("count").fill_null(0).cast(pl.UInt32)
    )
    counts = counts.sort(["region", "topic", "week"])
    prev = pl.col("count").shift(1).rolling_mean(HISTORY_WEEKS, min_samples=1).over(["region", "topic"])
    prev_std = pl.col("count").shift(1).rolling_std(HISTORY_WEEKS, min_samples=2).over(["region", "topic"])
    counts = counts.with_columns(
        prev.fill_null(0.0).alias("previous_mean"), prev_std.fill_null(0.0).alias("previous_std")
    )
    # a week needs history before it can rise: the first HISTORY_WEEKS weeks of the data only
    # serve as history (or all but the last week, when there are fewer)
    n_weeks = counts.select(pl.col("week").n_unique()).item()
    counts = counts.with_columns(
        (pl.col("week").rank("dense") - 1 >= min(HISTORY_WEEKS, n_weeks - 1)).alias("_has_history")
    )
    counts = counts.with_columns(
        (
            pl.col("_has_history") & (pl.col("count") >= min_count) & (pl.col("count") >= 2 * pl.col("previous_mean"))
        ).alias("rising"),
        (
            pl.col("_has_history")
            & (pl.col("count") >= min_count)
            & (pl.col("count") >= 2 * pl.col("previous_mean"))
            & (
                (pl.col("count") - pl.col("previous_mean"))
                / pl.max_horizontal(pl.col("previous_std"), pl.col("previous_mean").sqrt(), pl.lit(1.0))
                >= SPIKE_Z
            )
        ).alias("spike"),
    )
    counts = counts.filter(pl.col("count") > 0).drop("_has_history")
    return counts.join(names, on="topic", how="left").sort(["week", "region", "count"], descending=[False, False, True])
