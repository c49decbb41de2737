"""The story queue: free-text answers people agreed to share, waiting for an admin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    STORY_APPROVED,
    STORY_PENDING,
    STORY_REJECTED,
    STORY_STATUSES,
    Answer,
    Response,
    StoryReview,
)
from storage.sessions import redact
from storage.sql import rowcount


@dataclass(frozen=True)
class StoryItem:
    """A story and where it came from; ``text`` is the reviewer's edit if there is one."""

    answer_id: int
    response_id: str
    survey_id: str
    audience: str
    touchpoint: str
    agency: str | None
    team: str | None
    completed_on: date
    language: str
    question_id: str
    text: str
    status: str
    reviewed_at: datetime | None


async def story_queue(
    *, session: AsyncSession, status: str = STORY_PENDING, limit: int | None = None
) -> list[StoryItem]:
    """Stories in ``status`` (pending, approved or rejected), oldest first."""
    if status not in STORY_STATUSES:
        raise ValueError(f"unknown story status {status!r}; use one of {STORY_STATUSES}")
    query = (
        select(StoryReview, Answer, Response)
        .join(Answer, Answer.id == StoryReview.answer_id)
        .join(Response, Response.id == Answer.response_id)
        .where(StoryReview.status == status)
        .order_by(Response.completed_on, Response.id, Answer.position)
        .limit(limit)
    )
    return [
        StoryItem(
            answer_id=answer.id,
            response_id=response.id,
            survey_id=response.survey_id,
            audience=response.audience,
            touchpoint=response.touchpoint,
            agency=response.agency,
            team=response.team,
            completed_on=response.completed_on,
            language=response.language,
            question_id=answer.question_id,
            text=review.edited_text or answer.text or "",
            status=review.status,
            reviewed_at=review.reviewed_at,
        )
        for review, answer, response in await session.execute(query)
    ]


async def review_story(
    *,
    session: AsyncSession,
    answer_id: int,
    approve: bool,
    reviewer_key: str,
    now: datetime,
    edited_text: str | None = None,
) -> bool:
    """Approve or reject a pending story; ``False`` if it was no longer pending.

    Two admins tapping at once: the first decision stands and the second changes nothing.
    ``edited_text`` lets the reviewer take out something the redaction missed.
    """
    result = await session.execute(
        update(StoryReview)
        .where(StoryReview.answer_id == answer_id, StoryReview.status == STORY_PENDING)
        .values(
            status=STORY_APPROVED if approve else STORY_REJECTED,
            reviewer_key=reviewer_key,
            reviewed_at=now,
            edited_text=redact(edited_text) if edited_text else None,
        )
        .execution_options(synchronize_session=False)
    )
    return rowcount(result) == 1
