"""The blended classifier behind :func:`.model.build_pipeline` (its own module so that importing
:mod:`.model`, as every web process does, does not import scikit-learn; unpickling a model file
imports this module)."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from .model import HEAD_WEIGHT, WORD_WEIGHT, head, jieba_tokens


def _tfidf(**kw):
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(sublinear_tf=True, dtype=np.float32, **kw)


def _svm_pipeline(main, *, c: float, head_weight: float):
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.svm import LinearSVC

    heads = _tfidf(analyzer="char", ngram_range=(1, 3), preprocessor=head)
    features = FeatureUnion([("main", main), ("head", heads)], transformer_weights={"main": 1.0, "head": head_weight})
    return Pipeline([("features", features), ("svm", LinearSVC(C=c, class_weight="balanced"))])


class BlendedSVC(ClassifierMixin, BaseEstimator):
    """A character-n-gram SVM and a jieba-word SVM on raw texts; decision values summed, the
    word SVM's weighted ``word_weight`` (``word_weight=0``: the character SVM alone)."""

    def __init__(
        self, c: float = 1.0, min_df: int = 2, word_weight: float = WORD_WEIGHT, head_weight: float = HEAD_WEIGHT
    ):
        self.c = c
        self.min_df = min_df
        self.word_weight = word_weight
        self.head_weight = head_weight

    def fit(self, X, y):
        chars = _tfidf(analyzer="char", ngram_range=(1, 3), min_df=self.min_df, max_features=400_000)
        self.chars_ = _svm_pipeline(chars, c=self.c, head_weight=self.head_weight).fit(X, y)
        self.words_ = None
        if self.word_weight:
            words = _tfidf(tokenizer=jieba_tokens, token_pattern=None, lowercase=False, ngram_range=(1, 2))
            self.words_ = _svm_pipeline(words, c=self.c, head_weight=self.head_weight).fit(X, y)
        self.classes_ = self.chars_.classes_
        return self

    def decision_function(self, X):
        scores = self.chars_.decision_function(X)
        if self.words_ is not None:
            scores = scores + self.word_weight * self.words_.decision_function(X)
        return scores

    def predict(self, X):
        return self.classes_[np.argmax(self.decision_function(X), axis=1)]
