"""Invites: the links and QR codes a worker hands a family.

A token is shown once, when it is made, and stored only as its SHA-256. Redeeming is one
conditional ``UPDATE``, so however many chats try a single-use invite at once, exactly one
gets it and ``uses_left`` never goes below zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage import keys
from storage.models import Invite
from storage.sql import Executor
from storage.staff import ensure_agency


@dataclass(frozen=True)
class InviteGrant:
    """What a redeemed invite says about the survey to start."""

    invite_id: int
    survey_id: str
    touchpoint: str | None
    agency: str
    team: str | None


async def create_invites(
    *,
    session: AsyncSession,
    survey_id: str,
    agency: str,
    now: datetime,
    team: str | None = None,
    touchpoint: str | None = None,
    uses: int | None = 1,
    expires_at: datetime | None = None,
    count: int = 1,
) -> list[str]:
    """Make ``count`` invites and return their tokens (the only time they are seen).

    ``uses=None`` makes an invite anyone may use any number of times until it expires
    (a poster in a waiting room); otherwise each invite can start ``uses`` surveys.
    """
    if uses is not None and uses < 1:
        raise ValueError("an invite needs at least one use (or None for unlimited)")
    if count < 1:
        raise ValueError("count must be at least 1")
    await ensure_agency(session=session, code=agency, now=now)
    tokens = [keys.new_invite_token() for _ in range(count)]
    session.add_all(
        Invite(
            token_hash=keys.token_hash(token),
            survey_id=survey_id,
            touchpoint=touchpoint,
            agency=agency,
            team=team,
            expires_at=expires_at,
            uses_left=uses,
            multi_use=uses is None or uses > 1,
            created_at=now,
        )
        for token in tokens
    )
    await session.flush()
    return tokens


_INVITES = cast(Table, Invite.__table__)
#: Built once: every /start runs it, and building the statement afresh costs more than
#: running it (SQLAlchemy derives a cache key from the whole expression each time).
_REDEEM = (
    update(_INVITES)
    .where(
        _INVITES.c.token_hash == bindparam("token"),
        or_(_INVITES.c.expires_at.is_(None), _INVITES.c.expires_at > bindparam("now")),
        or_(_INVITES.c.uses_left.is_(None), _INVITES.c.uses_left > 0),
    )
    .values(uses_left=_INVITES.c.uses_left - 1)
    .returning(
        _INVITES.c.id,
        _INVITES.c.survey_id,
        _INVITES.c.touchpoint,
        _INVITES.c.agency,
        _INVITES.c.team,
    )
)


async def redeem_invite(*, session: Executor, token: str, now: datetime) -> InviteGrant | None:
    """Use one of an invite's uses; ``None`` if it is unknown, expired or used up."""
    if not keys.is_start_parameter(token):
        return None
    result = await session.execute(_REDEEM, {"token": keys.token_hash(token), "now": now})
    row = result.first()
    return None if row is None else InviteGrant(*row)


_FIND = select(_INVITES.c.id).where(_INVITES.c.token_hash == bindparam("token"))


async def invite_id(*, session: Executor, token: str) -> int | None:
    """The id of the invite ``token`` names, whether or not it can still be used; ``None``
    for a token that names none. Reads only: nothing is used up."""
    if not keys.is_start_parameter(token):
        return None
    return (await session.execute(_FIND, {"token": keys.token_hash(token)})).scalar_one_or_none()
