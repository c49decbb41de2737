"""The few statistics a report needs, in plain ``math`` (no SciPy).

- The Wilson score interval for a proportion: unlike the textbook "Wald" interval it
  stays inside 0–100% and behaves at small n and at 0% or 100%.
- A two-sided two-proportion z-test with a pooled standard error, to say whether a
  change from the period before is more than chance at the 5% level.

The vectorised forms take NumPy arrays so a whole statements table is done at once.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

#: The 97.5th percentile of the standard normal: a 95% two-sided interval.
Z_95 = 1.959963984540054
SIGNIFICANCE_LEVEL = 0.05

FloatArray = npt.NDArray[np.float64]


def wilson_interval(positive: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval for ``positive`` of ``n``, as proportions (0–1)."""
    if n <= 0:
        raise ValueError("n must be positive")
    p = positive / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half_width = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    # At 0% or 100% an end is exactly 0 or 1; say so rather than trust the rounding.
    low = 0.0 if positive == 0 else max(0.0, centre - half_width)
    high = 1.0 if positive == n else min(1.0, centre + half_width)
    return low, high


def two_proportion_p_value(positive_1: int, n_1: int, positive_2: int, n_2: int) -> float:
    """Two-sided p-value for "the two proportions are the same" (pooled z-test)."""
    if n_1 <= 0 or n_2 <= 0:
        raise ValueError("both n must be positive")
    pooled = (positive_1 + positive_2) / (n_1 + n_2)
    variance = pooled * (1 - pooled) * (1 / n_1 + 1 / n_2)
    if variance == 0:
        # Everyone (or no one) positive in both periods: no difference to test.
        return 1.0
    z = (positive_1 / n_1 - positive_2 / n_2) / math.sqrt(variance)
    return math.erfc(abs(z) / math.sqrt(2))


def wilson_arrays(
    positive: FloatArray, n: FloatArray, z: float = Z_95
) -> tuple[FloatArray, FloatArray]:
    """:func:`wilson_interval` over arrays; NaN where ``n`` is 0 or missing."""
    with np.errstate(divide="ignore", invalid="ignore"):
        p = positive / n
        denominator = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denominator
        half_width = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
        low = np.clip(centre - half_width, 0.0, 1.0)
        high = np.clip(centre + half_width, 0.0, 1.0)
    low[positive == 0] = 0.0
    high[positive == n] = 1.0
    invalid = ~(n > 0)
    low[invalid] = np.nan
    high[invalid] = np.nan
    return low, high


def significant_changes(
    positive_1: FloatArray, n_1: FloatArray, positive_2: FloatArray, n_2: FloatArray
) -> FloatArray:
    """1.0 where the change is significant at 5% (|z| > 1.96), 0.0 where not, NaN untestable.

    Comparing |z| with the critical value is the same test as p < 0.05 and needs
    no normal-distribution function over an array.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = (positive_1 + positive_2) / (n_1 + n_2)
        variance = pooled * (1 - pooled) * (1 / n_1 + 1 / n_2)
        z = (positive_1 / n_1 - positive_2 / n_2) / np.sqrt(variance)
        result = (np.abs(z) > Z_95).astype(float)
    result[variance == 0] = 0.0
    result[~((n_1 > 0) & (n_2 > 0))] = np.nan
    return result


def round_half_up(value: float, places: int = 1) -> float:
    """Round as people expect (77.75 -> 77.8), not to even as ``round`` does."""
    factor = 10**places
    return math.floor(value * factor + 0.5 + 1e-9) / factor
