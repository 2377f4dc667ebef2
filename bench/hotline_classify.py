"""Work-order classifier against the Signalen baseline, on the shared Teddy Cup messages.

Data (read at run time from ``../shared/data``, never copied): ``teddycup2020-messages-split/
dev.csv`` (1,842 labelled messages, headerless ``label,text``) and ``teddycup2020-messages-sample/
attachment2.xlsx`` (495 labelled messages, 留言主题 + 留言详情 → text), de-duplicated on the
whitespace-free text (145 of the sample's messages repeat dev.csv's). Our own split: stratified,
``--test-size`` held out (default 20 %), fixed ``--seed``.

Compared on the same split:

- **ours**: :func:`zwfw.hotline.classify.model.build_pipeline` (character 1–3-gram TF-IDF,
  calibrated linear SVM) — exactly what ``zwfw hotline train`` fits;
- **ours + jieba words**: the same with jieba word uni/bigrams added (kept as an option);
- **Signalen baseline**: term counts (``CountVectorizer``; jieba words, the Chinese counterpart of
  Signalen's word tokens) → L1-regularised logistic regression (liblinear, one-vs-rest: liblinear fits one binary
  model per class), grid search over
  ``C`` (3-fold, macro-F1).

Reported: macro-F1 and accuracy on the held-out split, fit time, and orders/s classified (one
process, and two processes on the two cores).

    python bench/hotline_classify.py [--json FILE] [--test-size 0.2] [--seed 42] [--quick]
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


def _load_rows():
    from zwfw.hotline.classify import data

    rows = data.read_training_file(DEV) + data.read_training_file(SAMPLE)
    return len(rows), data.dedupe(rows)


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--test-size", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--quick", action="store_true", help="skip the jieba variant and use a smaller C grid")
    args = parser.parse_args()
    import numpy as np
    from sklearn.metrics import accuracy_score, classification_report, f1_score
    from sklearn.model_selection import train_test_split

    from zwfw.hotline.classify import model as clf

    if not DEV.is_file() or not SAMPLE.is_file():
        sys.exit(f"shared data not found under {SHARED}")
    raw, rows = _load_rows()
    labels = np.array([r[0] for r in rows])
    texts = np.array([r[1] for r in rows], dtype=object)
    tr, te = train_test_split(np.arange(len(rows)), test_size=args.test_size, stratify=labels, random_state=args.seed)
    print(f"data: {raw} rows read, {len(rows)} after de-duplication; train {len(tr)}, held out {len(te)}", flush=True)
    results: dict = {
        "data": {
            "rows_read": raw,
            "rows_deduplicated": len(rows),
            "train": len(tr),
            "test": len(te),
            "seed": args.seed,
            "test_size": args.test_size,
        },
        "models": {},
        "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg()},
    }

    def evaluate(name, fit, predict):
        t0 = time.perf_counter()
        fitted = fit()
        fit_s = time.perf_counter() - t0
        pred = predict(fitted)
        f1 = f1_score(labels[te], pred, average="macro")
        acc = accuracy_score(labels[te], pred)
        results["models"][name] = {"macro_f1": round(f1, 4), "accuracy": round(acc, 4), "fit_seconds": round(fit_s, 1)}
        print(f"{name:28s} macro-F1 {f1:.4f}  accuracy {acc:.4f}  fit {fit_s:.1f} s", flush=True)
        return fitted, pred

    bundle, pred = evaluate(
        "ours (char 1-3 + cal. SVM)",
        lambda: clf.train(labels[tr].tolist(), texts[tr].tolist()),
        lambda b: clf.predict(b, texts[te].tolist()),
    )
    print(classification_report(labels[te], pred, digits=3), flush=True)
    if not args.quick:

        def fit_words():
            p = clf.build_pipeline(words=True)
            p.fit([clf._prepare(t) for t in texts[tr]], labels[tr].tolist())
            return p

        evaluate("ours + jieba words", fit_words, lambda p: p.predict([clf._prepare(t) for t in texts[te]]))
    grid = [0.5, 2.0, 8.0] if args.quick else [0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0]
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
    ours = results["models"]["ours (char 1-3 + cal. SVM)"]
    base = results["models"]["Signalen baseline (L1 LR)"]
    print(
        f"\nmacro-F1 ours {ours['macro_f1']:.4f} vs Signalen {base['macro_f1']:.4f} "
        f"(+{ours['macro_f1'] - base['macro_f1']:.4f}); accuracy {ours['accuracy']:.4f} vs {base['accuracy']:.4f}"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
