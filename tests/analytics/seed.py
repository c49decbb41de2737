"""Put synthetic responses straight into the tables, for tests and the benchmark.

Every response's answers are counted for reports as the release would have
(:mod:`storage.day_counts`), and every response and survey in progress is counted as started (on its
completion or start day), as :func:`storage.sessions.start_session` would have.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.day_counts import add_released, tally
from storage.models import Agency, Answer, Invite, Response, StoryReview, SurveySession
from storage.starts import count_start


@dataclass
class Given:
    """One synthetic response and its answers."""

    survey_id: str
    audience: str
    touchpoint: str
    completed_on: date
    #: (question_id, indicator, codes, counted, positive)
    answers: Sequence[tuple[str, str | None, str | None, bool | None, bool | None]]
    agency: str = "CSC"
    story: str | None = None
    story_status: str = "approved"
    extra: dict[str, object] = field(default_factory=dict)


async def ensure_agency(session: AsyncSession, code: str = "CSC") -> None:
    if await session.get(Agency, code) is None:
        session.add(Agency(code=code, name=code, created_at=datetime.now(UTC)))
        await session.flush()


async def add_responses(session: AsyncSession, given: Sequence[Given]) -> list[str]:
    ids = []
    for agency in {g.agency for g in given}:
        await ensure_agency(session, agency)
    for item in given:
        response_id = secrets.token_hex(16)
        ids.append(response_id)
        await session.execute(
            insert(Response).values(
                id=response_id, survey_id=item.survey_id, survey_version=1,
                audience=item.audience, touchpoint=item.touchpoint, agency=item.agency,
                team=None, language="en", completed_on=item.completed_on, flagged=False,
                flag_followed_up=False, withdrawal_hash=secrets.token_hex(32),
            )
        )  # fmt: skip
        for position, (question_id, indicator, codes, counted, positive) in enumerate(item.answers):
            await session.execute(
                insert(Answer).values(
                    response_id=response_id, question_id=question_id, indicator=indicator,
                    codes=codes, skipped=codes is None, counted=counted, positive=positive,
                    story=False, consent_to_quote=False, position=position,
                )
            )  # fmt: skip
        if item.story is not None:
            result = await session.execute(
                insert(Answer).values(
                    response_id=response_id, question_id="in-your-words", text=item.story,
                    skipped=False, story=True, consent_to_quote=True,
                    position=len(item.answers),
                ).returning(Answer.id)
            )  # fmt: skip
            answer_id = result.scalar_one()
            await session.execute(
                insert(StoryReview).values(answer_id=answer_id, status=item.story_status)
            )
        # Counted for reports as the release would have (storage.day_counts).
        counted = [
            {"indicator": indicator, "counted": counted, "positive": positive}
            for _, indicator, _, counted, positive in item.answers
        ]
        response = {
            "survey_id": item.survey_id,
            "audience": item.audience,
            "touchpoint": item.touchpoint,
        }
        await add_released(
            session=session,
            counts=tally(day=item.completed_on, response=response, answers=counted),
        )
        await count_start(
            session=session, day=item.completed_on, survey_id=item.survey_id,
            touchpoint=item.touchpoint, agency=item.agency,
        )  # fmt: skip
    return ids


async def add_invites(
    session: AsyncSession, *, survey_id: str, touchpoint: str, agency: str, count: int,
    created_at: datetime, opened: int = 0,
) -> None:  # fmt: skip
    """``count`` single-use invites, the first ``opened`` of them already used."""
    await ensure_agency(session, agency)
    await session.execute(
        insert(Invite),
        [
            {
                "token_hash": secrets.token_hex(32), "survey_id": survey_id,
                "touchpoint": touchpoint, "agency": agency, "team": None, "expires_at": None,
                "uses_left": 0 if index < opened else 1, "multi_use": False,
                "created_at": created_at,
            }
            for index in range(count)
        ],
    )  # fmt: skip


async def add_unfinished(
    session: AsyncSession, *, survey_id: str, touchpoint: str, agency: str, current: str,
    count: int, started_at: datetime,
) -> None:  # fmt: skip
    await session.execute(
        insert(SurveySession),
        [
            {
                "chat_key": secrets.token_hex(32), "survey_id": survey_id, "survey_version": 1,
                "language": "en", "state": {"current": current}, "step": 1, "invite_id": None,
                "agency": agency, "team": None, "touchpoint": touchpoint, "sealed_chat": None,
                "started_at": started_at, "started_on": started_at.date(),
                "last_activity": started_at, "reminder_sent": False,
            }
            for _ in range(count)
        ],
    )  # fmt: skip
    for _ in range(count):
        await count_start(
            session=session, day=started_at.date(), survey_id=survey_id, touchpoint=touchpoint,
            agency=agency,
        )  # fmt: skip
