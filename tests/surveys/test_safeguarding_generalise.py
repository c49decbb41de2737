"""Classes of wording behind the misses and false alarms of every tuning part, seen2 last.

Each class is a way of speaking, with examples written fresh here (none copied from the
corpus), so a fix has to reach the class rather than the line.
"""

from __future__ import annotations

import pytest

from surveys.safeguarding import check, classifier
from surveys.safeguarding.classifier import Scores
from tests.surveys.safeguarding_rules import rules_read

#: Disclosures the check missed, by the class of wording that hid them.
MISSED: dict[str, list[str]] = {
    # A survey answer is often feedback, then a full stop, then the disclosure: the
    # feedback's "workshop" or "lesson" must not make the next sentence safe.
    "feedback_then_a_new_sentence": [
        "Loved the workshop, thanks. My stepdad punches me when mum is at work",
        "nothing to say about the lesson. at home i get the belt for nothing",
        "The session ran late! my mums boyfriend chokes her when hes drunk",
    ],
    # The blow said in the passive, the speaker the one it lands on.
    "hit_in_the_passive": [
        "i always get the slipper off my nan when i answer back",
        "i got battered by my stepbrother again last night",
    ],
    # No point in living; looking up ways; not around much longer.
    "no_point_or_looking_up_ways": [
        "honestly whats the point in living anymore",
        "my son has been searching how to hang yourself on his laptop",
        "i wont be around much longer so it doesnt matter",
    ],
    # A parent using again with a child in their care.
    "parent_using_while_caring": ["im drinking again and im the one minding the baby tonight"],
    # Selling for someone, drugs named or not.
    "selling_for_someone": ["i have to sell it round the flats for these lads or they get angry"],
    # Never going home.
    "never_going_home": ["im never going home again ill stay wherever"],
    # Made to deliver or carry for someone, drugs unnamed.
    "made_to_deliver_for_someone": ["an older lad makes me do deliveries for him on my bike"],
    # Going on after a no.
    "went_on_after_no": ["i told him no loads of times and he did it anyway"],
    # Hidden cuts seen as plasters, bandages or blood on a wrist.
    "signs_of_hidden_cuts": ["theres always blood on her sleeves and plasters on her wrists"],
    # Throwing oneself off something high, said of someone else.
    "throwing_oneself_off": ["my brother keeps saying hes going to throw himself off the bridge"],
    # A marriage without consent, in Punjabi, Urdu and Polish.
    "marriage_without_consent": [
        "ਮੇਰੇ ਮਾਪੇ ਮੇਰੀ ਮਰਜ਼ੀ ਤੋਂ ਬਿਨਾਂ ਮੇਰਾ ਵਿਆਹ ਕਰਨਾ ਚਾਹੁੰਦੇ ਨੇ",
        "rodzice chca mnie wydac za maz wbrew mojej woli",
    ],
    # Fifth round. A tracker on a person's phone or car is control.
    "a_tracker_on_someone": ["he put a tracker on my phone n goes mad if im late"],
    # Laughter in a disclosure does not make it safe.
    "laughing_it_off": ["my dad hit me again last night lol whatever"],
    # Injuries hidden or covered up.
    "hiding_injuries": ["she wears a scarf in summer to hide the bruises on her neck"],
    # Banging one's own head against a wall.
    "banging_own_head": ["my daughter keeps banging her head against the wall till it bleeds"],
    # The far right named.
    "far_right_named": [
        "my brother hangs round with a nationalist group now n goes to their meets"
    ],
    # Scalding.
    "scalding": ["my stepdad threw boiling water at my arm when i was slow with his tea"],
    # A young child's location switched off.
    "location_switched_off": ["my 13 year old switched her location off and hasnt been home"],
}

#: Everyday lines with a trigger word, by the class of context that makes them safe.
SAFE: dict[str, list[str]] = {
    # Feedback about training that tells the trainer's example or one's own cases.
    "the_trainers_example": [
        "the trainer gave an example of a lad being plugged by olders, very eye opening",
        "the story about a girl whose mum was using was similar to cases in my work",
    ],
    # Sport and play: a shot, a jump, a goal.
    "sport_and_play": [
        "she jumped off the top of the bouncy castle and landed on her feet",
        "he took shots at netball all afternoon and scored most of them",
    ],
    # Everyday sayings: ending a relationship, the best or worst thing, never missing.
    "everyday_sayings": [
        "we decided to end it after uni and we are still close",
        "best thing about the club is the free phone charging",
        "my son uses his inhaler every morning and has never missed a dose",
        "i set up parental controls on the tablet for my 6 year old",
    ],
    # A child lost for minutes and found; a row sorted; a debt on a plan; no food at a club.
    "resolved_or_elsewhere": [
        "my daughter went missing at the park for a few minutes, found her at the swings",
        "my son had a fight with a boy in his class but they sorted it out",
        "we got behind on the electric but we are on a payment plan now",
    ],
    # "i get" or "i got" with no blow: locked out, some sleep.
    # Laughter, a headache, a stomach bug, screen time, a game with friends, a lost child
    # who turned up.
    "laughter_illness_and_screens": [
        "we were laughing so hard i thought i was going to die",
        "i had to take two paracetamol for the headache after the meeting",
        "my son couldnt eat his tea last night, he has a tummy bug",
        "my boy plays a racing game with his friends every saturday",
        "our son went missing at the fair but turned up at the ice cream van",
    ],
    # A remote, a falling-out, a worker explaining what happens if.
    "remote_falling_out_explained": [
        "my wife controls the tv remote in our house haha",
        "my daughter fell out with her friends over a group chat, all fine now",
        "the social worker explained what happens if a child runs away from care",
    ],
    "i_get_with_no_blow": [
        "i got locked out of my email again",
        "mum takes my tablet at bedtime so i get some sleep",
    ],
    # Fifth round. A common word one letter from a risk word is not a slip for it.
    "a_common_word_near_a_risk_word": [
        "my sunflowers are growing so fast this summer",
        "the boys were groping around in the dark for the torch at camp",
    ],
    # "Says she will" with nothing harmful to follow.
    "a_promise_not_a_threat": ["she says she will bring the forms round tomorrow"],
    # A parcel or an app tracking, not a person.
    "tracking_a_parcel": ["the app shows my parcel tracking all the way from leeds"],
    # Learning the topic: handouts, a caseload, a word never heard before.
    "learning_the_topic": ["as a teacher i found the handouts on exploitation really clear"],
    # Trouble over and said so.
    "over_and_said_so": ["we had no heating last winter but that got sorted and its warm now"],
    # A teenager's drama.
    "teen_drama": ["he says hes gonna die without the new trainers, so dramatic"],
    # Games by name.
    "games_by_name": ["my little brother kills everyone on fortnite and wont shut up about it"],
    # Laughter beside words the classifier alone reads as risk.
}


def _cases(table: dict[str, list[str]]) -> list[object]:
    return [
        pytest.param(text, id=f"{name}-{n}")
        for name, texts in table.items()
        for n, text in enumerate(texts)
    ]


@pytest.mark.parametrize("text", _cases(MISSED))
def test_a_disclosure_of_each_class_is_caught(text: str) -> None:
    assert check(text), text


@pytest.mark.parametrize("text", _cases(SAFE))
def test_an_everyday_line_of_each_class_is_left_alone(text: str) -> None:
    found = check(text)
    assert found is None, found.explain() if found else ""


class _Sure:
    """A stand-in model that reads every text as risk with the same certainty."""

    def __init__(self, risk: float) -> None:
        self.threshold = 0.8
        self.risk = risk

    def scores(self, normalised: str, concepts: object = None) -> Scores:
        return Scores({"none": 1.0 - self.risk, "self_harm": self.risk})


@pytest.mark.parametrize(("risk", "flagged"), [(0.81, True), (0.79, False)])
def test_beside_a_game_word_the_classifier_needs_its_own_threshold_and_no_more(
    monkeypatch: pytest.MonkeyPatch, risk: float, flagged: bool
) -> None:
    # "pe" reads as a game. Until the fifth round that silenced the classifier outright,
    # and "hide my arms in pe coz of the marks" went unheard; until the tenth it asked
    # 0.97 there, which lost more disclosures on fresh text than it saved false alarms.
    monkeypatch.setattr(classifier, "model", lambda: _Sure(risk))
    text = "in pe i keep my sleeves down so nobody asks"
    assert bool(check(text)) is flagged


FEEDBACK = "the worker was kind and the group was good and we liked the snacks "


@pytest.mark.parametrize(
    ("text", "rules_decide"),
    [
        # Fewer than nine words: the model has too little to read, the rules decide.
        ("nobody feeds us at home", True),
        # A sentence too short for the classifier to read on its own, in a long message.
        (FEEDBACK + ". nobody feeds us", True),
        # Nine words or more in one run: the classifier's call, not the rules'. On new
        # writers the rules' matches in longer texts cost more false alarms than the
        # disclosures they added (surveys/safeguarding/__init__.py, _RULES_DECIDE_BELOW).
        (FEEDBACK + "and nobody feeds us at home", False),
    ],
)
def test_the_rules_decide_short_texts_and_sentences_the_classifier_longer_ones(
    monkeypatch: pytest.MonkeyPatch, text: str, rules_decide: bool
) -> None:
    assert rules_read(text) == {"neglect"}
    monkeypatch.setattr(classifier, "model", lambda: _Sure(0.01))
    assert bool(check(text)) is rules_decide
    monkeypatch.setattr(classifier, "model", lambda: _Sure(0.99))
    assert check(text) is not None
