"""How much did we do: invites issued, surveys started and completed, drop-off.

Input frames (one row per survey × touchpoint × agency, from :mod:`analytics.queries`):

- ``invites``: ``survey_id, touchpoint, agency, issued`` and, where known,
  ``single_use`` (how many of them are single-use) and ``opened`` (how many of those
  single-use invites have been used to open the survey, up to the day of the report).
- ``deliveries`` (optional): ``survey_id, touchpoint, agency, delivered`` — the
  practitioners each pulse round of the period was sent to.
- ``completed``: ``survey_id, touchpoint, agency, started, completed`` — surveys started
  in the period (the start counters, which outlive purged sessions) and completed in it.
- ``unfinished``: ``survey_id, touchpoint, agency, question_id, unfinished`` — surveys
  started in the period and not finished, by the question they stopped at (stopped,
  purged or still in progress).

A survey started late in one period and finished early in the next counts as started
in the first and completed in the second, so "started" is never shown below
"completed": a completion rate above 100% would only confuse.

**Response rate** is completed ÷ people invited, and "people invited" depends on the
kind of invite (:func:`people_invited`); by construction it is never fewer than the
surveys started, so the rate never passes 100%:

- single-use invites: those issued in the period, plus the people who opened an invite
  from an earlier period in it (starts not accounted for by this period's invites);
- multi-use (forum) links: there is no denominator before the link is opened, so the
  people who opened it (started);
- the pulse: the practitioners the period's rounds were sent to, plus any who answered
  a round sent before the period.

Figures are shown by survey, by touchpoint, by agency and in total. Each row is
suppressed when fewer than the threshold completed it, and more rows are hidden so
none can be had back by subtraction across the three breakdowns (see
:mod:`analytics.suppression`). Rates come only from shown figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.suppression import Relation, protect

LEAF = ["survey_id", "touchpoint", "agency"]
MEASURES = ["invited", "started", "completed"]
NO_AGENCY = "(none)"
#: Columns of :attr:`Activity.table`.
ACTIVITY_COLUMNS = (
    "breakdown", "key", "invited", "started", "completed", "response_rate",
    "completion_rate", "suppressed",
)  # fmt: skip
DROP_OFF_COLUMNS = ("survey_id", "question_id", "stopped", "suppressed")


@dataclass
class Activity:
    """The "How much" tables."""

    #: ``breakdown`` is ``total``, ``survey``, ``touchpoint`` or ``agency``; ``key`` its value.
    table: pd.DataFrame
    #: Unfinished surveys by the question they stopped at (``stopped`` empty when hidden).
    drop_off: pd.DataFrame


def people_invited(leaves: pd.DataFrame) -> pd.Series:
    """People invited per leaf (see the module doc); never fewer than ``started``.

    ``leaves`` has ``touchpoint, single_use, opened, delivered, started``. Everyone who
    started had been invited: by a single-use invite of this period (``opened`` of them at
    most), by one from before it, by an open link, or by a pulse round.
    """
    pulse = leaves["touchpoint"] == "pulse"
    base = leaves["single_use"].where(~pulse, leaves["delivered"])
    accounted = leaves["opened"].where(~pulse, leaves["delivered"])
    return base + (leaves["started"] - accounted).clip(lower=0)


def _leaves(
    invites: pd.DataFrame, completed: pd.DataFrame, deliveries: pd.DataFrame | None
) -> pd.DataFrame:
    invites = invites.copy()
    if "single_use" not in invites:
        invites["single_use"] = invites["issued"]
    if "opened" not in invites:
        # Not known: take every invite as opened, so starts beyond them came from earlier ones.
        invites["opened"] = invites["single_use"]
    if deliveries is None:
        deliveries = pd.DataFrame(columns=[*LEAF, "delivered"])
    leaves = invites.merge(completed, on=LEAF, how="outer").merge(deliveries, on=LEAF, how="outer")
    counts = ["issued", "single_use", "opened", "delivered", "started", "completed"]
    leaves[counts] = leaves[counts].fillna(0).astype("int64")
    leaves["agency"] = leaves["agency"].fillna(NO_AGENCY)
    leaves["touchpoint"] = leaves["touchpoint"].fillna("unknown")
    leaves["started"] = leaves[["started", "completed"]].max(axis=1)
    leaves["invited"] = people_invited(leaves)
    return leaves


def _components(leaves: pd.DataFrame, left: str, right: str) -> list[tuple[list[str], list[str]]]:
    """Groups of ``left`` and ``right`` values that cover the same leaves (equal sums)."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(node: tuple[str, str]) -> tuple[str, str]:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for a, b in leaves[[left, right]].drop_duplicates().itertuples(index=False):
        parent[find((left, a))] = find((right, b))
    groups: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for node in list(parent):
        lefts, rights = groups.setdefault(find(node), ([], []))
        (lefts if node[0] == left else rights).append(node[1])
    return [(sorted(a), sorted(b)) for a, b in groups.values()]


def build_activity(
    invites: pd.DataFrame,
    completed: pd.DataFrame,
    unfinished: pd.DataFrame,
    *,
    min_responses: int,
    deliveries: pd.DataFrame | None = None,
) -> Activity:
    leaves = _leaves(invites, completed, deliveries)
    rows = [("total", "all", *leaves[MEASURES].sum().tolist())]
    for breakdown, column in (
        ("survey", "survey_id"),
        ("touchpoint", "touchpoint"),
        ("agency", "agency"),
    ):
        grouped = leaves.groupby(column)[MEASURES].sum()
        rows.extend(
            (breakdown, key, *values)
            for key, values in zip(grouped.index, grouped.to_numpy(), strict=True)
        )
    table = pd.DataFrame.from_records(rows, columns=["breakdown", "key", *MEASURES])
    position = {
        (b, k): i for i, (b, k) in enumerate(zip(table["breakdown"], table["key"], strict=True))
    }
    relations = [
        Relation.of(0, [i for (b, _), i in position.items() if b == breakdown])
        for breakdown in ("survey", "touchpoint", "agency")
    ]
    for left, right in (("survey", "touchpoint"), ("survey", "agency"), ("touchpoint", "agency")):
        columns = {"survey": "survey_id", "touchpoint": "touchpoint", "agency": "agency"}
        for lefts, rights in _components(leaves, columns[left], columns[right]):
            relations.append(
                Relation(
                    tuple(position[(left, k)] for k in lefts),
                    tuple(position[(right, k)] for k in rights),
                )
            )
    values = table[MEASURES].to_numpy(dtype=float)
    # Hidden rows' measures pinned at 0 (say, nobody invited to a survey) reveal
    # nothing about a respondent, so only linear recovery is guarded against here.
    sizes = table["completed"].to_numpy(dtype=float)
    # Losing the grand total costs the most: hide any number of parts first.
    keep = (table["breakdown"] == "total").to_numpy()
    _, hidden = protect(values, sizes, relations, min_responses, pinned_measures=(), keep=keep)
    table["suppressed"] = hidden
    shown = ~table["suppressed"]
    for column in MEASURES:
        table[column] = table[column].astype("int64").astype("Int64").where(shown)
    with np.errstate(divide="ignore", invalid="ignore"):
        table["response_rate"] = _rate(table["completed"], table["invited"])
        table["completion_rate"] = _rate(table["completed"], table["started"])
    drop_off = _drop_off(unfinished, table, min_responses)
    return Activity(table=table[list(ACTIVITY_COLUMNS)], drop_off=drop_off)


def _rate(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """A percentage to 1 dp; empty when either figure is hidden or the denominator is 0."""
    rate = numerator.astype("Float64") / denominator.astype("Float64")
    rate = rate.where(denominator.astype("Float64") > 0)
    return (rate * 100).round(1)


def _drop_off(unfinished: pd.DataFrame, table: pd.DataFrame, min_responses: int) -> pd.DataFrame:
    if unfinished.empty:
        return pd.DataFrame(columns=list(DROP_OFF_COLUMNS))
    by_question = (
        unfinished.groupby(["survey_id", "question_id"], as_index=False)["unfinished"]
        .sum()
        .rename(columns={"unfinished": "stopped"})
    )
    surveys = table[table["breakdown"] == "survey"].set_index("key")["suppressed"]
    hidden_parts = []
    for survey_id, group in by_question.groupby("survey_id", sort=True):
        survey_hidden = bool(surveys.get(survey_id, True))
        stopped = group["stopped"].to_numpy(dtype=float)
        # The survey's unfinished total is started minus completed: known when its row shows.
        values = np.concatenate([[stopped.sum()], stopped])[:, None]
        sizes = np.concatenate([[0.0 if survey_hidden else np.inf], stopped])
        relation = Relation.of(0, range(1, len(values)))
        _, hidden = protect(values, sizes, [relation], min_responses)
        if survey_hidden or hidden[0]:
            hidden[:] = True
        hidden_parts.append(pd.Series(hidden[1:], index=group.index))
    by_question["suppressed"] = pd.concat(hidden_parts)
    by_question["stopped"] = (
        by_question["stopped"].astype("Int64").where(~by_question["suppressed"])
    )
    return by_question[list(DROP_OFF_COLUMNS)].reset_index(drop=True)
