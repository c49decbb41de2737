"""A report reads only what it shows: the two periods its statements compare and the months
of its trend charts; ``/summary`` only the two periods (issue 15).

Every statement the database runs while a report is built is caught, and each date it is
given must fall inside what is shown: no date before the earliest of them means no answer
older than what is shown is read, however long the history.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from sqlalchemy import event

from analytics.monthly import trend_months
from analytics.periods import parse_period
from analytics.report import build_report, build_summary
from storage.database import Database

Q3 = parse_period("2026-Q3")
TODAY = date(2026, 10, 1)


@contextmanager
def _dates_asked(db: Database, counts: list[str] | None = None) -> Iterator[list[date]]:
    """The dates given to every statement run on ``db`` inside the block; the statements
    that count answers (from the kept counts, or from the answers themselves) go in
    ``counts``, and those that count the answers themselves in ``answer_scans``."""
    found: list[date] = []

    def caught(_conn: Any, _cursor: Any, sql: str, parameters: Any, *_: Any) -> None:
        if counts is not None and "GROUP BY" in sql and ("answers" in sql or "day_counts" in sql):
            counts.append(sql)
        values = parameters.values() if isinstance(parameters, dict) else parameters or ()
        for value in values:
            if isinstance(value, datetime):  # PostgreSQL's timestamps: their day
                found.append(value.date())
            elif isinstance(value, date):
                found.append(value)
            elif isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-":
                found.append(date.fromisoformat(value))

    event.listen(db.engine.sync_engine, "before_cursor_execute", caught)
    try:
        yield found
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", caught)


async def test_the_summary_reads_only_the_two_periods_it_compares(database: Database) -> None:
    with _dates_asked(database) as dates:
        report = await build_summary(database, period=Q3, min_responses=10, today=TODAY)
    assert dates and min(dates) >= Q3.previous().start
    assert report.monthly.empty  # no trend charts in chat


async def test_the_report_reads_the_two_periods_and_the_trend_months_only(
    database: Database,
) -> None:
    months = trend_months(Q3, TODAY)
    counts: list[str] = []
    with _dates_asked(database, counts) as dates:
        await build_report(database, period=Q3, min_responses=10, today=TODAY)
    assert dates and min(dates) >= min(months[0].start, Q3.previous().start)
    # One pass over the counts serves the statements and the monthly series alike, and it
    # reads the counts kept per day, not the answers one by one.
    assert len(counts) == 1, counts
    assert "day_counts" in counts[0] and " answers" not in counts[0]
    # The statements no longer read two more quarters for a trend table nothing shows.
    assert not hasattr(await build_report(database, period=Q3, min_responses=10), "trend")
