"""Reporting periods: calendar quarters, months, or any run of whole days.

A report compares a period with "the period before": the same kind of period
just before it (the previous quarter or month), or for a custom range the same
number of days ending the day before it starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

PeriodKind = Literal["quarter", "month", "range"]

#: A report reads back from its period: the one before (its comparison) and the months of
#: its trend charts; a period must leave this many periods' room for them in the calendar
#: (dates before year 1 do not exist).
COMPARED_PERIODS = 4

_QUARTER = re.compile(r"^\s*(\d{4})-?[Qq]([1-4])\s*$")
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")

MONTH_ABBREVIATIONS = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip


class PeriodError(ValueError):
    """A period the user typed that we cannot read; the message says how to write it."""


@dataclass(frozen=True, order=True)
class Period:
    """Whole days from ``start`` to ``end``, both included."""

    start: date
    end: date
    kind: PeriodKind = "range"

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(
                f"The period ends ({self.end.isoformat()}) before it starts "
                f"({self.start.isoformat()}). Swap --from and --to."
            )

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def code(self) -> str:
        """A short stable name: ``2026-Q3``, ``2026-07`` or ``2026-07-01_2026-07-14``."""
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        return f"{self.start.isoformat()}_{self.end.isoformat()}"

    @property
    def label(self) -> str:
        """The dates as people write them: ``1 Jul – 30 Sep 2026``."""
        return format_date_range(self.start, self.end)

    @property
    def short_label(self) -> str:
        """A compact label for chart axes: ``Q3 2026``, ``Jul 2026`` or the dates."""
        if self.kind == "quarter":
            return f"Q{(self.start.month - 1) // 3 + 1} {self.start.year}"
        if self.kind == "month":
            return f"{MONTH_ABBREVIATIONS[self.start.month - 1]} {self.start.year}"
        return self.label

    @property
    def before_phrase(self) -> str:
        """How a sentence names the period before: ``the quarter before``."""
        if self.kind == "quarter":
            return "the quarter before"
        if self.kind == "month":
            return "the month before"
        if self.days == 1:
            return "the day before"
        return f"the {self.days} days before"

    def previous(self) -> Period:
        """The same length of time just before this period."""
        if self.kind == "quarter":
            return quarter_containing(self.start - timedelta(days=1))
        if self.kind == "month":
            return month_containing(self.start - timedelta(days=1))
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end, "range")

    def history(self, count: int) -> list[Period]:
        """``count`` periods ending with this one, oldest first (for trends)."""
        periods = [self]
        while len(periods) < count:
            periods.append(periods[-1].previous())
        return periods[::-1]

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def format_date(day: date) -> str:
    return f"{day.day} {MONTH_ABBREVIATIONS[day.month - 1]} {day.year}"


def format_date_range(start: date, end: date) -> str:
    """``1 Jul – 30 Sep 2026``; the year is given once when both ends share it."""
    if start == end:
        return format_date(start)
    if start.year == end.year:
        return f"{start.day} {MONTH_ABBREVIATIONS[start.month - 1]} – {format_date(end)}"
    return f"{format_date(start)} – {format_date(end)}"


def quarter_containing(day: date) -> Period:
    first_month = (day.month - 1) // 3 * 3 + 1
    start = date(day.year, first_month, 1)
    if first_month == 10:
        end = date(day.year, 12, 31)
    else:
        end = date(day.year, first_month + 3, 1) - timedelta(days=1)
    return Period(start, end, "quarter")


def month_containing(day: date) -> Period:
    start = date(day.year, day.month, 1)
    if day.month == 12:
        end = date(day.year, 12, 31)
    else:
        end = date(day.year, day.month + 1, 1) - timedelta(days=1)
    return Period(start, end, "month")


def last_complete_quarter(today: date) -> Period:
    """The default report period: the latest calendar quarter that has ended."""
    return quarter_containing(quarter_containing(today).start - timedelta(days=1))


def _parse_day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise PeriodError(
            f"{option} {text!r} is not a date. Write it as YYYY-MM-DD, for example 2026-07-01."
        ) from None


def parse_period(
    period: str | None = None,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    today: date | None = None,
) -> Period:
    """Read ``--period`` (``2026-Q3`` or ``2026-07``) or ``--from``/``--to``.

    With neither, the last complete quarter before ``today``. Raises
    :class:`PeriodError` with a sentence saying how to write it.
    """
    found = _parse(period, date_from=date_from, date_to=date_to, today=today)
    try:
        found.history(COMPARED_PERIODS)
    except (OverflowError, ValueError):
        raise PeriodError(
            f"The period {found.label} starts too early: a report reads the periods before "
            "it, and the calendar starts at year 1. "
            "Give a later period, for example 2026-Q3."
        ) from None
    return found


def _parse(
    period: str | None, *, date_from: str | None, date_to: str | None, today: date | None
) -> Period:
    if period and (date_from or date_to):
        raise PeriodError("Give either --period or --from and --to, not both.")
    if period:
        quarter = _QUARTER.match(period)
        if quarter and int(quarter.group(1)) >= 1:
            year, number = int(quarter.group(1)), int(quarter.group(2))
            return quarter_containing(date(year, number * 3, 1))
        month = _MONTH.match(period)
        if month and int(month.group(1)) >= 1 and 1 <= int(month.group(2)) <= 12:
            return month_containing(date(int(month.group(1)), int(month.group(2)), 1))
        raise PeriodError(
            f"The period {period!r} is not one we can read. Write a calendar quarter as "
            "YYYY-Qn (for example 2026-Q3), a month as YYYY-MM (2026-07), or give "
            "--from YYYY-MM-DD --to YYYY-MM-DD."
        )
    if date_from or date_to:
        if not (date_from and date_to):
            raise PeriodError("Give both --from and --to (YYYY-MM-DD), or use --period.")
        start, end = _parse_day(date_from, "--from"), _parse_day(date_to, "--to")
        # A range that is exactly a quarter or month compares like one.
        for whole in (quarter_containing(start), month_containing(start)):
            if (whole.start, whole.end) == (start, end):
                return whole
        return Period(start, end, "range")
    return last_complete_quarter(today or date.today())
