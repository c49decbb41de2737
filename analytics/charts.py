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

BAR_COLOUR = "#1f5f8b"
WHISKER_COLOUR = "#222222"
LINE_COLOURS = ("#1f5f8b", "#c05a00", "#2e7d32", "#6a1b9a", "#ad1457", "#00838f")
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


def trend_lines(
    trend: pd.DataFrame, *, period_labels: list[str], chart_id: str, title: str
) -> Chart | None:
    """A line per ``label`` across ``period_labels`` (oldest first); gaps where suppressed.

    ``trend`` has ``label``, ``period_label`` and ``percent`` (NaN when not shown).
    """
    shown = trend.dropna(subset=["percent"])
    if shown.empty:
        return None
    figure = Figure(figsize=(8, 3.6))
    axes = figure.add_subplot()
    table = trend.pivot_table(
        index="label", columns="period_label", values="percent", aggfunc="first", dropna=False
    ).reindex(columns=period_labels)
    table = table.loc[table.notna().any(axis=1)]
    alternative = []
    for index, (label, values) in enumerate(table.iterrows()):
        colour = LINE_COLOURS[index % len(LINE_COLOURS)]
        axes.plot(
            period_labels,
            values.to_numpy(dtype=float),
            marker="o",
            color=colour,
            label=_wrap(label, 40),
        )
        said = [
            f"{period} {_pct(v)}" if pd.notna(v) else f"{period} not reported"
            for period, v in zip(period_labels, values, strict=True)
        ]
        alternative.append(f"{label}: " + ", ".join(said))
    axes.set_ylim(0, 100)
    axes.set_ylabel("% positive")
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return Chart(_to_svg(figure, chart_id), title, alternative)
