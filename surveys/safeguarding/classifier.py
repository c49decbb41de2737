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
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from surveys.safeguarding.normalise import DATA_DIR

__all__ = ["MODEL_PATH", "Model", "Scores", "features", "model"]

MODEL_PATH = DATA_DIR / "model.json.gz"
#: Character n-grams from 2 to 5 letters inside word boundaries, and words and word pairs.
CHAR_SIZES = (2, 5)


def features(normalised: str) -> list[str]:
    """The n-grams of normalised text; used verbatim by the training pipeline."""
    grams: list[str] = []
    tokens = normalised.split()
    low, high = CHAR_SIZES
    for token in tokens:
        padded = f" {token} "
        for size in range(low, min(high, len(padded)) + 1):
            grams.extend(padded[start : start + size] for start in range(len(padded) - size + 1))
    grams.extend(f"w:{token}" for token in tokens)
    grams.extend(f"w:{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False))
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
            name: p for name, p in self.by_class.items() if name != "none" and (not among or name in among)
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

    def scores(self, normalised: str) -> Scores:
        counts: dict[int, int] = {}
        for gram in features(normalised):
            position = self.index.get(gram)
            if position is not None:
                counts[position] = counts.get(position, 0) + 1
        logits = self.intercept.copy()
        if counts:
            columns = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            tf = np.fromiter(
                (1.0 + math.log(c) for c in counts.values()), dtype=np.float64, count=len(counts)
            )
            weights = tf * self.idf[columns]
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
