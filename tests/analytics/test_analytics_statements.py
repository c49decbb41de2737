"""Statements from a small hand-computed dataset: n, percent, interval, change, sentence."""

from __future__ import annotations

from datetime import date

import pandas as pd

from analytics.statements import STATEMENT_COLUMNS, build_statements, counts_from_answers

from .attacker import recover


def _answers(rows: list[tuple[str, str, str, str, int, int, int]]) -> pd.DataFrame:
    """(completed_on, indicator, audience, touchpoint, how many, positive, not counted)."""
    records = []
    for day, indicator, audience, touchpoint, count, positive, not_counted in rows:
        for i in range(count + not_counted):
            records.append(
                {
                    "completed_on": date.fromisoformat(day),
                    "indicator": indicator,
                    "audience": audience,
                    "touchpoint": touchpoint,
                    "counted": i < count,
                    "positive": i < positive,
                }
            )
    return pd.DataFrame.from_records(records)


def test_the_example_sentence_from_the_issue(framework, quarter_periods) -> None:
    answers = _answers(
        [
            ("2026-08-14", "felt-listened-to", "parent_carer", "review", 45, 35, 4),
            ("2026-05-02", "felt-listened-to", "parent_carer", "review", 40, 28, 0),
        ]
    )
    tables = build_statements(
        counts_from_answers(answers, quarter_periods),
        periods=quarter_periods,
        framework=framework,
        min_responses=10,
    )
    review = tables.current.set_index("touchpoint").loc["review"]
    assert (review["n"], review["positive"]) == (45, 35)  # the 4 "don't know" left out
    assert (review["percent"], review["ci_low"], review["ci_high"]) == (77.8, 63.7, 87.5)
    assert review["previous_percent"] == 70.0
    assert review["change_points"] == 7.8
    assert review["significant"] == False  # noqa: E712  (a NumPy bool)
    assert not review["suppressed"]
    assert review["statement"] == (
        "78% of parents and carers said they felt their worker listened to them "
        "(35 of 45 at review; 70% the quarter before)"
    )
    assert list(tables.current.columns[: len(STATEMENT_COLUMNS)]) == list(STATEMENT_COLUMNS)
    assert review["content_area"] == "core-safeguarding"
    assert review["measure"] == "quality"
    assert (review["period_start"], review["period_end"]) == ("2026-07-01", "2026-09-30")


def test_a_significant_fall_across_touchpoints(framework, quarter_periods) -> None:
    answers = _answers(
        [
            ("2026-07-01", "know-how-to-get-help", "child", "assessment", 25, 10, 0),
            ("2026-09-30", "know-how-to-get-help", "child", "closure", 25, 15, 0),
            ("2026-06-30", "know-how-to-get-help", "child", "assessment", 25, 22, 0),
            ("2026-04-01", "know-how-to-get-help", "child", "closure", 25, 23, 0),
        ]
    )
    tables = build_statements(
        counts_from_answers(answers, quarter_periods),
        periods=quarter_periods,
        framework=framework,
        min_responses=10,
    )
    overall = tables.current.set_index("touchpoint").loc["all"]
    # 25/50 = 50.0% against 45/50 = 90.0%: pooled 0.7, z = -4.36.
    assert (overall["n"], overall["positive"], overall["percent"]) == (50, 25, 50.0)
    assert (overall["ci_low"], overall["ci_high"]) == (36.6, 63.4)
    assert (overall["previous_percent"], overall["change_points"]) == (90.0, -40.0)
    assert overall["significant"] == True  # noqa: E712
    assert overall["content_area"] == "core-safeguarding;early-help"
    assert overall["evidences"] == "core-safeguarding.11;early-help.7"
    assert overall["statement"].startswith(
        "50% of children said they knew how to get more help (25 of 50 across all touchpoints"
    )


def test_a_small_group_is_suppressed_with_its_complement_and_no_subtraction_reveals_it(
    framework, quarter_periods
) -> None:
    answers = _answers(
        [
            ("2026-08-01", "felt-listened-to", "young_person", "review", 45, 35, 0),
            ("2026-08-01", "felt-listened-to", "young_person", "assessment", 30, 20, 0),
            ("2026-08-01", "felt-listened-to", "young_person", "closure", 4, 1, 0),
        ]
    )
    counts = counts_from_answers(answers, quarter_periods)
    table = build_statements(
        counts, periods=quarter_periods, framework=framework, min_responses=10
    ).current.set_index("touchpoint")
    assert table.loc["closure", "suppressed"] and table.loc["assessment", "suppressed"]
    for touchpoint in ("closure", "assessment"):
        row = table.loc[touchpoint]
        assert all(pd.isna(row[c]) for c in ("n", "positive", "percent", "ci_low", "ci_high"))
        assert row["statement"] == (
            f"Too few responses to report whether young people at {touchpoint} "
            "said they felt their worker listened to them."
        )
    shown = {
        t: None if row["suppressed"] else (int(row["n"]), int(row["positive"]))
        for t, row in table.iterrows()
    }
    truth = {"all": (79, 56), "review": (45, 35), "assessment": (30, 20), "closure": (4, 1)}
    assert recover(shown, [("all", ["review", "assessment", "closure"])], truth) == {}


def test_grammar_for_every_audience(framework, quarter_periods) -> None:
    rows = [
        ("2026-08-01", "felt-listened-to", audience, "review", 12, 12, 0)
        for audience in ("child", "young_person", "parent_carer", "practitioner")
    ]
    table = build_statements(
        counts_from_answers(_answers(rows), quarter_periods),
        periods=quarter_periods,
        framework=framework,
        min_responses=10,
    ).current
    sentences = set(table[table["touchpoint"] == "review"]["statement"])
    assert sentences == {
        f"100% of {who} said they felt their worker listened to them (12 of 12 at review)"
        for who in ("children", "young people", "parents and carers", "practitioners")
    }


def test_one_response_reads_as_one_when_the_threshold_allows(framework) -> None:
    from analytics.periods import parse_period

    periods = parse_period("2026-07").history(2)[::-1]
    answers = _answers([("2026-07-03", "felt-listened-to", "child", "review", 1, 0, 0)])
    table = build_statements(
        counts_from_answers(answers, periods), periods=periods, framework=framework,
        min_responses=1,
    ).current  # fmt: skip
    assert table.iloc[0]["statement"] == (
        "0% of children said they felt their worker listened to them "
        "(0 of 1 across all touchpoints)"
    )


def test_answers_for_an_indicator_no_longer_in_the_framework_become_a_note(
    framework, quarter_periods
) -> None:
    answers = _answers([("2026-08-01", "retired-indicator", "child", "review", 20, 10, 0)])
    tables = build_statements(
        counts_from_answers(answers, quarter_periods),
        periods=quarter_periods,
        framework=framework,
        min_responses=10,
    )
    assert tables.current.empty
    assert tables.unknown_indicators == ["retired-indicator"]


def test_no_answers_at_all_gives_an_empty_table(framework, quarter_periods) -> None:
    empty = pd.DataFrame(columns=["period", "indicator", "audience", "touchpoint", "n", "positive"])
    tables = build_statements(empty, periods=quarter_periods, framework=framework, min_responses=10)
    assert tables.current.empty
    assert list(tables.current.columns[: len(STATEMENT_COLUMNS)]) == list(STATEMENT_COLUMNS)
