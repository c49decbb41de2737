"""Releasing the holding area in tests, as the purge job does once a day is over.

Completed surveys wait in ``held_responses`` until their day ends (``storage.release``).
A test that completes surveys and then reads ``responses`` stands for "a day later":
:func:`release_all` releases everything held, whatever its day.
"""

from __future__ import annotations

from datetime import date

from storage.database import Database
from storage.release import release_held


async def release_all(db: Database) -> int:
    """Release every held response; how many went."""
    async with db.write() as session:
        return await release_held(session=session, before=date.max)


async def released_id(db: Database, withdrawal_code: str) -> str:
    """Release everything held, then the released id of the response ``withdrawal_code``
    was given for (the held id a receipt carries is not kept at release)."""
    from sqlalchemy import select

    from storage import keys
    from storage.models import Response

    await release_all(db)
    hashed = keys.withdrawal_hash(db.secret, withdrawal_code)
    async with db.read() as session:
        found = await session.scalar(select(Response.id).where(Response.withdrawal_hash == hashed))
    if found is None:
        raise AssertionError("no released response has that withdrawal code")
    return found
