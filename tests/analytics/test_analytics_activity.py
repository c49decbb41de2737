"""The "How much" table from count frames, without a database."""

from __future__ import annotations

import pandas as pd

from analytics.activity import build_activity

LEAF = ["survey_id", "touchpoint", "agency"]


def _frame(rows: list[tuple[object, ...]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame.from_records(rows, columns=columns)


def test_started_comes_from_the_start_counters_not_from_what_is_left_unfinished() -> None:
    invites = _frame([("review", "review", "CSC", 40)], [*LEAF, "issued"])
    completed = _frame([("review", "review", "CSC", 30, 20)], [*LEAF, "started", "completed"])
    unfinished = _frame([("review", "review", "CSC", "plan", 4)], [*LEAF, "question_id",
                                                                  "unfinished"])  # fmt: skip
    table = build_activity(invites, completed, unfinished, min_responses=10).table
    total = table[table["breakdown"] == "total"].iloc[0]
    # 30 started although only 4 are known to be unfinished: the rest left no row behind.
    assert (total["issued"], total["started"], total["completed"]) == (40, 30, 20)
    assert total["completion_rate"] == 66.7


def test_started_is_never_shown_below_completed() -> None:
    """Finished this period, started in the last: counted as started there, not here."""
    invites = _frame([], [*LEAF, "issued"])
    completed = _frame(
        [("review", "review", "CSC", 10, 12), ("closure", "closure", None, 15, 11)],
        [*LEAF, "started", "completed"],
    )
    unfinished = _frame([], [*LEAF, "question_id", "unfinished"])
    table = build_activity(invites, completed, unfinished, min_responses=10).table
    rows = table.set_index(["breakdown", "key"])
    assert rows.loc[("survey", "review"), "started"] == 12
    assert rows.loc[("survey", "review"), "completion_rate"] == 100.0
    assert rows.loc[("agency", "(none)"), "started"] == 15
    assert rows.loc[("total", "all"), "started"] == 27
