"""Statistical process control for a proportion: the p-chart of NHS England's *Making Data Count*.

A p-chart tells signal from noise in a monthly percentage:

- the **mean** (centre line) is the pooled proportion of the months shown, Σ positive ÷ Σ n;
- each month has its own **control limits**, mean ± 3 standard errors, where the standard
  error √(p̄(1 − p̄) / nᵢ) shrinks as that month's n grows, so limits move with n;
- a month is **special cause** when one of four rules fires (the Making Data Count set):

  1. *outside the limits*: a point above the upper or below the lower limit;
  2. *shift*: a run of 7 or more points on the same side of the mean;
  3. *trend*: a run of 7 or more points each higher (or each lower) than the one before;
  4. *two of three close to a limit*: 2 of 3 points in a row beyond 2 standard errors on
     the same side of the mean (the outer third between the mean and a limit).

A special-cause point is *improvement* when it lies on the better side (here higher is
better: a more positive answer), *concern* otherwise; everything else is *common cause*.

The **variation** verdict follows the latest month, as the Making Data Count icons do:
special cause improvement or concern when the latest point is part of a signal, with the
month that signal began ("special cause improvement since Jun 2026"), else common cause.
The **assurance** icon compares a target with the limits; the framework sets no targets,
so assurance is stated as not judged rather than guessed.

Months whose figure is suppressed (too few responses) are gaps: they take no part in the
mean, and the rules run over the months that are shown, in order. A point exactly on the
mean neither continues nor breaks a shift; equal neighbours neither continue nor break a
trend (NHSRplotthedots does the same). With fewer than :data:`MIN_POINTS_FOR_LIMITS`
points shown the limits are provisional, and the text says so.

Plain NumPy: the formulae are short, and a test checks them against hand-worked cases.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

#: Making Data Count's run length for a shift and for a trend.
RUN_LENGTH = 7
#: Making Data Count advises at least 15 points for settled limits; fewer, and we say so.
MIN_POINTS_FOR_LIMITS = 15
#: Fewer points than this and no chart is judged at all: nothing to tell signal from noise.
MIN_POINTS = 2

Cause = Literal["improvement", "concern", "common", "missing"]
Rule = Literal["outside limits", "shift", "trend", "two of three"]

RULE_WORDS: dict[str, str] = {
    "outside limits": "a point outside the control limits",
    "shift": f"a run of {RUN_LENGTH} or more points on one side of the mean",
    "trend": f"{RUN_LENGTH} or more points in a row each higher, or each lower, than the last",
    "two of three": "2 of 3 points in a row close to a control limit (beyond 2 standard errors)",
}


@dataclass(frozen=True)
class Point:
    """One month of a p-chart; the figures are None for a suppressed month."""

    label: str
    n: int | None
    positive: int | None
    proportion: float | None
    lower: float | None
    upper: float | None
    cause: Cause
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class PChart:
    points: list[Point]
    mean: float | None
    variation: str  # "special cause improvement" | "special cause concern" | "common cause" | ...
    since: str | None  # label of the month the latest signal began
    provisional: bool  # fewer points than MIN_POINTS_FOR_LIMITS
    assurance: str = "not judged: no target is set for this indicator"
    notes: list[str] = field(default_factory=list)

    @property
    def shown(self) -> list[Point]:
        return [p for p in self.points if p.proportion is not None]

    def summary(self) -> str:
        """ "special cause improvement since Jun 2026", "common cause variation", …"""
        if self.mean is None:
            return "too few months with enough responses to judge"
        if self.variation.startswith("special cause"):
            return f"{self.variation} since {self.since}" if self.since else self.variation
        return "common cause variation (no signal)"


def _limits(mean: float, n: int, sigmas: float) -> tuple[float, float]:
    half = sigmas * math.sqrt(mean * (1 - mean) / n)
    return max(0.0, mean - half), min(1.0, mean + half)


def _runs(signs: Sequence[int], length: int) -> list[set[int]]:
    """Index sets of runs of at least ``length`` equal non-zero signs; zeros are skipped."""
    runs: list[set[int]] = []
    current: list[int] = []
    sign = 0
    for index, value in enumerate(signs):
        if value == 0:
            continue  # neither continues nor breaks the run
        if value == sign:
            current.append(index)
        else:
            if len(current) >= length:
                runs.append(set(current))
            current, sign = [index], value
    if len(current) >= length:
        runs.append(set(current))
    return runs


def p_chart(
    labels: Sequence[str],
    positive: Sequence[int | None],
    n: Sequence[int | None],
    *,
    higher_is_better: bool = True,
) -> PChart:
    """The p-chart of a monthly series (oldest first); None for a suppressed month."""
    shown = [
        i
        for i, (p, size) in enumerate(zip(positive, n, strict=True))
        if p is not None and size is not None and size > 0
    ]
    if len(shown) < MIN_POINTS:
        points = [
            Point(
                label,
                n[i],
                positive[i],
                None if i not in shown else positive[i] / n[i],  # type: ignore[operator]
                None,
                None,
                "missing" if i not in shown else "common",
            )
            for i, label in enumerate(labels)
        ]
        return PChart(points, None, "not enough data", None, True)
    hits = [int(positive[i] or 0) for i in shown]
    sizes = [int(n[i] or 0) for i in shown]
    mean = sum(hits) / sum(sizes)
    values = [hit / size for hit, size in zip(hits, sizes, strict=True)]
    three = [_limits(mean, size, 3) for size in sizes]
    two = [_limits(mean, size, 2) for size in sizes]
    rules: list[set[str]] = [set() for _ in shown]
    side: list[int] = [0] * len(shown)  # +1 above, -1 below: the direction of each signal
    for k, value in enumerate(values):
        if value > three[k][1] or value < three[k][0]:
            rules[k].add("outside limits")
            side[k] = 1 if value > mean else -1
    for run in _runs([(v > mean) - (v < mean) for v in values], RUN_LENGTH):
        for k in run:
            rules[k].add("shift")
            side[k] = 1 if values[k] > mean else -1
    steps = [0] + [(b > a) - (b < a) for a, b in pairwise(values)]
    # A trend of 7 points is 6 steps the same way; the first point of the run counts too.
    for run in _runs(steps, RUN_LENGTH - 1):
        direction = steps[min(run)]
        for k in range(min(run) - 1, max(run) + 1):
            rules[k].add("trend")
            side[k] = side[k] or direction
    for k in range(len(values)):
        window = range(max(0, k - 2), k + 1)
        for direction in (1, -1):
            close = [
                j
                for j in window
                if (values[j] > two[j][1] if direction == 1 else values[j] < two[j][0])
            ]
            if len(window) == 3 and len(close) >= 2:
                for j in close:
                    rules[j].add("two of three")
                    side[j] = side[j] or direction
    better = 1 if higher_is_better else -1
    causes: list[Cause] = [
        ("improvement" if side[k] == better else "concern") if rules[k] else "common"
        for k in range(len(values))
    ]
    position = {index: k for k, index in enumerate(shown)}
    points = []
    for i, label in enumerate(labels):
        if i not in position:
            points.append(Point(label, None, None, None, None, None, "missing"))
            continue
        k = position[i]
        points.append(
            Point(
                label, sizes[k], hits[k], values[k],
                three[k][0], three[k][1], causes[k], tuple(sorted(rules[k])),
            )
        )  # fmt: skip
    latest = causes[-1]
    since = None
    if latest in ("improvement", "concern"):
        k = len(causes) - 1
        while k > 0 and causes[k - 1] == latest:
            k -= 1
        since = labels[shown[k]]
    signal = latest in ("improvement", "concern")
    variation = f"special cause {latest}" if signal else "common cause"
    return PChart(points, mean, variation, since, len(shown) < MIN_POINTS_FOR_LIMITS)
