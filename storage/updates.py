"""Telegram update ids already handled, so a repeated update changes nothing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ProcessedUpdate
from storage.sql import insert_ignoring_duplicates, rowcount


async def remember_update(*, session: AsyncSession, update_id: int, now: datetime) -> bool:
    """``True`` the first time ``update_id`` is seen, ``False`` ever after (for a day)."""
    statement = insert_ignoring_duplicates(session, ProcessedUpdate)
    result = await session.execute(statement.values(update_id=update_id, seen_at=now))
    return rowcount(result) == 1


async def forget_updates(*, session: AsyncSession, seen_before: datetime) -> int:
    """Drop update ids seen before ``seen_before``; how many went."""
    result = await session.execute(
        delete(ProcessedUpdate).where(ProcessedUpdate.seen_at < seen_before)
    )
    return rowcount(result)
