"""A small survey and its answers, shared by the storage tests and their worker processes.

Free text carries synthetic details of every kind the redaction must remove; no real
person's details.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from surveys.model import AnswerRecord, CompletedSurvey, Option, Question, Survey, Text

if TYPE_CHECKING:
    from storage.database import Database
    from storage.responses import CompletionReceipt

RAW_DETAILS = {
    "phone": "07700 900123",
    "email": "jo.bloggs@example.com",
    "postcode": "SW1A 2AA",
    "nhs": "943 476 5919",
    "name": "Kirsty",
}
STORY = (
    f"My worker Kirsty was kind. Ring me on {RAW_DETAILS['phone']} or email "
    f"{RAW_DETAILS['email']}, we live at {RAW_DETAILS['postcode']}, "
    f"NHS number {RAW_DETAILS['nhs']}."
)
TODAY = date(2026, 3, 14)
NOW = datetime(2026, 3, 14, 15, 9, 26, tzinfo=UTC)


def _text(words: str) -> Text:
    return Text({"en": words})


SURVEY = Survey(
    id="parent-review",
    version=2,
    title=_text("Your review"),
    audience="parent_carer",
    touchpoint="review",
    content_areas=("core-safeguarding",),
    languages=("en",),
    intro=_text("Hello"),
    thanks=_text("Thank you"),
    questions=(
        Question(
            id="listened",
            kind="choice",
            text=_text("Did your worker listen?"),
            options=(
                Option("agree", _text("Yes")),
                Option("disagree", _text("No")),
                Option("dont_know", _text("Don't know"), counted=False),
            ),
            indicator="felt-listened-to",
            positive=("agree",),
        ),
        Question(
            id="helped",
            kind="multi",
            text=_text("What helped?"),
            options=(Option("visits", _text("Visits")), Option("calls", _text("Calls"))),
        ),
        Question(id="visits", kind="number", text=_text("How many visits?"), min=0, max=50),
        Question(id="story", kind="text", text=_text("Tell us more"), story=True),
        Question(id="share", kind="share", text=_text("Can we share it?")),
    ),
)

#: The engine states, one per answer, as the bot would save them.
STATES: list[dict[str, Any]] = [
    {"survey": SURVEY.id, "answers": {}, "current": "listened"},
    {"survey": SURVEY.id, "answers": {"listened": "agree"}, "current": "helped"},
    {"survey": SURVEY.id, "answers": {"listened": "agree", "helped": ["visits", "calls"]}},
    {
        "survey": SURVEY.id,
        "answers": {"listened": "agree", "helped": ["visits", "calls"], "visits": 3},
    },
    {
        "survey": SURVEY.id,
        "answers": {
            "listened": "agree",
            "helped": ["visits", "calls"],
            "visits": 3,
            "story": STORY,
        },
    },
]


def completed(*, flags: tuple[str, ...] = (), story: str = STORY) -> CompletedSurvey:
    """The finished survey the engine would hand storage."""
    return CompletedSurvey(
        survey_id=SURVEY.id,
        survey_version=SURVEY.version,
        audience=SURVEY.audience,
        touchpoint=SURVEY.touchpoint,
        language="en",
        answers=(
            AnswerRecord(
                "listened",
                indicator="felt-listened-to",
                codes=("agree",),
                counted=True,
                positive=True,
            ),
            AnswerRecord("helped", codes=("visits", "calls")),
            AnswerRecord("visits", number=3),
            AnswerRecord("story", text=story, story=True, consent_to_quote=True),
            AnswerRecord("share", codes=("yes",)),
        ),
        flags=flags,
    )


ANSWERS_PER_RESPONSE = len(completed().answers)


async def start(
    db: Database,
    chat_id: int,
    *,
    agency: str | None = "CSC",
    team: str | None = "north",
    touchpoint: str | None = None,
) -> str:
    """Start the sample survey for ``chat_id`` as the bot would; its chat key."""
    from storage.sessions import start_session

    key = db.chat_key(chat_id)
    async with db.write() as session:
        await start_session(
            session=session,
            chat_key=key,
            survey=SURVEY,
            language="en",
            state=STATES[0],
            now=NOW,
            agency=agency,
            team=team,
            touchpoint=touchpoint,
            sealed_chat=db.seal_chat(chat_id),
        )
    return key


async def answer_all(db: Database, key: str, *, repeats: int = 1) -> None:
    """Give every answer, each sent ``repeats`` times at once; each must apply once."""
    from storage.sessions import advance_session

    for step, state in enumerate(STATES[1:]):

        async def advance(step: int = step, state: dict[str, Any] = state) -> bool:
            async with db.write() as session:
                return await advance_session(
                    session=session,
                    chat_key=key,
                    survey=SURVEY,
                    expected_step=step,
                    state=state,
                    now=NOW,
                )

        applied = await asyncio.gather(*(advance() for _ in range(repeats)))
        if applied.count(True) != 1:
            raise AssertionError(f"step {step} applied {applied.count(True)} times")


async def finish(db: Database, key: str, **options: Any) -> CompletionReceipt | None:
    """Complete the sample survey; ``options`` go to :func:`completed`."""
    from storage.responses import complete_survey

    async with db.write() as session:
        return await complete_survey(
            session=session,
            chat_key=key,
            completed=completed(**options),
            today=TODAY,
            secret=db.secret,
        )
