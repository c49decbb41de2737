"""Invites: hashed tokens, expiry, and uses that never go below zero under concurrency."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select
from storage_sample import NOW

from storage import keys
from storage.database import Database
from storage.invites import create_invites, invite_id, redeem_invite
from storage.models import Agency, Invite


async def _invite(db: Database, **options: object) -> str:
    async with db.write() as session:
        [token] = await create_invites(
            session=session,
            survey_id="parent-review",
            agency="CSC",
            now=NOW,
            **options,  # type: ignore[arg-type]
        )
    return token


async def test_an_invite_is_stored_only_as_a_hash(database: Database) -> None:
    token = await _invite(database, team="north", touchpoint="closure")
    assert keys.is_start_parameter(token) and len(token) >= 22  # >= 128 bits
    async with database.read() as session:
        invite = await session.scalar(select(Invite))
        agency = await session.get(Agency, "CSC")
    assert invite is not None and agency is not None
    assert invite.token_hash == keys.token_hash(token) and token not in invite.token_hash
    assert (invite.uses_left, invite.multi_use) == (1, False)


async def test_redeeming_gives_the_survey_and_uses_up_a_single_use_invite(
    database: Database,
) -> None:
    token = await _invite(database, team="north", touchpoint="closure")
    async with database.write() as session:
        grant = await redeem_invite(session=session, token=token, now=NOW)
    assert grant is not None
    assert (grant.survey_id, grant.agency, grant.team, grant.touchpoint) == (
        "parent-review",
        "CSC",
        "north",
        "closure",
    )
    async with database.write() as session:
        assert await redeem_invite(session=session, token=token, now=NOW) is None
        assert await redeem_invite(session=session, token="no-such-token", now=NOW) is None
        assert await redeem_invite(session=session, token="bad token!", now=NOW) is None


async def test_finding_an_invite_by_its_token_uses_nothing_up(database: Database) -> None:
    token = await _invite(database)
    async with database.read() as session:
        found = await invite_id(session=session, token=token)
        assert await invite_id(session=session, token="no-such-token") is None
        assert await invite_id(session=session, token="bad token!") is None
    async with database.write() as session:
        grant = await redeem_invite(session=session, token=token, now=NOW)
    assert grant is not None and found == grant.invite_id
    async with database.read() as session:
        assert await invite_id(session=session, token=token) == found  # used up: still named


async def test_expired_invites_start_nothing_and_unlimited_ones_keep_going(
    database: Database,
) -> None:
    expiring = await _invite(database, expires_at=NOW + timedelta(days=1))
    unlimited = await _invite(database, uses=None)
    async with database.write() as session:
        later = NOW + timedelta(days=2)
        assert await redeem_invite(session=session, token=expiring, now=later) is None
        for _ in range(5):
            assert await redeem_invite(session=session, token=unlimited, now=later) is not None


async def test_a_single_use_invite_redeemed_by_20_chats_at_once_admits_one(
    database: Database,
) -> None:
    token = await _invite(database)
    start = asyncio.Event()

    async def redeem() -> bool:
        await start.wait()
        async with database.write() as session:
            return await redeem_invite(session=session, token=token, now=NOW) is not None

    attempts = [asyncio.create_task(redeem()) for _ in range(20)]
    start.set()
    results = await asyncio.gather(*attempts)
    assert results.count(True) == 1
    async with database.read() as session:
        assert await session.scalar(select(Invite.uses_left)) == 0


async def test_a_three_use_invite_admits_three_of_twenty(database: Database) -> None:
    token = await _invite(database, uses=3)

    async def redeem() -> bool:
        async with database.write() as session:
            return await redeem_invite(session=session, token=token, now=NOW) is not None

    results = await asyncio.gather(*(redeem() for _ in range(20)))
    assert results.count(True) == 3
