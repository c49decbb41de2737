"""Build a report: the one entry point the command line and the bot share.

::

    report = await build_report(db, period=parse_period("2026-Q3"), min_responses=10)
    html = render(report, "html")          # analytics.render
    lines = summary_lines(report, limit=8)  # the bot's /summary

Nothing here raises for an empty database, a quiet period or answers from a
retired survey: the report says so in :attr:`Report.notes`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from analytics import queries
from analytics.activity import Activity, build_activity
from analytics.monthly import monthly_series, trend_months
from analytics.periods import Period, format_date_range
from analytics.sentences import plural
from analytics.statements import build_statements, headline_rows
from analytics.stories import StoryExtract, build_stories
from storage.database import Database
from surveys.model import Framework, Survey

#: The periods a statement compares: the report's own and the one before.
COMPARED = 2

Progress = Callable[[str], None]


@dataclass
class Report:
    """Everything a rendered report shows; the renderers only format it."""

    period: Period
    history: list[Period]  # the periods the statements compare, oldest first
    min_responses: int
    framework: Framework
    statements: pd.DataFrame  # analytics.statements columns, one row per statement
    #: analytics.monthly.MONTHLY_COLUMNS: the months behind the p-charts (suppressed -> empty)
    monthly: pd.DataFrame
    activity: Activity
    stories: list[StoryExtract]
    include_pending: bool = False
    notes: list[str] = field(default_factory=list)
    #: content area id -> ids of the surveys that ask about it (for "How much" per area)
    survey_areas: dict[str, set[str]] = field(default_factory=dict)
    #: survey id -> its title, for every survey the report can name
    survey_titles: dict[str, str] = field(default_factory=dict)
    generated_on: date = field(default_factory=date.today)

    @property
    def partial(self) -> bool:
        """Whether the period is not over yet on the day of the report."""
        return self.generated_on < self.period.end

    @property
    def period_label(self) -> str:
        """The period as dates; one not over yet reads "1 Oct – 4 Dec 2026, so far"."""
        if not self.partial:
            return self.period.label
        end = max(self.period.start, self.generated_on)
        return f"{format_date_range(self.period.start, end)}, so far"

    def survey_title(self, survey_id: str) -> str:
        return self.survey_titles.get(survey_id, survey_id)

    @property
    def previous(self) -> Period:
        return self.period.previous()

    @property
    def completed(self) -> int | None:
        """Responses completed in the period, or None when that figure is suppressed."""
        total = self.activity.table
        row = total[total["breakdown"] == "total"]
        if row.empty or bool(row["suppressed"].iloc[0]):
            return None
        return int(row["completed"].iloc[0])


def _default_framework() -> Framework:
    from surveys.catalog import load_framework

    return load_framework()


def _default_surveys() -> Mapping[str, Survey]:
    from surveys.catalog import shipped_surveys

    return shipped_surveys()


async def build_report(
    db: Database,
    *,
    period: Period,
    min_responses: int,
    include_pending: bool = False,
    timezone: str = "Europe/London",
    framework: Framework | None = None,
    surveys: Mapping[str, Survey] | None = None,
    today: date | None = None,
    progress: Progress | None = None,
    trend: bool = True,
) -> Report:
    """Read, aggregate and suppress everything a report for ``period`` shows.

    The database is asked for what is shown and nothing older: the period and the one
    before it (the statements compare them) and, with ``trend``, the months of the
    p-charts (:data:`analytics.monthly.TREND_MONTHS`), all in one pass over their days.
    Without ``trend`` (:func:`build_summary`) the months are neither read nor built."""
    step = progress or (lambda _: None)
    framework = framework or _default_framework()
    surveys = _default_surveys() if surveys is None else surveys
    history = period.history(COMPARED)
    newest_first = history[::-1]
    months = trend_months(period, today or date.today()) if trend else []
    async with db.read() as session:
        step("Counting answers")
        if months:
            daily = await queries.daily_counts(
                session=session,
                first=min(months[0].start, history[0].start),
                last=max(months[-1].end, period.end),
            )
            counts = queries.by_period(daily, newest_first)
            monthly_counts = queries.by_period(daily, months[::-1], touchpoint=False)
        else:
            counts = await queries.statement_counts(session=session, periods=newest_first)
            monthly_counts = pd.DataFrame(
                columns=["period", "indicator", "audience", "n", "positive"]
            )
        step("Counting invites and surveys")
        invites = await queries.invite_counts(session=session, period=period, timezone=timezone)
        deliveries = await queries.pulse_deliveries(
            session=session, period=period, timezone=timezone
        )
        completed = await queries.completed_counts(session=session, period=period)
        unfinished = await queries.unfinished_counts(
            session=session, period=period, timezone=timezone
        )
        step("Reading stories")
        story_frame = await queries.story_rows(
            session=session, period=period, include_pending=include_pending
        )
        headline_answers = await queries.indicator_answers_of(
            session=session, response_ids=story_frame["response_id"].unique().tolist()
        )
        answered_span = await queries.response_months(session=session)
    step("Working out statements")
    tables = build_statements(
        counts, periods=newest_first, framework=framework, min_responses=min_responses
    )
    activity = build_activity(
        invites, completed, unfinished, deliveries=deliveries, min_responses=min_responses
    )
    stories = build_stories(
        story_frame, headline_answers, period=period, framework=framework, surveys=surveys
    )
    monthly = monthly_series(
        monthly_counts,
        months=months,
        period=period,
        statements=tables.current,
        indicators=list(framework.indicators),
        min_responses=min_responses,
    )
    notes = _notes(
        answered_span=answered_span,
        answered=bool((counts["period"] == 0).any()) if not counts.empty else False,
        period=period,
        unknown_indicators=tables.unknown_indicators,
        min_responses=min_responses,
    )
    return Report(
        period=period,
        history=history,
        min_responses=min_responses,
        framework=framework,
        statements=tables.current,
        monthly=monthly,
        activity=activity,
        stories=stories,
        include_pending=include_pending,
        notes=notes,
        survey_areas=_survey_areas(surveys),
        survey_titles={survey.id: str(survey.title) for survey in surveys.values()},
        generated_on=today or date.today(),
    )


async def build_summary(
    db: Database, *, period: Period, min_responses: int, **options: Any
) -> Report:
    """What ``/summary`` shows (:func:`summary_lines`): a report reading only the two
    periods its statements compare, with no monthly series and so no charts to draw."""
    return await build_report(
        db, period=period, min_responses=min_responses, trend=False, **options
    )


def _survey_areas(surveys: Mapping[str, Survey]) -> dict[str, set[str]]:
    areas: dict[str, set[str]] = {}
    for survey in surveys.values():
        for area in survey.content_areas:
            areas.setdefault(area, set()).add(survey.id)
    return areas


def _notes(
    *,
    answered_span: tuple[date, date] | None,
    answered: bool,
    period: Period,
    unknown_indicators: list[str],
    min_responses: int,
) -> list[str]:
    notes = []
    if answered_span is None:
        notes.append(
            "The database holds no responses yet, so there is nothing to report. Hand out "
            "invites (betteroff invite create) and run the report again once people have answered."
        )
    elif not answered:
        first, last = answered_span
        months = (
            f"{first:%B %Y}"
            if (first.year, first.month) == (last.year, last.month)
            else (f"{first:%B %Y} to {last:%B %Y}")
        )
        if last < period.start:
            way = "Try an earlier period"
        elif first > period.end:
            way = "Try a later period"
        else:
            way = "Try a longer period"
        notes.append(
            f"No answers were given between {period.label}. {way}: the answers held are from "
            f"{months} (or give --from and --to around them)."
        )
    if unknown_indicators:
        notes.append(
            "Some answers feed indicators the framework no longer has ("
            + ", ".join(unknown_indicators)
            + "); they are kept in the database but left out of the statements."
        )
    del min_responses
    return notes


def summary_lines(report: Report, *, limit: int = 8) -> list[str]:
    """Short plain lines for the bot's ``/summary``: headline counts, then statements."""
    lines = [f"Better Off summary, {report.period_label}"]
    completed = report.completed
    if completed is not None:
        lines.append(f"{plural(completed, 'response')} completed.")
    elif report.activity.table["completed"].isna().any():
        fewer = plural(report.min_responses, "response")
        lines.append(f"Fewer than {fewer} completed: too few to report.")
    headlines = headline_rows(report.statements)
    overall = headlines[~headlines["suppressed"]]
    for sentence in overall["statement"].head(limit):
        lines.append(f"• {sentence}.")
    hidden = int(headlines["suppressed"].sum())
    if hidden:
        lines.append(
            f"{plural(hidden, 'statement')} had too few responses to report "
            f"(fewer than {plural(report.min_responses, 'response')})."
        )
    if len(overall) > limit:
        lines.append(f"…and {len(overall) - limit} more in the full report (/report).")
    approved = sum(1 for s in report.stories if not s.pending)
    if approved:
        lines.append(f"{plural(approved, 'story', 'stories')} approved for sharing.")
    lines.extend(report.notes)
    return lines
