"""The statistical layer: a linear model on character and word n-grams, shipped as data.

Trained by ``python -m surveys.safeguarding.train`` (a scikit-learn ``Pipeline`` of a
TF-IDF vectoriser and logistic regression) from every tuning part in ``corpus/``, and saved as
``data/model.json.gz``: the n-grams, their IDF weights and the model's coefficients —
plain numbers, no pickle, nothing fetched at run time. Besides the n-grams the model
reads which concepts of the word lists the text carries (``c:HIT``), so a synonym, a
slang word or another language's word the lists know counts even if no training line
used it; retrain after changing the word lists. Scoring here is the same
arithmetic the pipeline does (sublinear TF x IDF, L2 norm, a linear score per class,
softmax), on features from the same :func:`features` function the training used, so the
shipped file scores exactly as the trained pipeline did. scikit-learn is needed only to
train; the bot runs on numpy alone.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import numpy as np

from surveys.safeguarding.concepts import BREAK, tag
from surveys.safeguarding.normalise import DATA_DIR, token

__all__ = ["MODEL_PATH", "Model", "Scores", "concept_names", "features", "model"]

MODEL_PATH = DATA_DIR / "model.json.gz"
#: Character n-grams from 2 to 5 letters inside word boundaries, words, and word pairs.
CHAR_SIZES = (2, 5)
#: Concepts that are not evidence of anything: sentence breaks, "but", the writer's "i".
_NOT_FEATURES = frozenset({BREAK, "BUT", "ME_SAY", "WRITER_ADULT"})
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


def concept_names(normalised: str) -> list[str]:
    """The concepts (see :mod:`.concepts`) the words of normalised text carry, sorted."""
    where = tag([token(word) for word in normalised.split()])
    return sorted(name for name in where if name not in _NOT_FEATURES)


def concept_features(names: Iterable[str]) -> list[str]:
    """One feature per concept present: ``c:HIT``. The word lists' synonyms, slang and
    other languages all reach the model through these, not only the words it was shown."""
    return [f"c:{name}" for name in sorted(set(names)) if name not in _NOT_FEATURES]


def word_pairs(tokens: list[str]) -> list[str]:
    """Each two neighbouring words (``w:cut myself``), and each two with one word between
    them (``s:cut myself``, from "cut my self" or "cut myself again"): a skipped word
    lets "hits me" and "hits my mum" share what "hits" says. The skips were added when,
    on two fresh test parts each, they caught 1 to 1.6 more English disclosures in a
    hundred at 2% false alarms (the same at 5%)."""
    return [f"w:{a} {b}" for a, b in pairwise(tokens)] + [
        f"s:{a} {c}" for a, c in zip(tokens, tokens[2:], strict=False)
    ]


def features(normalised: str, concepts: Iterable[str] | None = None) -> list[str]:
    """The n-grams of normalised text and its concepts; used verbatim by the training
    pipeline. ``concepts`` are :func:`concept_names` of the text, when the caller has them."""
    tokens = normalised.split()
    grams: list[str] = []
    for word in tokens:
        grams.extend(word_features(word))
    grams.extend(word_pairs(tokens))
    grams.extend(concept_features(concept_names(normalised) if concepts is None else concepts))
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

    def columns(self, word: str) -> np.ndarray:
        """The model's columns for one word's n-grams (cached: people reuse their words)."""
        cached = self._columns.get(word)
        if cached is None:
            found = [self.index.get(gram) for gram in word_features(word)]
            cached = np.asarray([c for c in found if c is not None], dtype=np.int64)
            if len(self._columns) < _COLUMN_CACHE:
                self._columns[word] = cached
        return cached

    def scores(self, normalised: str, concepts: Iterable[str] | None = None) -> Scores:
        """Probabilities as the trained pipeline gives them (the same features and sums).

        ``concepts`` are :func:`concept_names` of the text, when the caller has them.
        """
        tokens = normalised.split()
        parts = [self.columns(word) for word in tokens]
        pairs = [self.index.get(gram) for gram in word_pairs(tokens)]
        names = concept_names(normalised) if concepts is None else concepts
        pairs.extend(self.index.get(gram) for gram in concept_features(names))
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
