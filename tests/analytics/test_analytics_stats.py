"""Wilson intervals and the two-proportion test against figures worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from analytics.stats import (
    round_half_up,
    significant_changes,
    two_proportion_p_value,
    wilson_arrays,
    wilson_interval,
)


def test_wilson_for_8_of_10_matches_the_published_figure() -> None:
    # Newcombe (1998) table I: 8/10 -> 0.4902 to 0.9433.
    low, high = wilson_interval(8, 10)
    assert (round(low, 4), round(high, 4)) == (0.4902, 0.9433)


def test_wilson_for_35_of_45_worked_by_hand() -> None:
    # p = 7/9, z^2 = 3.8415: centre = (p + z^2/90) / (1 + z^2/45) = 0.82046 / 1.08537 = 0.75593,
    # half = z * sqrt(p(1-p)/45 + z^2/8100) / 1.08537 = 1.96 * 0.066062 / 1.08537 = 0.11930.
    low, high = wilson_interval(35, 45)
    assert round(100 * low, 1) == 63.7
    assert round(100 * high, 1) == 87.5


def test_wilson_stays_inside_0_and_100_at_the_edges() -> None:
    assert wilson_interval(0, 10)[0] == 0.0
    assert wilson_interval(10, 10)[1] == 1.0
    assert round(wilson_interval(10, 10)[0], 4) == 0.7225


def test_vector_form_agrees_and_leaves_n_zero_empty() -> None:
    low, high = wilson_arrays(np.array([35.0, 0.0, 3.0]), np.array([45.0, 0.0, 3.0]))
    assert math.isclose(low[0], wilson_interval(35, 45)[0])
    assert math.isnan(low[1]) and math.isnan(high[1])
    assert high[2] == 1.0


def test_two_proportion_test_by_hand() -> None:
    # 45/50 against 25/50: pooled 0.7, se = sqrt(0.21 * 0.04) = 0.09165, z = 0.4 / 0.09165 = 4.364.
    assert two_proportion_p_value(45, 50, 25, 50) == pytest.approx(1.28e-5, rel=0.01)
    # 35/45 against 28/40: pooled 63/85, z = 0.817, p = 0.414: not significant.
    assert two_proportion_p_value(35, 45, 28, 40) == pytest.approx(0.414, abs=0.001)
    significant = significant_changes(
        np.array([45.0, 35.0, 10.0, 5.0]),
        np.array([50.0, 45.0, 10.0, 0.0]),
        np.array([25.0, 28.0, 10.0, 5.0]),
        np.array([50.0, 40.0, 10.0, 10.0]),
    )
    assert significant[:3].tolist() == [1.0, 0.0, 0.0]  # 100% both times: no change
    assert math.isnan(significant[3])


def test_rounding_is_half_up() -> None:
    assert round_half_up(77.75) == 77.8
    assert round_half_up(0.25, 1) == 0.3
    assert round_half_up(-3.75, 1) == -3.7
