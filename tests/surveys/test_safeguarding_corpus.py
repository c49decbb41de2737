"""The labelled corpus the classifier learns from and is judged on: well formed, and no
test line also in training (a test part is only held out if none of its lines is)."""

from __future__ import annotations

import json
from pathlib import Path

from surveys.safeguarding import CATEGORIES
from surveys.safeguarding.train import CORPUS_DIR, tuning_parts

LANGUAGES = {"en", "pa", "ur", "pl"}
SCRIPTS = {"latin", "gurmukhi", "arabic"}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def test_every_labelled_line_is_well_formed() -> None:
    parts = sorted(CORPUS_DIR.glob("*.jsonl")) + sorted(CORPUS_DIR.glob("candidates/*.jsonl"))
    assert len(parts) > 30
    for part in parts:
        for row in _rows(part):
            assert set(row) == {"text", "lang", "script", "category"}, (part.name, row)
            assert row["text"].strip(), part.name
            assert row["lang"] in LANGUAGES, (part.name, row)
            assert row["script"] in SCRIPTS, (part.name, row)
            assert row["category"] in {*CATEGORIES, "none"}, (part.name, row)


def test_no_test_line_is_also_a_training_line() -> None:
    training = {_key(row["text"]) for part in tuning_parts() for row in _rows(part)}
    for part in sorted(CORPUS_DIR.glob("test*.jsonl")):
        shared = [row["text"] for row in _rows(part) if _key(row["text"]) in training]
        assert not shared, (part.name, shared[:3])


def test_candidate_and_test_parts_are_never_training_parts(tmp_path: Path) -> None:
    for name in ("extra1.jsonl", "seen1.jsonl", "test1.jsonl", "candidates/extra2.jsonl"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    assert [part.name for part in tuning_parts(tmp_path)] == ["extra1.jsonl", "seen1.jsonl"]
    assert not any(part.name.startswith("test") for part in tuning_parts())
