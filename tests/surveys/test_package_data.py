"""``pip install .`` (not editable) ships every data file the code reads.

Building a wheel needs setuptools from the package index, so this checks the rule the
build follows instead: every file under the four packages that is not Python matches a
``[tool.setuptools.package-data]`` pattern. A new kind of data file (a .json, a .csv)
fails here rather than in production, where only the installed copy exists.
"""

from __future__ import annotations

import fnmatch
import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "surveys", "analytics", "storage")


def _patterns() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    assert setuptools["packages"]["find"]["include"] == [f"{p}*" for p in PACKAGES]
    return list(setuptools["package-data"]["*"])


def _data_files() -> list[str]:
    """Files git tracks under the packages, other than Python source."""
    listed = subprocess.run(
        ["git", "ls-files", *PACKAGES], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return [path for path in listed if not path.endswith(".py")]


def test_every_data_file_is_shipped_by_a_package_data_pattern() -> None:
    patterns = _patterns()
    data = _data_files()
    assert data, "git ls-files found nothing: run the tests from a git checkout"
    unshipped = [
        path for path in data if not any(fnmatch.fnmatch(Path(path).name, p) for p in patterns)
    ]
    assert unshipped == []


def test_the_files_the_code_reads_are_among_them() -> None:
    data = set(_data_files())
    for needed in (
        "surveys/framework.yaml",
        "surveys/scales.yaml",
        "surveys/definitions/parent-carer-review.yaml",
        "surveys/safeguarding/data/phrases_en.txt",
        "surveys/safeguarding/data/textspeak.txt",
        "surveys/safeguarding/data/concepts_en.txt",
        "surveys/safeguarding/data/rules.txt",
        "surveys/safeguarding/data/model.json.gz",
        "storage/names/first_names.txt",
        "storage/names/surnames.txt",
        "storage/migrations/script.py.mako",
        "analytics/templates/report.html.j2",
    ):
        assert needed in data, needed
