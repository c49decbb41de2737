"""Charts as inline SVG (no network, no JavaScript), each with a text alternative.

Written as SVG here rather than drawn by a plotting library: matplotlib took about 80 ms
for an area's bars and 50 ms for each small p-chart, dozens to a report, which was most of
a report's time (issue 15); these take well under a millisecond. Text stays text: small
files that print sharply and can be searched. Sizes are in SVG user units; the page's CSS
scales each chart down to the width it has.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass

import pandas as pd

from analytics.spc import PChart

BAR_COLOUR = "#1f5f8b"
WHISKER_COLOUR = "#222222"
FONT = 'font-family="DejaVu Sans, Arial, Helvetica, sans-serif"'


@dataclass(frozen=True)
class Chart:
    """An SVG to place inline and the words that say what it shows."""

    svg: str  # trusted markup made here from framework words (escaped) and numbers
    title: str
    alternative: list[str]  # one sentence per bar or line, for the text alternative


def _wrap(label: str, width: int = 48) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def _pct(value: float) -> str:
    return f"{value:.0f}%"


#: The bars' canvas: labels left of ``BARS_LEFT``, bars to ``BARS_RIGHT``; px per row.
BARS_WIDTH, BARS_LEFT, BARS_RIGHT = 780, 350, 760
BARS_ROW, BARS_LINE, BARS_TOP, BARS_BOTTOM = 40, 13, 8, 44


def interval_bars(rows: pd.DataFrame, *, chart_id: str, title: str) -> Chart | None:
    """Horizontal bars of ``percent`` with ``ci_low``–``ci_high`` whiskers; ``label`` per row.

    ``rows`` are statements already shown (not suppressed). None when there are none.
    """
    del chart_id  # the drawing holds no ids that could clash on the page
    if rows.empty:
        return None
    percent = rows["percent"].astype(float).tolist()
    low = rows["ci_low"].astype(float).tolist()
    high = rows["ci_high"].astype(float).tolist()
    labels = [_wrap(label).split("\n") for label in rows["label"]]
    alternative = [
        f"{label}: {_pct(p)} (95% interval {_pct(lo)} to {_pct(hi)})"
        for label, p, lo, hi in zip(rows["label"], percent, low, high, strict=True)
    ]
    return Chart(_bars_svg(labels, percent, low, high), title, alternative)


def _bars_svg(
    labels: list[list[str]], percent: list[float], low: list[float], high: list[float]
) -> str:
    heights = [BARS_ROW + BARS_LINE * (len(lines) - 1) for lines in labels]
    axis = BARS_TOP + sum(heights)
    height = axis + BARS_BOTTOM
    scale = (BARS_RIGHT - BARS_LEFT) / 100

    def x(value: float) -> str:
        return _number(BARS_LEFT + value * scale)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{BARS_WIDTH}" height="{height}" '
        f'viewBox="0 0 {BARS_WIDTH} {height}" {FONT} font-size="12">',
        f'<rect width="{BARS_WIDTH}" height="{height}" fill="#ffffff"/>',
    ]
    top = BARS_TOP
    for lines, size, p, lo, hi in zip(labels, heights, percent, low, high, strict=True):
        middle = top + size / 2
        bar = 0.6 * BARS_ROW
        out.append(
            f'<rect x="{BARS_LEFT}" y="{_number(middle - bar / 2)}" width="{_number(p * scale)}"'
            f' height="{_number(bar)}" fill="{BAR_COLOUR}"/>'
        )
        cap = 4
        out.append(
            f'<path d="M{x(lo)} {_number(middle)}H{x(hi)}M{x(lo)} {_number(middle - cap)}'
            f"V{_number(middle + cap)}M{x(hi)} {_number(middle - cap)}V{_number(middle + cap)}"
            f'" stroke="{WHISKER_COLOUR}" stroke-width="1.2" fill="none"/>'
        )
        out.append(f'<text x="{x(1)}" y="{_number(middle + 4)}" fill="#ffffff">{_pct(p)}</text>')
        first = middle + 4 - BARS_LINE * (len(lines) - 1) / 2
        for index, line in enumerate(lines):
            out.append(
                f'<text x="{BARS_LEFT - 8}" y="{_number(first + index * BARS_LINE)}"'
                f' text-anchor="end">{html.escape(line)}</text>'
            )
        top += size
    for tick in range(0, 101, 20):
        out.append(
            f'<line x1="{x(tick)}" x2="{x(tick)}" y1="{axis}" y2="{axis + 4}" stroke="#000000"'
            f' stroke-width="0.8"/><text x="{x(tick)}" y="{axis + 18}"'
            f' text-anchor="middle">{tick}</text>'
        )
    out.append(
        f'<path d="M{BARS_LEFT} {BARS_TOP}V{axis}H{BARS_RIGHT}" fill="none" stroke="#000000"'
        f' stroke-width="0.8"/><text x="{x(50)}" y="{axis + 37}" text-anchor="middle">'
        "% positive (line: 95% interval)</text></svg>"
    )
    return "".join(out)


#: Making Data Count's colours: special cause improvement blue, concern orange, else grey.
CAUSE_COLOURS = {"improvement": "#2b6cb0", "concern": "#d9730d", "common": "#7b7d7d"}
CAUSE_MARKERS = {"improvement": "^", "concern": "v", "common": "o"}


#: The small p-chart's canvas in SVG user units (px), its plot area inside the margins.
SMALL_SIZE = (420, 260)
SMALL_PLOT = (46, 10, 410, 222)  # left, top, right, bottom


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _path(points: list[tuple[float, float] | None]) -> str:
    """An SVG path through ``points``, lifting the pen at each None (a gap)."""
    parts, pen_down = [], False
    for point in points:
        if point is None:
            pen_down = False
            continue
        parts.append(("L" if pen_down else "M") + f"{_number(point[0])} {_number(point[1])}")
        pen_down = True
    return " ".join(parts)


def _marker(cause: str, x: float, y: float, colour: str) -> str:
    if cause == "common":
        return f'<circle cx="{_number(x)}" cy="{_number(y)}" r="3" fill="{colour}"/>'
    tip = -4.5 if cause == "improvement" else 4.5  # ^ points up, v down (SVG y grows down)
    corners = [(x, y + tip), (x - 4, y - tip / 1.8), (x + 4, y - tip / 1.8)]
    drawn = " ".join(f"{_number(a)},{_number(b)}" for a, b in corners)
    return f'<polygon points="{drawn}" fill="{colour}"/>'


def p_chart_svg(chart: PChart) -> str:
    """The small p-chart as SVG: dots by cause, the mean, dashed limits stepping with
    each month's n (as matplotlib's ``step(where="mid")``), % positive from 0 to 100, a
    month label every few months."""
    width, height = SMALL_SIZE
    left, top, right, bottom = SMALL_PLOT
    count = len(chart.points)
    low_x, high_x = (-0.5, 0.5) if count == 1 else (-0.05 * (count - 1), 1.05 * (count - 1))

    def x(i: float) -> float:
        return left + (i - low_x) / (high_x - low_x) * (right - left)

    def y(percent: float) -> float:
        return bottom - percent / 100 * (bottom - top)

    def steps(values: list[float | None]) -> list[tuple[float, float] | None]:
        """matplotlib's ``step(where="mid")``: each value held from half way to either side."""
        points: list[tuple[float, float] | None] = []
        for i, value in enumerate(values):
            if value is None:
                points.append(None)
                continue
            points += [(x(max(i - 0.5, 0)), y(value)), (x(min(i + 0.5, count - 1)), y(value))]
        return points

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" {FONT} font-size="11">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for tick in range(0, 101, 20):
        out.append(
            f'<line x1="{left - 4}" x2="{left}" y1="{_number(y(tick))}" y2="{_number(y(tick))}"'
            f' stroke="#000000" stroke-width="0.8"/><text x="{left - 7}" y="{_number(y(tick) + 4)}"'
            f' text-anchor="end">{tick}</text>'
        )
    step = max(1, count // 5)
    for i in range(0, count, step):
        out.append(
            f'<line x1="{_number(x(i))}" x2="{_number(x(i))}" y1="{bottom}" y2="{bottom + 4}"'
            f' stroke="#000000" stroke-width="0.8"/><text x="{_number(x(i))}" y="{bottom + 17}"'
            f' text-anchor="middle">{html.escape(chart.points[i].label)}</text>'
        )
    out.append(
        f'<text transform="translate(12 {(top + bottom) / 2:.0f}) rotate(-90)"'
        ' text-anchor="middle">% positive</text>'
    )
    out.append(
        f'<path d="M{left} {top}V{bottom}H{right}" fill="none" stroke="#000000"'
        ' stroke-width="0.8"/>'
    )
    for limit in ("upper", "lower"):
        values = [
            None if getattr(p, limit) is None else 100 * getattr(p, limit) for p in chart.points
        ]
        out.append(
            f'<path d="{_path(steps(values))}" fill="none" stroke="#555555"'
            ' stroke-width="0.9" stroke-dasharray="3.3 1.4"/>'
        )
    mean = y(100 * (chart.mean or 0))
    out.append(
        f'<line x1="{left}" x2="{right}" y1="{_number(mean)}" y2="{_number(mean)}"'
        ' stroke="#222222" stroke-width="1"/>'
    )
    values = [None if p.proportion is None else 100 * p.proportion for p in chart.points]
    line = [None if v is None else (x(i), y(v)) for i, v in enumerate(values)]
    out.append(f'<path d="{_path(line)}" fill="none" stroke="#999999" stroke-width="0.8"/>')
    for i, (point, value) in enumerate(zip(chart.points, values, strict=True)):
        if value is not None:
            out.append(_marker(point.cause, x(i), y(value), CAUSE_COLOURS[point.cause]))
    out.append("</svg>")
    return "".join(out)


def p_chart_small(chart: PChart, *, chart_id: str, title: str) -> Chart | None:
    """One small p-chart: dots by cause, the mean, and limits that step with each month's n.

    Small enough to sit several to a row (small multiples); the words say everything the
    picture does, month by month, and which rule made a point special."""
    del chart_id  # the drawing holds no ids that could clash on the page
    shown = chart.shown
    if chart.mean is None or not shown:
        return None
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
    return Chart(p_chart_svg(chart), title, alternative)
