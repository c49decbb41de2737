"""Pulse rounds and their deliveries: each round reaches each member of staff once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Delivery, PulseRound, Staff
from storage.sql import insert_ignoring_duplicates, rowcount
from storage.staff import StaffMember, member_of


async def open_round(*, session: AsyncSession, survey_id: str, period: str, now: datetime) -> int:
    """The id of the round of ``survey_id`` for ``period`` (e.g. "2026-03"), made if new.

    Safe to call from two workers at once: both get the same round.
    """
    statement = insert_ignoring_duplicates(session, PulseRound)
    await session.execute(statement.values(survey_id=survey_id, period=period, created_at=now))
    round_id = await session.scalar(
        select(PulseRound.id).where(PulseRound.survey_id == survey_id, PulseRound.period == period)
    )
    assert round_id is not None  # just inserted or already there
    return round_id


async def claim_delivery(
    *, session: AsyncSession, round_id: int, chat_id: int, now: datetime
) -> bool:
    """Record that the round goes to this member of staff; ``True`` only the first time.

    Claim before sending, so a job run twice (or by two workers) sends once.
    """
    statement = insert_ignoring_duplicates(session, Delivery)
    result = await session.execute(
        statement.values(round_id=round_id, staff_chat_id=chat_id, delivered_at=now)
    )
    return rowcount(result) == 1


async def undelivered_staff(*, session: AsyncSession, round_id: int) -> list[StaffMember]:
    """Active staff the round has not yet reached."""
    delivered = select(Delivery.staff_chat_id).where(Delivery.round_id == round_id)
    query = (
        select(Staff)
        .where(Staff.active.is_(True), Staff.chat_id.not_in(delivered))
        .order_by(Staff.chat_id)
    )
    return [member_of(m) for m in (await session.scalars(query)).all()]
