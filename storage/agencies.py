"""The partnership's agencies: a registered list, by the short code invites carry.

An invite or join code names an agency by code, and reports group by it; a typo
("CSX" for "CSC") would silently split the figures, so the command line only accepts a
registered code (``betteroff agency add``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Agency
from storage.sql import insert_ignoring_duplicates, rowcount

#: What an agency code may be: short, no spaces, safe in a file name and a report.
CODE_SHAPE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")


@dataclass(frozen=True)
class RegisteredAgency:
    code: str
    name: str | None
    created_at: datetime


async def list_agencies(*, session: AsyncSession) -> list[RegisteredAgency]:
    """Every registered agency, by code."""
    rows = await session.scalars(select(Agency).order_by(Agency.code))
    return [RegisteredAgency(row.code, row.name, row.created_at) for row in rows]


async def add_agency(*, session: AsyncSession, code: str, name: str, now: datetime) -> bool:
    """Register ``code`` as ``name``; True if new, False if it was there (its name is set)."""
    statement = insert_ignoring_duplicates(session, Agency).values(
        code=code, name=name, created_at=now
    )
    if rowcount(await session.execute(statement)):
        return True
    await session.execute(update(Agency).where(Agency.code == code).values(name=name))
    return False
