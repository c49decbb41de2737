"""Periods as the report command reads them, and the period before."""

from __future__ import annotations

from datetime import date

import pytest

from analytics.periods import Period, PeriodError, parse_period


def test_quarter_runs_from_first_to_last_day_and_reads_as_dates() -> None:
    period = parse_period("2026-Q3")
    assert (period.start, period.end) == (date(2026, 7, 1), date(2026, 9, 30))
    assert period.label == "1 Jul – 30 Sep 2026"
    assert period.code == "2026-Q3"
    assert period.before_phrase == "the quarter before"


def test_quarter_before_the_first_is_last_years_fourth() -> None:
    previous = parse_period("2026-Q1").previous()
    assert (previous.start, previous.end, previous.code) == (
        date(2025, 10, 1), date(2025, 12, 31), "2025-Q4",
    )  # fmt: skip


def test_month_and_the_month_before_across_a_year_and_a_leap_day() -> None:
    march = parse_period("2028-03")
    assert march.label == "1 Mar – 31 Mar 2028"
    february = march.previous()
    assert (february.start, february.end) == (date(2028, 2, 1), date(2028, 2, 29))
    assert parse_period("2026-01").previous().code == "2025-12"
    assert march.before_phrase == "the month before"


def test_a_custom_range_compares_with_the_same_number_of_days_just_before() -> None:
    period = parse_period(date_from="2026-07-10", date_to="2026-07-23")
    previous = period.previous()
    assert period.days == previous.days == 14
    assert (previous.start, previous.end) == (date(2026, 6, 26), date(2026, 7, 9))
    assert period.before_phrase == "the 14 days before"
    assert Period(date(2025, 12, 20), date(2026, 1, 5)).label == "20 Dec 2025 – 5 Jan 2026"


def test_a_range_that_is_exactly_a_quarter_compares_with_the_quarter_before() -> None:
    period = parse_period(date_from="2026-04-01", date_to="2026-06-30")
    assert period.kind == "quarter"
    assert period.previous().code == "2026-Q1"


def test_no_period_means_the_last_complete_quarter() -> None:
    assert parse_period(today=date(2026, 11, 27)).code == "2026-Q3"
    assert parse_period(today=date(2026, 1, 1)).code == "2025-Q4"


def test_history_is_oldest_first() -> None:
    codes = [p.code for p in parse_period("2026-Q2").history(4)]
    assert codes == ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"]


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        ({"period": "2026-Q5"}, "YYYY-Qn"),
        ({"period": "2026-13"}, "YYYY-MM"),
        ({"period": "last quarter"}, "2026-Q3"),
        ({"date_from": "2026-07-01"}, "Give both --from and --to"),
        ({"date_from": "2026-07-01", "date_to": "tomorrow"}, "--to 'tomorrow' is not a date"),
        ({"date_from": "2026-07-10", "date_to": "2026-07-01"}, "Swap --from and --to"),
        ({"period": "2026-Q3", "date_from": "2026-07-01"}, "not both"),
    ],
)
def test_malformed_periods_give_a_sentence_saying_how_to_write_them(
    arguments: dict[str, str], words: str
) -> None:
    with pytest.raises(PeriodError) as raised:
        parse_period(**arguments)
    assert words in str(raised.value)
    assert str(raised.value).endswith(".")
