"""Acceptance audit: "1 response" grammar, how-much rates, and the how-much tables
attacked with every subtraction the published breakdowns allow."""

from __future__ import annotations

from datetime import date

import pandas as pd

from analytics.activity import build_activity
from analytics.context import build_context
from analytics.periods import parse_period
from analytics.render import render
from analytics.report import build_report, summary_lines
from analytics.sentences import plural
from storage.database import Database

from .attacker import recover
from .seed import Given, add_invites, add_responses

LEAF = ["survey_id", "touchpoint", "agency"]
Q3 = parse_period("2026-Q3")


def test_plural_for_every_count() -> None:
    assert plural(1, "response") == "1 response"
    assert plural(0, "response") == "0 responses"
    assert plural(2, "response") == "2 responses"
    assert plural(1, "story", "stories") == "1 story"
    assert plural(3, "story", "stories") == "3 stories"
    assert plural(12_345, "invite") == "12,345 invites"


async def test_one_response_reads_as_one_everywhere(database: Database) -> None:
    one = Given(
        "parent-carer-review", "parent_carer", "review", date(2026, 8, 3),
        [("listened", "felt-listened-to", "agree", True, True)],
        story="It helped.",
    )  # fmt: skip
    async with database.write() as session:
        await add_responses(session, [one])
        await add_invites(
            session, survey_id="parent-carer-review", touchpoint="review", agency="CSC",
            count=1, created_at=pd.Timestamp("2026-08-01", tz="UTC").to_pydatetime(), opened=1,
        )  # fmt: skip
    report = await build_report(database, period=Q3, min_responses=1)
    lines = summary_lines(report)
    assert "1 response completed." in lines
    assert "1 story approved for sharing." in lines
    assert any("(1 of 1 at review)" in line for line in lines)
    quantity = [
        item
        for area in build_context(report).areas
        for column in area.columns
        if column.measure == "quantity"
        for item in column.items
    ]
    assert (
        "How is it going?: 1 person invited, 1 survey started, 1 completed (100% of "
        "those started)." in quantity
    )
    assert "1 responses" not in render(report, "html")  # type: ignore[operator]
    assert "1 responses" not in render(report, "md")  # type: ignore[operator]


def _frames(rows: list[tuple[str, str, str, int, int, int]]) -> tuple[pd.DataFrame, ...]:
    """(survey, touchpoint, agency, issued, started, completed) -> the three input frames."""
    invites = pd.DataFrame(
        [(s, t, a, i, i, min(i, st)) for s, t, a, i, st, _ in rows],
        columns=[*LEAF, "issued", "single_use", "opened"],
    )
    completed = pd.DataFrame(
        [(s, t, a, st, c) for s, t, a, _, st, c in rows], columns=[*LEAF, "started", "completed"]
    )
    unfinished = pd.DataFrame(columns=[*LEAF, "question_id", "unfinished"])
    return invites, completed, unfinished


def test_how_much_rates_by_hand() -> None:
    table = build_activity(
        *_frames([("review", "review", "CSC", 90, 65, 52)]), min_responses=10
    ).table.set_index(["breakdown", "key"])
    row = table.loc[("survey", "review")]
    assert (row["response_rate"], row["completion_rate"]) == (57.8, 80.0)  # 52/90, 52/65


def test_no_hidden_how_much_figure_falls_out_of_any_subtraction() -> None:
    rows = [
        # survey, touchpoint, agency, issued, started, completed
        ("review-a", "review", "CSC", 60, 40, 30),
        ("review-a", "review", "POL", 12, 9, 8),
        ("review-b", "review", "CSC", 20, 15, 12),
        ("closure", "closure", "CSC", 9, 7, 5),
        ("assessment", "assessment", "HLT", 50, 45, 40),
        ("assessment", "assessment", "CSC", 3, 3, 2),
    ]
    activity = build_activity(*_frames(rows), min_responses=10).table
    truth: dict[str, tuple[int, ...]] = {}
    shown: dict[str, tuple[int, ...] | None] = {}
    for row in activity.to_dict("records"):
        name = f"{row['breakdown']}:{row['key']}"
        frame = pd.DataFrame(rows, columns=[*LEAF, "invited", "started", "completed"])
        column = {"survey": "survey_id", "touchpoint": "touchpoint", "agency": "agency"}
        inside = (
            frame if row["breakdown"] == "total" else frame[frame[column[row["breakdown"]]] ==
                                                            row["key"]]
        )  # fmt: skip
        truth[name] = tuple(int(inside[m].sum()) for m in ("invited", "started", "completed"))
        shown[name] = None if row["suppressed"] else truth[name]
    # Small ones are hidden: closure (5), POL (8), and so on.
    for small in ("survey:closure", "touchpoint:closure", "agency:POL"):
        assert shown[small] is None
    assert shown["total:all"] == (154, 119, 97)  # the grand total is kept
    # Everything a reader knows adds up: each breakdown to the total, and each
    # touchpoint to its surveys (a survey's touchpoint is public).
    relations = [
        ("total:all", [n for n in truth if n.startswith(f"{breakdown}:")])
        for breakdown in ("survey", "touchpoint", "agency")
    ]
    relations += [
        ("touchpoint:review", ["survey:review-a", "survey:review-b"]),
        ("touchpoint:closure", ["survey:closure"]),
        ("touchpoint:assessment", ["survey:assessment"]),
    ]
    assert recover(shown, relations, truth) == {}
