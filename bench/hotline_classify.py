"""Work-order classifier against the Signalen baseline, on the shared Teddy Cup messages.

Data (read at run time from ``../shared/data``, never copied): ``teddycup2020-messages-split/
dev.csv`` (1,842 labelled messages, headerless ``label,text``) and ``teddycup2020-messages-sample/
attachment2.xlsx`` (495 labelled messages, 留言主题 + 留言详情 → text). The other shared files
carry no first-level label (attachment3/4: messages without one; attachment1: the category tree).
De-duplicated twice: exact repeats of the whitespace-free text (145 of the sample's messages
repeat dev.csv's), then near-duplicates (:func:`zwfw.hotline.classify.data.near_dedupe`: a
re-post with a new subject or a few words changed; one message kept per group), so that no
message has a near-copy on the other side of the split. Our own split: stratified, ``--test-size``
held out (default 20 %), fixed ``--seed`` (default 20261202; the first report used 2026).

The model was chosen among five candidates (:func:`candidates`) by 2 × 5-fold repeated
cross-validation inside the training part of this split (``--select`` runs only that, no
held-out score); the held-out part is scored once, at the end.

Compared on the same split:

- **ours**: :func:`zwfw.hotline.classify.model.train` — exactly what ``zwfw hotline train``
  fits (character-n-gram SVM with subject-line features, temperature-scaled);
- **Signalen baseline**: term counts (``CountVectorizer``; jieba words, the Chinese counterpart of
  Signalen's word tokens) → L1-regularised logistic regression (liblinear, one-vs-rest: liblinear
  fits one binary model per class), grid search over ``C`` (3-fold, macro-F1).

Reported: macro-F1 (with a bootstrap 95 % interval) and accuracy on the held-out split, fit time,
and orders/s classified (one process, and two processes on the two cores).

    python bench/hotline_classify.py [--json FILE] [--test-size 0.2] [--seed 20261202] [--quick] [--select]
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

    from zwfw.hotline.classify.text import jieba_tokens

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


def candidates():
    """The candidate models, fixed before the fresh split was scored (docs/hotline.md, Figures)."""
    from sklearn.model_selection import GridSearchCV, StratifiedKFold

    from zwfw.hotline.classify.blend import BlendedSVC

    return {
        "chars": lambda: BlendedSVC(word_weight=0),
        "blend (chars + words x0.3)": lambda: BlendedSVC(word_weight=0.3),
        "chars 1-4": lambda: BlendedSVC(word_weight=0, char_max_n=4),
        "chars, nested C": lambda: GridSearchCV(
            BlendedSVC(word_weight=0),
            {"c": [0.3, 1.0, 3.0]},
            cv=StratifiedKFold(3, shuffle=True, random_state=0),
            scoring="f1_macro",
            n_jobs=1,
        ),
        "chars SVM + LR": lambda: BlendedSVC(word_weight=0, lr_weight=1.0),
    }


CHEAPEST = "chars"


def cross_validate(labels, texts, repeats=2, folds=5):
    """Repeated stratified k-fold CV of :func:`candidates` on the training part only: macro-F1 and
    accuracy per fold, their means, and the choice by the rule written in docs/hotline.md."""
    import numpy as np
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedKFold

    from zwfw.hotline.classify.text import memoised_tokens, prepare

    prepared = [prepare(t) for t in texts]
    splits = [
        split
        for seed in range(repeats)
        for split in StratifiedKFold(folds, shuffle=True, random_state=seed).split(prepared, labels)
    ]
    out: dict = {}
    with memoised_tokens():  # jieba once per text across folds and candidates
        for name, make in candidates().items():
            f1s, accs, secs = [], [], []
            for a, b in splits:
                t0 = time.perf_counter()
                pred = make().fit([prepared[i] for i in a], labels[a]).predict([prepared[i] for i in b])
                secs.append(time.perf_counter() - t0)
                f1s.append(f1_score(labels[b], pred, average="macro"))
                accs.append(accuracy_score(labels[b], pred))
            out[name] = {
                "macro_f1": round(float(np.mean(f1s)), 4),
                "accuracy": round(float(np.mean(accs)), 4),
                "fold_macro_f1": [round(float(x), 4) for x in f1s],
                "seconds_per_fold": round(float(np.mean(secs)), 1),
            }
            print(
                f"  CV {name:28s} macro-F1 {out[name]['macro_f1']:.4f}  accuracy {out[name]['accuracy']:.4f}"
                f"  {out[name]['seconds_per_fold']:.1f} s/fold",
                flush=True,
            )
    best = max(out, key=lambda n: out[n]["macro_f1"])
    diff = np.array(out[best]["fold_macro_f1"]) - np.array(out[CHEAPEST]["fold_macro_f1"])
    se = float(diff.std(ddof=1) / np.sqrt(len(diff))) if best != CHEAPEST else 0.0
    chosen = CHEAPEST if diff.mean() <= se else best
    print(f"  best {best}; its lead over {CHEAPEST} {diff.mean():+.4f} (1 SE {se:.4f}); chosen: {chosen}")
    return {
        "candidates": out,
        "best": best,
        "lead_over_cheapest": round(float(diff.mean()), 4),
        "lead_standard_error": round(se, 4),
        "chosen": chosen,
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
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--quick", action="store_true", help="a smaller C grid for the baseline")
    parser.add_argument(
        "--select",
        action="store_true",
        help="only the 2 x 5-fold CV of the candidate models on the training part (no held-out score)",
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
    if args.select:
        results["cv_on_training_part"] = cross_validate(labels[tr], texts[tr].tolist())
        results["machine"]["load_average_end"] = os.getloadavg()
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
        return

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
