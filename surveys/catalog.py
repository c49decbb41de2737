"""The shipped framework, scales and surveys, and checking any set of files.

What other layers call::

    framework = load_framework()            # surveys/framework.yaml, read once
    survey = get_survey("parent-carer-review")
    problems = validate_paths([Path("my-survey.yaml")])

The shipped files sit beside this module (``Path(__file__).parent``), which is where
``pip install .`` puts them too. A partnership's own pack — a folder with any of
``framework.yaml``, ``scales.yaml`` and ``definitions/`` — replaces the parts it has
(:func:`use_pack`; the command line and the bot call it with ``BETTEROFF_SURVEYS_DIR``);
the parts it lacks come from the shipped set. "Shipped" in the names below means "in
use": the pack's where it has them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path

from surveys.errors import Code, DefinitionError, Problem
from surveys.loader import check_survey
from surveys.loader_framework import (
    FrameworkResult,
    References,
    ScalesResult,
    check_framework,
    check_scales,
    framework_references,
)
from surveys.model import Framework, Scale, Survey
from surveys.structure import Reporter, display_path

__all__ = [
    "DefinitionError",
    "Problem",
    "copy_shipped_pack",
    "expand_paths",
    "get_survey",
    "load_framework",
    "load_scales",
    "load_survey",
    "pack_dir",
    "shipped_files",
    "shipped_surveys",
    "use_pack",
    "validate_paths",
]

SURVEYS_DIR = Path(__file__).resolve().parent
FRAMEWORK_FILE = SURVEYS_DIR / "framework.yaml"
SCALES_FILE = SURVEYS_DIR / "scales.yaml"
DEFINITIONS_DIR = SURVEYS_DIR / "definitions"


#: The partnership's own pack, if one is in use (see use_pack).
_pack: Path | None = None


def use_pack(folder: Path | None) -> None:
    """Read the framework, scales and definitions from ``folder`` where it has them.

    ``None`` goes back to the shipped set. Everything read before is forgotten.
    """
    global _pack
    _pack = folder
    for cached in (_shipped_framework, _shipped_scales, shipped_surveys):
        cached.cache_clear()


def pack_dir() -> Path | None:
    """The partnership's own pack in use, or None for the shipped set."""
    return _pack


def framework_file() -> Path:
    own = _pack / "framework.yaml" if _pack else None
    return own if own is not None and own.is_file() else FRAMEWORK_FILE


def scales_file() -> Path:
    own = _pack / "scales.yaml" if _pack else None
    return own if own is not None and own.is_file() else SCALES_FILE


def definitions_dir() -> Path:
    own = _pack / "definitions" if _pack else None
    return own if own is not None and own.is_dir() else DEFINITIONS_DIR


def shipped_files() -> list[Path]:
    """The framework, the scales and every definition in use, in that order."""
    return [framework_file(), scales_file(), *sorted(definitions_dir().glob("*.yaml"))]


def copy_shipped_pack(folder: Path) -> list[Path]:
    """Copy the shipped framework, scales and definitions into ``folder``; the files made.

    Raises FileExistsError naming the first file that is already there (nothing copied).
    """
    import shutil

    sources = [FRAMEWORK_FILE, SCALES_FILE, *sorted(DEFINITIONS_DIR.glob("*.yaml"))]
    targets = [folder / source.relative_to(SURVEYS_DIR) for source in sources]
    for target in targets:
        if target.exists():
            raise FileExistsError(str(target))
    for source, target in zip(sources, targets, strict=True):
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return targets


# --- the framework and the scales -----------------------------------------------------


@cache
def _shipped_framework() -> FrameworkResult:
    return check_framework(framework_file())


@cache
def _shipped_scales() -> ScalesResult:
    return check_scales(scales_file())


def load_framework(path: Path | None = None) -> Framework:
    """The framework in ``path`` (default: the shipped one, read once); raises DefinitionError."""
    result = _shipped_framework() if path is None else check_framework(path)
    if result.report.has_errors:
        raise DefinitionError(result.report.problems)
    return result.framework


def load_scales(path: Path | None = None) -> dict[str, Scale]:
    """Scale name -> Scale from ``path`` (default: the shipped scales); raises DefinitionError."""
    result = _shipped_scales() if path is None else check_scales(path)
    if result.report.has_errors:
        raise DefinitionError(result.report.problems)
    return {name: scale for name, scale in result.scales.items() if scale is not None}


def _references(
    framework: FrameworkResult | Framework, scales: ScalesResult | dict[str, Scale]
) -> References:
    if isinstance(framework, Framework):
        known: dict[str, frozenset[str] | None] = dict(framework_references(framework))
    else:
        known = framework.references
    references = References(
        audiences=known["audiences"],
        touchpoints=known["touchpoints"],
        content_areas=known["content_areas"],
        indicators=known["indicators"],
    )
    if isinstance(scales, ScalesResult):
        return replace(
            references,
            scales=scales.scales if scales.readable else None,
            option_places=scales.option_places,
        )
    return replace(references, scales=dict(scales))


def load_survey(
    path: Path,
    *,
    framework: Framework | None = None,
    scales: dict[str, Scale] | None = None,
) -> Survey:
    """The survey defined in ``path``; raises DefinitionError with every problem."""
    if framework is None:
        framework = load_framework()
    if scales is None:
        load_scales()  # raises if the shipped scales have errors
    references = _references(framework, scales if scales is not None else _shipped_scales())
    survey, report = check_survey(path, references)
    if survey is None:
        raise DefinitionError(report.problems)
    return survey


# --- the shipped surveys --------------------------------------------------------------


@cache
def shipped_surveys() -> dict[str, Survey]:
    """Survey id -> Survey for every definition in use; raises DefinitionError if any is bad."""
    references = _references(_shipped_framework(), _shipped_scales())
    surveys: dict[str, Survey] = {}
    problems: list[Problem] = []
    for result in (_shipped_framework(), _shipped_scales()):
        if result.report.has_errors:
            problems.extend(result.report.problems)
    for path in sorted(definitions_dir().glob("*.yaml")):
        survey, report = check_survey(path, references)
        problems.extend(report.problems)
        if survey is not None:
            surveys[survey.id] = survey
    if any(p.is_error for p in problems):
        raise DefinitionError(problems)
    return surveys


def get_survey(survey_id: str) -> Survey | None:
    """A shipped survey by id, or None."""
    return shipped_surveys().get(survey_id)


# --- checking files -------------------------------------------------------------------


def expand_paths(paths: Sequence[Path]) -> list[Path]:
    """The files ``paths`` name: a directory gives its ``*.yaml``; none gives the shipped set."""
    files: list[Path] = []
    for path in paths or shipped_files():
        files.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    return files


def validate_paths(paths: Sequence[Path]) -> list[Problem]:
    """Every error and warning in ``paths`` (directories give their ``*.yaml``).

    No paths means every shipped file. A ``framework.yaml`` or ``scales.yaml`` among
    them is checked as such and used for the definitions beside it; otherwise the
    shipped ones are, and their errors are reported too (the definitions depend on them).
    """
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir() and not any(path.glob("*.yaml")):
            empty = Reporter(display_path(path))
            empty.add(Code.NO_FILES, ())
            problems.extend(empty.problems)
    files = expand_paths(paths)

    framework = next((check_framework(f) for f in files if f.name == "framework.yaml"), None)
    scales = next((check_scales(f) for f in files if f.name == "scales.yaml"), None)
    for given, shipped in ((framework, _shipped_framework()), (scales, _shipped_scales())):
        if given is not None:
            problems.extend(_sorted(given.report.problems))
        elif shipped.report.has_errors:  # the definitions below are checked against it
            problems.extend(_sorted(shipped.report.problems))
    framework = framework or _shipped_framework()
    scales = scales or _shipped_scales()

    references = _references(framework, scales)
    first_use: dict[str, str] = {}
    for path in files:
        if path.name in ("framework.yaml", "scales.yaml"):
            continue
        survey, report = check_survey(path, references)
        if survey is not None:
            if survey.id in first_use:
                report.add(
                    Code.DUPLICATE_SURVEY_ID, ("id",), value=survey.id, other=first_use[survey.id]
                )
            first_use.setdefault(survey.id, report.file)
        problems.extend(_sorted(report.problems))
    return problems


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: p.line or 0)
