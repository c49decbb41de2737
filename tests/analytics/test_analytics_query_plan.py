"""A report reads only the periods it shows: SQLite's plan for its answer count.

The count is answered from the counts kept per day at the release (migration 0010,
:mod:`storage.day_counts`): a range of days of their primary key, and nothing outside the
range, so the report's cost follows its periods, not the history
(``tests/benchmarks/report_scale.py`` measures it).
"""

from __future__ import annotations

from sqlalchemy import text

from analytics.monthly import trend_months
from analytics.periods import parse_period
from analytics.queries import daily_counts_query, statement_counts_query
from storage.database import Database


async def _plan(db: Database, query: object) -> str:
    compiled = query.compile(dialect=db.engine.dialect)  # type: ignore[attr-defined]
    params = compiled.construct_params()
    values = tuple(params[name] for name in compiled.positiontup)
    async with db.engine.connect() as connection:
        await connection.execute(text("ANALYZE"))
        rows = await connection.exec_driver_sql("EXPLAIN QUERY PLAN " + compiled.string, values)
        return "\n".join(str(row[-1]) for row in rows)


async def test_the_answer_count_reads_only_the_periods_days_of_the_kept_counts(
    sqlite_database: Database,
) -> None:
    q3 = parse_period("2026-Q3")
    months = trend_months(q3, q3.end)
    for query in (
        statement_counts_query(q3.history(2)[::-1]),  # /summary: the two periods compared
        daily_counts_query(months[0].start, q3.end),  # the report: and its trend's months
    ):
        plan = await _plan(sqlite_database, query)
        assert "SEARCH day_counts USING PRIMARY KEY (day>? AND day<?)" in plan
        assert "answers" not in plan and "responses" not in plan  # counts, not rows
        assert "SCAN" not in plan  # no table, and no index, read whole
