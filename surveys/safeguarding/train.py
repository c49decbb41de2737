"""Retrain the safeguarding classifier from the tuning corpus, reproducibly.

    python -m surveys.safeguarding.train            # writes data/model.json.gz

Reads every tuning part in ``corpus/`` (``tune``, ``seen*``, ``extra*``: every
``*.jsonl`` whose name does not start with ``test``; never the test part), fits a
scikit-learn ``Pipeline`` (TF-IDF on :func:`surveys.safeguarding.classifier.features`,
then logistic regression) with a fixed seed, prints cross-validated precision and recall
per category and the share of near-miss lines the fixed alarm threshold (:data:`THRESHOLD`)
flags, and saves vocabulary, IDF, coefficients and threshold as gzipped JSON. Running it
twice on the same corpus writes the same bytes. Needs scikit-learn (``pip install -e '.[train]'``).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from surveys.safeguarding.classifier import MODEL_PATH, features
from surveys.safeguarding.normalise import normalise

CORPUS_DIR = Path(__file__).parent / "corpus"
SEED = 13
#: The classifier alone flags a text when its risk reaches this. Until the seventeenth
#: round it was set at each retrain from a cross-validated false-alarm budget: 3% of the
#: near-miss lines in training (about 0.64), then 2.5%, by a rule written before any test
#: part was run (models trained without the ninth to twelfth parts put the trade on those
#: parts at 2.1% false alarms and 97.7% of English disclosures for 0.66, 1.9% and 97.3% for
#: 0.70, 1.6% and 96.9% for 0.75). A budget moved the threshold with the mix of lines
#: added to teach the model, not only with what it learned (hard safe twins lifted it to
#: 0.77, easy everyday answers lowered it to 0.72) and with noise (eight idioms more moved
#: it by 0.02), so since the seventeenth round it is fixed, at the value the shipped model
#: had when it was judged on the twenty-sixth part. Training prints the share of near-miss
#: lines it flags in cross-validation, and the threshold each budget would give. In the
#: eighteenth round the solver's tolerance was tightened (see :func:`build_pipeline`); at
#: 0.72 the converged model caught more held-out training disclosures than the model it
#: replaced at its own threshold, with fewer false alarms.
THRESHOLD = 0.72
#: A budget never gives a threshold below this.
MIN_THRESHOLD = 0.35


def tuning_parts(directory: Path = CORPUS_DIR) -> list[Path]:
    """Every tuning part, in name order; a ``test*`` part is never training material."""
    return sorted(p for p in directory.glob("*.jsonl") if not p.name.startswith("test"))


def read_corpus(paths: Path | Sequence[Path]) -> list[dict[str, str]]:
    """The labelled lines of one part, or of several in the order given."""
    rows: list[dict[str, str]] = []
    for path in [paths] if isinstance(paths, Path) else paths:
        with path.open(encoding="utf-8") as handle:
            rows.extend(json.loads(line) for line in handle if line.strip())
    return rows


def _analyzer(text: str) -> list[str]:
    return features(text)


def build_pipeline() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline(
        [
            ("tfidf", TfidfVectorizer(analyzer=_analyzer, sublinear_tf=True, min_df=3)),
            (
                "model",
                # C=100 (weak regularisation), solved to a tolerance of 1e-6. At sklearn's
                # default tolerance (1e-4) lbfgs stopped after about 75 iterations, far
                # from the optimum: refitting without 50 random lines of 27,000 changed 68
                # held-out decisions (a risk by up to 0.5), so every retrain moved lines
                # near the threshold. Solved to 1e-6 (about 250 iterations) it changed
                # none (0.05 at most) and ranked better: at the same held-out recall, 73
                # near-miss false alarms of 3,240 instead of 105 (C=30 solved: 93).
                # Judged in the eighteenth round on the thirty-first and thirty-second
                # parts against the C=30 model it replaced. (C=100 is what the ninth and
                # tenth parts chose among C of 5 to 300: ROC AUC 0.996.)
                LogisticRegression(
                    C=100.0, class_weight="balanced", max_iter=3000, tol=1e-6, random_state=SEED
                ),
            ),
        ]
    )


def _threshold(risk: np.ndarray, is_none: np.ndarray, budget: float) -> float:
    """The lowest risk score that keeps cross-validated false alarms within the budget."""
    benign = np.sort(risk[is_none])[::-1]
    allowed = int(budget * len(benign))
    above = benign[allowed] if allowed < len(benign) else 0.0
    return round(max(float(above) + 1e-4, MIN_THRESHOLD), 4)


def train(corpus: Path | Sequence[Path], out: Path, *, report: bool = True) -> dict[str, Any]:
    from sklearn.metrics import classification_report
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    rows = read_corpus(corpus)
    texts = [normalise(row["text"]) for row in rows]
    labels = np.array([row["category"] for row in rows])
    pipeline = build_pipeline()
    threshold = THRESHOLD
    if report:
        # Cross-validation only reports: the threshold is fixed, and the model is fitted
        # on every line below.
        folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
        probabilities = cross_val_predict(pipeline, texts, labels, cv=folds, method="predict_proba")
        classes = sorted(set(labels))
        risk = 1.0 - probabilities[:, classes.index("none")]
        predicted = np.array(classes)[probabilities.argmax(axis=1)]
        print(f"{len(rows)} lines; cross-validated (5 folds, seed {SEED}):")
        print(classification_report(labels, predicted, zero_division=0))
        flagged = float(np.mean(risk[labels == "none"] >= threshold))
        print(
            f"classifier threshold {threshold} (risk >= threshold flags on its own):"
            f" {flagged:.2%} of the near-miss lines flag in cross-validation"
        )
        dial = ", ".join(
            f"{budget:.1%}: {_threshold(risk, labels == 'none', budget)}"
            for budget in (0.01, 0.015, 0.02, 0.025, 0.03, 0.04)
        )
        print(f"threshold for each cross-validated false-alarm budget: {dial}")
    pipeline.fit(texts, labels)
    vectoriser = pipeline.named_steps["tfidf"]
    fitted = pipeline.named_steps["model"]
    vocabulary = sorted(vectoriser.vocabulary_, key=lambda gram: vectoriser.vocabulary_[gram])
    data = {
        "about": "Better Off safeguarding classifier: python -m surveys.safeguarding.train",
        "classes": [str(name) for name in fitted.classes_],
        "vocabulary": vocabulary,
        "idf": [round(float(value), 5) for value in vectoriser.idf_],
        # Two decimals: the coefficients run to about 25 at C=100, and rounding moves no
        # risk score by more than 0.003 (0.0009 at most on the tuning part, checked against
        # the unrounded pipeline in the eighteenth round) while keeping the file small
        # (2.7 MB from 40,400 lines; three decimals made it about half as large again).
        "coef": [[round(float(v), 2) for v in row] for row in fitted.coef_.T],
        "intercept": [round(float(value), 4) for value in fitted.intercept_],
        "threshold": threshold,
    }
    buffer = io.BytesIO()
    # mtime=0 and sorted, rounded numbers: the same corpus always gives the same bytes.
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as handle:
        handle.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    out.write_bytes(buffer.getvalue())
    if report:
        print(f"wrote {out} ({out.stat().st_size // 1024} KiB, {len(vocabulary)} n-grams)")
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus", type=Path, nargs="+", default=None, help="parts to read (default: all tuning)"
    )
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    parts = args.corpus or tuning_parts()
    if any(part.name.startswith("test") for part in parts):
        print("The test part is for evaluation only; train on the tuning parts.", file=sys.stderr)
        return 2
    train(parts, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
