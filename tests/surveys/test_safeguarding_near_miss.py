"""Issue 13, rounds 2 and 6 to 8: false alarms on near-miss everyday text, by family.

Every line here was written for these tests (none is in the labelled corpus). Each family
is a general cause seen in a test part once it was retired to tuning: in the third
(``seen3``) a single everyday word read as risk, a past said as over, an accident, an
idiom, a request; in the sixth to eighth (``seen6`` to ``seen8``) a word with an everyday
sense that a rule of its own read as risk ("shoot", "hide"), a game by name, medicine taken
as the doctor said, a marriage chosen, the speaker's own hyperbole, laughter beside a
threat, figures of speech ("die of embarrassment"). Each family has its disclosures beside
it, so a fix that silences the words outright fails; laughter makes a threat safe only
where nothing else in the sentence is risk (a knife, telling, a partner).
"""

from __future__ import annotations

import pytest

from surveys.safeguarding import check, normalise
from tests.surveys.safeguarding_rules import rules_read

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
    # Rounds 6 to 8 (seen6, seen7, seen8): everyday senses of risk words.
    "shoot, not at anyone": [
        "my daughter did a photo shoot for her college portfolio and loved it",
        "we were shooting penalties in the garden till it got dark",
        "grandad took him shooting clays for his birthday, ear muffs and everything",
    ],
    "hiding, from nothing": [
        "my son hides his veg under his mash every single tea time",
        "we hid the presents in the loft so they wouldnt find them",
        "she was hiding behind the sofa for the surprise when we walked in",
    ],
    "a game by name": [
        "nan thrashed all of us at scrabble again",
        "my big brother battered me at chess on sunday, rematch next week",
        "the kids beat each other at uno every night before bed",
    ],
    "medicine as the doctor said": [
        "she takes her tablets every night like the doctor said and shes much calmer",
    ],
    "a marriage chosen": [
        "my sister married her cousin last year, it was a love marriage and she's so happy",
        "im going to be a bridesmaid at my cousins wedding in pakistan",
    ],
    "a past said as over": [
        "my dad got stabbed when i was little, hes ok now and drives a taxi",
        "the threats from her ex stopped after the court order, been quiet a year",
        "dwa lata temu było źle ale teraz jesteśmy bezpieczni, dziękuję",
    ],
    "a threat laughed off": [
        "she said she would kill me if i spoilt the ending of the film lol",
        "my sister is gonna murder me when she sees i borrowed her hoodie haha",
        "siostra mnie zabije jak zobaczy że zjadłam jej czekoladę haha",
    ],
    "the speaker's own hyperbole": [
        "im gonna kill my sister she used all my shampoo again",
        "i could murder him for eating my chips, brothers are the worst",
    ],
    "to death as a figure of speech": [
        "i love my nan to death, she comes to every review",
        "we were bored to death in the waiting room but the worker was nice",
    ],
    "an animal that chases": [
        "a swan chased my little brother round the pond and he screamed lol",
    ],
    "food chosen or a brace": [
        "shes not eating much since her brace went on, the dentist says thats normal",
        "im not eating meat anymore cos im vegetarian now",
    ],
    "kitchen knives, water guns and sugar": [
        "my son got a proper knife set for his birthday cos he wants to be a chef",
        "the kids had a water gun fight in the garden and the dog joined in",
        "hes overdosed on sugar at the party, bouncing off the walls",
    ],
    "radical, not radicalised": [
        "my daughter has gone radical about plastic straws, we get lectures every tea",
    ],
    # Round 17: everyday answers from staff and children (the lines read were trained on).
    "nerves and work breaks": [
        "i was a bag of nerves",
        "bag of nerves before the review",
        "no lunch break most days this month",
        "had no lunch break again",
    ],
    "phrasal blows": [
        "kicking myself i forgot the form again",
        "my brother threw a strop when the wifi went off",
        "mum slapped on some suncream and off we went",
    ],
    # Round 18: feedback on a worker, written by four helpers of the training parts.
    "not rushed, and a sibling who would not leave us alone": [
        "she didnt rush me",
        "lady was kind and didnt rush me",
        "nobody rushed me, i could take my time",
        "pls dont rush me next time",
        "the worker rushed me through the forms",
        "my little brother wouldnt leave us alone",
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
    # Rounds 6 to 8: disclosures beside those senses.
    "he said hes going to shoot me if i tell anyone",
    "im hiding in the bathroom coz hes smashing the kitchen up",
    "hiding under my bed he is drunk and shouting",
    "my step dad battered me after the match coz we lost",
    "she took all her tablets and i cant wake her up",
    "they are taking me to pakistan to marry my cousin and i dont want to",
    "i bang my head on the wall when it gets too much",
    "he said he will kill me if i tell anyone lol",
    "lol my stepdad said hell kill me and hes got a knife",
    "i think my brother is being radicalised by people on telegram",
    "i nearly died when he held my head under the water",
    # Round 17: beside "bag of nerves" and "lunch break".
    "they make me hold a bag of weed for them",
    "no lunch again theres no food",
    "never any lunch money or food",
    # Round 18: beside "didnt rush me" and "wouldnt leave us alone".
    "some boys rushed me after school",
    "they rushed me outside the chicken shop",
    "he didnt just slap me he punched me",
    "mum leaves us alone all weekend",
    "mum leaves me to mind my little brother all night",
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
    text = "my stepdad said he is going to kill me"
    assert check(text) is not None
    assert rules_read(text), text
