"""Issue 13, rounds 6 and 7: everyday senses of risk words, a past said as over, and
indicators told without risk words, by family.

Every line here was written for these tests (none is in the labelled corpus). Each family
is a general cause of the false alarms or misses read in the sixth and seventh test parts
(now ``seen6`` and ``seen7``) and in the tuning parts scored by models trained without
them: a word with an everyday sense a rule of its own read as risk ("shoot", "hide"), a
game by name, medicine taken as the doctor said, a marriage chosen, a past told as over,
the speaker's own hyperbole. Each family has disclosures beside it, so a fix that silences
the words outright fails. Laughter ("lol", "haha") makes a threat safe only where nothing
else in the sentence is risk: a knife, telling, a partner.
"""

from __future__ import annotations

import pytest

from surveys.safeguarding import check

NEAR_MISS = {
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
        "i keep the tablets locked away now the baby can climb",
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
    "stage and toy fights": [
        "in the panto the villain strangles me every night and the kids boo him",
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
    "phrasal blows": [
        "kicking myself i forgot the form again",
        "my brother threw a strop when the wifi went off",
        "mum slapped on some suncream and off we went",
    ],
}

STILL_CAUGHT = [
    "he said hes going to shoot me if i tell anyone",
    "my mates brother got shot outside the chicken shop last night and im scared",
    "im hiding in the bathroom coz hes smashing the kitchen up",
    "hiding under my bed he is drunk and shouting",
    "my step dad battered me after the match coz we lost",
    "she took all her tablets and i cant wake her up",
    "they are taking me to pakistan to marry my cousin and i dont want to",
    "it stopped for a bit but hes hitting mum again",
    "that was years ago but hes out of prison now and outside our house",
    "i bang my head on the wall when it gets too much",
    "he said he will kill me if i tell anyone lol",
    "lol my stepdad said hell kill me and hes got a knife",
    "haha my boyfriend says he will kill me if i leave him",
    "i think my brother is being radicalised by people on telegram",
    "i nearly died when he held my head under the water",
]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(text, id=f"{family}:{i}")
        for family, texts in NEAR_MISS.items()
        for i, text in enumerate(texts)
    ],
)
def test_everyday_sense_is_not_flagged(text: str) -> None:
    assert check(text) is None, check(text)


@pytest.mark.parametrize("text", STILL_CAUGHT)
def test_the_disclosure_beside_it_is_still_caught(text: str) -> None:
    assert check(text) is not None


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
#: word: the kinds of disclosure missed in the sixth test part, in new words.
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
    "locked in from outside, romanised": (
        "chacha ne bahron lock kar ditta te phone vi lai gaya",
        {"immediate_danger", "harmful_practices", "neglect"},
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
    # Read by a rule, which does not move when the classifier is retrained.
    assert match.layer == "rule", match.explain()
    assert match.category.value in categories, match.explain()
