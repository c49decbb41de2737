"""Percentage statements from counts: the heart of a report.

Input is a small frame of counts already aggregated (in SQL, or by
:func:`counts_from_answers` from an answer-level frame in tests):

``period`` (0 = the report's period, 1 = the one before, 2, 3 … older),
``indicator``, ``audience``, ``touchpoint``, ``n`` (counted answers),
``positive`` (answers counting towards the percentage).

Output is one row per indicator × audience × touchpoint, plus touchpoint
``all`` per indicator × audience, in the Contract's columns
(:data:`STATEMENT_COLUMNS`) with a few extra columns the templates use.
Every step is a pandas/NumPy operation over the whole table; the only Python
loops run over suppression groups that hold a small figure and over the
output rows to word their sentences.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analytics.periods import Period
from analytics.sentences import audience_plural, statement_sentence, touchpoint_phrase
from analytics.stats import round_half_up, significant_changes, wilson_arrays
from analytics.suppression import Relation, protect
from surveys.model import TOUCHPOINTS, Framework

#: The Contract's statement columns, in order (``report --format csv``).
STATEMENT_COLUMNS = (
    "period_start", "period_end", "content_area", "measure", "indicator", "evidences",
    "audience", "touchpoint", "n", "positive", "percent", "ci_low", "ci_high",
    "previous_percent", "change_points", "significant", "suppressed", "statement",
)  # fmt: skip
COUNT_COLUMNS = ("period", "indicator", "audience", "touchpoint", "n", "positive")
KEYS = ["indicator", "audience", "touchpoint"]
ALL_TOUCHPOINTS = "all"


@dataclass
class StatementTables:
    """What :func:`build_statements` returns."""

    #: One row per statement for the report's period (STATEMENT_COLUMNS + extras).
    current: pd.DataFrame
    #: Indicators answered but no longer in the framework: reported as a note, not a row.
    unknown_indicators: list[str] = field(default_factory=list)


def counts_from_answers(answers: pd.DataFrame, periods: Sequence[Period]) -> pd.DataFrame:
    """Aggregate answer rows (``completed_on``, ``indicator``, ``audience``, ``touchpoint``,
    ``counted``, ``positive``) into the counts frame; ``periods`` newest first."""
    frame = answers[answers["indicator"].notna() & answers["counted"].fillna(False).astype(bool)]
    day = pd.to_datetime(frame["completed_on"])
    period = pd.Series(-1, index=frame.index)
    for index, each in enumerate(periods):
        inside = (day >= pd.Timestamp(each.start)) & (day <= pd.Timestamp(each.end))
        period = period.mask(inside, index)
    frame = frame.assign(period=period, positive=frame["positive"].fillna(False).astype(int))
    frame = frame[frame["period"] >= 0]
    grouped = frame.groupby(["period", *KEYS], as_index=False).agg(
        n=("positive", "size"), positive=("positive", "sum")
    )
    return grouped[list(COUNT_COLUMNS)]


def _with_totals(counts: pd.DataFrame, period_count: int) -> pd.DataFrame:
    counts = counts[(counts["period"] >= 0) & (counts["period"] < period_count)]
    counts = counts[counts["touchpoint"] != ALL_TOUCHPOINTS]
    per_touchpoint = counts.groupby(["period", *KEYS], as_index=False)[["n", "positive"]].sum()
    overall = (
        per_touchpoint.groupby(["period", "indicator", "audience"], as_index=False)[
            ["n", "positive"]
        ]
        .sum()
        .assign(touchpoint=ALL_TOUCHPOINTS)
    )
    figures = pd.concat([per_touchpoint, overall], ignore_index=True)
    keys = figures[KEYS].drop_duplicates()
    grid = keys.merge(pd.DataFrame({"period": range(period_count)}), how="cross")
    figures = grid.merge(figures, on=["period", *KEYS], how="left")
    figures[["n", "positive"]] = figures[["n", "positive"]].fillna(0).astype("int64")
    # A fixed order makes the choice of complementary cells the same in every
    # report that shows this period, so the quarter before matches its own report.
    order = {t: i for i, t in enumerate((ALL_TOUCHPOINTS, *TOUCHPOINTS))}
    figures["touchpoint_order"] = figures["touchpoint"].map(order).fillna(len(order))
    figures = figures.sort_values(
        ["period", "indicator", "audience", "touchpoint_order", "touchpoint"]
    )
    return figures.reset_index(drop=True)


def _suppress(figures: pd.DataFrame, min_responses: int) -> pd.Series:
    hidden = figures["n"] < min_responses
    needs_work = hidden.groupby([figures["period"], figures["indicator"], figures["audience"]])
    groups = needs_work.transform("any")
    for _, group in figures[groups].groupby(["period", "indicator", "audience"], sort=False):
        positions = list(group.index)
        parent = next(i for i in positions if group.at[i, "touchpoint"] == ALL_TOUCHPOINTS)
        relation = Relation.of(
            positions.index(parent), [positions.index(i) for i in positions if i != parent]
        )
        n = group["n"].to_numpy(dtype=float)
        positive = group["positive"].to_numpy(dtype=float)
        values = np.column_stack([n, positive, n - positive])
        _, group_hidden = protect(values, n, [relation], min_responses)
        hidden.loc[positions] = group_hidden
    return hidden


def _percentages(figures: pd.DataFrame) -> pd.DataFrame:
    n = figures["n"].to_numpy(dtype=float)
    positive = figures["positive"].to_numpy(dtype=float)
    low, high = wilson_arrays(positive, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        proportion = np.where(n > 0, positive / n, np.nan)
    return figures.assign(proportion=proportion, low=low, high=high)


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def _one_dp(values: pd.Series) -> pd.Series:
    return values.map(lambda v: None if pd.isna(v) else round_half_up(100 * v, 1))


def build_statements(
    counts: pd.DataFrame,
    *,
    periods: Sequence[Period],
    framework: Framework,
    min_responses: int,
) -> StatementTables:
    """Statements for ``periods[0]`` compared with ``periods[1]``; ``periods`` newest first,
    at least two long (counts of any others are ignored)."""
    period_count = len(periods)
    unknown = sorted(set(counts["indicator"]) - set(framework.indicators))
    known = counts[counts["indicator"].isin(list(framework.indicators))]
    figures = _with_totals(known, period_count)
    figures["suppressed"] = _suppress(figures, min_responses)
    figures = _percentages(figures)

    current = figures[figures["period"] == 0].set_index(KEYS)
    previous = figures[figures["period"] == 1].set_index(KEYS)
    rows = current.merge(
        previous, left_index=True, right_index=True, how="left", suffixes=("", "_previous")
    )
    rows = rows[(rows["n"] > 0) | (rows["n_previous"] > 0)].reset_index()
    shown = ~rows["suppressed"]
    previous_shown = shown & ~rows["suppressed_previous"] & (rows["n_previous"] > 0)
    significant = significant_changes(
        rows["positive"].to_numpy(dtype=float),
        rows["n"].to_numpy(dtype=float),
        rows["positive_previous"].to_numpy(dtype=float),
        rows["n_previous"].to_numpy(dtype=float),
    )
    table = pd.DataFrame(
        {
            "period_start": periods[0].start.isoformat(),
            "period_end": periods[0].end.isoformat(),
            "indicator": rows["indicator"],
            "audience": rows["audience"],
            "touchpoint": rows["touchpoint"],
            "n": rows["n"].where(shown).astype("Int64"),
            "positive": rows["positive"].where(shown).astype("Int64"),
            "percent": _one_dp(rows["proportion"].where(shown)),
            "ci_low": _one_dp(rows["low"].where(shown)),
            "ci_high": _one_dp(rows["high"].where(shown)),
            "previous_percent": _one_dp(rows["proportion_previous"].where(previous_shown)),
            "change_points": _one_dp(
                (rows["proportion"] - rows["proportion_previous"]).where(previous_shown)
            ),
            "significant": pd.Series(significant, dtype="float")
            .where(previous_shown.to_numpy())
            .map(lambda v: None if pd.isna(v) else bool(v)),
            "suppressed": rows["suppressed"].astype(bool),
        }
    )
    table = _describe(table, framework, periods)
    return StatementTables(current=table, unknown_indicators=unknown)


def _describe(table: pd.DataFrame, framework: Framework, periods: Sequence[Period]) -> pd.DataFrame:
    """Add the framework's words, the sentence and the framework's order."""
    indicators = framework.indicators
    indicator_order = {i: position for position, i in enumerate(indicators)}
    audience_order = {a: position for position, a in enumerate(framework.audiences)}
    touchpoint_order = {t: i for i, t in enumerate((ALL_TOUCHPOINTS, *TOUCHPOINTS))}
    table["measure"] = table["indicator"].map(lambda i: indicators[i].measure)
    table["evidences"] = table["indicator"].map(lambda i: ";".join(indicators[i].evidences))
    table["content_area"] = table["indicator"].map(
        lambda i: ";".join(framework.content_areas_of(i))
    )
    table["indicator_statement"] = table["indicator"].map(lambda i: indicators[i].statement)
    table["audience_label"] = table["audience"].map(lambda a: audience_plural(framework, a))
    table["where"] = table["touchpoint"].map(lambda t: touchpoint_phrase(framework, t))
    period = periods[0]
    table["statement"] = [
        statement_sentence(
            percent=None if suppressed else _number(percent),
            positive=None if suppressed else int(positive),
            n=None if suppressed else int(n),
            audience=audience,
            where=where,
            indicator_statement=words,
            previous_percent=_number(previous),
            before_phrase=period.before_phrase,
        )
        for suppressed, percent, positive, n, audience, where, words, previous in zip(
            table["suppressed"],
            table["percent"],
            table["positive"],
            table["n"],
            table["audience_label"],
            table["where"],
            table["indicator_statement"],
            table["previous_percent"],
            strict=True,
        )
    ]
    table = table.assign(
        _i=table["indicator"].map(indicator_order),
        _a=table["audience"].map(audience_order).fillna(len(audience_order)),
        _t=table["touchpoint"].map(touchpoint_order).fillna(len(touchpoint_order)),
    ).sort_values(["_i", "_a", "audience", "_t", "touchpoint"])
    extras = ["indicator_statement", "audience_label", "where"]
    return table[[*STATEMENT_COLUMNS, *extras]].reset_index(drop=True)


def _touchpoints_per_statement(statements: pd.DataFrame) -> pd.Series:
    """How many single-touchpoint rows each row's indicator × audience has."""
    parts = statements["touchpoint"] != ALL_TOUCHPOINTS
    return parts.groupby([statements["indicator"], statements["audience"]]).transform("sum")


def one_line_each(statements: pd.DataFrame) -> pd.DataFrame:
    """The rows worth a line: no "across all touchpoints" that repeats its only touchpoint."""
    repeats = (statements["touchpoint"] == ALL_TOUCHPOINTS) & (
        _touchpoints_per_statement(statements) == 1
    )
    return statements[~repeats]


def headline_rows(statements: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator × audience: across all touchpoints, or the only touchpoint."""
    count = _touchpoints_per_statement(statements)
    overall = statements["touchpoint"] == ALL_TOUCHPOINTS
    return statements[(overall & (count != 1)) | (~overall & (count == 1))]
