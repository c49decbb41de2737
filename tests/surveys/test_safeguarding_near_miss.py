"""Issue 13, round 2: false alarms on near-miss everyday text, by family.

Every line here was written for these tests (none is in the labelled corpus). Each family
is a general cause seen in the third test part (now tuning part ``seen3``): a single
everyday word read as risk, a past said as over, an accident, an idiom, a request. Each
family has its disclosures beside it, so a fix that silences the words outright fails.
"""

from __future__ import annotations

import pytest

from surveys.safeguarding import check, normalise

NEAR_MISS = {
    "single everyday word": [
        "the school play went down a bomb with all the grandparents",
        "it was a real honour to be asked to read at the carol service",
        "can you help me with the login for the parents app please",
        "we had to end it early on friday because of the snow",
        "the courier app lets me see where my parcel is tracking",
    ],
    "resolved past": [
        "my son ran off once when he was little, he is 15 now and settled at college",
    ],
    "idiom": [
        "that spelling test killed me but i think i did ok in the end",
        "he killed me in the last round of fortnite so i rage quit lol",
    ],
    "polish since, not overdose": [
        "od wtorku chodzimy na basen i syn jest zachwycony",
        "dziękuję za spotkania, od lat jest u nas dobrze",
    ],
}

STILL_CAUGHT = [
    "i just want to end it tonight",
    "im going to end it all",
    "my brothers say i brought dishonour on the family and they will hurt me",
    "he said hes going to kill me when he gets in tonight",
    "these lads are chasing me right now and i am hiding in a shop",
    "he wants to bomb the mosque on friday and has a plan",
    "i took an od last night and didnt tell anyone",
    "ojczym mnie bije od miesięcy",
    "dostaję wpierdol od starego prawie codziennie",
]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(text, id=f"{family}:{i}")
        for family, texts in NEAR_MISS.items()
        for i, text in enumerate(texts)
    ],
)
def test_near_miss_is_not_flagged(text: str) -> None:
    assert check(text) is None, check(text)


@pytest.mark.parametrize("text", STILL_CAUGHT)
def test_the_disclosure_beside_it_is_still_caught(text: str) -> None:
    assert check(text), text


def test_polish_od_is_not_the_text_speak_for_overdose() -> None:
    assert "overdose" not in normalise("syn nie wrócił od piątku")


def test_a_threat_to_kill_is_read_by_the_rules_not_only_the_fixed_phrases() -> None:
    # "killing me" (the idiom "my feet are killing me") stemmed to "kill me" and silenced
    # every rule that names IDIOM around a real threat.
    match = check("my stepdad said he is going to kill me")
    assert match is not None and match.layer == "rule", match
