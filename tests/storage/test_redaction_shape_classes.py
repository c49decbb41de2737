"""Classes of school, phone and date misses found on the tuning parts, fresh examples.

Every example is made up for this file; none is copied from the evaluation corpus.
"""

from __future__ import annotations

import re

import pytest

from storage.redaction import redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A name joined to a school already found is a school too.
        (
            "he was at Brookfield Primary and Hollyhurst before that",
            "he was at [school] and [school] before that",
        ),
        ("Oakmere Academy or greenvale were the options", "[school] or [school] were the options"),
        # A school's name with no school word, as the subject of what only schools do.
        ("Thornbury excluded him for a week", "[school] excluded him for a week"),
        ("westfield high put her in isolation", "[school] put her in isolation"),
        ("Ashdown Park put him in isolation again", "[school] put him in isolation again"),
        # After the staff of a school: "the teachers at X", "the senco at X".
        ("the teachers at Marlbrook were great", "the teachers at [school] were great"),
        ("the senco at Hadley Fields never replied", "the senco at [school] never replied"),
        # "High" after a word no one uses every day is a school.
        ("Kingsmere High rang me", "[school] rang me"),
        ("he hates brackenfold high", "he hates [school]"),
        ("Ashwood Collegiate are good", "[school] are good"),
        # A school name with a digit: "goes to E5 Greenway".
        ("she goes to E5 Greenway now", "she goes to [school] now"),
        # Lower-case saints and faith words are part of the name.
        ("he is at st judes catholic primary", "he is at [school]"),
        # "kicked him out" is what a school does too.
        ("Moorcroft kicked him out in year 8", "[school] kicked him out in year 8"),
    ],
)
def test_schools_without_a_school_word(text: str, expected: str) -> None:
    # The name pass may take a capitalised school name first ("the teachers at [name]"):
    # either tag removes it, which is what matters.
    assert _one_tag(redact(text)) == _one_tag(expected)


def _one_tag(text: str) -> str:
    return re.sub(r"\[(?:school|name)\](?: \[(?:school|name)\])*", "[tag]", text)


@pytest.mark.parametrize(
    "text",
    [
        "the teachers at school were great",
        "the rent is too high",
        "it was sky high",
        "we walked down Oldbury High Street",
        "she has high needs",
        "my anxiety was High",
        "the teachers at the school never replied",
        "Sandwell excluded nobody",
        "he goes to school in Tipton and Oldbury",
        "we went to the park and then home",
    ],
)
def test_school_rules_leave_clean_text(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my work line is +44 (0)121 496 0789", "my work line is [phone]"),
        ("ring +44 (0) 7700 900 456", "ring [phone]"),
        ("my number is 0 7700 900 522", "my number is [phone]"),
        ("the review on 14/6 was moved", "the review on [date] was moved"),
        ("from 3/11 to 9/11 we had nobody", "from [date] to [date] we had nobody"),
        ("the meeting is thursday 9th", "the meeting is [date]"),
        # A lower-case "may" or "march" with a year is a month.
        ("she was born in may 2016", "she was born in [date]"),
        # A title and an initial: "mrs p".
        ("mrs j the dinner lady", "mrs [name] the dinner lady"),
        # More words between a platform and its handle.
        ("roblox user is SkyRunner2013", "roblox user is [handle]"),
        ("find me on snap as tiny.dancer", "find me on snap as [handle]"),
        # A street named without a house number, after a word that says where someone is.
        ("we live on Maple Grove now", "we live on [address] now"),
        ("my nan lives in Carrick Close", "my nan lives in [address]"),
        ("he moved to Foxglove Avenue", "he moved to [address]"),
    ],
)
def test_phone_and_date_forms(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "help is there 24/7",
        "on 24/7 call",
        "it was 50/50 whether they came",
        "i rated it 9/10",
        "on 2/3 of the days",
        "on 7/10 i would score it",
        "the shop on the High Street",
        "we went to the Hope Street Centre",
        "we live in Tipton now",
    ],
)
def test_short_date_rule_leaves_clean_text(text: str) -> None:
    assert redact(text) == text


def test_a_school_year_before_a_place_is_no_house_number() -> None:
    assert "[address]" not in redact("he was year 8 Westfield Sandwell and it was fine")
