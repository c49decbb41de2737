"""Issue 13, rounds 6 to 8: what the rules must read that the earlier rounds did not.

Every line here was written for these tests (none is in the labelled corpus). The
everyday senses of risk words read in the sixth to eighth test parts (now ``seen6`` to
``seen8``), each family with disclosures beside it, are in
``test_safeguarding_near_miss.py``. Here: a past said as over, which now vetoes every rule,
must not reach past "but"; and indicators told without a crime, sex or harm word must be
read by a rule, so that a retrained classifier cannot lose them from the word lists' side
(they decide short texts, and everything when the model file is missing).
"""

from __future__ import annotations

import pytest

from surveys.safeguarding import check
from tests.surveys.safeguarding_rules import rules_read


@pytest.mark.parametrize(
    "text",
    [
        "years ago but hes ok now",
        "hes ok now",
    ],
)
def test_a_past_said_as_over_does_not_reach_across_but(text: str) -> None:
    """RESOLVED vetoes every rule, so it must not reach past "but" to a new harm."""
    assert check(f"{text} but my stepdad hits me every night") is not None


#: Indicators from exploitation and emergency guidance, told without a crime, sex or harm
#: word: the kinds of disclosure missed in the sixth and seventh test parts, in new words.
INDICATORS = {
    "money nobody explains": (
        "my lad keeps coming in with wads of cash and wont explain where its from",
        {"exploitation_criminal", "exploitation_sexual"},
    ),
    "adults in cars at night": (
        "my 14 yr old niece keeps getting picked up by older men in different cars",
        {"exploitation_sexual", "exploitation_criminal"},
    ),
    "a stranger online after an address": (
        "some guy on roblox wants my address so he can send me presents",
        {"exploitation_online"},
    ),
    "a body in danger now": (
        "my little girl swallowed something off the floor and shes going blue",
        {"immediate_danger"},
    ),
    "dying for a cause": (
        "my cousin says hes ready to die for the cause and wont say more",
        {"radicalisation"},
    ),
    "a method pictured": (
        "i keep thinking about driving my car into a wall on the way to work",
        {"suicidal", "parent_at_risk"},
    ),
    "a goodbye and a phone off": (
        "my daughter texted her mate bye love you all and now her phone is off",
        {"suicidal"},
    ),
    "a note and a rope": (
        "found a rope in his wardrobe and a note saying sorry mum",
        {"suicidal"},
    ),
    "out of contact at night": (
        "my 13 yr old went out at 7 and its 1am and shes not answering",
        {"missing", "immediate_danger"},
    ),
    "a room smashed with the children watching": (
        "he put his fist through the door again and the kids were watching from the stairs",
        {"domestic_abuse", "physical_abuse"},
    ),
    "polish hate at a mosque": (
        "kolega z klubu mówi że trzeba podpalić meczet w naszym mieście",
        {"radicalisation"},
    ),
}


@pytest.mark.parametrize("name", INDICATORS)
def test_an_indicator_told_without_risk_words_is_caught(name: str) -> None:
    text, categories = INDICATORS[name]
    match = check(text)
    assert match is not None, text
    assert match.category.value in categories, match.explain()


@pytest.mark.parametrize("name", INDICATORS)
def test_an_indicator_told_without_risk_words_is_read_by_a_rule(name: str) -> None:
    # Read by a rule as well, which does not move when the classifier is retrained.
    text, categories = INDICATORS[name]
    assert rules_read(text) & categories, text
