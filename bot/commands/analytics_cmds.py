"""``betteroff report``: statements, stories and activity in the framework's shape.

The bot's ``/summary`` and ``/report`` call the same :func:`analytics.report.build_report`
and :func:`analytics.render.render`; this module only reads options and settings,
shows progress, writes the file and logs the report in the audit log.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from bot.commands.common import fail as _fail
from bot.commands.common import load_settings
from bot.commands.common import say as _say

if TYPE_CHECKING:
    from analytics.periods import Period
    from analytics.report import Report
    from bot.settings import Settings
    from storage.database import Database

#: Stages build_report reports, plus rendering; the progress bar's length.
PROGRESS_STEPS = 5


class ReportFormat(StrEnum):
    html = "html"
    md = "md"
    csv = "csv"
    xlsx = "xlsx"
    json = "json"
    pdf = "pdf"


def _format_for(chosen: ReportFormat | None, out: Path | None) -> ReportFormat:
    if chosen is not None:
        return chosen
    if out is None or not out.suffix:
        return ReportFormat.html
    suffix = out.suffix.lower().lstrip(".")
    aliases = {"htm": "html", "markdown": "md"}
    suffix = aliases.get(suffix, suffix)
    if suffix not in ReportFormat.__members__:
        # Writing HTML into report.docx would only puzzle whoever opens it.
        raise _fail(
            f"Cannot tell the format from {out.name}: end it in .html, .md, .csv, .xlsx, "
            ".json or .pdf, or add --format."
        )
    return ReportFormat(suffix)


def _check_out(out: Path) -> None:
    """Fail before the work, not after it, when ``--out`` cannot be written."""
    from bot.commands.common import check_writable

    if out.is_dir():
        raise _fail(f"{out} is a folder: give a file name, for example {out / 'report.html'}.")
    if not out.parent.is_dir():
        raise _fail(f"The folder {out.parent} does not exist: create it, or choose another --out.")
    check_writable(out.parent, option="--out")


def _write(document: str | bytes, out: Path) -> None:
    """Write the report, or say in a sentence why the file could not be written."""
    try:
        if isinstance(document, bytes):
            out.write_bytes(document)
        else:
            out.write_text(document, encoding="utf-8")
    except IsADirectoryError:
        raise _fail(
            f"{out} is a folder: give a file name, for example {out / 'report.html'}."
        ) from None
    except FileNotFoundError:
        raise _fail(
            f"The folder {out.parent} does not exist: create it, or choose another --out."
        ) from None
    except OSError as error:
        raise _fail(f"Could not write {out}: {error.strerror or error}.") from None


def _period(
    settings: Settings, period: str | None, date_from: str | None, date_to: str | None
) -> Period:
    from zoneinfo import ZoneInfo

    from analytics.periods import PeriodError, parse_period

    today = datetime.now(ZoneInfo(settings.timezone)).date()
    try:
        return parse_period(period, date_from=date_from, date_to=date_to, today=today)
    except PeriodError as error:
        raise _fail(str(error)) from None


async def _build(
    db: Database, settings: Settings, period: Period, detail: str, include_pending: bool,
    step: Callable[[str], None],
) -> Report:  # fmt: skip
    from analytics.report import build_report
    from storage.audit import record_audit

    # Logged before anything is read, so a report pulled is never missing from the log.
    async with db.write() as session:
        await record_audit(
            session=session,
            actor_key=db.auditor_key(f"cli:{getpass.getuser()}"),
            action="report",
            detail=detail,
            now=datetime.now(UTC),
        )
    return await build_report(
        db,
        period=period,
        min_responses=settings.min_responses,
        include_pending=include_pending,
        timezone=settings.timezone,
        progress=step,
    )


def _run(settings: Settings, work: Callable[[Database], Awaitable[Report]]) -> Report:
    from bot.commands.common import with_database

    return with_database(settings, work, keyed=True)


def report(
    period: str | None = typer.Option(
        None,
        "--period",
        metavar="PERIOD",
        help="A quarter (2026-Q3) or a month (2026-07); default: last quarter.",
    ),
    date_from: str | None = typer.Option(
        None, "--from", metavar="DATE", help="First day, YYYY-MM-DD (with --to)."
    ),
    date_to: str | None = typer.Option(
        None, "--to", metavar="DATE", help="Last day, YYYY-MM-DD (with --from)."
    ),
    format: ReportFormat | None = typer.Option(
        None, "--format", help="html, md, csv, xlsx, json or pdf; default: from --out, else html."
    ),
    out: Path | None = typer.Option(
        None,
        "--out",
        metavar="FILE",
        help="File to write, or - for stdout; default: report-PERIOD.FORMAT here.",
    ),
    include_pending: bool = typer.Option(
        False, "--include-pending", help="Also show stories not yet approved (marked pending)."
    ),
) -> None:
    """Statements, stories and activity for a period, compared with the period before.

    Figures from fewer than BETTEROFF_MIN_RESPONSES responses (10) are suppressed, with
    any that would reveal them. Every report is written to the audit log.

    Example: betteroff report --period 2026-Q3 --format html --out q3.html
    """
    from rich.progress import Progress

    from analytics.pdf import PdfError
    from analytics.render import render

    settings = load_settings()
    to_stdout = out is not None and str(out) == "-"
    chosen = _format_for(format, None if to_stdout else out)
    if chosen is ReportFormat.xlsx and to_stdout:
        raise _fail("A spreadsheet cannot go to the terminal: give --out FILE.xlsx.")
    if chosen is ReportFormat.pdf and to_stdout:
        raise _fail("A PDF cannot go to the terminal: give --out FILE.pdf.")
    if chosen is ReportFormat.pdf:
        from analytics.pdf import INSTALL_HINT, find_chromium

        if find_chromium() is None:  # before the work, not after it
            raise _fail(INSTALL_HINT)
    reporting = _period(settings, period, date_from, date_to)
    if out is None:  # 325 KB of HTML in a terminal helps nobody
        out = Path(f"report-{reporting.code}.{chosen.value}")
    if to_stdout:
        out = None
    else:
        assert out is not None
        _check_out(out)
    detail = f"{reporting.code} {chosen.value}" + (" include-pending" if include_pending else "")
    with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("Building the report", total=PROGRESS_STEPS)

        def step(description: str) -> None:
            progress.update(task, advance=1, description=description)

        built = _run(
            settings,
            lambda db: _build(db, settings, reporting, detail, include_pending, step),
        )
        step("Rendering")
        try:
            document = render(built, chosen.value)
        except PdfError as error:
            raise _fail(str(error)) from None
    if out is None:
        sys.stdout.write(document if isinstance(document, str) else document.decode())
    else:
        _write(document, out)
    statements = len(built.statements)
    hidden = int(built.statements["suppressed"].sum()) if statements else 0
    where = f" to {out.resolve()}" if out else ""
    _say(
        f"Report for {built.period_label} written{where}: {statements} statements "
        f"({hidden} suppressed), {len(built.stories)} stories. Noted in the audit log."
    )
    for note in built.notes:
        _say(note, style="yellow")


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("report")(report)
