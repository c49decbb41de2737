"""The statistical layer: a linear model on character and word n-grams, shipped as data.

Trained by ``python -m surveys.safeguarding.train`` (a scikit-learn ``Pipeline`` of a
TF-IDF vectoriser and logistic regression) from ``corpus/tune.jsonl``, and saved as
``data/model.json.gz``: the n-grams, their IDF weights and the model's coefficients —
plain numbers, no pickle, nothing fetched at run time. Scoring here is the same
arithmetic the pipeline does (sublinear TF x IDF, L2 norm, a linear score per class,
softmax), on features from the same :func:`features` function the training used, so the
shipped file scores exactly as the trained pipeline did. scikit-learn is needed only to
train; the bot runs on numpy alone.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import numpy as np

from surveys.safeguarding.normalise import DATA_DIR

__all__ = ["MODEL_PATH", "Model", "Scores", "features", "model"]

MODEL_PATH = DATA_DIR / "model.json.gz"
#: Character n-grams from 2 to 5 letters inside word boundaries, and words and word pairs.
CHAR_SIZES = (2, 5)
#: Words whose columns are remembered; a bound, so a flood of new words cannot grow it.
_COLUMN_CACHE = 50_000


def word_features(token: str) -> list[str]:
    """One word's n-grams: its characters in 2 to 5 (with a space either side), and itself."""
    grams: list[str] = []
    padded = f" {token} "
    low, high = CHAR_SIZES
    for size in range(low, min(high, len(padded)) + 1):
        grams.extend(padded[start : start + size] for start in range(len(padded) - size + 1))
    grams.append(f"w:{token}")
    return grams


def features(normalised: str) -> list[str]:
    """The n-grams of normalised text; used verbatim by the training pipeline."""
    tokens = normalised.split()
    grams: list[str] = []
    for token in tokens:
        grams.extend(word_features(token))
    grams.extend(f"w:{a} {b}" for a, b in pairwise(tokens))
    return grams


@dataclass(frozen=True)
class Scores:
    """The probability of each class (``none`` included) for one text."""

    by_class: dict[str, float]

    def risk(self) -> float:
        """How likely any risk is: one minus the probability of ``none``."""
        return 1.0 - self.by_class.get("none", 0.0)

    def best(self, among: tuple[str, ...] | None = None) -> tuple[str, float]:
        """The most likely risk category (among ``among`` if given) and its probability."""
        options = {
            name: p
            for name, p in self.by_class.items()
            if name != "none" and (not among or name in among)
        }
        if not options:
            return (among[0] if among else "none"), 0.0
        name = max(options, key=lambda key: options[key])
        return name, options[name]


class Model:
    """The shipped model: vocabulary, IDF, coefficients, intercepts and a threshold."""

    def __init__(self, data: dict[str, object]) -> None:
        vocabulary = data["vocabulary"]
        assert isinstance(vocabulary, list)
        self.index = {gram: position for position, gram in enumerate(vocabulary)}
        self.idf = np.asarray(data["idf"], dtype=np.float64)
        self.coef = np.asarray(data["coef"], dtype=np.float64)
        self.intercept = np.asarray(data["intercept"], dtype=np.float64)
        classes = data["classes"]
        assert isinstance(classes, list)
        self.classes: list[str] = [str(name) for name in classes]
        threshold = data["threshold"]
        assert isinstance(threshold, int | float)
        #: Risk probability at or above which the classifier alone flags a text.
        self.threshold = float(threshold)
        self._columns: dict[str, np.ndarray] = {}

    def columns(self, token: str) -> np.ndarray:
        """The model's columns for one word's n-grams (cached: people reuse their words)."""
        cached = self._columns.get(token)
        if cached is None:
            found = [self.index.get(gram) for gram in word_features(token)]
            cached = np.asarray([c for c in found if c is not None], dtype=np.int64)
            if len(self._columns) < _COLUMN_CACHE:
                self._columns[token] = cached
        return cached

    def scores(self, normalised: str) -> Scores:
        """Probabilities as the trained pipeline gives them (the same features and sums)."""
        tokens = normalised.split()
        parts = [self.columns(token) for token in tokens]
        pairs = [self.index.get(f"w:{a} {b}") for a, b in pairwise(tokens)]
        parts.append(np.asarray([p for p in pairs if p is not None], dtype=np.int64))
        everything = np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)
        logits = self.intercept.copy()
        if everything.size:
            columns, counts = np.unique(everything, return_counts=True)
            weights = (1.0 + np.log(counts)) * self.idf[columns]
            norm = float(np.sqrt(weights @ weights))
            if norm > 0:
                logits = logits + (weights / norm) @ self.coef[columns]
        logits = logits - logits.max()
        exp = np.exp(logits)
        probabilities = exp / exp.sum()
        return Scores(dict(zip(self.classes, probabilities.tolist(), strict=True)))


def load(path: Path) -> Model:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return Model(json.load(handle))


@lru_cache(maxsize=1)
def model() -> Model | None:
    """The shipped model, or ``None`` if it has not been trained (the rules still work)."""
    if not MODEL_PATH.exists():
        return None
    return load(MODEL_PATH)
