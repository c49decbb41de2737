"""Check ``framework.yaml`` and ``scales.yaml`` and build their runtime objects.

Both are read once and referred to by every survey. When one has errors the
survey checks still run, against :class:`References` that leave out whatever
could not be read (``None``), so a broken framework does not bury every
definition under "unknown audience" errors.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from surveys.errors import Code, suggest
from surveys.model import (
    AUDIENCES,
    TOUCHPOINTS,
    Audience,
    ContentArea,
    Framework,
    Indicator,
    MeasureInfo,
    Option,
    Scale,
    Statement,
    Text,
)
from surveys.raw import RawFramework, RawOption, RawScale
from surveys.structure import Reporter, check_shape, display_path, open_document

MEASURES = ("quantity", "quality", "outcome")
#: Question types that are not scales; a scale may not take one of these names.
BUILT_IN_TYPES = ("choice", "multi", "number", "text", "share")

_SCALE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class References:
    """What a survey may refer to. ``None``: that part could not be read, so do not check."""

    audiences: frozenset[str] | None = None
    touchpoints: frozenset[str] | None = None
    content_areas: frozenset[str] | None = None
    indicators: frozenset[str] | None = None
    #: scale name -> Scale, or None for a scale that exists but has errors
    scales: Mapping[str, Scale | None] | None = None
    #: (scale, option code) -> "surveys/scales.yaml:14", for translation messages
    option_places: Mapping[tuple[str, str], str] = field(default_factory=dict)


def framework_references(framework: Framework) -> dict[str, frozenset[str]]:
    return {
        "audiences": frozenset(framework.audiences),
        "touchpoints": frozenset(framework.touchpoints),
        "content_areas": frozenset(area.id for area in framework.content_areas),
        "indicators": frozenset(framework.indicators),
    }


# --- framework.yaml -------------------------------------------------------------------


@dataclass
class FrameworkResult:
    framework: Framework
    references: dict[str, frozenset[str] | None]
    report: Reporter


def check_framework(path: Path) -> FrameworkResult:
    report = Reporter(display_path(path))
    empty = Framework(content_areas=(), audiences={}, touchpoints={}, measures={}, indicators={})
    unknown: dict[str, frozenset[str] | None] = dict.fromkeys(
        ("audiences", "touchpoints", "content_areas", "indicators")
    )
    document = open_document(path, report, kind="framework")
    if document is None:
        return FrameworkResult(empty, unknown, report)
    raw = check_shape(RawFramework, document.data, (), report)
    areas = _content_areas(raw, report)
    statements = {s.id: s for area in areas for s in area.statements}
    _check_names(raw.audiences, "audiences", AUDIENCES, Code.UNKNOWN_AUDIENCE, report)
    _check_names(raw.touchpoints, "touchpoints", TOUCHPOINTS, Code.UNKNOWN_TOUCHPOINT, report)
    _check_names(raw.measures, "measures", MEASURES, Code.UNKNOWN_MEASURE, report)
    framework = Framework(
        content_areas=areas,
        audiences={
            name: Audience(id=name, singular=entry.singular, plural=entry.plural)
            for name, entry in (raw.audiences or {}).items()
        },
        touchpoints={name: entry.name for name, entry in (raw.touchpoints or {}).items()},
        measures={
            name: MeasureInfo(id=name, question=entry.question, appendix_heading=entry.heading)  # type: ignore[arg-type]
            for name, entry in (raw.measures or {}).items()
        },
        indicators=_indicators(raw, statements, report),
    )
    references: dict[str, frozenset[str] | None] = dict(framework_references(framework))
    for name in references:
        if getattr(raw, name) is None:
            references[name] = None
    return FrameworkResult(framework, references, report)


def _content_areas(raw: RawFramework, report: Reporter) -> tuple[ContentArea, ...]:
    areas: list[ContentArea] = []
    area_lines: dict[str, int | None] = {}
    statement_lines: dict[str, int | None] = {}
    for i, area in enumerate(raw.content_areas or ()):
        at = ("content_areas", i)
        if area.id in area_lines:
            report.add(
                Code.DUPLICATE_ID, (*at, "id"), kind="content area", value=area.id,
                first_line=area_lines[area.id],
            )  # fmt: skip
        area_lines.setdefault(area.id, report.line_of((*at, "id")))
        statements: list[Statement] = []
        for j, statement in enumerate(area.statements):
            where = (*at, "statements", j, "id")
            if statement.id in statement_lines:
                report.add(
                    Code.DUPLICATE_ID, where, kind="statement", value=statement.id,
                    first_line=statement_lines[statement.id],
                )  # fmt: skip
            statement_lines.setdefault(statement.id, report.line_of(where))
            prefix, _, number = statement.id.rpartition(".")
            if prefix != area.id or not number.isdigit():
                report.add(Code.STATEMENT_ID_FORMAT, where, value=statement.id, area=area.id)
                continue
            statements.append(
                Statement(
                    id=statement.id,
                    content_area=area.id,
                    number=int(number),
                    text=statement.text,
                    not_from_feedback=statement.not_from_feedback,
                )
            )
        areas.append(ContentArea(id=area.id, name=area.name, statements=tuple(statements)))
    return tuple(areas)


def _check_names(
    entries: Mapping[str, object] | None,
    key: str,
    known: tuple[str, ...],
    unknown_code: Code,
    report: Reporter,
) -> None:
    """Audiences, touchpoints and measures: exactly the ids the rest of Better Off uses."""
    if entries is None:
        return
    for name in entries:
        if name not in known:
            fix = suggest(name, known, otherwise="Use one of: {choices}.")
            report.add(unknown_code, (key, name), value=name, fix=fix)
    for name in known:
        if name not in entries:
            report.add(
                Code.FRAMEWORK_MISSING, (key,), kind=key.rstrip("s"), value=name,
                expected=", ".join(known),
            )  # fmt: skip


def _indicators(
    raw: RawFramework, statements: Mapping[str, Statement], report: Reporter
) -> dict[str, Indicator]:
    indicators: dict[str, Indicator] = {}
    lines: dict[str, int | None] = {}
    for i, indicator in enumerate(raw.indicators or ()):
        at = ("indicators", i)
        if indicator.id in lines:
            report.add(
                Code.DUPLICATE_ID, (*at, "id"), kind="indicator", value=indicator.id,
                first_line=lines[indicator.id],
            )  # fmt: skip
            continue
        lines[indicator.id] = report.line_of((*at, "id"))
        if raw.content_areas is not None:  # else the statement ids are not known
            for j, statement_id in enumerate(indicator.evidences):
                if statement_id not in statements:
                    fix = suggest(
                        statement_id, statements,
                        otherwise="Use a statement id from content_areas, like 'neglect.1'.",
                    )  # fmt: skip
                    report.add(
                        Code.UNKNOWN_STATEMENT, (*at, "evidences", j), value=statement_id, fix=fix
                    )
        indicators[indicator.id] = Indicator(
            id=indicator.id,
            measure=indicator.measure,
            evidences=tuple(indicator.evidences),
            statement=indicator.statement,
        )
    return indicators


# --- scales.yaml ----------------------------------------------------------------------


@dataclass
class ScalesResult:
    scales: dict[str, Scale | None]  # None: the scale has errors
    option_places: dict[tuple[str, str], str]
    report: Reporter
    readable: bool  # False when the file itself could not be read


def check_scales(path: Path) -> ScalesResult:
    report = Reporter(display_path(path))
    document = open_document(path, report, kind="scales")
    result = ScalesResult({}, {}, report, readable=document is not None)
    if document is None:
        return result
    assert isinstance(document.data, dict)
    for name, data in document.data.items():
        errors_before = len([p for p in report.problems if p.is_error])
        if name in BUILT_IN_TYPES:
            report.add(
                Code.RESERVED_ID, (name,), value=name, kind="scale name",
                reserved="a question type",
            )  # fmt: skip
        elif not _SCALE_NAME.match(name):
            report.add(Code.BAD_ID, (name,), value=name, kind="scale name", example="agree5")
        raw = check_shape(RawScale, data, (name,), report)
        scale = _scale(name, raw, report)
        for i, option in enumerate(scale.options):
            line = report.line_of((name, "options", i))
            result.option_places[(name, option.code)] = f"{report.file}:{line}"
        has_errors = len([p for p in report.problems if p.is_error]) > errors_before
        result.scales[name] = None if has_errors else scale
    return result


def _scale(name: str, raw: RawScale, report: Reporter) -> Scale:
    options = build_options(raw.options or [], (name, "options"), report)
    codes = {option.code: option for option in options}
    for i, code in enumerate(raw.positive or ()):
        check_positive(code, codes, (name, "positive", i), f"scale '{name}'", report)
    return Scale(name=name, options=options, positive=tuple(raw.positive or ()))


def build_options(
    raw_options: list[RawOption], at: tuple[str | int, ...], report: Reporter
) -> tuple[Option, ...]:
    """Runtime options, reporting repeated codes."""
    options: list[Option] = []
    lines: dict[str, int | None] = {}
    for i, option in enumerate(raw_options):
        if option.code is None:
            continue
        where = (*at, i, "code")
        if option.code in lines:
            report.add(
                Code.DUPLICATE_ID, where, kind="option code", value=option.code,
                first_line=lines[option.code],
            )  # fmt: skip
            continue
        lines[option.code] = report.line_of(where)
        options.append(
            Option(
                code=option.code,
                label=Text(dict(option.label or {"en": option.code})),
                counted=option.counted is not False,
                emoji=option.emoji,
            )
        )
    return tuple(options)


def check_positive(
    code: str, options: Mapping[str, Option], at: tuple[str | int, ...], owner: str,
    report: Reporter,
) -> None:  # fmt: skip
    """A positive code must be one of the options, and one that is counted."""
    option = options.get(code)
    if option is None:
        otherwise = (
            "Use one of: {choices}." if options else "There are no options: remove 'positive'."
        )
        report.add(
            Code.UNKNOWN_OPTION, at, value=code, owner=owner,
            fix=suggest(code, options, otherwise=otherwise),
        )  # fmt: skip
    elif not option.counted:
        report.add(Code.POSITIVE_NOT_COUNTED, at, value=code)
