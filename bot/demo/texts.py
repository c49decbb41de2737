# ruff: noqa: E501  (sample sentences are kept whole so they read as someone typed them)
"""What the demo's synthetic respondents type in their own words.

Every sample is made up. Personal details use only numbers Ofcom keeps for drama
(07700 900000-900999, 0121 496 0000-0999) and addresses at example.com, so nothing here
can reach a real person. Each personal-detail sample lists the exact strings it plants:
the demo checks none of them reaches the database, which is a check of the redaction.

The risk phrases are the kind the safeguarding check must catch; the demo checks that
each one brings the help lines straight back. A test checks the calm samples match no
risk phrase and every risk sample does.

Polish, Punjabi and Urdu lines were written without a native speaker, like the bot's own
translations; they only need to be plausible for a demo.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Group = Literal["adult", "young", "staff"]


@dataclass(frozen=True)
class Words:
    """One free-text answer: the words, what they plant, and whether they carry a risk."""

    text: str
    planted: tuple[str, ...] = ()  # personal details that must never be stored
    risk: bool = False


def _words(*lines: str) -> tuple[Words, ...]:
    return tuple(Words(line) for line in lines)


#: Everyday answers by group and language: praise, mixed and concern.
CALM: dict[Group, dict[str, tuple[Words, ...]]] = {
    "adult": {
        "en": _words(
            "Our worker listened and didn't judge us. First time I felt someone was on our side.",
            "The plan made sense once it was written down in plain words.",
            "Meetings kept getting moved and nobody told us why. It was stressful.",
            "Too many different workers. We had to tell our story again every time.",
            "The school and the health visitor finally talked to each other, that made a big difference.",
            "Things are calmer at home now and the kids are back in school every day.",
            "I didn't understand what the meeting was for until the end.",
            "Honestly the help came too late, we were struggling for months before anyone came.",
            "Good support with the housing forms and the food bank.",
            "They asked what was working for us, not just what was going wrong.",
        ),
        "pl": _words(
            "Pracownica nas wysłuchała i pomogła z dokumentami. Dziękuję.",
            "Spotkania były przekładane i nikt nam nie mówił dlaczego.",
            "W domu jest teraz spokojniej, dzieci chodzą do szkoły.",
        ),
        "pa": _words(
            "ਸਾਡੀ ਵਰਕਰ ਨੇ ਸਾਡੀ ਗੱਲ ਧਿਆਨ ਨਾਲ ਸੁਣੀ। ਧੰਨਵਾਦ।",
            "ਮੀਟਿੰਗਾਂ ਬਹੁਤ ਵਾਰ ਬਦਲੀਆਂ ਗਈਆਂ।",
        ),
        "ur": _words(
            "ہماری ورکر نے ہماری بات غور سے سنی۔ شکریہ۔",
            "مدد دیر سے آئی، لیکن اب گھر میں سکون ہے۔",
        ),
    },
    "young": {
        "en": _words(
            "She actually listened to me and didn't just talk to my mum.",
            "I liked that I could text my worker.",
            "I didn't know why they kept asking the same questions.",
            "School is better now. I have someone to talk to at lunch.",
            "It was boring in the meetings but the plan was ok.",
            "My worker helped me join the football club.",
            "I wish they would ask me first not my teachers.",
        ),
        "pl": _words(
            "Pani mnie słuchała i to było fajne.",
            "W szkole jest teraz lepiej.",
        ),
        "pa": _words("ਮੇਰੀ ਵਰਕਰ ਨੇ ਮੇਰੀ ਗੱਲ ਸੁਣੀ।"),
        "ur": _words("میری ورکر نے میری بات سنی۔"),
    },
    "staff": {
        "en": _words(
            "The case discussion on levels of need was the most useful part.",
            "Good to hear how health and schools see the same families.",
            "Too much in one session; I'd like the local data slides sent round.",
            "I will use the exploitation screening questions with my caseload.",
            "Would like more on resolving professional differences.",
            "The neglect tool walk-through was practical and clear.",
        ),
    },
}

#: Answers with a personal detail in them. Each names what it plants.
PERSONAL: dict[Group, tuple[Words, ...]] = {
    "adult": (
        Words(
            "My worker Sarah Khan rang me on 07700 900123 and sorted it the same day.",
            ("Sarah Khan", "07700 900123"),
        ),
        Words(
            "Priya from early help emailed me at priya.sharma@example.com, really kind.",
            ("Priya", "priya.sharma@example.com"),
        ),
        Words(
            "Our worker Grace Okafor came to 14 Elm Road every week, near B70 9AB. Brilliant.",
            ("Grace Okafor", "14 Elm Road", "B70 9AB"),
        ),
        Words(
            "Please ask Mr Davies to call me back on 0121 496 0789, I never heard back.",
            ("Davies", "0121 496 0789"),
        ),
    ),
    "young": (
        Words(
            "My key worker Jamie Clarke always listened to me.",
            ("Jamie Clarke",),
        ),
        Words(
            "Worker called Aisha Begum gave me her number 07700 900888 for emergencies.",
            ("Aisha Begum", "07700 900888"),
        ),
    ),
    "staff": (
        Words(
            "Thanks to Tom Walsh for running it; slides to tom.walsh@example.com please.",
            ("Tom Walsh", "tom.walsh@example.com"),
        ),
    ),
}

#: Words that must bring the help lines at once, and flag the response for review.
RISK: dict[Group, dict[str, tuple[Words, ...]]] = {
    "adult": {
        "en": (
            Words("My partner hits me and the kids are scared.", risk=True),
            Words("Some days I feel like ending it all.", risk=True),
        ),
        "pl": (Words("Czasami nie czuję się bezpiecznie w domu.", risk=True),),
    },
    "young": {
        "en": (
            Words("Sometimes I don't feel safe at home.", risk=True),
            Words("my dad hits me when he is angry", risk=True),
            Words("an older boy gives me money to take parcels to people", risk=True),
        ),
        "pl": (Words("czasami nie czuję się bezpiecznie w domu", risk=True),),
    },
}


def group_of(audience: str) -> Group:
    if audience == "practitioner":
        return "staff"
    return "adult" if audience == "parent_carer" else "young"


def calm_choices(group: Group, language: str) -> tuple[Words, ...]:
    by_language = CALM[group]
    return by_language.get(language) or by_language["en"]


def risk_choices(group: Group, language: str) -> tuple[Words, ...]:
    by_language = RISK.get(group) or RISK["adult"]
    return by_language.get(language) or by_language["en"]


def personal_choices(group: Group) -> tuple[Words, ...]:
    return PERSONAL[group]


def every_sample() -> list[Words]:
    """All samples, for the test that checks them against the safeguarding check."""
    found: list[Words] = []
    for by_language in (*CALM.values(), *RISK.values()):
        for samples in by_language.values():
            found.extend(samples)
    for samples in PERSONAL.values():
        found.extend(samples)
    return found
