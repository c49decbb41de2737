"""Check one survey definition and build its :class:`surveys.model.Survey`.

Shape comes from the pydantic models in :mod:`surveys.raw`; everything that needs
more than one field at a time is checked here: references to the framework and the
scales, unique ids, ``show_if`` using only earlier questions and real option codes,
complete translations, story/share pairs, indicators that can be scored, and plain
wording for children. Every problem is reported; a survey is built only with none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from surveys.errors import Code, suggest
from surveys.expressions import KEYWORDS, ExpressionError, parse
from surveys.loader_framework import BUILT_IN_TYPES, References, build_options, check_positive
from surveys.model import SHARE_NO, SHARE_YES, Kind, Option, Question, Scale, Survey, Text
from surveys.plain_words import wording_issues
from surveys.raw import RawOption, RawQuestion, RawSurvey
from surveys.structure import Reporter, check_shape, display_path, open_document
from surveys.yaml_lines import FieldPath

#: Kinds whose answers can be counted towards an indicator.
_SCORABLE = frozenset({"choice", "multi"})


@dataclass
class _Seen:
    """What later questions need to know about an earlier one."""

    id: str | None
    kind: Kind | None = None
    story: bool = False
    codes: frozenset[str] | None = None  # None: not known (so not checked)


@dataclass
class _Check:
    report: Reporter
    references: References
    languages: tuple[str, ...] | None
    audience: str | None
    ids: list[str | None]
    seen: list[_Seen] = field(default_factory=list)
    id_lines: dict[str, int | None] = field(default_factory=dict)
    scales_checked: set[str] = field(default_factory=set)


def check_survey(path: Path, references: References) -> tuple[Survey | None, Reporter]:
    """Every problem in the definition at ``path``; the survey when there are no errors."""
    report = Reporter(display_path(path))
    document = open_document(path, report, kind="survey definition")
    if document is None:
        return None, report
    raw = check_shape(RawSurvey, document.data, (), report)
    raw_questions = raw.questions or []
    check = _Check(
        report=report,
        references=references,
        languages=tuple(raw.languages) if raw.languages is not None else None,
        audience=raw.audience,
        ids=[_raw_id(item) for item in raw_questions],
    )
    _check_header(raw, path, check)
    questions = [_check_question(check, item, i) for i, item in enumerate(raw_questions)]
    _check_stories_shared(check)
    if raw.headline is not None and raw.questions is not None and raw.headline not in check.ids:
        fix = suggest(raw.headline, _known(check.ids), otherwise="Use a question id.")
        report.add(Code.UNKNOWN_HEADLINE, ("headline",), value=raw.headline, fix=fix)
    if report.has_errors:
        return None, report
    survey = Survey(
        id=raw.id,
        version=raw.version,
        title=Text(dict(raw.title)),
        audience=raw.audience,
        touchpoint=raw.touchpoint,
        content_areas=tuple(raw.content_areas),
        languages=tuple(raw.languages),
        intro=Text(dict(raw.intro)),
        thanks=Text(dict(raw.thanks)),
        questions=tuple(q for q in questions if q is not None),
        headline=raw.headline,
        source=str(path),
    )
    return survey, report


def _raw_id(item: object) -> str | None:
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        return item["id"]
    return None


def _known(ids: Sequence[str | None]) -> list[str]:
    return [i for i in ids if i is not None]


# --- the survey as a whole -------------------------------------------------------------


def _check_header(raw: RawSurvey, path: Path, check: _Check) -> None:
    report, references = check.report, check.references
    if raw.id is not None and raw.id != path.stem:
        report.add(Code.FILE_ID_MISMATCH, ("id",), value=raw.id, name=path.name)
    if raw.languages is not None:
        if "en" not in raw.languages:
            report.add(Code.NO_ENGLISH_LANGUAGE, ("languages",))
        _check_unique(check, raw.languages, ("languages",), "language")
    for language in raw.translation_status or {}:
        if language == "en":
            why, fix = "is English, the source text, which needs no status", ""
        elif check.languages is not None and language not in check.languages:
            why, fix = "is not one of the survey's languages", ", or add it to languages"
        else:
            continue
        report.add(
            Code.TRANSLATION_STATUS_LANGUAGE, ("translation_status", language),
            language=language, why=why, fix=fix,
        )  # fmt: skip
    _check_reference(check, raw.audience, ("audience",), references.audiences,
                     Code.UNKNOWN_AUDIENCE)  # fmt: skip
    _check_reference(check, raw.touchpoint, ("touchpoint",), references.touchpoints,
                     Code.UNKNOWN_TOUCHPOINT)  # fmt: skip
    for i, area in enumerate(raw.content_areas or ()):
        _check_reference(check, area, ("content_areas", i), references.content_areas,
                         Code.UNKNOWN_CONTENT_AREA)  # fmt: skip
    for name in ("title", "intro", "thanks"):
        _check_words(check, getattr(raw, name), (name,))


def _check_reference(
    check: _Check,
    value: str | None,
    at: FieldPath,
    known: frozenset[str] | None,
    code: Code,
    otherwise: str = "Use one of: {choices}.",
) -> None:
    if value is None or known is None or value in known:
        return
    fix = suggest(value, known, otherwise=otherwise)
    check.report.add(code, at, value=value, fix=fix)


def _check_unique(check: _Check, values: Sequence[str], at: FieldPath, kind: str) -> None:
    first: dict[str, int | None] = {}
    for i, value in enumerate(values):
        if value in first:
            check.report.add(
                Code.DUPLICATE_ID, (*at, i), kind=kind, value=value, first_line=first[value]
            )
        first.setdefault(value, check.report.line_of((*at, i)))


def _check_words(check: _Check, words: dict[str, str] | None, at: FieldPath) -> None:
    """Every declared language present; English plain for children."""
    if words is None:
        return
    if check.languages is not None:
        for language in check.languages:
            if language not in words:
                check.report.add(Code.MISSING_TRANSLATION, at, language=language)
        for language in words:
            if language not in check.languages and language != "en":
                check.report.add(Code.UNDECLARED_LANGUAGE, (*at, language), language=language)
    if check.audience is not None:
        for issue in wording_issues(words["en"], check.audience):
            check.report.add(issue.code, at, **issue.details)


def _check_stories_shared(check: _Check) -> None:
    for i, seen in enumerate(check.seen):
        following = check.seen[i + 1] if i + 1 < len(check.seen) else None
        if seen.story and seen.kind == "text" and (following is None or following.kind != "share"):
            check.report.add(Code.STORY_WITHOUT_SHARE, ("questions", i, "story"))


# --- one question ---------------------------------------------------------------------


def _check_question(check: _Check, item: object, index: int) -> Question | None:
    report = check.report
    at: FieldPath = ("questions", index)
    raw = check_shape(RawQuestion, item, at, report)
    if raw.id is not None:
        if raw.id in KEYWORDS:
            report.add(Code.RESERVED_ID, (*at, "id"), value=raw.id, kind="question id",
                       reserved="a word show_if uses")  # fmt: skip
        if raw.id in check.id_lines:
            report.add(Code.DUPLICATE_ID, (*at, "id"), kind="question id", value=raw.id,
                       first_line=check.id_lines[raw.id])  # fmt: skip
        check.id_lines.setdefault(raw.id, report.line_of((*at, "id")))
    kind, scale = _resolve_type(check, raw, at)
    options = _options(check, raw, kind, scale, at)
    seen = _Seen(id=raw.id, kind=kind, story=raw.story is True)
    if options is not None:
        seen.codes = frozenset(o.code for o in options)
    elif kind == "share":
        seen.codes = frozenset({SHARE_YES, SHARE_NO})
    positive = _positive(check, raw, kind, scale, options, at)
    _check_kind_rules(check, raw, kind, index, at)
    if raw.show_if is not None:
        _check_show_if(check, raw.show_if, index, (*at, "show_if"))
    _check_words(check, raw.text, (*at, "text"))
    _check_words(check, raw.help, (*at, "help"))
    check.seen.append(seen)
    if report.has_errors or kind is None:
        return None  # the survey is not built; no need for a half-made question
    return Question(
        id=raw.id,
        kind=kind,
        text=Text(dict(raw.text)),
        scale=scale.name if scale else None,
        options=options or (),
        indicator=raw.indicator,
        positive=positive,
        show_if=raw.show_if,
        story=raw.story,
        min=raw.min,
        max=raw.max,
        skippable=raw.skippable,
        help=Text(dict(raw.help)) if raw.help else None,
    )


def _resolve_type(
    check: _Check, raw: RawQuestion, at: FieldPath
) -> tuple[Kind | None, Scale | None]:
    """The question's kind, and its scale when ``type`` names one."""
    if raw.type is None:
        return None, None
    if raw.type in BUILT_IN_TYPES:
        return raw.type, None  # type: ignore[return-value]
    scales = check.references.scales
    if scales is None:
        return "choice", None  # the scales file is unreadable: assume a scale
    if raw.type not in scales:
        fix = suggest(
            raw.type, [*BUILT_IN_TYPES, *scales],
            otherwise="Use choice, multi, number, text, share or a scale: {choices}.",
        )  # fmt: skip
        check.report.add(Code.UNKNOWN_TYPE, (*at, "type"), value=raw.type, fix=fix)
        return None, None
    scale = scales[raw.type]
    if scale is not None:
        _check_scale_translations(check, scale, (*at, "type"))
    return "choice", scale


def _check_scale_translations(check: _Check, scale: Scale, at: FieldPath) -> None:
    """Once per survey and scale: every option label in every declared language."""
    if check.languages is None or scale.name in check.scales_checked:
        return
    check.scales_checked.add(scale.name)
    for language in check.languages:
        missing = [o for o in scale.options if language not in o.label.by_language]
        if missing:
            places = check.references.option_places.get((scale.name, missing[0].code), "")
            check.report.add(
                Code.MISSING_SCALE_TRANSLATION, at, scale=scale.name, language=language,
                codes="', '".join(o.code for o in missing), where=places or "surveys/scales.yaml",
            )  # fmt: skip


def _options(
    check: _Check, raw: RawQuestion, kind: Kind | None, scale: Scale | None, at: FieldPath
) -> tuple[Option, ...] | None:
    """The question's options; None when they cannot be known."""
    own_options = raw.type in ("choice", "multi")
    if raw.options is not None and not own_options and kind is not None:
        check.report.add(Code.OPTIONS_NOT_ALLOWED, (*at, "options"), kind=raw.type)
    if not own_options:
        if scale is not None:
            return scale.options
        return () if kind in ("number", "text") else None
    if not raw.options:
        if raw.options is not None or "options" not in raw.model_fields_set:
            # (None with the key set means its shape was wrong: that is reported already)
            check.report.add(Code.OPTIONS_REQUIRED, (*at, "type"), kind=raw.type)
        return None
    raw_options = [
        check_shape(RawOption, item, (*at, "options", j), check.report)
        for j, item in enumerate(raw.options)
    ]
    for j, option in enumerate(raw_options):
        _check_words(check, option.label, (*at, "options", j, "label"))
    return build_options(raw_options, (*at, "options"), check.report)


def _positive(
    check: _Check,
    raw: RawQuestion,
    kind: Kind | None,
    scale: Scale | None,
    options: tuple[Option, ...] | None,
    at: FieldPath,
) -> tuple[str, ...]:
    """The codes that count as positive: explicit, else the scale's default."""
    report = check.report
    if raw.positive is not None:
        if raw.indicator is None:
            report.add(Code.POSITIVE_WITHOUT_INDICATOR, (*at, "positive"))
        if options is not None:
            by_code = {o.code: o for o in options}
            for i, code in enumerate(raw.positive):
                check_positive(code, by_code, (*at, "positive", i), f"question '{raw.id}'", report)
        positive = tuple(raw.positive)
    else:
        positive = scale.positive if scale else ()
    if raw.indicator is not None:
        _check_reference(
            check, raw.indicator, (*at, "indicator"), check.references.indicators,
            Code.UNKNOWN_INDICATOR, otherwise="Add it to the framework's indicators first.",
        )  # fmt: skip
        if kind is not None and kind not in _SCORABLE:
            report.add(Code.INDICATOR_NOT_SCORABLE, (*at, "indicator"), kind=kind)
        elif kind is not None and not positive and (options is not None or scale is not None):
            report.add(Code.INDICATOR_WITHOUT_POSITIVE, (*at, "indicator"), indicator=raw.indicator)
    return positive


def _check_kind_rules(
    check: _Check, raw: RawQuestion, kind: Kind | None, index: int, at: FieldPath
) -> None:
    report = check.report
    if kind is None:
        return
    if kind != "number":
        for key in ("min", "max"):
            if getattr(raw, key) is not None:
                report.add(Code.NUMBER_ONLY, (*at, key), key=key, kind=raw.type)
    elif raw.min is not None and raw.max is not None and raw.min > raw.max:
        report.add(Code.MIN_OVER_MAX, (*at, "min"), min=raw.min, max=raw.max)
    if raw.story and kind != "text":
        report.add(Code.STORY_NOT_TEXT, (*at, "story"), kind=raw.type)
    if kind == "share":
        before = check.seen[index - 1] if index > 0 else None
        if before is None:
            found = "it is the first question"
        elif before.kind is None:
            return  # the question before has errors of its own
        elif before.kind != "text" or not before.story:
            found = f"it follows '{before.id}', which is not a story question"
        else:
            return
        report.add(Code.SHARE_NOT_AFTER_STORY, (*at, "type"), found=found)


def _check_show_if(check: _Check, source: str, index: int, at: FieldPath) -> None:
    report = check.report
    try:
        expression = parse(source)
    except ExpressionError as error:
        report.add(Code.SHOW_IF_SYNTAX, at, message=error.message, column=error.column)
        return
    usable: set[str] = set()
    for name, _ in expression.comparisons():
        if name in usable:
            continue
        if name not in check.ids:
            fix = suggest(name, _known(check.ids[:index]),
                          otherwise="Use the id of an earlier question.")  # fmt: skip
            report.add(Code.SHOW_IF_UNKNOWN_QUESTION, at, value=name, fix=fix)
        elif (position := check.ids.index(name)) >= index:
            where = (
                "this question itself"
                if position == index
                else f"asked later (question {position + 1})"
            )
            report.add(Code.SHOW_IF_NOT_EARLIER, at, value=name, where=where)
        else:
            usable.add(name)
    reported: set[tuple[str, str]] = set()
    for name, values in expression.comparisons():
        if name not in usable:
            continue
        target = check.seen[check.ids.index(name)]
        for value in values:
            text = str(value)
            if (name, text) in reported:
                continue
            reported.add((name, text))
            if target.kind == "number" and not _is_number(value):
                report.add(Code.SHOW_IF_NOT_A_NUMBER, at, question=name, value=text)
            elif target.kind != "number" and target.codes and text not in target.codes:
                fix = suggest(text, target.codes, otherwise="Use one of: {choices}.")
                report.add(Code.SHOW_IF_UNKNOWN_OPTION, at, question=name, value=text, fix=fix)


def _is_number(value: object) -> bool:
    if isinstance(value, int | float):
        return True
    try:
        float(str(value))
    except ValueError:
        return False
    return True
