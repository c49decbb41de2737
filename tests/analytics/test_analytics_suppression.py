"""Primary and secondary suppression, checked by an attacker trying every subtraction."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.monthly import monthly_series
from analytics.periods import month_containing, parse_period
from analytics.statements import build_statements
from analytics.suppression import Relation, protect

from .attacker import recover
from .conftest import make_framework

K = 10


def _run(values: list[tuple[int, ...]], relations: list[Relation], sizes: list[int] | None = None):
    array = np.array(values, dtype=float)
    size_array = np.array(sizes if sizes is not None else [v[0] for v in values], dtype=float)
    return protect(array, size_array, relations, K)


def _attack(values, relations, hidden) -> dict[str, str]:
    names = [f"c{i}" for i in range(len(values))]
    shown = {names[i]: (None if hidden[i] else tuple(values[i])) for i in range(len(values))}
    named = [([names[c] for c in r.totals], [names[c] for c in r.parts]) for r in relations]
    return recover(shown, named, {names[i]: tuple(values[i]) for i in range(len(values))})


def test_a_small_touchpoint_takes_the_next_smallest_with_it() -> None:
    # all, assessment, review, closure: (n, positive, n - positive)
    values = [(80, 59, 21), (30, 20, 10), (45, 35, 10), (5, 4, 1)]
    relation = Relation.of(0, (1, 2, 3))
    primary, hidden = _run(values, [relation])
    assert primary.tolist() == [False, False, False, True]
    assert hidden.tolist() == [False, True, False, True]
    assert _attack(values, [relation], hidden) == {}


def test_nothing_small_means_nothing_hidden() -> None:
    values = [(60, 30, 30), (30, 20, 10), (30, 10, 20)]
    _, hidden = _run(values, [Relation.of(0, (1, 2))])
    assert not hidden.any()


def test_hidden_cells_all_negative_would_be_pinned_so_one_more_goes() -> None:
    # Two small touchpoints, both with no one positive: subtracting review's 30
    # positives from all's 30 would show 0 positive at each of them.
    values = [(51, 30, 21), (40, 30, 10), (5, 0, 5), (6, 0, 6)]
    relation = Relation.of(0, (1, 2, 3))
    _, hidden = _run(values, [relation])
    assert hidden.tolist() == [False, True, True, True]
    assert _attack(values, [relation], hidden) == {}


def test_an_empty_part_is_no_secret_and_a_part_is_hidden_before_the_total() -> None:
    values = [(14, 7, 7), (14, 7, 7), (0, 0, 0)]
    relation = Relation.of(0, (1, 2))
    _, hidden = _run(values, [relation])
    assert hidden.tolist() == [False, False, True]  # 14 shown; nobody at the other touchpoint
    values = [(15, 7, 8), (12, 7, 5), (3, 0, 3)]
    _, hidden = _run(values, [relation])
    assert hidden.tolist() == [False, True, True]
    assert _attack(values, [relation], hidden) == {}


def test_chains_of_relations_survey_touchpoint_total() -> None:
    # total = touchpoints A + B; A = surveys a1 + a2; B = surveys b1 + b2
    # cells: 0 total, 1 A, 2 B, 3 a1, 4 a2, 5 b1, 6 b2
    values = [(100,), (40,), (60,), (35,), (5,), (30,), (30,)]
    relations = [Relation.of(0, (1, 2)), Relation.of(1, (3, 4)), Relation.of(2, (5, 6))]
    _, hidden = _run(values, relations)
    assert hidden[4] and hidden[3]
    assert _attack(values, relations, hidden) == {}


@st.composite
def _hierarchies(draw: st.DrawFn):
    """A total split two ways (by touchpoint then survey, and by agency), with positives."""
    surveys = draw(st.lists(st.integers(0, 40), min_size=1, max_size=6))
    touchpoint_of = [draw(st.integers(0, 2)) for _ in surveys]
    agency_split = []
    remaining = sum(surveys)
    for _ in range(draw(st.integers(1, 4)) - 1):
        part = draw(st.integers(0, remaining))
        agency_split.append(part)
        remaining -= part
    agency_split.append(remaining)
    return surveys, touchpoint_of, agency_split


@settings(max_examples=300, deadline=None)
@given(_hierarchies())
def test_no_hidden_figure_is_recovered_in_any_random_hierarchy(data) -> None:
    surveys, touchpoint_of, agencies = data
    cells: list[tuple[int, ...]] = [(sum(surveys),)]
    touchpoint_cells = {}
    for touchpoint in sorted(set(touchpoint_of)):
        touchpoint_cells[touchpoint] = len(cells)
        cells.append(
            (sum(s for s, t in zip(surveys, touchpoint_of, strict=True) if t == touchpoint),)
        )
    survey_cells = []
    for size in surveys:
        survey_cells.append(len(cells))
        cells.append((size,))
    agency_cells = []
    for size in agencies:
        agency_cells.append(len(cells))
        cells.append((size,))
    relations = [
        Relation.of(0, tuple(touchpoint_cells.values())),
        Relation.of(0, tuple(agency_cells)),
    ]
    for touchpoint, cell in touchpoint_cells.items():
        children = tuple(survey_cells[i] for i, t in enumerate(touchpoint_of) if t == touchpoint)
        relations.append(Relation.of(cell, children))
    # surveys used at several touchpoints tie the two breakdowns together too
    relations.append(Relation(tuple(survey_cells), tuple(touchpoint_cells.values())))
    keep = np.zeros(len(cells), dtype=bool)
    keep[0] = True
    array = np.array(cells, dtype=float)
    primary, hidden = protect(array, array[:, 0], relations, K, keep=keep)
    assert (hidden | ~primary).all()
    assert all(hidden[i] for i, v in enumerate(cells) if v[0] < K)
    assert _attack(cells, relations, hidden) == {}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), min_size=1, max_size=6))
def test_no_statement_figure_is_recovered_from_all_touchpoints(parts) -> None:
    children = [(n, min(p, n), n - min(p, n)) for n, p in parts]
    total = tuple(sum(c[i] for c in children) for i in range(3))
    values = [total, *children]
    relation = Relation.of(0, tuple(range(1, len(values))))
    _, hidden = _run(values, [relation])
    assert all(hidden[i] for i, v in enumerate(values) if v[0] < K)
    assert _attack(values, [relation], hidden) == {}


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 2), st.sampled_from(["review", "closure", "assessment"]),
                  st.integers(0, 14), st.integers(0, 14)),
        min_size=1, max_size=9, unique_by=lambda cell: cell[:2],
    )
)  # fmt: skip
def test_no_month_or_statement_is_recovered_from_the_quarter_and_its_months(cells) -> None:
    """The p-chart's months add up to the quarter's statement across all touchpoints, which
    adds up to each touchpoint's: together the shown figures give back no hidden one."""
    q3 = parse_period("2026-Q3")
    months = month_containing(q3.end).history(3)  # Jul, Aug, Sep
    counts = pd.DataFrame(
        [
            (0, "felt-listened-to", "parent_carer", touchpoint, n, min(p, n))
            for _, touchpoint, n, p in cells
        ],
        columns=["period", "indicator", "audience", "touchpoint", "n", "positive"],
    )
    quarter = counts.groupby(["period", "indicator", "audience", "touchpoint"], as_index=False)[
        ["n", "positive"]
    ].sum()
    framework = make_framework()
    tables = build_statements(
        quarter, periods=q3.history(2)[::-1], framework=framework, min_responses=K
    )
    by_month = counts.assign(period=[2 - month for month, *_ in cells])  # newest first
    monthly = monthly_series(
        by_month, months=months, period=q3, statements=tables.current,
        indicators=list(framework.indicators), min_responses=K,
    )  # fmt: skip
    truth: dict[str, tuple[int, ...]] = {}
    shown: dict[str, tuple[int, ...] | None] = {}
    for row in tables.current.to_dict("records"):
        inside = counts if row["touchpoint"] == "all" else counts[
            counts["touchpoint"] == row["touchpoint"]]  # fmt: skip
        n, positive = int(inside["n"].sum()), int(inside["positive"].sum())
        truth[f"q:{row['touchpoint']}"] = (n, positive, n - positive)
        shown[f"q:{row['touchpoint']}"] = None if row["suppressed"] else (
            int(row["n"]), int(row["positive"]), int(row["n"]) - int(row["positive"]))  # fmt: skip
    for index, row in enumerate(monthly.to_dict("records")):
        inside = by_month[by_month["period"] == 2 - months.index(
            next(m for m in months if m.start == row["month_start"]))]  # fmt: skip
        n, positive = int(inside["n"].sum()), int(inside["positive"].sum())
        truth[f"m:{index}"] = (n, positive, n - positive)
        shown[f"m:{index}"] = None if row["suppressed"] else (
            int(row["n"]), int(row["positive"]), int(row["n"]) - int(row["positive"]))  # fmt: skip
        assert row["suppressed"] or n >= K
    if "q:all" not in truth:
        return
    relations = [
        ("q:all", [c for c in truth if c.startswith("q:") and c != "q:all"]),
        ("q:all", [c for c in truth if c.startswith("m:")]),
    ]
    assert recover(shown, relations, truth) == {}
