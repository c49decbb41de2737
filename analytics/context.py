"""The context the report templates render: documented dataclasses, nothing else.

``analytics/templates/CONTEXT.md`` documents every top-level name; a test checks
that the templates use exactly those names and that the documentation lists them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields

import pandas as pd

from analytics.charts import Chart, interval_bars, p_chart_small
from analytics.monthly import Trend, trends
from analytics.report import Report
from analytics.sentences import plural
from analytics.spc import RULE_WORDS
from analytics.statements import headline_rows, one_line_each
from analytics.stories import StoryExtract
from surveys.model import Framework


@dataclass(frozen=True)
class StatementLine:
    indicator: str
    audience: str
    touchpoint: str
    sentence: str
    suppressed: bool
    percent: float | None
    ci_low: float | None
    ci_high: float | None
    n: int | None
    change_points: float | None
    significant: bool | None
    trend: str | None = None  # the p-chart's verdict when it shows a special cause


@dataclass(frozen=True)
class MeasureColumn:
    """One column of Appendix 1's table for a content area."""

    measure: str  # quantity | quality | outcome
    heading: str  # Appendix 1's heading
    question: str  # "How much did we do?"
    items: list[str]  # sentences (statements shown; activity figures for quantity)


@dataclass(frozen=True)
class WhatGoodLooksLike:
    """One Appendix 2 statement and the feedback that evidences it."""

    id: str
    number: int
    text: str
    evidence: list[StatementLine]
    status: str  # "evidenced" | "none_yet" | "elsewhere"
    elsewhere: str | None  # where the evidence must come from, when not from feedback

    @property
    def shown(self) -> list[StatementLine]:
        """The evidence with figures; the rest is said in one line (:attr:`hidden`)."""
        return [line for line in self.evidence if not line.suppressed]

    @property
    def hidden(self) -> int:
        return sum(1 for line in self.evidence if line.suppressed)


@dataclass(frozen=True)
class AreaSection:
    id: str
    name: str
    columns: list[MeasureColumn]
    statements: list[WhatGoodLooksLike]
    bars: Chart | None
    trends: list[Chart]  # one small p-chart per indicator × audience (small multiples)
    praise: list[StoryExtract]
    concern: list[StoryExtract]
    other_stories: list[StoryExtract]


@dataclass(frozen=True)
class ActivityLine:
    breakdown: str
    key: str
    label: str  # what the row is called in words: a survey's title, an agency's code
    invited: int | None
    started: int | None
    completed: int | None
    response_rate: float | None
    completion_rate: float | None
    suppressed: bool


@dataclass(frozen=True)
class DropOffLine:
    survey_id: str
    survey_title: str
    question_id: str
    stopped: int | None
    suppressed: bool


@dataclass(frozen=True)
class SummaryLine:
    """One statement of the opening summary and why it was picked."""

    sentence: str
    area: str  # the content area's name
    reason: str  # "changed most" | "lowest"


@dataclass(frozen=True)
class ReportContext:
    """Top-level template names; each is documented in ``templates/CONTEXT.md``."""

    title: str
    period_label: str
    period_code: str
    previous_label: str
    generated_on: str
    min_responses: int
    notes: list[str]
    summary: list[SummaryLine]
    areas_without_evidence: list[str]
    areas: list[AreaSection]
    activity: list[ActivityLine]
    drop_off: list[DropOffLine]
    drop_off_hidden: int
    unassigned_stories: list[StoryExtract]
    include_pending: bool
    method: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _value(value: object) -> object:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value  # type: ignore[arg-type]


def _lists(column: pd.Series, value: str) -> pd.Series:
    """Which cells of a ";"-joined column name ``value`` (a boolean mask, even when empty)."""
    wrapped = ";" + column.astype("string").fillna("") + ";"
    return wrapped.str.contains(f";{value};", regex=False).astype(bool)


#: How many statements the opening summary picks for each reason.
SUMMARY_MOVED = 4
SUMMARY_LOWEST = 4


def _summary(headlines: pd.DataFrame, framework: Framework) -> list[SummaryLine]:
    """The statements that changed most since the period before, then the lowest scores."""
    shown = headlines[~headlines["suppressed"]]
    change = shown["change_points"].astype("Float64")
    moved = shown.assign(_size=change.abs()).dropna(subset=["_size"])
    moved = moved[moved["_size"] > 0].sort_values("_size", ascending=False, kind="stable")
    moved = moved.head(SUMMARY_MOVED)
    rest = shown.drop(index=moved.index)
    lowest = rest.sort_values("percent", kind="stable").head(SUMMARY_LOWEST)
    names = {area.id: area.name for area in framework.content_areas}
    lines = []
    for reason, rows in (("changed most", moved), ("lowest", lowest)):
        for row in rows.to_dict("records"):
            area = str(row["content_area"]).split(";")[0]
            lines.append(SummaryLine(row["statement"], names.get(area, area), reason))
    return lines


def _signals(by_key: Mapping[tuple[str, str], Trend]) -> dict[tuple[str, str], str]:
    """The p-chart verdicts worth a word next to a statement: special causes only."""
    return {
        key: trend.chart.summary()
        for key, trend in by_key.items()
        if trend.chart.variation.startswith("special cause")
    }


def _too_few(count: int, *, more: bool) -> str:
    """One line for the statements hidden in a list, instead of one line each."""
    what = plural(count, "more statement" if more else "statement")
    return f"{what} had too few responses to report."


def _with_trend(sentence: str, signal: str | None) -> str:
    return f"{sentence}; month by month, {signal}" if signal else sentence


def _trend_chart(trend: Trend | None, row: Mapping[str, object], area_id: str) -> Chart | None:
    if trend is None:
        return None
    title = f"{str(row['audience_label']).capitalize()}: {row['indicator_statement']}"
    chart_id = f"spc-{area_id}-{row['indicator']}-{row['audience']}"
    return p_chart_small(trend.chart, chart_id=chart_id, title=title)


def _lines(rows: pd.DataFrame, signals: Mapping[tuple[str, str], str]) -> list[StatementLine]:
    headline = set(headline_rows(rows).index)
    return [
        StatementLine(
            indicator=r["indicator"],
            audience=r["audience"],
            touchpoint=r["touchpoint"],
            sentence=r["statement"],
            suppressed=bool(r["suppressed"]),
            percent=_value(r["percent"]),  # type: ignore[arg-type]
            ci_low=_value(r["ci_low"]),  # type: ignore[arg-type]
            ci_high=_value(r["ci_high"]),  # type: ignore[arg-type]
            n=_value(r["n"]),  # type: ignore[arg-type]
            change_points=_value(r["change_points"]),  # type: ignore[arg-type]
            significant=_value(r["significant"]),  # type: ignore[arg-type]
            trend=signals.get((r["indicator"], r["audience"])) if index in headline else None,
        )
        for index, r in zip(rows.index, rows.to_dict("records"), strict=True)
    ]


RESPONSE_RATE_NOTE = (
    "Response rate is responses completed ÷ people invited, and who counts as invited "
    "depends on how people were asked. Single-use invites (one per family): the invites "
    "issued in the period, plus anyone who opened an invite from an earlier period in it. "
    "Forum links, used by many people: there is nobody to count before the link is opened, "
    "so the people who opened it. The staff pulse: the practitioners the period's rounds "
    "were sent to, plus any who answered a round sent before the period. Counted this way "
    "nobody completes a survey without having been invited, so no rate passes 100%. "
    "Completion rate is responses completed ÷ surveys started."
)


SPC_NOTE = (
    "Month by month, each statement has a statistical process control chart (a p-chart, as "
    "NHS England's Making Data Count describes): the mean is the share positive over all the "
    "months shown, and the control limits sit three standard errors either side of it, "
    "wider in months with fewer answers. A month is special cause — a signal, not noise — "
    "when " + "; or ".join(RULE_WORDS.values()) + ". It is special cause improvement on the "
    "side of more positive answers and special cause concern on the other; anything else is "
    "common cause variation. The verdict follows the latest month. No targets are set, so "
    "assurance (whether a target will be met) is not judged. Months with too few answers "
    "are left out, like any hidden figure; with fewer than 15 months shown the limits are "
    "provisional."
)


def method_note(min_responses: int) -> list[str]:
    return [
        "Each percentage is the share of counted answers that were positive. n counts the "
        "people who answered that question with a counted option: skipped questions and "
        "answers such as “don't know” or “rather not say” are left out.",
        f"Any figure built on fewer than {plural(min_responses, 'response')} is not reported, and "
        "neither is any other figure that would let it be worked out by subtraction (for "
        "example one touchpoint taken from the total across all touchpoints). Hidden "
        "figures read “too few responses to report”.",
        "The range after each percentage is a 95% Wilson score interval: with answers from "
        "a different group of people the figure could plausibly have been anywhere in it.",
        "A change from the period before is called significant when a two-proportion "
        "z-test puts it beyond chance at the 5% level; smaller changes may be noise.",
        RESPONSE_RATE_NOTE,
        SPC_NOTE,
        "Stories are quoted only where the person agreed, after names, places and contact "
        "details were removed and an administrator approved them; each is shown with the "
        "person's answer to the survey's headline question, so praise and concern sit side "
        "by side. Dates are shown as the report period, never the day.",
        "Responses reach this report the day after they were given: each day's are held "
        "back until the day is over and then added together, in no order, so that nothing "
        "stored says when in the day anyone answered. A period that ends today is missing "
        "today's responses.",
    ]


def _activity_sentences(report: Report, survey_ids: set[str]) -> list[str]:
    activity = report.activity.table
    rows = activity[(activity["breakdown"] == "survey") & activity["key"].isin(survey_ids)]
    sentences = []
    for row in rows.to_dict("records"):
        title = report.survey_title(row["key"])
        if row["suppressed"]:
            sentences.append(f"{title}: too few responses to report.")
            continue
        rate = _value(row["completion_rate"])
        finished = f" ({rate:.0f}% of those started)" if rate is not None else ""
        sentences.append(
            f"{title}: {plural(int(row['invited']), 'person', 'people')} invited, "
            f"{plural(int(row['started']), 'survey')} started, "
            f"{int(row['completed']):,} completed{finished}."
        )
    return sentences


def build_context(report: Report) -> ReportContext:
    """Shape ``report`` for the templates."""
    framework = report.framework
    statements = report.statements
    surveys_by_area: Mapping[str, set[str]] = report.survey_areas
    by_key = trends(report.monthly)
    signals = _signals(by_key)
    areas = []
    without_evidence: list[str] = []
    for area in framework.content_areas:
        in_area = statements[_lists(statements["content_area"], area.id)]
        overall = headline_rows(in_area)
        if overall[~overall["suppressed"]].empty:
            without_evidence.append(area.name)
        columns = []
        for measure_id, info in framework.measures.items():
            if measure_id == "quantity":
                items = _activity_sentences(report, surveys_by_area.get(area.id, set()))
            else:
                rows = overall[overall["measure"] == measure_id]
                items = [
                    _with_trend(r["statement"], signals.get((r["indicator"], r["audience"])))
                    for r in rows[~rows["suppressed"]].to_dict("records")
                ]
                if hidden := int(rows["suppressed"].sum()):
                    items.append(_too_few(hidden, more=bool(items)))
            columns.append(MeasureColumn(measure_id, info.appendix_heading, info.question, items))
        goods = []
        for statement in area.statements:
            evidence = one_line_each(in_area)
            evidence = evidence[_lists(evidence["evidences"], statement.id)]
            status = (
                "evidenced"
                if not evidence.empty
                else ("elsewhere" if statement.not_from_feedback else "none_yet")
            )
            goods.append(
                WhatGoodLooksLike(
                    statement.id, statement.number, statement.text,
                    _lines(evidence, signals), status, statement.not_from_feedback,
                )
            )  # fmt: skip
        shown = overall[~overall["suppressed"]].assign(
            label=overall["audience_label"].str.capitalize() + ": " + overall["indicator_statement"]
        )
        area_trends = []
        for row in shown.drop_duplicates(["indicator", "audience"]).to_dict("records"):
            chart = _trend_chart(by_key.get((row["indicator"], row["audience"])), row, area.id)
            if chart is not None:
                area_trends.append(chart)
        stories = [s for s in report.stories if area.id in s.content_areas]
        areas.append(
            AreaSection(
                id=area.id,
                name=area.name,
                columns=columns,
                statements=goods,
                bars=interval_bars(
                    shown, chart_id=f"bars-{area.id}", title=f"{area.name}: {report.period_label}"
                ),
                trends=area_trends,
                praise=[s for s in stories if s.tone == "praise"],
                concern=[s for s in stories if s.tone == "concern"],
                other_stories=[s for s in stories if s.tone == "unknown"],
            )
        )  # fmt: skip
    activity = [
        ActivityLine(
            **{k: _value(v) for k, v in row.items()},  # type: ignore[arg-type]
            label=report.survey_title(row["key"]) if row["breakdown"] == "survey" else row["key"],
        )
        for row in report.activity.table.to_dict("records")
    ]
    drop_off_rows = report.activity.drop_off
    drop_off = [
        DropOffLine(
            **{k: _value(v) for k, v in row.items()},  # type: ignore[arg-type]
            survey_title=report.survey_title(row["survey_id"]),
        )
        for row in drop_off_rows[~drop_off_rows["suppressed"].astype(bool)].to_dict("records")
    ]
    area_ids = {a.id for a in framework.content_areas}
    return ReportContext(
        title=f"Better Off: feedback report, {report.period_label}",
        period_label=report.period_label,
        period_code=report.period.code,
        previous_label=report.previous.label,
        generated_on=report.generated_on.isoformat(),
        min_responses=report.min_responses,
        notes=list(report.notes),
        summary=_summary(headline_rows(statements), framework),
        areas_without_evidence=without_evidence,
        areas=areas,
        activity=activity,
        drop_off=drop_off,
        drop_off_hidden=int(drop_off_rows["suppressed"].astype(bool).sum()),
        unassigned_stories=[
            s for s in report.stories if not area_ids.intersection(s.content_areas)
        ],
        include_pending=report.include_pending,
        method=method_note(report.min_responses),
    )
