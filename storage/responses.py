"""Completed surveys: turning a survey in progress into an anonymous response, and back out.

Completion is one transaction: the in-progress row (the only thing that knew the chat) is
deleted and the finished survey held together, so there is never a moment where both
exist, and a completion applied twice finds no row the second time and writes nothing.
The finished survey waits in the holding area until its day is over and is then released
into ``responses`` with the rest of its day (:mod:`storage.release`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

from sqlalchemy import Table, bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage import keys
from storage.day_counts import subtract_released
from storage.models import (
    LIST_SEPARATOR,
    Answer,
    HeldResponse,
    Response,
    SurveySession,
)
from storage.release import hold_response, withdraw_held
from storage.sessions import redact
from storage.sql import Executor, rowcount
from surveys.model import AnswerRecord, CompletedSurvey


@dataclass(frozen=True)
class CompletionReceipt:
    """What the thank-you needs: the withdrawal code is shown once and never stored.

    ``response_id`` is the held response's id; the release gives the response a new one,
    so nothing kept from the moment of completion finds it afterwards.
    """

    response_id: str
    withdrawal_code: str
    flagged: bool


@dataclass(frozen=True)
class FlaggedResponse:
    """A response whose free text matched a safeguarding category, for priority review."""

    response_id: str
    survey_id: str
    audience: str
    touchpoint: str
    agency: str | None
    team: str | None
    completed_on: date
    language: str
    reasons: tuple[str, ...]
    texts: tuple[tuple[str, str], ...]  # (question id, redacted text)
    followed_up: bool
    #: Still in the holding area (its day is not over): ``response_id`` is the held id,
    #: which the release does not keep.
    held: bool = False


def _split(joined: str | None) -> tuple[str, ...]:
    return tuple(joined.split(LIST_SEPARATOR)) if joined else ()


def _answer_row(position: int, record: AnswerRecord) -> dict[str, object]:
    """An answer as it is held and then released (its ids are given at release)."""
    return {
        "position": position,
        "question_id": record.question_id,
        "indicator": record.indicator,
        "codes": LIST_SEPARATOR.join(record.codes) or None,
        "number": record.number,
        "text": redact(record.text) if record.text else None,
        "skipped": record.skipped,
        "counted": record.counted,
        "positive": record.positive,
        "story": record.story,
        "consent_to_quote": record.consent_to_quote,
    }


# A completion's statement, built once as a Core statement on the table: the ORM's unit
# of work cost more than the SQL itself, and every completion runs it.
_SESSIONS = cast(Table, SurveySession.__table__)
_CLAIM_ANY = (
    delete(_SESSIONS)
    .where(_SESSIONS.c.chat_key == bindparam("key"))
    .returning(_SESSIONS.c.agency, _SESSIONS.c.team, _SESSIONS.c.touchpoint)
)
_CLAIM = _CLAIM_ANY
_CLAIM_AT_STEP = _CLAIM_ANY.where(_SESSIONS.c.step == bindparam("step"))


async def complete_survey(
    *,
    session: Executor,
    chat_key: str,
    completed: CompletedSurvey,
    today: date,
    secret: str | bytes,
    expected_step: int | None = None,
) -> CompletionReceipt | None:
    """Store ``completed`` as a response and delete the chat's survey in progress.

    Returns ``None`` — and writes nothing — when the chat has no survey in progress
    (it was already completed, stopped or purged) or, given ``expected_step``, when the
    row has moved on. Agency, team and touchpoint come from the in-progress row; free
    text is redacted. The response is held until its day is over (see
    :mod:`storage.release`); a story shared with consent joins the review queue then.
    """
    question_ids = [record.question_id for record in completed.answers]
    if len(set(question_ids)) != len(question_ids):
        raise ValueError(f"a completed survey answers a question twice: {question_ids}")
    if expected_step is None:
        claimed = (await session.execute(_CLAIM, {"key": chat_key})).first()
    else:
        claimed = (
            await session.execute(_CLAIM_AT_STEP, {"key": chat_key, "step": expected_step})
        ).first()
    if claimed is None:
        return None
    agency, team, touchpoint = claimed
    withdrawal_code = keys.new_code(keys.WITHDRAWAL_CODE_LENGTH)
    response_id = await hold_response(
        session=session,
        completed_on=today,
        withdrawal_hash=keys.withdrawal_hash(secret, withdrawal_code),
        response={
            "survey_id": completed.survey_id,
            "survey_version": completed.survey_version,
            "audience": completed.audience,
            "touchpoint": touchpoint or completed.touchpoint,
            "agency": agency,
            "team": team,
            "language": completed.language,
            "flagged": bool(completed.flags),
            "flag_reasons": LIST_SEPARATOR.join(completed.flags) or None,
            "flag_followed_up": False,
        },
        answers=[
            _answer_row(position, record) for position, record in enumerate(completed.answers)
        ],
    )
    return CompletionReceipt(response_id, withdrawal_code, flagged=bool(completed.flags))


async def withdraw_response(*, session: Executor, code: str, secret: str | bytes) -> bool:
    """Delete the response a withdrawal code belongs to (answers and reviews go with it),
    whether it is released or still held; a released one's answers come off the report
    counts (:mod:`storage.day_counts`) in the same transaction."""
    hashed = keys.withdrawal_hash(secret, code)
    # Locked (PostgreSQL; SQLite's write transaction holds the whole database), so two
    # withdrawals at once cannot both take its answers off the report counts.
    response_id = await session.scalar(
        select(Response.id).where(Response.withdrawal_hash == hashed).with_for_update()
    )
    if response_id is None:
        return await withdraw_held(session=session, withdrawal_hash=hashed)
    await subtract_released(session=session, response_id=response_id)
    await session.execute(
        delete(Response)
        .where(Response.id == response_id)
        .execution_options(synchronize_session=False)
    )
    return True


async def flagged_responses(
    *, session: AsyncSession, include_followed_up: bool = False
) -> list[FlaggedResponse]:
    """Flagged responses, newest first, with their free-text answers.

    Priority review cannot wait for a day to end, so responses still held (see
    :mod:`storage.release`) are listed too, first: they are the newest.
    """
    return [
        *await _held_flagged(session=session, include_followed_up=include_followed_up),
        *await _released_flagged(session=session, include_followed_up=include_followed_up),
    ]


async def _released_flagged(
    *, session: AsyncSession, include_followed_up: bool
) -> list[FlaggedResponse]:
    query = select(Response).where(Response.flagged.is_(True))
    if not include_followed_up:
        query = query.where(Response.flag_followed_up.is_(False))
    responses = list((await session.scalars(query.order_by(Response.completed_on.desc()))).all())
    texts: dict[str, list[tuple[str, str]]] = {r.id: [] for r in responses}
    if responses:
        rows = await session.execute(
            select(Answer.response_id, Answer.question_id, Answer.text)
            .where(Answer.response_id.in_(texts), Answer.text.is_not(None))
            .order_by(Answer.response_id, Answer.position)
        )
        for response_id, question_id, text in rows:
            texts[response_id].append((question_id, text or ""))
    return [
        FlaggedResponse(
            response_id=r.id,
            survey_id=r.survey_id,
            audience=r.audience,
            touchpoint=r.touchpoint,
            agency=r.agency,
            team=r.team,
            completed_on=r.completed_on,
            language=r.language,
            reasons=_split(r.flag_reasons),
            texts=tuple(texts[r.id]),
            followed_up=r.flag_followed_up,
        )
        for r in responses
    ]


async def _held_flagged(
    *, session: AsyncSession, include_followed_up: bool
) -> list[FlaggedResponse]:
    # Held rows are at most a day's; their flags live in the JSON the release copies, so
    # they are read whole and picked here (by held id, which is random: no arrival order).
    held = await session.execute(
        select(
            HeldResponse.id, HeldResponse.completed_on, HeldResponse.response, HeldResponse.answers
        ).order_by(HeldResponse.completed_on.desc(), HeldResponse.id)
    )
    listed = []
    for held_id, completed_on, response, answers in held:
        if not response.get("flagged"):
            continue
        if response.get("flag_followed_up") and not include_followed_up:
            continue
        listed.append(
            FlaggedResponse(
                response_id=held_id,
                survey_id=response["survey_id"],
                audience=response["audience"],
                touchpoint=response["touchpoint"],
                agency=response.get("agency"),
                team=response.get("team"),
                completed_on=completed_on,
                language=response["language"],
                reasons=_split(response.get("flag_reasons")),
                texts=tuple(
                    (answer["question_id"], answer["text"])
                    for answer in sorted(answers, key=lambda answer: answer["position"])
                    if answer.get("text")
                ),
                followed_up=bool(response.get("flag_followed_up")),
                held=True,
            )
        )
    return listed


async def mark_followed_up(*, session: AsyncSession, response_id: str) -> bool:
    """Note that a flagged response (released, or still held) has been followed up;
    whether it was still open. A held one keeps the mark through its release."""
    result = await session.execute(
        update(Response)
        .where(
            Response.id == response_id,
            Response.flagged.is_(True),
            Response.flag_followed_up.is_(False),
        )
        .values(flag_followed_up=True)
        .execution_options(synchronize_session=False)
    )
    if rowcount(result) == 1:
        return True
    held = await session.scalar(select(HeldResponse.response).where(HeldResponse.id == response_id))
    if not held or not held.get("flagged") or held.get("flag_followed_up"):
        return False
    await session.execute(
        update(HeldResponse)
        .where(HeldResponse.id == response_id)
        .values(response={**held, "flag_followed_up": True})
        .execution_options(synchronize_session=False)
    )
    return True
