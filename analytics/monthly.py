"""The monthly series behind the trend charts, suppressed, and a p-chart for each.

One row per month × indicator × audience, across all touchpoints (``n``, ``positive``,
empty when suppressed). A month is hidden when fewer than the threshold answered, and
more are hidden so the report's own statement cannot give one back: the months inside the
report's period add up to its "across all touchpoints" statement, whose n and positive are
shown. So, per indicator × audience:

- that statement hidden -> every month inside the period is hidden too (otherwise the
  months would add up to it);
- that statement shown -> :func:`analytics.suppression.protect` hides further months until
  none can be had back by subtraction (or pinned at 0 positive).

The series starts with the first month anyone answered (for any statement), so the
small multiples share one time axis without months of nothing before it.

Months of earlier periods are tied to nothing shown with counts (the period before shows
only a percentage), so only their own size decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analytics.periods import Period, month_containing
from analytics.spc import PChart, p_chart
from analytics.statements import ALL_TOUCHPOINTS
from analytics.suppression import Relation, protect

#: How many months a trend chart shows, the report's last month included.
TREND_MONTHS = 15
MONTHLY_COLUMNS = ("month", "month_start", "indicator", "audience", "n", "positive", "suppressed")


def trend_months(period: Period, today: date, count: int = TREND_MONTHS) -> list[Period]:
    """``count`` calendar months ending with the period's last month begun by ``today``."""
    return month_containing(max(period.start, min(period.end, today))).history(count)


def _covers(months: Sequence[Period], period: Period) -> bool:
    """Whether the months inside ``period`` make it up exactly (a quarter, a month)."""
    inside = [m for m in months if period.start <= m.start and m.end <= period.end]
    return bool(inside) and sum(m.days for m in inside) == period.days


def monthly_series(
    counts: pd.DataFrame,
    *,
    months: Sequence[Period],
    period: Period,
    statements: pd.DataFrame,
    indicators: Sequence[str],
    min_responses: int,
) -> pd.DataFrame:
    """``counts`` as :func:`analytics.queries.statement_counts` gives it for ``months``
    newest first; ``months`` here oldest first; ``statements`` the report's own table."""
    newest_first = list(months)[::-1]
    known = counts[counts["indicator"].isin(list(indicators)) & (counts["period"] >= 0)]
    totals = known.groupby(["period", "indicator", "audience"], as_index=False)[
        ["n", "positive"]
    ].sum()
    if totals.empty:
        return pd.DataFrame(columns=list(MONTHLY_COLUMNS))
    keys = totals[["indicator", "audience"]].drop_duplicates()
    grid = keys.merge(pd.DataFrame({"period": range(len(months))}), how="cross")
    frame = grid.merge(totals, on=["period", "indicator", "audience"], how="left")
    frame[["n", "positive"]] = frame[["n", "positive"]].fillna(0).astype("int64")
    frame["month_start"] = frame["period"].map(lambda i: newest_first[i].start)
    frame["month"] = frame["period"].map(lambda i: newest_first[i].short_label)
    frame["inside"] = frame["period"].map(
        lambda i: period.start <= newest_first[i].start and newest_first[i].end <= period.end
    )
    hidden = (frame["n"] < min_responses) & (frame["n"] > 0)
    tied = _covers(months, period)
    overall = statements[statements["touchpoint"] == ALL_TOUCHPOINTS].set_index(
        ["indicator", "audience"]
    )
    for (indicator, audience), group in frame[frame["inside"]].groupby(["indicator", "audience"]):
        if not tied:
            continue
        index = list(group.index)
        total = (
            overall.loc[(indicator, audience)] if (indicator, audience) in overall.index else None
        )
        if total is None or bool(total["suppressed"]):
            hidden.loc[index] = group["n"].to_numpy() > 0
            continue
        n = group["n"].to_numpy(dtype=float)
        positive = group["positive"].to_numpy(dtype=float)
        values = np.column_stack([n, positive, n - positive])
        values = np.vstack([values.sum(axis=0), values])
        sizes = np.concatenate([[np.inf], n])
        keep = np.array([True] + [False] * len(index))
        _, group_hidden = protect(
            values, sizes, [Relation.of(0, range(1, len(values)))], min_responses, keep=keep
        )
        if group_hidden[0]:
            group_hidden[1:] = True
        hidden.loc[index] = group_hidden[1:] & (n > 0)
    # Months before anyone answered at all are not a gap in the series but its start.
    first = frame.loc[frame["n"] > 0, "month_start"].min()
    frame["suppressed"] = hidden | (frame["n"] == 0)
    frame = frame[frame["month_start"] >= first]
    shown = ~frame["suppressed"]
    frame["n"] = frame["n"].astype("Int64").where(shown)
    frame["positive"] = frame["positive"].astype("Int64").where(shown)
    frame = frame.sort_values(["indicator", "audience", "month_start"])
    return frame[list(MONTHLY_COLUMNS)].reset_index(drop=True)


@dataclass(frozen=True)
class Trend:
    """The p-chart of one indicator × audience."""

    indicator: str
    audience: str
    chart: PChart


def trends(monthly: pd.DataFrame) -> dict[tuple[str, str], Trend]:
    """A p-chart per indicator × audience of the monthly series."""
    found: dict[tuple[str, str], Trend] = {}
    if monthly.empty:
        return found
    for (indicator, audience), group in monthly.groupby(["indicator", "audience"], sort=False):
        group = group.sort_values("month_start")
        chart = p_chart(
            list(group["month"]),
            [None if pd.isna(v) else int(v) for v in group["positive"]],
            [None if pd.isna(v) else int(v) for v in group["n"]],
        )
        found[(str(indicator), str(audience))] = Trend(str(indicator), str(audience), chart)
    return found
