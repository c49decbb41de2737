"""The report as data: the Contract's statement CSV, an XLSX workbook and JSON.

Every text cell a spreadsheet might evaluate is neutralised (a leading quote, as
OWASP advises for CSV, and a string cell with Excel's quote prefix in XLSX); numbers
stay numbers. JSON escapes ``<``, ``>`` and ``&`` so it is inert even pasted into a page.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

import pandas as pd

from analytics.activity import ACTIVITY_COLUMNS, DROP_OFF_COLUMNS
from analytics.report import Report
from analytics.statements import STATEMENT_COLUMNS
from storage.export import CSV_LINE_END, spreadsheet_safe

STORY_COLUMNS = (
    "period", "content_areas", "audience", "touchpoint", "survey_id", "headline_question",
    "headline_answer", "tone", "pending", "text",
)  # fmt: skip


def _plain(value: Any) -> Any:
    """A JSON/CSV-friendly scalar: NA and NaN become None, NumPy types Python ones."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if not isinstance(value, (str, bytes, list, tuple, dict)) and pd.isna(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, tuple):
        return ";".join(value)
    return value


def _records(frame: pd.DataFrame, columns: Sequence[str]) -> list[dict[str, Any]]:
    return [{c: _plain(row[c]) for c in columns} for row in frame.to_dict("records")]


def _csv_cell(value: Any) -> Any:
    value = _plain(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return spreadsheet_safe(value)


def statement_records(report: Report) -> list[dict[str, Any]]:
    return _records(report.statements, STATEMENT_COLUMNS)


def story_records(report: Report) -> list[dict[str, Any]]:
    return [{c: _plain(asdict(s)[c]) for c in STORY_COLUMNS} for s in report.stories]


def statements_csv(report: Report) -> str:
    """``report --format csv``: one row per statement in the Contract's columns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=CSV_LINE_END)
    writer.writerow(STATEMENT_COLUMNS)
    for record in statement_records(report):
        writer.writerow([_csv_cell(record[c]) for c in STATEMENT_COLUMNS])
    return buffer.getvalue()


def workbook(report: Report) -> bytes:
    """The finished workbook (:mod:`analytics.workbook`): Summary first, then the tables."""
    from analytics.workbook import workbook as finished_workbook

    return finished_workbook(report, stories=story_records(report), story_columns=STORY_COLUMNS)


def as_json(report: Report) -> str:
    document = {
        "period": {
            "code": report.period.code,
            "start": report.period.start.isoformat(),
            "end": report.period.end.isoformat(),
            "label": report.period.label,
        },
        "min_responses": report.min_responses,
        "notes": report.notes,
        "statements": statement_records(report),
        "how_much": _records(report.activity.table, ACTIVITY_COLUMNS),
        "drop_off": _records(report.activity.drop_off, DROP_OFF_COLUMNS),
        "stories": story_records(report),
    }
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"
