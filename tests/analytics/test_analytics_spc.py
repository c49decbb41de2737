"""The p-chart against hand-worked cases (NHS Making Data Count rules)."""

from __future__ import annotations

import math

import pytest

from analytics.spc import MIN_POINTS_FOR_LIMITS, p_chart

MONTHS = [f"M{i:02d}" for i in range(1, 25)]


def _chart(percents: list[float | None], n: int = 100):  # type: ignore[no-untyped-def]
    labels = MONTHS[: len(percents)]
    positive = [None if p is None else round(p * n) for p in percents]
    sizes = [None if p is None else n for p in percents]
    return p_chart(labels, positive, sizes)


def test_the_limits_are_three_standard_errors_that_move_with_n() -> None:
    chart = p_chart(["a", "b", "c"], [25, 100, 25], [50, 200, 50])
    assert chart.mean == 0.5
    narrow, wide = chart.points[1], chart.points[0]
    assert narrow.lower == pytest.approx(0.5 - 3 * math.sqrt(0.25 / 200))
    assert wide.upper == pytest.approx(0.5 + 3 * math.sqrt(0.25 / 50))
    assert wide.upper > narrow.upper  # fewer answers, wider limits


def test_a_point_outside_the_limits_is_special_cause() -> None:
    chart = _chart([0.6, 0.5] * 4 + [0.6, 0.9])
    last = chart.points[-1]
    assert last.rules == ("outside limits",) and last.cause == "improvement"
    assert all(p.cause == "common" for p in chart.points[:-1])
    assert chart.summary() == "special cause improvement since M10"


def test_a_shift_of_seven_on_one_side_of_the_mean() -> None:
    chart = _chart([0.4] * 7 + [0.6] * 7)
    assert chart.mean == pytest.approx(0.5)
    assert [p.cause for p in chart.points] == ["concern"] * 7 + ["improvement"] * 7
    assert all(p.rules == ("shift",) for p in chart.points)
    assert chart.summary() == "special cause improvement since M08"


def test_six_on_one_side_is_not_a_shift() -> None:
    chart = _chart([0.5, 0.45, 0.55] * 2 + [0.45] * 6 + [0.55] * 2)
    assert not any("shift" in p.rules for p in chart.points)


def test_a_trend_of_seven_points_each_lower_than_the_last() -> None:
    chart = _chart([0.5, 0.5, 0.5, 0.57, 0.56, 0.55, 0.54, 0.53, 0.52, 0.51])
    trend = [p.label for p in chart.points if "trend" in p.rules]
    assert trend == ["M04", "M05", "M06", "M07", "M08", "M09", "M10"]
    assert chart.points[-1].cause == "concern"
    assert chart.summary().startswith("special cause concern since M")


def test_two_of_three_close_to_a_limit() -> None:
    # With 400 answers a month the 2-sigma line is 5 points from a 50% mean, the limit 7.5.
    chart = _chart([0.5] * 8 + [0.44, 0.56, 0.56, 0.5, 0.44, 0.5], n=400)
    assert chart.mean == pytest.approx(0.5)
    flagged = {p.label: p.rules for p in chart.points if p.rules}
    assert flagged == {"M10": ("two of three",), "M11": ("two of three",)}
    assert chart.summary() == "common cause variation (no signal)"


def test_suppressed_months_are_gaps_outside_the_mean() -> None:
    chart = _chart([0.5, None, 0.7, 0.6])
    assert chart.points[1].cause == "missing" and chart.points[1].upper is None
    assert chart.mean == pytest.approx(0.6)
    assert chart.provisional and len(chart.shown) == 3 < MIN_POINTS_FOR_LIMITS


def test_too_few_months_are_not_judged() -> None:
    chart = _chart([None, 0.5, None])
    assert chart.mean is None
    assert chart.summary() == "too few months with enough responses to judge"
