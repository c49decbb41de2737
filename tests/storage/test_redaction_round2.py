"""Issue 14, round 2: general shapes the third test part showed, each with fresh examples.

Every example is made up for this file; none is copied from the evaluation corpus. Each
class is a way people write a detail, so it should hold for details nobody here saw.
"""

from __future__ import annotations

import pytest

from storage.redaction import redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A phone number typed with the letter o (or O) for zero, in any grouping.
        ("text me on o79oo 9oo 456 after school", "text me on [phone] after school"),
        ("my number is 0770O9OO418", "my number is [phone]"),
        ("call 07811 4o5 9o2 after 6", "call [phone] after 6"),
        ("ring o121 4o6 0033 pls", "ring [phone] pls"),
    ],
)
def test_phone_typed_with_letter_o(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "we scored 100 goals in 2000 and oo boy",
        "the room was oo so cold at 10 o clock",
        "o2 shop gave me 200 minutes",
    ],
)
def test_letter_o_and_digits_that_are_no_phone(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A house with a name and no number: a word for a dwelling that is only that.
        ("we live at Rose Cottage now", "we live at [address] now"),
        ("send letters to The Old Granary please", "send letters to [address] please"),
        ("post came to Elm Tree Barn by mistake", "post came to [address] by mistake"),
        # Farm, Mill, Lodge and House are places of work too: only where someone lives.
        ("we moved into Brambly Farm last year", "we moved into [address] last year"),
        ("our address is Heron Mill", "our address is [address]"),
    ],
)
def test_house_names_without_numbers(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "we went to the farm and the mill on the school trip",
        "the cottage pie at dinner was nice",
        "the group meets at Hope House on fridays",
    ],
)
def test_buildings_that_are_no_home_address(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A lower-case school's name with no school word, after a verb that takes one.
        ("he got excluded from perryhill in may", "he got excluded from [school] in may"),
        ("she goes to brockwood now and likes it", "she goes to [school] now and likes it"),
        ("my son goes to the X2 Academy", "my son goes to the [school]"),
    ],
)
def test_schools_in_lower_case_after_a_school_verb(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    ["she goes to bed early", "he got excluded from lessons twice", "she goes to town alone"],
)
def test_everyday_words_after_a_school_verb(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An initial before a name is part of it; initials alone are a name too.
        ("P. Sandhu sorted the forms", "[name] sorted the forms"),
        ("thanks to K Mwale for everything", "thanks to [name] for everything"),
        ("R.J. was the best worker we had", "[name] was the best worker we had"),
    ],
)
def test_initials(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    ["we got there at 9 A.M. sharp", "the U.K. rules say so", "she is in Year 7 B set"],
)
def test_initials_that_name_no_one(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A capitalised everyday-word name, then the same word lower case: a name, then
        # the word ("Will will", "hope Hope").
        ("Will will not eat at school", "[name] will not eat at school"),
        ("we all hope Hope gets better", "we all hope [name] gets better"),
        # Joined by "n" or "&" to a relation, as by "and".
        ("Summer n her nan came", "[name] n her nan came"),
        # "X is my boy": a relation after "is my".
        ("Rio is my boy and hes 7", "[name] is my boy and hes 7"),
        # "the mum of X": a capitalised word after a relation and "of".
        ("im the mum of Kaylan", "im the mum of [name]"),
        # A capitalised unknown word joined to a name, at a sentence's start too.
        ("Hevka and Sarah came round", "[name] and [name] came round"),
        # A sign-off: a capitalised listed word alone after a comma at the end.
        ("thank you for the help, Will", "thank you for the help, [name]"),
    ],
)
def test_everyday_word_names(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Will it be open on sunday",
        "we hope it gets better",
        "Summer and her holidays are long",
        "the end of May",
        "it was hard, but we got there",
        "thank you for the help, Sandwell",
    ],
)
def test_everyday_words_that_stay(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A possessive typed without its apostrophe, before a relation, even for a name
        # that is a season; not after a counting word.
        ("im autumns nan and she is 80", "im [name] nan and she is 80"),
        # A second initial after a name: "[name].K." is one name.
        ("seen by the nurse with child T.K. at 10", "seen by the nurse with child [name] at 10"),
        # After a relation and "of": "the dad of X" in any place in the sentence.
        ("this is [name] dad of Zeke", "this is [name] dad of [name]"),
        # A school word or a town after a school's name is still the school's.
        ("he moved to Ferncliff Junior Academy", "he moved to [school]"),
        ("she goes to Z5 Academy Wednesbury now", "she goes to [school] now"),
        # Lower-case words in a list of friends, after "me n": names, not words.
        ("me n [name] and jax went bowling", "me n [name] and [name] went bowling"),
        # A pram is a pram.
        ("i had to carry the pram up the stairs", "i had to carry the pram up the stairs"),
    ],
)
def test_round2_runs_and_lists(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "we had two summers dad was away",
        "me and mum and dad went to town",
        "me n bro and sis went bowling",
        "the mum of two said it was fine",
    ],
)
def test_round2_words_that_stay(text: str) -> None:
    assert redact(text) == text
