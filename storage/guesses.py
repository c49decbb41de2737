"""At most five wrong codes per chat per hour, for ``/withdraw`` and ``/join``.

A withdrawal code or a join code could be guessed at about one try a second per chat with
no limit. Each wrong code is counted against the chat (by :func:`storage.keys.guess_key`,
a keyed hash kept apart from any survey's key); after :data:`MAX_WRONG_CODES` the chat is
refused until an hour after its first wrong code. A right code does not reset the count:
guessing between right codes is still guessing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import WrongCodes

MAX_WRONG_CODES = 5
GUESS_WINDOW = timedelta(hours=1)


async def blocked_until(*, session: AsyncSession, guess_key: str, now: datetime) -> datetime | None:
    """When this chat may try a code again, or ``None`` if it may now."""
    row = await session.get(WrongCodes, guess_key)
    if row is None or row.count < MAX_WRONG_CODES:
        return None
    until = _aware(row.since, now) + GUESS_WINDOW
    return until if until > now else None


async def note_wrong_code(*, session: AsyncSession, guess_key: str, now: datetime) -> None:
    """Count one wrong code, starting a new hour if the last one is over."""
    row = await session.get(WrongCodes, guess_key)
    if row is None:
        session.add(WrongCodes(guess_key=guess_key, since=now, count=1))
    elif _aware(row.since, now) + GUESS_WINDOW <= now:
        row.since, row.count = now, 1
    else:
        row.count += 1


def _aware(moment: datetime, like: datetime) -> datetime:
    # SQLite hands datetimes back without their zone; they were stored in UTC.
    return moment.replace(tzinfo=like.tzinfo) if moment.tzinfo is None else moment
