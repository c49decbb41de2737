"""The "How much" table from count frames, without a database."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

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
    assert (total["invited"], total["started"], total["completed"]) == (40, 30, 20)
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


INVITE_COLUMNS = [*LEAF, "issued", "single_use", "opened"]
NO_UNFINISHED = pd.DataFrame(columns=[*LEAF, "question_id", "unfinished"])


def _rates(invites: pd.DataFrame, completed: pd.DataFrame, **options: object) -> pd.DataFrame:
    activity = build_activity(invites, completed, NO_UNFINISHED, min_responses=10, **options)
    return activity.table.set_index(["breakdown", "key"])


def test_a_forum_link_counts_the_people_who_opened_it_not_the_one_link() -> None:
    """One multi-use link, 14 opened it, 12 finished: 86%, not 1200%."""
    invites = _frame([("practitioner-forum", "forum", "CSC", 1, 0, 0)], INVITE_COLUMNS)
    completed = _frame([("practitioner-forum", "forum", "CSC", 14, 12)],
                       [*LEAF, "started", "completed"])  # fmt: skip
    row = _rates(invites, completed).loc[("survey", "practitioner-forum")]
    assert (row["invited"], row["response_rate"]) == (14, 85.7)


def test_the_pulse_counts_the_practitioners_the_round_was_sent_to() -> None:
    invites = _frame([], INVITE_COLUMNS)
    completed = _frame([("practitioner-pulse", "pulse", "CSC", 15, 14)],
                       [*LEAF, "started", "completed"])  # fmt: skip
    deliveries = _frame([("practitioner-pulse", "pulse", "CSC", 20)], [*LEAF, "delivered"])
    row = _rates(invites, completed, deliveries=deliveries).loc[("survey", "practitioner-pulse")]
    assert (row["invited"], row["response_rate"]) == (20, 70.0)


def test_single_use_invites_from_before_the_period_are_counted_as_invited() -> None:
    """40 issued, 30 of them opened; 45 started, so 15 opened an earlier invite: 55 invited."""
    invites = _frame([("review", "review", "CSC", 40, 40, 30)], INVITE_COLUMNS)
    completed = _frame([("review", "review", "CSC", 45, 43)], [*LEAF, "started", "completed"])
    row = _rates(invites, completed).loc[("total", "all")]
    assert (row["invited"], row["response_rate"]) == (55, 78.2)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["review", "forum", "pulse"]),
            st.sampled_from(["CSC", "HLT"]),
            st.integers(0, 60), st.integers(0, 60), st.integers(0, 60), st.integers(0, 60),
            st.integers(0, 60), st.integers(0, 60),
        ),
        min_size=1, max_size=6, unique_by=lambda leaf: leaf[:2],
    )
)  # fmt: skip
@settings(max_examples=60, deadline=None)
def test_no_response_rate_is_ever_above_100_percent(
    leaves: list[tuple[str, str, int, int, int, int, int, int]],
) -> None:
    invites = _frame(
        [(t, t, a, i + m, i, min(o, i)) for t, a, i, m, o, _, _, _ in leaves], INVITE_COLUMNS
    )
    completed = _frame(
        [(t, t, a, s, c) for t, a, _, _, _, s, c, _ in leaves], [*LEAF, "started", "completed"]
    )
    deliveries = _frame(
        [(t, t, a, d) for t, a, *_, d in leaves if t == "pulse"], [*LEAF, "delivered"]
    )
    table = _rates(invites, completed, deliveries=deliveries)
    rates = table["response_rate"].dropna()
    assert (rates <= 100).all(), table
