"""Lines on which the classifier now overrules the rules: the price of the tenth and
sixteenth rounds.

Until the tenth round the word lists' rules decided, and the classifier agreed or not at a
low floor (0.25), was never asked about immediate danger, and alone needed 0.97 beside a
game, an idiom or a training session. Scored on the ninth and tenth test parts (1,952
lines written outside the project, neither rules nor model had seen them), that design
caught 95.4% of English disclosures with 10.3% false alarms; the classifier first, rules
kept at a floor of 0.4, caught 98.0% with 5.5%. The rules' safe contexts and phrasings did
not carry over to new text; the model's did. In the sixteenth round the floor went: texts
of nine words or more are the classifier's alone (``_RULES_DECIDE_BELOW`` in
``surveys/safeguarding/__init__.py``), which cost 0.6 disclosures in a hundred and saved
1.6 false alarms on the ninth to twelfth parts.

These earlier test lines are where those changes cost. Their rules still read them as
before, and that is tested here, at the layer it lives in (the rules still decide short
texts, and everything when the model file is missing). The check as a whole no longer
does: the near-miss lines below are flagged by the classifier alone, and the disclosures
are read by a rule but left to a classifier that scores them below its threshold. They
are listed, not hidden, so the next change to the model can be seen to win them back; the
README names the kinds.
"""

from __future__ import annotations

import pytest

from surveys.safeguarding import check
from tests.surveys.safeguarding_rules import rules_read

#: Disclosures a rule still catches, which the classifier scores below the floor.
RULE_CATCHES: list[str] = [
    "i was playing xbox and my dad dragged me off by my hair",
    "theres a man waiting at the school gates for my daughter every day with presents",
    "my mums mate got on top of me when i was sleeping on the sofa",
    # After the eleventh and twelfth parts joined training (and word pairs with a word
    # skipped joined the features):
    "two boys from yr 10 pinned me on the field and yanked my shorts down",
    # After the thirteenth and fourteenth joined training (0.397 and 0.323):
    "after the match my dad hit me coz we lost",
    "my mates brother got shot outside the chicken shop last night and im scared",
    # Since the sixteenth round, when texts of nine words or more became the classifier's
    # alone (the sixteenth-round model gave these 0.46 to 0.59 at a threshold of 0.70):
    "oh ghar chad ke chala gaya te hale tak nahi aaya",
    "chacha ne bahron lock kar ditta te phone vi lai gaya",
    # Caught by the eighteenth round's converged model (the second also by the
    # seventeenth's), missed again (0.71 each, at a threshold of 0.72) once extra22
    # joined training:
    "haha my boyfriend says he will kill me if i leave him",
    "theres never anything in the house so i feel faint by lunch",
]

#: Disclosures still caught, whose category the classifier names otherwise than the line
#: was written for (the help lines are the same; /flags shows the words).
NAMED_OTHERWISE: dict[str, str] = {
    # A gang's threat read as honour-based abuse.
    "they said they would hurt my family if i stop": "harmful_practices",
    # Neglect, running away and a threat at once, read as a parent at risk.
    "nobody feeds us and i ran away again and he is going to kill me": "parent_at_risk",
    # A gang's threat in romanised Punjabi, read as a parent at risk since extra21.
    "gang wale mainu dhamkaunde": "parent_at_risk",
}

#: Disclosures no rule reads, which the shipped model scores just below its threshold; an
#: earlier model of the same round caught them. Expected to fail until a model wins them
#: back for good (then they belong back in the lists they came from).
CLASSIFIER_LOST: list[str] = [
    # Empty since the eighteenth round's model won back the one line here.
]

#: Everyday lines no rule or phrase matches, which the classifier alone flags.
RULES_LEAVE_ALONE: list[str] = [
    "I have not eaten since lunch",
    "I was touched by how kind everyone was",
    "since the food parcels started the kids never go hungry",
    "in the panto the villain strangles me every night and the kids boo him",
    # After the eleventh and twelfth parts joined training, at a threshold of 0.63:
    "he hit me up on snapchat to say sorry",
    # After the seventeenth round (extra17, extra18, extra20), at a threshold of 0.72:
    "i keep the tablets locked away now the baby can climb",
    # Left alone by the first models of the seventeenth round, flagged again (0.81) once
    # Punjabi, Urdu and Polish lines (extra21) joined training:
    "theres nothing to eat at the after school club so he comes home starving",
    # Won back by the seventeenth round, flagged again (0.73, at 0.72) once extra23 joined
    # training in the nineteenth:
    "my friend sends me funny videos late at night and i cant stop laughing",
]

#: Lines once overruled here that the check as a whole now reads as written: won back by
#: the seventeenth round's model (extra17, extra18 and extra20 in training) and the
#: eighteenth's.
WON_BACK_CAUGHT: list[str] = [
    "i feel like a waste of space and everyone should just forget me",
    "nobody picks me up from school so i wait there till dark",
    "it stopped for a bit but hes hitting mum again",
    # Caught, missed, caught and missed again by the four retrains of the seventeenth
    # round; caught by both of the eighteenth round's models (its clause after "but"):
    "that was years ago but hes out of prison now and outside our house",
    # Won back from RULE_CATCHES by the eighteenth round's converged model (a fourth,
    # "haha my boyfriend says he will kill me if i leave him", went back there with
    # extra22):
    "a group of them held me down and took my top off at the sleepover",
    "ابو میری مرضی کے خلاف میری شادی کر رہے ہیں",
    "woh log paise ke badle mujhse ajeeb kaam karwate",
]
WON_BACK_LEFT_ALONE: list[str] = [
    "Tata daje mi pieniądze na autobus",
    "film mein ek bacha ghar se bhaag jata hai, acha tha",
    "dad takes tablets for his cholesterol and the nurse checks him every month",
    "dad took my phone off me because i was on it past midnight",
    "my mate sends me daft videos at midnight and i cant stop laughing at them",
    # Flagged (0.85) by the eighteenth round's first model (C=30, solved loosely), left
    # alone again (0.71) by its converged one:
    "mum left a note saying dinner is in the oven",
]


@pytest.mark.parametrize("text", RULE_CATCHES)
def test_a_rule_still_catches_the_disclosure(text: str) -> None:
    assert rules_read(text), text


@pytest.mark.parametrize("text", WON_BACK_CAUGHT)
def test_the_disclosure_won_back_is_caught(text: str) -> None:
    assert check(text) is not None, text


@pytest.mark.parametrize("text", WON_BACK_LEFT_ALONE)
def test_the_everyday_line_won_back_is_left_alone(text: str) -> None:
    assert check(text) is None, check(text)


@pytest.mark.parametrize("text", CLASSIFIER_LOST)
@pytest.mark.xfail(reason="the shipped model scores it just below its threshold", strict=False)
def test_the_disclosure_the_model_lost_is_caught(text: str) -> None:
    assert check(text) is not None, text


@pytest.mark.parametrize("text", NAMED_OTHERWISE)
def test_the_disclosure_is_caught_whatever_it_is_named(text: str) -> None:
    assert check(text) is not None, text


@pytest.mark.parametrize("text", RULES_LEAVE_ALONE)
def test_no_rule_reads_the_everyday_line_as_risk(text: str) -> None:
    assert not rules_read(text), text
