"""The demo's synthetic people and how each of them answers.

A :class:`Journey` is one survey taken by one person: who they are (audience, agency,
team, language), how they arrive (a family invite, the staff pulse, a forum link, a
training invite), which quarter it stands for, and how they answer — how warm they
feel, what they type, whether they share it, whether they give up part-way.

Everything is drawn from one seeded ``random.Random``, and each journey gets its own
generator for its answers, so a seed gives the same people and answers however the
concurrent journeys interleave.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Literal

from bot.demo.texts import Words, calm_choices, group_of, personal_choices, risk_choices
from surveys.engine_state import options_for
from surveys.model import Question

Quarter = Literal["previous", "current"]
Route = Literal["invite", "pulse", "forum", "training"]
QUARTERS: tuple[Quarter, ...] = ("previous", "current")

#: Synthetic agency codes and the teams within them.
AGENCIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "CSC": ("Children's social care (synthetic)", ("north", "south", "cwd")),
    "EH": ("Early help (synthetic)", ("hub-east", "hub-west")),
    "HV": ("Health visiting (synthetic)", ("0-5",)),
    "SCH": ("Schools (synthetic)", ("dsl",)),
}

#: Which survey each kind of family member is invited to, and how often.
FAMILY_SURVEYS: dict[str, tuple[tuple[str, float], ...]] = {
    "parent_carer": (
        ("parent-carer-assessment", 0.3),
        ("parent-carer-review", 0.3),
        ("parent-carer-closure", 0.2),
        ("early-help-review", 0.2),
    ),
    "child": (("child-review", 0.6), ("child-closure", 0.4)),
    "young_person": (("young-person-review", 0.6), ("young-person-closure", 0.4)),
}
#: Which agencies hand out invites to each audience (early help review: early help).
AGENCY_MIX: dict[str, tuple[tuple[str, float], ...]] = {
    "parent_carer": (("CSC", 0.45), ("EH", 0.25), ("HV", 0.2), ("SCH", 0.1)),
    "early-help-review": (("EH", 0.8), ("SCH", 0.2)),
    "child": (("CSC", 0.5), ("EH", 0.25), ("SCH", 0.25)),
    "young_person": (("CSC", 0.5), ("EH", 0.2), ("SCH", 0.3)),
    "practitioner": (("CSC", 0.4), ("EH", 0.25), ("HV", 0.15), ("SCH", 0.2)),
}
LANGUAGE_MIX = (("en", 0.8), ("pl", 0.08), ("pa", 0.06), ("ur", 0.06))
FIRST_NAMES = ("Alex", "Sam", "Jo", "Kai", "Ola", "Amrit", "Zara", "Lee", "Robin", "Noor")

#: How warm people feel on average, by quarter: the service improved a little.
WARMTH = {"previous": 0.64, "current": 0.76}
#: Telegram user ids: families from here up, staff from STAFF_IDS, the admin alone.
FAMILY_IDS = 700_000
STAFF_IDS = 800_000
ADMIN_ID = 900_001

#: What people do, as chances.
TYPES_WORDS = {"adult": 0.4, "young": 0.3, "staff": 0.25}
PERSONAL_DETAIL = 0.15  # of those who type
SHARES = 0.15  # of those who type
ABANDONS = 0.06  # of families
STOPS = 0.5  # of those who abandon: /stop, else they just go quiet
WITHDRAWS = 0.01  # of families who finish
GOES_BACK = 0.04
SKIPS_QUESTION = 0.02
DONT_KNOW = 0.04


@dataclass
class Journey:
    """One survey one synthetic person takes (a member of staff takes a pulse twice)."""

    number: int
    user_id: int
    first_name: str
    audience: str
    survey_id: str
    quarter: Quarter
    route: Route
    agency: str
    team: str
    language: str
    warmth: float
    seed: int
    words: Words | None = None
    shares: bool = False
    abandon_after: int | None = None  # answers given before leaving
    stops: bool = False  # leaves with /stop rather than going quiet
    withdraws: bool = False  # sends /withdraw CODE after finishing
    goes_back: bool = False
    rng: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def describe(self) -> str:
        """Who this is, in words, for a failure message (never a real person)."""
        who = {
            "parent_carer": "a parent or carer",
            "child": "a child",
            "young_person": "a young person",
            "practitioner": "a practitioner",
        }[self.audience]
        return f"respondent {self.number} ({who}, {self.survey_id}, {self.agency})"


@dataclass(frozen=True)
class StaffMember:
    user_id: int
    agency: str
    team: str


@dataclass
class Cast:
    journeys: list[Journey]
    pulse_staff: list[StaffMember]
    #: The member of staff who makes the forum link with /invite in each quarter.
    facilitator: StaffMember
    people: int

    def of(self, quarter: Quarter) -> list[Journey]:
        return [j for j in self.journeys if j.quarter == quarter]


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    names = [name for name, _ in weighted]
    return rng.choices(names, weights=[weight for _, weight in weighted])[0]


def _team(rng: random.Random, agency: str) -> str:
    return rng.choice(AGENCIES[agency][1])


def cast(people: int, rng: random.Random) -> Cast:
    """``people`` synthetic people: about 78% families, the rest practitioners."""
    if people < 10:
        raise ValueError("The demo needs at least 10 respondents to show anything.")
    pulse = max(2, round(people * 0.05))
    forum = max(1, round(people * 0.08))
    training = max(1, round(people * 0.08))
    children = round(people * 0.14)
    young = round(people * 0.14)
    parents = people - pulse - forum - training - children - young
    audiences = ["parent_carer"] * parents + ["child"] * children + ["young_person"] * young
    rng.shuffle(audiences)
    journeys: list[Journey] = []

    def add(**values: object) -> Journey:
        quarter = values["quarter"]
        base = WARMTH[str(quarter)]
        journey = Journey(
            number=len(journeys) + 1,
            first_name=rng.choice(FIRST_NAMES),
            warmth=min(0.97, max(0.05, base + rng.uniform(-0.2, 0.2))),
            seed=rng.getrandbits(32),
            **values,  # type: ignore[arg-type]
        )
        journeys.append(journey)
        return journey

    for index, audience in enumerate(audiences):
        survey_id = _pick(rng, FAMILY_SURVEYS[audience])
        mix = AGENCY_MIX.get(survey_id) or AGENCY_MIX[audience]
        agency = _pick(rng, mix)
        journey = add(
            user_id=FAMILY_IDS + index,
            audience=audience,
            survey_id=survey_id,
            quarter=QUARTERS[index % 2],
            route="invite",
            agency=agency,
            team=_team(rng, agency),
            language=_pick(rng, LANGUAGE_MIX),
        )
        _behaviour(journey, rng, family=True)

    staff = []
    for index in range(pulse):
        agency = _pick(rng, AGENCY_MIX["practitioner"])
        member = StaffMember(STAFF_IDS + index, agency, _team(rng, agency))
        staff.append(member)
        for quarter in QUARTERS:  # the pulse comes round in both quarters
            add(
                user_id=member.user_id,
                audience="practitioner",
                survey_id="practitioner-pulse",
                quarter=quarter,
                route="pulse",
                agency=agency,
                team=member.team,
                language="en",
            )
    facilitator = staff[0]
    for index in range(forum + training):
        route: Route = "forum" if index < forum else "training"
        agency = facilitator.agency if route == "forum" else _pick(rng, AGENCY_MIX["practitioner"])
        journey = add(
            user_id=STAFF_IDS + pulse + index,
            audience="practitioner",
            survey_id="practitioner-forum" if route == "forum" else "training-impact",
            quarter=QUARTERS[index % 2],
            route=route,
            agency=agency,
            team=facilitator.team if route == "forum" else _team(rng, agency),
            language="en",
        )
        _behaviour(journey, rng, family=False)
    _plant_risks(journeys, rng)
    return Cast(journeys, staff, facilitator, people)


def _behaviour(journey: Journey, rng: random.Random, *, family: bool) -> None:
    group = group_of(journey.audience)
    journey.goes_back = rng.random() < GOES_BACK
    if family and rng.random() < ABANDONS:
        journey.abandon_after = rng.randint(1, 4)
        journey.stops = rng.random() < STOPS
        return
    if rng.random() < TYPES_WORDS[group]:
        if rng.random() < PERSONAL_DETAIL:
            journey.words = rng.choice(personal_choices(group))
        else:
            journey.words = rng.choice(calm_choices(group, journey.language))
        journey.shares = rng.random() < SHARES
    journey.withdraws = family and rng.random() < WITHDRAWS


def _plant_risks(journeys: list[Journey], rng: random.Random) -> None:
    """About one family in 25 writes something worrying; at least one in each quarter."""
    for quarter in QUARTERS:
        families = [
            j
            for j in journeys
            if j.quarter == quarter and j.route == "invite" and j.abandon_after is None
        ]
        count = max(1, round(len(families) * 0.04))
        for journey in rng.sample(families, min(count, len(families))):
            journey.words = rng.choice(risk_choices(group_of(journey.audience), journey.language))
            journey.warmth = 0.3  # someone writing this is unlikely to rate things highly
            journey.shares = rng.random() < 0.2
            journey.withdraws = False


# --- answering one question -----------------------------------------------------------


@dataclass(frozen=True)
class Tap:
    index: int


@dataclass(frozen=True)
class Ticks:
    indexes: tuple[int, ...]


@dataclass(frozen=True)
class Typed:
    text: str


@dataclass(frozen=True)
class Skip:
    pass


Action = Tap | Ticks | Typed | Skip


def answer(journey: Journey, question: Question) -> Action:
    """What ``journey``'s person does with ``question``: mostly positive, some not."""
    rng = journey.rng
    if question.kind == "text":
        return Typed(journey.words.text) if journey.words else Skip()
    if question.kind == "share":
        codes = [o.code for o in options_for(question)]
        return Tap(codes.index("yes" if journey.shares else "no"))
    if question.kind == "number":
        low, high = question.min or 0, min(question.max or 12, 12)
        return Typed(str(rng.randint(max(low, 1), max(high, 1))))
    options = options_for(question)
    if question.kind == "multi":
        if rng.random() < 0.15:
            return Skip()
        return Ticks(tuple(sorted(rng.sample(range(len(options)), rng.randint(1, 2)))))
    if question.skippable and rng.random() < SKIPS_QUESTION:
        return Skip()
    codes = [o.code for o in options]
    uncounted = [c for c in codes if c not in question.counted_codes]
    if uncounted and rng.random() < DONT_KNOW:
        return Tap(codes.index(rng.choice(uncounted)))
    counted = [c for c in codes if c in question.counted_codes]
    positive = [c for c in counted if c in question.positive]
    other = [c for c in counted if c not in question.positive]
    if positive and (not other or rng.random() < journey.warmth):
        # "agree" a little more often than "strongly agree"
        weights = [1.0 + 0.3 * i for i in range(len(positive))]
        return Tap(codes.index(rng.choices(positive, weights=weights)[0]))
    # Not positive: the middle of the scale more often than its far end.
    pool = other or counted
    weights = [1.0 / (i + 1) for i in range(len(pool))]
    return Tap(codes.index(rng.choices(pool, weights=weights)[0]))
