"""Reports from a real database (SQLite, and PostgreSQL when configured), in every format."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from openpyxl import load_workbook

from analytics.context import build_context
from analytics.periods import parse_period
from analytics.render import render
from analytics.report import build_report, build_summary, summary_lines
from analytics.statements import STATEMENT_COLUMNS
from storage.database import Database
from storage.purge import purge
from storage.sessions import drop_session, start_session
from surveys.catalog import shipped_surveys

from .seed import Given, add_invites, add_responses, add_unfinished

Q3 = parse_period("2026-Q3")
MARKUP_STORY = '=HYPERLINK("http://example.invalid/x","<script>alert(1)</script> click")'


def _review(day: date, listened: bool | None, *, better: bool = True, **extra: object) -> Given:
    """A parent-carer-review response; ``listened`` None means "don't know" (not counted)."""
    listened_answer = (
        ("listened", "felt-listened-to", "dont_know", False, None)
        if listened is None
        else ("listened", "felt-listened-to", "agree" if listened else "disagree", True, listened)
    )
    better_answer = ("better", "family-better-off", "agree" if better else "disagree", True, better)
    return Given(
        "parent-carer-review", "parent_carer", "review", day, [listened_answer, better_answer],
        **extra,  # type: ignore[arg-type]
    )  # fmt: skip


async def _seed(db: Database) -> None:
    given: list[Given] = []
    # 2026 Q3 at review: 35 of 45 felt listened to, and 4 "don't know" left out of n.
    given += [_review(date(2026, 8, 3), i < 35) for i in range(45)]
    given += [_review(date(2026, 9, 30), None) for _ in range(4)]
    # Q2 at review: 28 of 40.
    given += [_review(date(2026, 6, 30), i < 28) for i in range(40)]
    # Q3 at closure: 5 of 12 (another survey, same indicator).
    given += [
        Given("parent-carer-closure", "parent_carer", "closure", date(2026, 7, 1),
              [("respect", "felt-listened-to", "agree" if i < 5 else "disagree", True, i < 5)])
        for i in range(12)
    ]  # fmt: skip
    # Q3 at assessment: 3 only, so closure (the next smallest) is hidden with it.
    given += [
        Given("parent-carer-assessment", "parent_carer", "assessment", date(2026, 7, 2),
              [("listened", "felt-listened-to", "agree", True, True)], agency="HLT")
        for _ in range(3)
    ]  # fmt: skip
    # Stories: praise, concern (with markup and a formula), one pending.
    given.append(_review(date(2026, 8, 4), True, story="They listened and it helped."))
    given.append(_review(date(2026, 8, 5), False, better=False, story=MARKUP_STORY))
    given.append(
        _review(
            date(2026, 8, 6), True, story="Still waiting to be checked.", story_status="pending"
        )
    )
    async with db.write() as session:
        await add_responses(session, given)
        await add_invites(
            session, survey_id="parent-carer-review", touchpoint="review", agency="CSC",
            count=90, created_at=datetime(2026, 7, 4, 9, tzinfo=UTC), opened=65,
        )  # fmt: skip
        await add_unfinished(
            session, survey_id="parent-carer-review", touchpoint="review", agency="CSC",
            current="plan", count=11, started_at=datetime(2026, 8, 1, 12, tzinfo=UTC),
        )  # fmt: skip
        await add_unfinished(
            session, survey_id="parent-carer-review", touchpoint="review", agency="CSC",
            current="together", count=2, started_at=datetime(2026, 8, 1, 12, tzinfo=UTC),
        )  # fmt: skip


@pytest.fixture
async def seeded(database: Database) -> Database:
    await _seed(database)
    return database


def _csv_rows(report) -> dict[tuple[str, str, str], dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(render(report, "csv"))))  # type: ignore[arg-type]
    return {(r["indicator"], r["audience"], r["touchpoint"]): r for r in rows}


async def test_statements_from_the_database_match_the_hand_counts(seeded: Database) -> None:
    report = await build_report(seeded, period=Q3, min_responses=10, today=date(2026, 10, 1))
    text = render(report, "csv")
    assert isinstance(text, str)
    assert text.splitlines()[0] == ",".join(STATEMENT_COLUMNS)
    rows = _csv_rows(report)
    review = rows[("felt-listened-to", "parent_carer", "review")]
    # 45 seeded (35 yes) + 3 story responses (yes, no, pending yes): 37 of 48 = 77.08%.
    # Wilson by hand: centre 0.810848 / 1.080030 = 0.750764, half-width 0.116155.
    assert (review["n"], review["positive"], review["percent"]) == ("48", "37", "77.1")
    assert (review["ci_low"], review["ci_high"]) == ("63.5", "86.7")
    assert (review["previous_percent"], review["change_points"]) == ("70.0", "7.1")
    assert (review["significant"], review["suppressed"]) == ("false", "false")
    assert review["statement"] == (
        "77% of parents and carers said they felt their worker listened to them "
        "(37 of 48 at review; 70% the quarter before)"
    )
    for touchpoint in ("assessment", "closure"):
        hidden = rows[("felt-listened-to", "parent_carer", touchpoint)]
        assert hidden["suppressed"] == "true"
        assert all(
            hidden[c] == ""
            for c in ("n", "positive", "percent", "ci_low", "ci_high", "previous_percent")
        )
        assert hidden["statement"].startswith("Too few responses to report")
    overall = rows[("felt-listened-to", "parent_carer", "all")]
    assert (overall["n"], overall["positive"]) == ("63", "45")


async def test_how_much_counts_and_drop_off(seeded: Database) -> None:
    report = await build_report(seeded, period=Q3, min_responses=10)
    table = report.activity.table.set_index(["breakdown", "key"])
    review = table.loc[("survey", "parent-carer-review")]
    assert (review["invited"], review["completed"], review["started"]) == (90, 52, 65)
    assert (review["response_rate"], review["completion_rate"]) == (57.8, 80.0)
    # assessment (3) is small; the HLT agency is those same 3 responses
    assert table.loc[("survey", "parent-carer-assessment"), "suppressed"]
    assert table.loc[("agency", "HLT"), "suppressed"]
    drop = report.activity.drop_off.set_index("question_id")
    # "together" (2) is small, and "plan" would give it away: 13 unfinished minus 11
    assert drop.loc["together", "suppressed"] and drop.loc["plan", "suppressed"]


async def test_started_and_drop_off_survive_the_purge_of_abandoned_surveys(
    seeded: Database,
) -> None:
    survey = shipped_surveys()["parent-carer-review"]
    started_at = datetime(2026, 9, 1, 10, tzinfo=UTC)
    async with seeded.write() as session:
        for chat_id in range(4):  # through storage, as the bot starts them
            await start_session(
                session=session, chat_key=seeded.chat_key(chat_id), survey=survey,
                language="en", state={"current": "better"}, now=started_at, agency="CSC",
                today=started_at.date(),
            )  # fmt: skip
        assert await drop_session(session=session, chat_key=seeded.chat_key(0))  # /stop

    async def figures() -> tuple[object, dict[str, object]]:
        report = await build_report(seeded, period=Q3, min_responses=1)
        table = report.activity.table.set_index(["breakdown", "key"])
        drop = report.activity.drop_off.set_index("question_id")["stopped"].to_dict()
        return table.loc[("survey", "parent-carer-review"), "started"], drop

    before = await figures()
    assert before == (69, {"plan": 11, "together": 2, "better": 4})
    async with seeded.write() as session:
        purged = await purge(
            session=session, now=datetime(2026, 9, 30, tzinfo=UTC), today=date(2026, 10, 1),
            abandon_after=timedelta(days=7),
        )  # fmt: skip
    assert purged.abandoned_sessions == 16 and purged.expired_responses == 0
    assert await figures() == before


async def test_a_story_full_of_markup_is_inert_in_every_format(seeded: Database) -> None:
    report = await build_report(seeded, period=Q3, min_responses=10)
    html = render(report, "html")
    assert isinstance(html, str)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Content-Security-Policy" in html
    markdown = render(report, "md")
    assert isinstance(markdown, str)
    assert "<script" not in markdown and "&lt;script&gt;" in markdown
    document = render(report, "json")
    assert isinstance(document, str)
    assert "<" not in document
    stories = json.loads(document)["stories"]
    assert any(s["text"] == MARKUP_STORY for s in stories)
    book = load_workbook(io.BytesIO(render(report, "xlsx")))  # type: ignore[arg-type]
    sheet = book["stories"]
    header = [c.value for c in sheet[1]]
    text_cells = [row[header.index("text")] for row in sheet.iter_rows(min_row=2)]
    formula = next(c for c in text_cells if "HYPERLINK" in str(c.value))
    assert formula.data_type == "s" and str(formula.value).startswith("'=")


async def test_stories_carry_their_headline_answer_and_pending_ones_need_asking(
    seeded: Database,
) -> None:
    approved = await build_report(seeded, period=Q3, min_responses=10)
    assert {s.tone for s in approved.stories} == {"praise", "concern"}
    concern = next(s for s in approved.stories if s.tone == "concern")
    assert concern.headline_answer == "Disagree"
    assert concern.period == "1 Jul – 30 Sep 2026"
    assert not any(s.pending for s in approved.stories)
    everything = await build_report(seeded, period=Q3, min_responses=10, include_pending=True)
    pending = [s for s in everything.stories if s.pending]
    assert [s.text for s in pending] == ["Still waiting to be checked."]
    assert "Pending approval." in render(everything, "html")  # type: ignore[operator]


async def test_xlsx_reads_back_with_its_three_sheets(seeded: Database) -> None:
    report = await build_report(seeded, period=Q3, min_responses=10)
    book = load_workbook(io.BytesIO(render(report, "xlsx")))  # type: ignore[arg-type]
    assert {"statements", "how much", "stories"} <= set(book.sheetnames)
    statements = book["statements"]
    assert [c.value for c in statements[1]] == list(STATEMENT_COLUMNS)
    rows = [[c.value for c in r] for r in statements.iter_rows(min_row=2)]
    review = next(r for r in rows if r[7] == "review")
    assert (review[8], review[9], review[10]) == (48, 37, 77.1)


async def test_summary_lines_for_the_bot(seeded: Database) -> None:
    report = await build_report(seeded, period=Q3, min_responses=10)
    lines = summary_lines(report, limit=3)
    assert lines[0] == "Better Off summary, 1 Jul – 30 Sep 2026"
    assert "67 responses completed." in lines
    assert any("of 63 across all touchpoints" in line for line in lines)


async def test_an_empty_database_and_a_quiet_period_say_so_in_every_format(
    database: Database,
) -> None:
    empty = await build_report(database, period=Q3, min_responses=10)
    assert "holds no responses yet" in empty.notes[0]
    for format in ("html", "md", "csv", "xlsx", "json"):
        assert render(empty, format)  # type: ignore[arg-type]
    await _seed(database)
    quiet = await build_report(database, period=parse_period("2024-01"), min_responses=10)
    assert quiet.notes[0].startswith("No answers were given between 1 Jan – 31 Jan 2024.")
    assert "No answers were given" in render(quiet, "html")  # type: ignore[operator]


async def test_retired_surveys_and_removed_options_still_report(database: Database) -> None:
    retired = [
        Given("old-parent-survey", "parent_carer", "review", date(2026, 8, 1),
              [("q1", "felt-listened-to", "option_since_removed", True, i < 9)],
              story="From a survey we no longer run." if i == 0 else None)
        for i in range(12)
    ]  # fmt: skip
    async with database.write() as session:
        await add_responses(session, retired)
    report = await build_report(database, period=Q3, min_responses=10)
    review = _csv_rows(report)[("felt-listened-to", "parent_carer", "review")]
    assert (review["n"], review["positive"]) == ("12", "9")
    story = report.stories[0]
    assert story.headline_answer == "option since removed"
    html = render(report, "html")
    assert "From a survey we no longer run." in html  # type: ignore[operator]


async def test_the_summary_reads_two_periods_and_says_what_the_full_report_says(
    seeded: Database,
) -> None:
    full = await build_report(seeded, period=Q3, min_responses=10, today=date(2026, 10, 1))
    short = await build_summary(seeded, period=Q3, min_responses=10, today=date(2026, 10, 1))
    assert [p.code for p in short.history] == ["2026-Q2", "2026-Q3"]
    # Issue 15: the full report compares the same two periods (no more quarters are read for
    # a trend table nothing showed; its p-charts' months come from the same pass).
    assert full.history == short.history
    assert summary_lines(short) == summary_lines(full)
    assert short.statements.equals(full.statements)


async def test_a_statement_from_one_touchpoint_reads_once(seeded: Database) -> None:
    """family-better-off is asked only at review: no "across all touchpoints" copy of it."""
    report = await build_report(seeded, period=Q3, min_responses=10, today=date(2026, 10, 1))
    context = build_context(report)
    sentences = [
        line.sentence
        for area in context.areas
        for good in area.statements
        for line in good.evidence
        if line.indicator == "family-better-off"
    ] + [
        item for area in context.areas for column in area.columns for item in column.items
        if "better off" in item
    ]  # fmt: skip
    assert sentences
    assert not [s for s in sentences if "across all touchpoints" in s]
    # felt-listened-to has three touchpoints, so its total still has a line of its own
    listened = [
        line.touchpoint
        for area in context.areas
        for good in area.statements
        for line in good.evidence
        if line.indicator == "felt-listened-to"
    ]
    assert "all" in listened


async def test_the_period_is_said_once_per_section_and_marked_when_not_over(
    seeded: Database,
) -> None:
    report = await build_report(seeded, period=Q3, min_responses=10, today=date(2026, 9, 4))
    context = build_context(report)
    assert context.period_label == "1 Jul – 4 Sep 2026, so far"
    html = render(report, "html")
    assert isinstance(html, str)
    assert "Better Off: feedback report, 1 Jul – 4 Sep 2026, so far" in html
    # in each section's heading line, not in each statement
    assert html.count("1 Jul – 4 Sep 2026, so far, compared with") == 1 + len(context.areas)
    statements = [line.sentence for a in context.areas for g in a.statements for line in g.evidence]
    assert statements and not [s for s in statements if "2026" in s]
    finished = build_context(
        await build_report(seeded, period=Q3, min_responses=10, today=date(2026, 10, 1))
    )
    assert finished.period_label == "1 Jul – 30 Sep 2026"


async def test_the_opening_summary_picks_movers_and_lowest_and_names_empty_areas(
    seeded: Database,
) -> None:
    report = await build_report(seeded, period=Q3, min_responses=10, today=date(2026, 10, 1))
    context = build_context(report)
    assert 1 <= len(context.summary) <= 8
    moved = [line for line in context.summary if line.reason == "changed most"]
    # felt-listened-to moved from 70% (28 of 40) to 75%: the only statement with a quarter before
    # the two headline statements, biggest change first; each once, by its only touchpoint
    # where it has one
    assert [(line.sentence, line.reason) for line in moved] == [
        ("98% of parents and carers said they felt things were better for their family "
         "because of the help (51 of 52 at review; 100% the quarter before)", "changed most"),
        ("71% of parents and carers said they felt their worker listened to them "
         "(45 of 63 across all touchpoints; 70% the quarter before)", "changed most"),
    ]  # fmt: skip
    assert all(not s.sentence.startswith("Too few") for s in context.summary)
    shown_areas = {line.area for line in context.summary}
    assert not shown_areas & set(context.areas_without_evidence)
    assert context.areas_without_evidence == ["Child Exploitation"]
    html = render(report, "html")
    assert isinstance(html, str) and "At a glance" in html


async def test_drop_off_shows_only_questions_with_enough_data(seeded: Database) -> None:
    report = await build_report(seeded, period=Q3, min_responses=10, today=date(2026, 10, 1))
    context = build_context(report)
    assert context.drop_off == []
    assert context.drop_off_hidden == 2
    html = render(report, "html")
    assert isinstance(html, str)
    assert "too few to report</span>" not in html
    assert "2 questions where people stopped had too few to report." in html


async def test_rows_name_surveys_by_title_not_id(seeded: Database) -> None:
    report = await build_report(seeded, period=Q3, min_responses=10, today=date(2026, 10, 1))
    title = str(shipped_surveys()["parent-carer-review"].title)
    labels = {line.label for line in build_context(report).activity if line.breakdown == "survey"}
    assert title in labels and "parent-carer-review" not in labels
    for text in (render(report, "html"), render(report, "md")):
        assert isinstance(text, str)
        assert "parent-carer-review" not in text


async def test_the_pulse_response_rate_counts_the_practitioners_a_round_reached(
    database: Database,
) -> None:
    """20 practitioners were sent the August round and 12 answered: 60%, not "0 invites"."""
    from storage.models import Delivery, PulseRound, Staff

    sent = datetime(2026, 8, 3, 9, tzinfo=UTC)
    pulse = [
        Given("practitioner-pulse", "practitioner", "pulse", date(2026, 8, 4),
              [("supported", "felt-supported", "agree", True, True)])
        for _ in range(12)
    ]  # fmt: skip
    async with database.write() as session:
        await add_responses(session, pulse)
        session.add(PulseRound(id=1, survey_id="practitioner-pulse", period="2026-08",
                               created_at=sent))  # fmt: skip
        for chat_id in range(20):
            session.add(Staff(chat_id=5000 + chat_id, agency="CSC", team=None,
                              role="practitioner", active=True, joined_at=sent))  # fmt: skip
        await session.flush()
        for chat_id in range(20):
            session.add(Delivery(round_id=1, staff_chat_id=5000 + chat_id, delivered_at=sent))
    report = await build_report(database, period=Q3, min_responses=10, today=date(2026, 10, 1))
    row = report.activity.table.set_index(["breakdown", "key"]).loc[
        ("survey", "practitioner-pulse")
    ]
    assert (row["invited"], row["completed"], row["response_rate"]) == (20, 12, 60.0)


async def test_the_trend_says_special_cause_improvement_since_the_month_it_began(
    database: Database,
) -> None:
    """15 months: 10 of 20 felt listened to until Feb 2026, then 17 of 20 for 7 months."""
    from analytics.periods import month_containing

    months = month_containing(date(2026, 9, 1)).history(15)
    given = [
        _review(month.start, i < (10 if index < 8 else 17))
        for index, month in enumerate(months)
        for i in range(20)
    ]
    async with database.write() as session:
        await add_responses(session, given)
    report = await build_report(database, period=Q3, min_responses=10, today=date(2026, 10, 1))
    context = build_context(report)
    signal = "special cause improvement since Mar 2026"
    lines = [
        line
        for area in context.areas
        for good in area.statements
        for line in good.evidence
        if line.indicator == "felt-listened-to"
    ]
    assert lines and all(line.trend == signal for line in lines)
    charts = [chart for area in context.areas for chart in area.trends]
    listened = [c for c in charts if "listened" in c.title]
    assert listened[0].alternative[0] == (
        f"Parents and carers: felt their worker listened to them: {signal}. Mean 66%."
    )
    assert listened[0].alternative[1].startswith("Jul 2025: 50% of 20 (limits")
    html = render(report, "html")
    assert isinstance(html, str)
    assert f"month by month, {signal}" in html
    assert html.count('class="chart small"') == len(charts) >= 2
