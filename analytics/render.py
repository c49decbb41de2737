"""Turn a :class:`~analytics.report.Report` into HTML, Markdown, CSV, XLSX, JSON or PDF.

HTML and Markdown come from the Jinja2 templates beside this module; CSV, XLSX
and JSON from :mod:`analytics.tabular`. Respondent text is escaped for each
format: HTML autoescaping, Markdown backslash escapes and HTML entities (a Markdown
reader would otherwise pass ``<script>`` through), spreadsheet-safe cells.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from analytics import tabular
from analytics.context import build_context
from analytics.pdf import html_to_pdf
from analytics.report import Report
from analytics.sentences import plural

#: Beside this module (and in the wheel: package-data includes *.j2).
TEMPLATES = Path(__file__).parent / "templates"

Format = Literal["html", "md", "csv", "xlsx", "json", "pdf"]
FORMATS: tuple[Format, ...] = ("html", "md", "csv", "xlsx", "json", "pdf")
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "pdf": "application/pdf",
}

#: Characters that make emphasis, code, links or tables anywhere in a line. With
#: ``[`` and ``]`` escaped no link can form, so parentheses may stay readable.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
#: What turns the start of a line into a heading, list or quote.
_LINE_START = re.compile(r"^(\s*)([#+\-=]|(\d+)([.)]))")


def markdown_escape(text: object) -> str:
    """Text that a Markdown reader shows as written: no links, no HTML, no emphasis."""
    value = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _MARKDOWN_SPECIAL.sub(r"\\\1", value)
    value = " ".join(value.splitlines())
    return _LINE_START.sub(_escape_line_start, value)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker, digits, dot = match.groups()
    return f"{indent}{digits}\\{dot}" if digits else f"{indent}\\{marker}"


def markdown_quote(text: object) -> str:
    """A block quote of respondent text, every line escaped and quoted."""
    lines = str(text).splitlines() or [""]
    return "\n".join("> " + markdown_escape(line) for line in lines)


@cache
def _environment(kind: str) -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False)
        if kind == "html"
        else False,
        undefined=StrictUndefined,
        trim_blocks=kind == "md",
        lstrip_blocks=kind == "md",
        keep_trailing_newline=True,
    )
    environment.filters["md"] = markdown_escape
    environment.filters["quote"] = markdown_quote
    environment.filters["plural"] = plural
    return environment


def template_names() -> dict[str, str]:
    return {"html": "report.html.j2", "md": "report.md.j2"}


def render(report: Report, format: Format = "html") -> str | bytes:
    """The report in ``format``: ``str`` for text formats, ``bytes`` for XLSX and PDF.

    PDF raises :class:`analytics.pdf.PdfError` when Chromium is missing or fails."""
    if format == "pdf":
        html = render(report, "html")
        assert isinstance(html, str)
        return html_to_pdf(html)
    if format in ("html", "md"):
        template = _environment(format).get_template(template_names()[format])
        return template.render(**build_context(report).as_dict())
    if format == "csv":
        return tabular.statements_csv(report)
    if format == "xlsx":
        return tabular.workbook(report)
    if format == "json":
        return tabular.as_json(report)
    raise ValueError(f"Unknown format {format!r}: use one of {', '.join(FORMATS)}.")
