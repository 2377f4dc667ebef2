"""Work-order classifier against the Signalen baseline, on the shared Teddy Cup messages.

Data (read at run time from ``../shared/data``, never copied): ``teddycup2020-messages-split/
dev.csv`` (1,842 labelled messages, headerless ``label,text``) and ``teddycup2020-messages-sample/
attachment2.xlsx`` (495 labelled messages, 留言主题 + 留言详情 → text). The other shared files
carry no first-level label (attachment3/4: messages without one; attachment1: the category tree).
De-duplicated twice: exact repeats of the whitespace-free text (145 of the sample's messages
repeat dev.csv's), then near-duplicates (:func:`zwfw.hotline.classify.data.near_dedupe`: a
re-post with a new subject or a few words changed; one message kept per group), so that no
message has a near-copy on the other side of the split. Our own split: stratified, ``--test-size``
held out (default 20 %), fixed ``--seed`` (default 2026).

Every modelling choice was made by 5-fold cross-validation inside the training part of this
split (``--cv`` reruns that comparison); the held-out part is scored once, at the end.

Compared on the same split:

- **ours**: :func:`zwfw.hotline.classify.model.train` — exactly what ``zwfw hotline train``
  fits (character-n-gram SVM + jieba-word SVM blend, subject-line features, calibrated);
- **ours, characters only**: the same without the word SVM (ablation, uncalibrated);
- **Signalen baseline**: term counts (``CountVectorizer``; jieba words, the Chinese counterpart of
  Signalen's word tokens) → L1-regularised logistic regression (liblinear, one-vs-rest: liblinear
  fits one binary model per class), grid search over ``C`` (3-fold, macro-F1).

Reported: macro-F1 (with a bootstrap 95 % interval) and accuracy on the held-out split, fit time,
and orders/s classified (one process, and two processes on the two cores).

    python bench/hotline_classify.py [--json FILE] [--test-size 0.2] [--seed 2026] [--quick] [--cv]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
SHARED = REPO.parent / "shared" / "data"
DEV = SHARED / "teddycup2020-messages-split" / "dev.csv"
SAMPLE = SHARED / "teddycup2020-messages-sample" / "attachment2.xlsx"

_MODEL = None
OURS = "ours (zwfw hotline train)"


def _load_rows():
    from zwfw.hotline.classify import data

    rows = data.read_training_file(DEV) + data.read_training_file(SAMPLE)
    return len(rows), len(data.dedupe(rows)), data.near_dedupe(rows)


def signalen_baseline(grid):
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import Pipeline

    from zwfw.hotline.classify.model import jieba_tokens

    pipe = Pipeline(
        [
            ("counts", CountVectorizer(tokenizer=jieba_tokens, token_pattern=None, lowercase=False)),
            ("clf", OneVsRestClassifier(LogisticRegression(l1_ratio=1.0, solver="liblinear", max_iter=1000))),
        ]
    )
    return GridSearchCV(pipe, {"clf__estimator__C": grid}, cv=3, scoring="f1_macro", n_jobs=1, error_score="raise")


def _init(path):
    global _MODEL
    from zwfw.hotline.classify import model as clf

    _MODEL = clf.load(path)


def _predict(texts):
    from zwfw.hotline.classify import model as clf

    return len(clf.predict(_MODEL, texts))


def cross_validate(labels, texts, configs, seed=0):
    """Macro-F1 and accuracy of :class:`BlendedSVC` variants by 5-fold CV on the training part only."""
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedKFold

    from zwfw.hotline.classify import blend
    from zwfw.hotline.classify import model as clf

    cache: dict[str, list[str]] = {}

    def tokens(text):  # jieba once per text across folds and variants
        if text not in cache:
            cache[text] = clf.jieba_tokens(text)
        return cache[text]

    blend.jieba_tokens = tokens
    prepared = [clf._prepare(t) for t in texts]
    folds = list(StratifiedKFold(5, shuffle=True, random_state=seed).split(prepared, labels))
    out = {}
    for name, kw in configs.items():
        true, pred = [], []
        for a, b in folds:
            m = blend.BlendedSVC(**kw).fit([prepared[i] for i in a], labels[a])
            pred += list(m.predict([prepared[i] for i in b]))
            true += list(labels[b])
        out[name] = {
            "macro_f1": round(f1_score(true, pred, average="macro"), 4),
            "accuracy": round(accuracy_score(true, pred), 4),
        }
        print(f"  CV {name:40s} macro-F1 {out[name]['macro_f1']:.4f}  accuracy {out[name]['accuracy']:.4f}", flush=True)
    blend.jieba_tokens = clf.jieba_tokens
    return out


CV_CONFIGS = {
    "characters only": {"word_weight": 0},
    "characters only, no subject features": {"word_weight": 0, "head_weight": 0},
    "chosen: + words x0.3": {},
    "+ words x0.5": {"word_weight": 0.5},
    "+ words x1.0": {"word_weight": 1.0},
}


def bootstrap_f1(true, pred, n=1000, seed=0):
    import numpy as np
    from sklearn.metrics import f1_score

    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(true), size=(n, len(true)))
    scores = np.sort([f1_score(true[i], pred[i], average="macro") for i in idx])
    return round(float(scores[int(0.025 * n)]), 4), round(float(scores[int(0.975 * n) - 1]), 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--test-size", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--quick", action="store_true", help="skip the ablation and use a smaller C grid")
    parser.add_argument(
        "--cv", action="store_true", help="first rerun the 5-fold CV of the choices on the training part"
    )
    args = parser.parse_args()
    import numpy as np
    from sklearn.metrics import accuracy_score, classification_report, f1_score
    from sklearn.model_selection import train_test_split

    from zwfw.hotline.classify import model as clf

    if not DEV.is_file() or not SAMPLE.is_file():
        sys.exit(f"shared data not found under {SHARED}")
    raw, exact, rows = _load_rows()
    labels = np.array([r[0] for r in rows])
    texts = np.array([r[1] for r in rows], dtype=object)
    tr, te = train_test_split(np.arange(len(rows)), test_size=args.test_size, stratify=labels, random_state=args.seed)
    print(
        f"data: {raw} rows read, {exact} after exact and {len(rows)} after near-duplicate de-duplication; "
        f"train {len(tr)}, held out {len(te)}",
        flush=True,
    )
    results: dict = {
        "data": {
            "rows_read": raw,
            "rows_exact_deduplicated": exact,
            "rows_deduplicated": len(rows),
            "train": len(tr),
            "test": len(te),
            "seed": args.seed,
            "test_size": args.test_size,
        },
        "models": {},
        "machine": {"cpus": os.cpu_count(), "load_average_start": os.getloadavg()},
    }
    if args.cv:
        results["cv_on_training_part"] = cross_validate(labels[tr], texts[tr].tolist(), CV_CONFIGS)

    def evaluate(name, fit, predict):
        t0 = time.perf_counter()
        fitted = fit()
        fit_s = time.perf_counter() - t0
        pred = np.asarray(predict(fitted))
        f1 = f1_score(labels[te], pred, average="macro")
        acc = accuracy_score(labels[te], pred)
        lo, hi = bootstrap_f1(labels[te], pred)
        results["models"][name] = {
            "macro_f1": round(f1, 4),
            "macro_f1_bootstrap_95": [lo, hi],
            "accuracy": round(acc, 4),
            "fit_seconds": round(fit_s, 1),
        }
        print(
            f"{name:28s} macro-F1 {f1:.4f} (95 % {lo:.3f}-{hi:.3f})  accuracy {acc:.4f}  fit {fit_s:.1f} s",
            flush=True,
        )
        return fitted, pred

    bundle, pred = evaluate(
        OURS,
        lambda: clf.train(labels[tr].tolist(), texts[tr].tolist()),
        lambda b: clf.predict(b, texts[te].tolist()),
    )
    report = classification_report(labels[te], pred, digits=3, output_dict=True)
    results["models"][OURS]["per_class_f1"] = {
        k: round(v["f1-score"], 3)
        for k, v in report.items()
        if isinstance(v, dict) and "support" in v and k in set(labels)
    }
    print(classification_report(labels[te], pred, digits=3), flush=True)
    if not args.quick:
        from zwfw.hotline.classify.blend import BlendedSVC

        evaluate(
            "ours, characters only",
            lambda: BlendedSVC(word_weight=0).fit([clf._prepare(t) for t in texts[tr]], labels[tr]),
            lambda m: m.predict([clf._prepare(t) for t in texts[te]]),
        )
    grid = [0.5, 2.0, 8.0] if args.quick else [0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0]
    search, _ = evaluate(
        "Signalen baseline (L1 LR)",
        lambda: signalen_baseline(grid).fit(texts[tr].tolist(), labels[tr].tolist()),
        lambda s: s.predict(texts[te].tolist()),
    )
    results["models"]["Signalen baseline (L1 LR)"]["best_C"] = search.best_params_["clf__estimator__C"]
    results["models"]["Signalen baseline (L1 LR)"]["C_grid"] = grid
    print(f"baseline best C = {search.best_params_['clf__estimator__C']}", flush=True)

    # throughput: the held-out texts repeated to 5,000 orders
    import tempfile

    batch = (texts[te].tolist() * (5000 // len(te) + 1))[:5000]
    t0 = time.perf_counter()
    clf.predict(bundle, batch)
    one = len(batch) / (time.perf_counter() - t0)
    path = Path(tempfile.mkdtemp()) / "m.joblib"
    clf.save(bundle, path)
    halves = [batch[: len(batch) // 2], batch[len(batch) // 2 :]]
    with ProcessPoolExecutor(2, initializer=_init, initargs=(str(path),)) as pool:
        list(pool.map(_predict, [["预热"]] * 2))
        t0 = time.perf_counter()
        done = sum(pool.map(_predict, halves))
        two = done / (time.perf_counter() - t0)
    results["throughput"] = {
        "orders": len(batch),
        "orders_per_s_1_process": round(one),
        "orders_per_s_2_processes": round(two),
    }
    print(
        f"classified {len(batch)} orders: {one:.0f} orders/s in one process, {two:.0f} orders/s in two processes",
        flush=True,
    )
    ours = results["models"][OURS]
    base = results["models"]["Signalen baseline (L1 LR)"]
    print(
        f"\nmacro-F1 ours {ours['macro_f1']:.4f} vs Signalen {base['macro_f1']:.4f} "
        f"(+{ours['macro_f1'] - base['macro_f1']:.4f}); accuracy {ours['accuracy']:.4f} vs {base['accuracy']:.4f}"
    )
    results["machine"]["load_average_end"] = os.getloadavg()
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
