"""Telegram update ids already handled, so a repeated update changes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Table, delete

from storage.models import ProcessedUpdate
from storage.sql import Executor, dialect_name, insert_per_dialect, rowcount

_UPDATES = cast(Table, ProcessedUpdate.__table__)
#: Built once: every tap runs this, and a Core statement on the table skips the ORM's
#: bulk-insert machinery (a fifth of a millisecond a tap on SQLite).
_REMEMBER = insert_per_dialect(_UPDATES, lambda insert: insert.on_conflict_do_nothing())


async def remember_update(*, session: Executor, update_id: int, now: datetime) -> bool:
    """``True`` the first time ``update_id`` is seen, ``False`` ever after (for a day).

    Only ``now``'s day is kept (see :class:`storage.models.ProcessedUpdate`).
    """
    statement = _REMEMBER[dialect_name(session)]
    values = {"update_id": update_id, "seen_on": now.date()}
    return rowcount(await session.execute(statement, values)) == 1


async def remember_updates(
    *, session: Executor, update_ids: Sequence[int], now: datetime
) -> set[int]:
    """:func:`remember_update` for several ids in one statement: those seen for the first
    time (the rest were seen before). An id given twice is returned once."""
    if not update_ids:
        return set()
    day = now.date()
    statement = (
        _REMEMBER[dialect_name(session)]
        .values([{"update_id": update_id, "seen_on": day} for update_id in update_ids])
        .returning(_UPDATES.c.update_id)
    )
    return set((await session.execute(statement)).scalars())


async def forget_updates(*, session: Executor, seen_before: datetime) -> int:
    """Drop update ids seen on days before ``seen_before``'s; how many went."""
    result = await session.execute(
        delete(ProcessedUpdate).where(ProcessedUpdate.seen_on < seen_before.date())
    )
    return rowcount(result)
