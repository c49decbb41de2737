"""``betteroff export answers``: one row per stored answer, in the Contract's columns.

Nothing that leaves the database shows a day next to a team unless an admin asks for it:
``completed_on`` is the month (``YYYY-MM``) by default. Words whose author declined to
share them (said no to the share question, or was never asked) leave ``text`` empty unless
an admin asks for them (``include_private``; the command audits it). Every text cell is
made safe for spreadsheets, so an answer that starts with ``=`` is shown, never run.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Answer, Response

EXPORT_COLUMNS: tuple[str, ...] = (
    "response_id",
    "survey_id",
    "survey_version",
    "audience",
    "touchpoint",
    "agency",
    "team",
    "completed_on",
    "language",
    "question_id",
    "indicator",
    "value",
    "text",
)
#: A cell starting with one of these is a formula (or can become one) in Excel,
#: LibreOffice or Google Sheets; OWASP's "CSV injection" advice is to prefix a quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
#: A line inside a cell that starts like a formula: a reader that splits rows on a bare CR
#: (Excel, LibreOffice) would start a new row there and run it, so it gets the quote too.
_FORMULA_AFTER_BREAK = re.compile(r"(\r\n|\r|\n)(?=[=+\-@\t])")

Cell = str | int | float
Row = dict[str, Cell]


#: Control characters an .xlsx file cannot hold (openpyxl refuses them mid-export);
#: Telegram passes them through, and the engine keeps free text as typed.
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def spreadsheet_safe(value: Cell | None) -> Cell:
    """``value`` as a cell no spreadsheet will evaluate: ``None`` becomes empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        # Dropped before the check, so "\x0b=1+1" cannot become a formula once it goes.
        value = _FORMULA_AFTER_BREAK.sub(r"\1'", _UNWRITABLE.sub("", value))
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


def _value(answer: Answer) -> Cell | None:
    if answer.codes:
        return answer.codes
    if answer.number is not None:
        return int(answer.number) if answer.number.is_integer() else answer.number
    return None


def shareable_text(answer: Answer, *, include_private: bool = False) -> str | None:
    """The answer's words if their author agreed to share them (or an admin asked)."""
    return answer.text if answer.consent_to_quote or include_private else None


async def answer_rows(
    *, session: AsyncSession, precise_dates: bool = False, include_private: bool = False
) -> list[Row]:
    """Every stored answer with its response's details, spreadsheet-safe, oldest first."""
    query = (
        select(Response, Answer)
        .join(Answer, Answer.response_id == Response.id)
        .order_by(Response.completed_on, Response.id, Answer.position)
    )
    rows: list[Row] = []
    for response, answer in await session.execute(query):
        day = response.completed_on
        raw: dict[str, Cell | None] = {
            "response_id": response.id,
            "survey_id": response.survey_id,
            "survey_version": response.survey_version,
            "audience": response.audience,
            "touchpoint": response.touchpoint,
            "agency": response.agency,
            "team": response.team,
            "completed_on": day.isoformat() if precise_dates else day.strftime("%Y-%m"),
            "language": response.language,
            "question_id": answer.question_id,
            "indicator": answer.indicator,
            "value": _value(answer),
            "text": shareable_text(answer, include_private=include_private),
        }
        rows.append({column: spreadsheet_safe(raw[column]) for column in EXPORT_COLUMNS})
    return rows


#: RFC 4180's CRLF. The csv module quotes a cell holding any character of the line
#: terminator, so with CRLF a cell with a bare CR is quoted too; with "\n" it was written
#: bare, and a spreadsheet started a new row at it.
CSV_LINE_END = "\r\n"


def write_csv(rows: Iterable[Row], out: IO[str], columns: Sequence[str] = EXPORT_COLUMNS) -> None:
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator=CSV_LINE_END)
    writer.writeheader()
    writer.writerows(rows)


def write_xlsx(
    rows: Iterable[Row], out: Path | IO[bytes], columns: Sequence[str] = EXPORT_COLUMNS
) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("answers")
    sheet.append(list(columns))
    for row in rows:
        sheet.append([row[column] for column in columns])
    workbook.save(out)
