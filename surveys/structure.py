"""Collecting problems for one file, and turning pydantic errors into catalogue ones.

A :class:`Reporter` knows the file and the line of every value, so a check only
says *what* (a code, a field path, details) and the reporter says *where*.

:func:`check_shape` validates one raw model. When it fails it still returns a
*partial* instance, built from the fields that passed one by one, with every
failed or missing field set to ``None``: the loader's later checks then run on
what is there, so the user sees every problem at once rather than the first layer.
"""

from __future__ import annotations

import re
import types
from pathlib import Path
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from surveys.errors import Code, Problem, make_problem, suggest
from surveys.raw import describe
from surveys.yaml_lines import FieldPath, YamlDocument, YamlFailure, load_yaml

M = TypeVar("M", bound=BaseModel)

#: What a pydantic type error expected, in words.
_EXPECTED = {
    "string_type": "words",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "float_type": "a number",
    "list_type": "a list",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
}


def display_path(path: Path) -> str:
    """``path`` as the user would type it: relative to the current directory if inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def field_path(path: FieldPath) -> str:
    """``("questions", 2, "positive", 0)`` -> ``questions[2].positive[0]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


class Reporter:
    """The problems found in one file."""

    def __init__(self, file: str, document: YamlDocument | None = None) -> None:
        self.file = file
        self.document = document
        self.problems: list[Problem] = []

    def line_of(self, path: FieldPath) -> int | None:
        return self.document.line_of(path) if self.document else None

    def add(
        self, code: Code, path: FieldPath, /, *, line: int | None = None, **details: Any
    ) -> None:
        self.problems.append(
            make_problem(
                code,
                file=self.file,
                line=line if line is not None else self.line_of(path),
                path=field_path(path),
                **details,
            )
        )

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)


def check_shape(model: type[M], data: object, at: FieldPath, report: Reporter) -> M:
    """Validate ``data`` as ``model``; report every error; return a (maybe partial) instance."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            _report(model, data, at, detail, report)
    if not isinstance(data, dict):
        return model.model_construct(**dict.fromkeys(model.model_fields))
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name not in data:
            if info.is_required():
                fields[name] = None
            continue  # model_construct fills in the default
        try:
            fields[name] = _field_adapter(model, name).validate_python(data[name])
        except ValidationError:
            fields[name] = None  # already reported above
    return model.model_construct(**fields)


_ADAPTERS: dict[tuple[type[BaseModel], str], TypeAdapter[Any]] = {}


def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    key = (model, name)
    if key not in _ADAPTERS:
        info = model.model_fields[name]
        annotation: Any = info.annotation
        if info.metadata:
            annotation = Annotated[(annotation, *info.metadata)]
        _ADAPTERS[key] = TypeAdapter(annotation, config=ConfigDict(strict=True))
    return _ADAPTERS[key]


def _report(
    model: type[BaseModel], data: object, at: FieldPath, detail: Any, report: Reporter
) -> None:
    kind: str = detail["type"]
    loc = _clean_loc(data, tuple(detail["loc"]), keep_last=kind == "missing")
    path = (*at, *loc)
    context: dict[str, Any] = dict(detail.get("ctx") or {})
    value = detail.get("input")
    if kind in Code.__members__:
        report.add(Code[kind], path, **context)
    elif kind == "extra_forbidden":
        key = str(loc[-1]) if loc else "?"
        allowed = _fields_at(model, loc[:-1])
        fix = suggest(key, allowed, otherwise="Remove it; the keys allowed here are: {choices}.")
        report.add(Code.UNKNOWN_KEY, path, key=key, fix=fix)
    elif kind == "missing":
        report.add(Code.MISSING_FIELD, path, key=loc[-1] if loc else "?")
    elif kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(context.get("expected", "")))
        fix = suggest(str(value), choices, otherwise="Use one of: {choices}.")
        report.add(Code.BAD_CHOICE, path, value=value, fix=fix)
    elif kind == "too_short":
        minimum = context.get("min_length", 1)
        noun = "entry" if minimum == 1 else "entries"
        report.add(
            Code.TOO_FEW, path, minimum=f"{minimum} {noun}", count=context.get("actual_length", 0)
        )
    elif kind == "string_too_short":
        report.add(Code.EMPTY_TEXT, path, where="")
    elif kind in _EXPECTED:
        report.add(Code.WRONG_TYPE, path, expected=_EXPECTED[kind], got=describe(value))
    else:
        report.add(Code.INVALID, path, detail=str(detail.get("msg", "this value is not valid")))


def _clean_loc(data: object, loc: FieldPath, *, keep_last: bool) -> FieldPath:
    """Drop pydantic's own tags (``[key]``, validator names) so the path matches the file."""
    clean: list[str | int] = []
    current = data
    for i, part in enumerate(loc):
        found, child = _child(current, part)
        if found:
            current = child
        elif not (keep_last and i == len(loc) - 1):
            continue
        clean.append(part)
    return tuple(clean)


def _child(value: object, part: str | int) -> tuple[bool, object]:
    if isinstance(value, dict) and part in value:
        return True, value[part]
    if isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
        return True, value[part]
    return False, None


def _unwrap(annotation: Any) -> Any:
    """Strip ``Annotated`` and ``None`` from an annotation."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            rest = [a for a in get_args(annotation) if a is not type(None)]
            annotation = rest[0]
        else:
            return annotation


def _fields_at(model: type[BaseModel], loc: FieldPath) -> list[str]:
    """The keys allowed at ``loc`` inside ``model`` (for "did you mean")."""
    annotation: Any = model
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            info = annotation.model_fields.get(str(part))
            if info is None:
                return []
            annotation = info.annotation
        elif get_origin(annotation) in (list, dict):
            annotation = get_args(annotation)[-1]
        else:
            return []
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def open_document(path: Path, report: Reporter, *, kind: str) -> YamlDocument | None:
    """Read ``path`` as a YAML mapping; report why not (and return None) when it cannot be.

    ``kind`` names what the file should hold, for the empty-file message.
    """
    try:
        document = load_yaml(path)
    except YamlFailure as failure:
        report.add(failure.code, (), line=failure.line, **failure.details)
        return None
    report.document = document
    for issue in document.issues:
        report.add(issue.code, issue.path, line=issue.line, **issue.details)
    if document.data is None:
        report.add(Code.EMPTY_FILE, (), line=1, kind=kind)
        return None
    if not isinstance(document.data, dict):
        report.add(Code.NOT_A_MAPPING, (), line=1, got=describe(document.data))
        return None
    return document
