"""``report --format xlsx``: a finished workbook, not raw sheets.

- **Summary** first: what the report covers, the opening summary, the headline statements
  as a table, and a native bar chart of them.
- **statements**, **how much**, **drop-off**, **monthly** (the numbers behind every
  p-chart point: n, percent, mean, limits, cause) and **stories**: formatted tables with
  column widths, percentages shown as percentages, filters and frozen headers.
- A suppressed figure's cells are greyed and say why ("too few responses"); the CSV and
  JSON keep the Contract's empty cells.
- A native line chart per headline indicator on **monthly**: the percent, the mean and the
  control limits, as on the report's p-charts.

Every text cell is spreadsheet-safe (see :mod:`analytics.tabular`); no cell is a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from analytics.activity import ACTIVITY_COLUMNS, DROP_OFF_COLUMNS
from analytics.context import build_context
from analytics.monthly import trends
from analytics.report import Report
from analytics.statements import STATEMENT_COLUMNS, headline_rows
from storage.export import spreadsheet_safe

GREY = PatternFill("solid", start_color="D9D9D9", end_color="D9D9D9")
HEADER = PatternFill("solid", start_color="DCE6F1", end_color="DCE6F1")
#: Numbers already in percent (75.0 means 75%): shown with a % sign, values unchanged.
PERCENT_FORMAT = '0.0"%"'
TOO_FEW = "too few responses"
WIDEST = 70
#: Columns written as percentages, in any sheet.
PERCENT_COLUMNS = {
    "percent", "ci_low", "ci_high", "previous_percent", "change_points", "response_rate",
    "completion_rate", "mean", "lower", "upper",
}  # fmt: skip
#: Columns a suppressed row leaves empty, greyed with the reason in the first of them.
HIDDEN_COLUMNS = {"n", "positive", "percent", "ci_low", "ci_high", "invited", "started",
                  "completed", "response_rate", "completion_rate", "stopped"}  # fmt: skip
MONTHLY_SHEET_COLUMNS = (
    "indicator", "audience", "month", "n", "positive", "percent", "mean", "lower", "upper",
    "cause", "rules",
)  # fmt: skip
HEADLINE_COLUMNS = ("content_area", "audience", "statement_of", "touchpoint", "n", "percent",
                    "previous_percent", "trend")  # fmt: skip
HEADINGS = {
    "statement_of": "said they",
    "previous_percent": "the period before",
    "trend": "month by month",
}


def _plain(value: Any) -> Any:
    if value is None or (not isinstance(value, (str, list, tuple, dict)) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, tuple):
        return ";".join(value)
    return value


def _cell_value(value: Any) -> Any:
    value = _plain(value)
    return spreadsheet_safe(value) if isinstance(value, str) else value


def _table(
    sheet: Worksheet,
    columns: Sequence[str],
    rows: Iterable[dict[str, Any]],
    *,
    first_row: int = 1,
    headings: dict[str, str] | None = None,
) -> int:
    """A formatted table from ``first_row``; returns the last row written."""
    headings = headings or {}
    for offset, column in enumerate(columns, start=1):
        cell = sheet.cell(first_row, offset, headings.get(column, column))
        cell.font = Font(bold=True)
        cell.fill = HEADER
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [len(headings.get(c, c)) + 2 for c in columns]
    row_number = first_row
    for record in rows:
        row_number += 1
        hidden = bool(record.get("suppressed"))
        said = False
        for offset, column in enumerate(columns, start=1):
            value = _cell_value(record.get(column))
            cell = sheet.cell(row_number, offset)
            if hidden and column in HIDDEN_COLUMNS:
                cell.fill = GREY
                if not said:
                    value, said = TOO_FEW, True
                    cell.font = Font(italic=True, color="555555")
            cell.value = value
            if isinstance(cell.value, str):
                cell.data_type = "s"
                cell.quotePrefix = True  # a string cell is never a formula, even when edited
            elif column in PERCENT_COLUMNS:
                cell.number_format = PERCENT_FORMAT
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            widths[offset - 1] = max(widths[offset - 1], min(WIDEST, len(str(value or "")) + 2))
    for offset, width in enumerate(widths, start=1):
        letter = get_column_letter(offset)
        sheet.column_dimensions[letter].width = min(WIDEST, max(8, width))
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A{first_row}:{last}{max(row_number, first_row + 1)}"
    sheet.freeze_panes = f"A{first_row + 1}"
    return row_number


def _records(frame: pd.DataFrame, columns: Sequence[str]) -> list[dict[str, Any]]:
    return [{c: row.get(c) for c in (*columns, "suppressed")} for row in frame.to_dict("records")]


def _monthly_rows(report: Report) -> list[dict[str, Any]]:
    rows = []
    for (indicator, audience), trend in trends(report.monthly).items():
        chart = trend.chart
        for point in chart.points:
            shown = point.proportion is not None
            rows.append(
                {
                    "indicator": indicator, "audience": audience, "month": point.label,
                    "n": point.n, "positive": point.positive,
                    "percent": 100 * point.proportion if shown else None,  # type: ignore[operator]
                    "mean": None if chart.mean is None else 100 * chart.mean,
                    "lower": None if point.lower is None else 100 * point.lower,
                    "upper": None if point.upper is None else 100 * point.upper,
                    "cause": point.cause if shown else "",
                    "rules": "; ".join(point.rules), "suppressed": not shown,
                }
            )  # fmt: skip
    return rows


def _summary(book: Workbook, report: Report) -> None:
    sheet = book.create_sheet("Summary")
    context = build_context(report)
    sheet["A1"] = spreadsheet_safe(context.title)
    sheet["A1"].font = Font(bold=True, size=14)
    lines = [
        f"Period: {context.period_label}, compared with {context.previous_label}.",
        f"Figures from fewer than {report.min_responses} responses are not shown "
        "(greyed: too few responses).",
        *[spreadsheet_safe(note) for note in context.notes],
        "",
        "At a glance: the statements that changed most, and those scoring lowest.",
        *[
            spreadsheet_safe(f"• {line.sentence} ({line.area}; {line.reason})")
            for line in context.summary
        ],
    ]
    if context.areas_without_evidence:
        lines.append("No feedback evidence yet for: " + ", ".join(context.areas_without_evidence))
    for offset, line in enumerate(lines, start=2):
        sheet.cell(offset, 1, line).alignment = Alignment(wrap_text=False)
    first = len(lines) + 3
    signals = {key: t.chart.summary() for key, t in trends(report.monthly).items()}
    headlines = headline_rows(report.statements)
    rows = [
        {
            "content_area": str(r["content_area"]).split(";")[0],
            "audience": r["audience_label"],
            "statement_of": r["indicator_statement"],
            "touchpoint": r["touchpoint"],
            "n": r["n"],
            "percent": r["percent"],
            "previous_percent": r["previous_percent"],
            "trend": signals.get((r["indicator"], r["audience"]), ""),
            "suppressed": r["suppressed"],
        }
        for r in headlines.to_dict("records")
    ]
    last = _table(sheet, HEADLINE_COLUMNS, rows, first_row=first, headings=HEADINGS)
    sheet.freeze_panes = None  # the summary reads top to bottom; its table has a filter
    sheet.column_dimensions["A"].width = 24
    shown = [i for i, r in enumerate(rows) if not r["suppressed"]]
    if shown:
        chart = BarChart()
        chart.type = "bar"
        chart.title = "Headline statements: % positive"
        chart.y_axis.title = "% positive"
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 100
        chart.legend = None
        percent_column = HEADLINE_COLUMNS.index("percent") + 1
        statement_column = HEADLINE_COLUMNS.index("statement_of") + 1
        chart.add_data(
            Reference(sheet, min_col=percent_column, min_row=first, max_row=last),
            titles_from_data=True,
        )
        chart.set_categories(
            Reference(sheet, min_col=statement_column, min_row=first + 1, max_row=last)
        )
        chart.height = max(7.5, 0.6 * len(rows))
        chart.width = 18
        sheet.add_chart(chart, f"{get_column_letter(len(HEADLINE_COLUMNS) + 2)}{first}")


def _monthly(book: Workbook, report: Report) -> None:
    sheet = book.create_sheet("monthly")
    rows = _monthly_rows(report)
    _table(sheet, MONTHLY_SHEET_COLUMNS, rows)
    # A line chart per headline indicator with anything shown: percent, mean and limits.
    anchor_row = 2
    start = 2
    charted = 0
    for (indicator, audience), group in (
        pd.DataFrame(rows).groupby(["indicator", "audience"], sort=False) if rows else []
    ):
        end = start + len(group) - 1
        if group["percent"].notna().sum() >= 2 and charted < 6:
            chart = LineChart()
            chart.title = f"{audience}: {indicator}"
            chart.y_axis.title = "% positive"
            chart.y_axis.scaling.min = 0
            chart.y_axis.scaling.max = 100
            for name in ("percent", "mean", "lower", "upper"):
                column = MONTHLY_SHEET_COLUMNS.index(name) + 1
                chart.add_data(Reference(sheet, min_col=column, min_row=start, max_row=end))
            for series, name in zip(
                chart.series, ("percent", "mean", "lower", "upper"), strict=True
            ):
                from openpyxl.chart.series import SeriesLabel

                series.tx = SeriesLabel(v=name)
                if name in ("lower", "upper"):
                    series.graphicalProperties.line.dashStyle = "dash"
            month_column = MONTHLY_SHEET_COLUMNS.index("month") + 1
            chart.set_categories(Reference(sheet, min_col=month_column, min_row=start, max_row=end))
            chart.height, chart.width = 7, 14
            sheet.add_chart(
                chart, f"{get_column_letter(len(MONTHLY_SHEET_COLUMNS) + 2)}{anchor_row}"
            )
            anchor_row += 15
            charted += 1
        start = end + 1


def workbook(
    report: Report, *, stories: list[dict[str, Any]], story_columns: Sequence[str]
) -> bytes:
    """The workbook's bytes: Summary first, then the tables (see the module doc)."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    _summary(book, report)
    _table(book.create_sheet("statements"), STATEMENT_COLUMNS,
           _records(report.statements, STATEMENT_COLUMNS))  # fmt: skip
    activity = report.activity.table.copy()
    activity["key"] = [
        report.survey_title(k) if b == "survey" else k
        for b, k in zip(activity["breakdown"], activity["key"], strict=True)
    ]
    _table(book.create_sheet("how much"), ACTIVITY_COLUMNS, _records(activity, ACTIVITY_COLUMNS))
    drop_off = report.activity.drop_off
    _table(book.create_sheet("drop-off"), DROP_OFF_COLUMNS, _records(drop_off, DROP_OFF_COLUMNS))
    _monthly(book, report)
    _table(book.create_sheet("stories"), story_columns, stories)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
