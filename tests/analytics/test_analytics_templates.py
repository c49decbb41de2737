"""The templates, the context dataclass and its documentation agree (datasette style)."""

from __future__ import annotations

import re
from dataclasses import fields

from jinja2 import meta

from analytics.context import ReportContext
from analytics.render import TEMPLATES, _environment, template_names

DOCUMENTED = re.compile(r"^- `([a-z_]+)`:", re.MULTILINE)


def _names_used(kind: str) -> set[str]:
    environment = _environment(kind)
    source = (TEMPLATES / template_names()[kind]).read_text(encoding="utf-8")
    return meta.find_undeclared_variables(environment.parse(source))


def test_templates_use_exactly_the_context_fields() -> None:
    context_fields = {f.name for f in fields(ReportContext)}
    for kind in ("html", "md"):
        assert _names_used(kind) == context_fields, kind


def test_every_context_field_is_documented_and_nothing_else() -> None:
    documented = set(DOCUMENTED.findall((TEMPLATES / "CONTEXT.md").read_text(encoding="utf-8")))
    assert documented == {f.name for f in fields(ReportContext)}


def test_only_charts_are_marked_safe_in_html() -> None:
    source = (TEMPLATES / "report.html.j2").read_text(encoding="utf-8")
    assert re.findall(r"\{\{\s*([\w.]+)\s*\|\s*safe", source) == ["area.bars.svg", "chart.svg"]
