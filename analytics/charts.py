"""Charts as inline SVG (matplotlib, no network, no JavaScript), each with a text alternative.

Uses ``matplotlib.figure.Figure`` directly rather than ``pyplot``, so no global
state and no GUI backend. Text stays text in the SVG (``svg.fonttype: none``):
smaller files that print sharply and can be searched.
"""

from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from analytics.spc import PChart

BAR_COLOUR = "#1f5f8b"
WHISKER_COLOUR = "#222222"
_XML_PREAMBLE = re.compile(r"^.*?(?=<svg)", re.DOTALL)


@dataclass(frozen=True)
class Chart:
    """An SVG to place inline and the words that say what it shows."""

    svg: str  # trusted markup made by matplotlib from framework words and numbers
    title: str
    alternative: list[str]  # one sentence per bar or line, for the text alternative


def _to_svg(figure: Figure, salt: str) -> str:
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt}):
        figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    svg = _XML_PREAMBLE.sub("", buffer.getvalue(), count=1)
    # ids must be unique across the page: several charts share one HTML document
    return re.sub(r'(id="|url\(#|href="#)([^")]+)', rf"\g<1>{salt}-\g<2>", svg)


def _wrap(label: str, width: int = 48) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def _pct(value: float) -> str:
    return f"{value:.0f}%"


def interval_bars(rows: pd.DataFrame, *, chart_id: str, title: str) -> Chart | None:
    """Horizontal bars of ``percent`` with ``ci_low``–``ci_high`` whiskers; ``label`` per row.

    ``rows`` are statements already shown (not suppressed). None when there are none.
    """
    if rows.empty:
        return None
    rows = rows.iloc[::-1]  # matplotlib draws the first bar at the bottom
    percent = rows["percent"].astype(float).to_numpy()
    low = rows["ci_low"].astype(float).to_numpy()
    high = rows["ci_high"].astype(float).to_numpy()
    labels = [_wrap(label) for label in rows["label"]]
    height = 0.6 + 0.55 * len(rows) + 0.15 * sum(label.count("\n") for label in labels)
    figure = Figure(figsize=(8, height))
    axes = figure.add_subplot()
    positions = range(len(rows))
    axes.barh(list(positions), percent, color=BAR_COLOUR, height=0.6)
    axes.errorbar(
        percent, list(positions), xerr=[percent - low, high - percent],
        fmt="none", ecolor=WHISKER_COLOUR, capsize=4, linewidth=1.2,
    )  # fmt: skip
    for position, value in zip(positions, percent, strict=True):
        axes.text(1, position, _pct(value), va="center", ha="left", color="white", fontsize=9)
    axes.set_yticks(list(positions), labels, fontsize=9)
    axes.set_xlim(0, 100)
    axes.set_xlabel("% positive (line: 95% interval)")
    axes.spines[["top", "right"]].set_visible(False)
    alternative = [
        f"{label}: {_pct(p)} (95% interval {_pct(lo)} to {_pct(hi)})"
        for label, p, lo, hi in zip(
            rows["label"][::-1], percent[::-1], low[::-1], high[::-1], strict=True
        )
    ]
    return Chart(_to_svg(figure, chart_id), title, alternative)


#: Making Data Count's colours: special cause improvement blue, concern orange, else grey.
CAUSE_COLOURS = {"improvement": "#2b6cb0", "concern": "#d9730d", "common": "#7b7d7d"}
CAUSE_MARKERS = {"improvement": "^", "concern": "v", "common": "o"}


def p_chart_small(chart: PChart, *, chart_id: str, title: str) -> Chart | None:
    """One small p-chart: dots by cause, the mean, and limits that step with each month's n.

    Small enough to sit several to a row (small multiples); the words say everything the
    picture does, month by month, and which rule made a point special."""
    shown = chart.shown
    if chart.mean is None or not shown:
        return None
    labels = [p.label for p in chart.points]
    positions = range(len(labels))
    figure = Figure(figsize=(4.2, 2.6))
    axes = figure.add_subplot()
    upper = [None if p.upper is None else 100 * p.upper for p in chart.points]
    lower = [None if p.lower is None else 100 * p.lower for p in chart.points]
    axes.step(positions, [float("nan") if v is None else v for v in upper], where="mid",
              color="#555555", linestyle="--", linewidth=0.9)  # fmt: skip
    axes.step(positions, [float("nan") if v is None else v for v in lower], where="mid",
              color="#555555", linestyle="--", linewidth=0.9)  # fmt: skip
    axes.axhline(100 * chart.mean, color="#222222", linewidth=1)
    values = [float("nan") if p.proportion is None else 100 * p.proportion for p in chart.points]
    axes.plot(positions, values, color="#999999", linewidth=0.8)
    for cause, colour in CAUSE_COLOURS.items():
        at = [i for i, p in enumerate(chart.points) if p.cause == cause]
        if at:
            axes.scatter(at, [values[i] for i in at], color=colour, marker=CAUSE_MARKERS[cause],
                         s=28, zorder=3)  # fmt: skip
    step = max(1, len(labels) // 5)
    axes.set_xticks(list(positions)[::step], [labels[i] for i in positions][::step], fontsize=8)
    axes.tick_params(axis="y", labelsize=8)
    axes.set_ylim(0, 100)
    axes.set_ylabel("% positive", fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    said = []
    for p in chart.points:
        if p.proportion is None or p.lower is None or p.upper is None:
            said.append(f"{p.label}: not reported")
            continue
        rules = f", special cause {p.cause} ({'; '.join(p.rules)})" if p.rules else ""
        said.append(
            f"{p.label}: {_pct(100 * p.proportion)} of {p.n:,} "
            f"(limits {_pct(100 * p.lower)} to {_pct(100 * p.upper)}){rules}"
        )
    alternative = [
        f"{title}: {chart.summary()}. Mean {_pct(100 * chart.mean)}"
        + (" (limits provisional: fewer than 15 months shown)." if chart.provisional else "."),
        *said,
    ]
    return Chart(_to_svg(figure, chart_id), title, alternative)
