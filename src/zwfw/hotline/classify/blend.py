"""The classifier behind :func:`.model.build_pipeline` (its own module so that importing
:mod:`.model`, as every web process does, does not import scikit-learn; unpickling a model file
imports this module)."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone

from .text import HEAD_WEIGHT, WORD_WEIGHT, head, jieba_tokens


def _tfidf(**kw):
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(sublinear_tf=True, dtype=np.float32, **kw)


def _features(main, *, head_weight: float):
    from sklearn.pipeline import FeatureUnion

    heads = _tfidf(analyzer="char", ngram_range=(1, 3), preprocessor=head)
    return FeatureUnion([("main", main), ("head", heads)], transformer_weights={"main": 1.0, "head": head_weight})


def _svm_pipeline(main, *, c: float, head_weight: float):
    from sklearn.pipeline import Pipeline
    from sklearn.svm import LinearSVC

    features = _features(main, head_weight=head_weight)
    return Pipeline([("features", features), ("svm", LinearSVC(C=c, class_weight="balanced"))])


class BlendedSVC(ClassifierMixin, BaseEstimator):
    """A character-n-gram SVM, optionally blended with a jieba-word SVM (decision values summed,
    the word SVM's weighted ``word_weight``; ``word_weight=0``: the character SVM alone) and/or a
    logistic regression on the character features (``lr_weight``: then the SVM's and the LR's
    decision values are each divided by their standard deviation on the training texts before
    they are summed). ``char_max_n``: the longest character n-gram of the whole text."""

    def __init__(
        self,
        c: float = 1.0,
        min_df: int = 2,
        word_weight: float = WORD_WEIGHT,
        head_weight: float = HEAD_WEIGHT,
        char_max_n: int = 3,
        lr_weight: float = 0.0,
    ):
        self.c = c
        self.min_df = min_df
        self.word_weight = word_weight
        self.head_weight = head_weight
        self.char_max_n = char_max_n
        self.lr_weight = lr_weight

    def fit(self, X, y):
        chars = _tfidf(analyzer="char", ngram_range=(1, self.char_max_n), min_df=self.min_df, max_features=400_000)
        self.chars_ = _svm_pipeline(chars, c=self.c, head_weight=self.head_weight).fit(X, y)
        self.words_ = None
        if self.word_weight:
            words = _tfidf(tokenizer=jieba_tokens, token_pattern=None, lowercase=False, ngram_range=(1, 2))
            self.words_ = _svm_pipeline(words, c=self.c, head_weight=self.head_weight).fit(X, y)
        self.lr_ = None
        self.scales_ = (1.0, 1.0)
        if self.lr_weight:
            from sklearn.linear_model import LogisticRegression

            feats = self.chars_.named_steps["features"].transform(X)
            self.lr_ = LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000).fit(feats, y)
            svm_std = float(np.std(self.chars_.named_steps["svm"].decision_function(feats))) or 1.0
            lr_std = float(np.std(self.lr_.decision_function(feats))) or 1.0
            self.scales_ = (1.0 / svm_std, self.lr_weight / lr_std)
        self.classes_ = self.chars_.classes_
        return self

    def decision_function(self, X):
        if getattr(self, "lr_", None) is None:  # files written before the LR option have no lr_
            scores = self.chars_.decision_function(X)
        else:
            feats = self.chars_.named_steps["features"].transform(X)
            svm = self.chars_.named_steps["svm"].decision_function(feats)
            scores = self.scales_[0] * svm + self.scales_[1] * self.lr_.decision_function(feats)
        if self.words_ is not None:
            scores = scores + self.word_weight * self.words_.decision_function(X)
        return _two_columns(scores)

    def predict(self, X):
        return self.classes_[np.argmax(self.decision_function(X), axis=1)]


def _two_columns(scores):
    """Two categories: one signed decision value per text becomes a column per category."""
    scores = np.asarray(scores)
    return np.column_stack([-scores, scores]) if scores.ndim == 1 else scores


def _softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class TemperatureCalibrated(ClassifierMixin, BaseEstimator):
    """``estimator`` fitted on all rows; probabilities are the softmax of its decision values
    divided by one temperature, fitted (least log-loss) on ``cv``-fold out-of-fold decision
    values. One monotone scale for every class, so the first-ranked category is exactly the
    estimator's: cross-validating the estimator scores the calibrated model's predictions."""

    def __init__(self, estimator=None, cv: int = 5):
        self.estimator = estimator
        self.cv = cv

    def fit(self, X, y):
        from scipy.optimize import minimize_scalar
        from sklearn.model_selection import StratifiedKFold

        X, y = list(X), np.asarray(y)
        self.classes_ = np.unique(y)
        oof = np.zeros((len(y), len(self.classes_)))
        for a, b in StratifiedKFold(self.cv, shuffle=True, random_state=0).split(X, y):
            part = clone(self.estimator).fit([X[i] for i in a], y[a])
            oof[b] = _two_columns(part.decision_function([X[i] for i in b]))
        self.estimator_ = clone(self.estimator).fit(X, y)
        target = np.searchsorted(self.classes_, y)

        def nll(log_t):
            p = _softmax(oof / np.exp(log_t))
            return -float(np.mean(np.log(p[np.arange(len(y)), target] + 1e-12)))

        self.temperature_ = float(np.exp(minimize_scalar(nll, bounds=(-6.0, 4.0), method="bounded").x))
        return self

    def decision_function(self, X):
        return _two_columns(self.estimator_.decision_function(X))

    def predict_proba(self, X):
        return _softmax(self.decision_function(X) / self.temperature_)

    def predict(self, X):
        return self.classes_[np.argmax(self.decision_function(X), axis=1)]
