"""Staff, join codes, admins, pulse rounds and deliveries; update ids; the audit log."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from storage_sample import NOW

from storage.audit import audit_entries, record_audit
from storage.database import Database
from storage.rounds import claim_delivery, open_round, undelivered_staff
from storage.staff import (
    active_staff,
    add_admin,
    admin_ids,
    create_join_code,
    get_staff,
    is_admin,
    join_staff,
    leave_staff,
)
from storage.updates import forget_updates, remember_update


async def test_staff_join_with_a_code_and_leave_without_a_trace(
    database: Database, secret: str
) -> None:
    async with database.write() as session:
        code = await create_join_code(
            session=session,
            agency="POL",
            team="mash",
            secret=secret,
            now=NOW,
            expires_at=NOW + timedelta(days=30),
        )
    assert len(code) == 8
    async with database.write() as session:
        assert (
            await join_staff(session=session, code="WRONG123", chat_id=1, secret=secret, now=NOW)
            is None
        )
        member = await join_staff(
            session=session, code=code.lower(), chat_id=42, secret=secret, now=NOW
        )
    assert member is not None and (member.agency, member.team, member.role) == (
        "POL",
        "mash",
        "practitioner",
    )
    async with database.write() as session:
        late = NOW + timedelta(days=31)
        assert (
            await join_staff(session=session, code=code, chat_id=43, secret=secret, now=late)
            is None
        )
    async with database.read() as session:
        assert [m.chat_id for m in await active_staff(session=session, agency="POL")] == [42]
    async with database.write() as session:
        assert await leave_staff(session=session, chat_id=42)
    async with database.read() as session:
        assert await get_staff(session=session, chat_id=42) is None


async def test_a_round_reaches_each_member_of_staff_once(database: Database, secret: str) -> None:
    async with database.write() as session:
        code = await create_join_code(session=session, agency="POL", secret=secret, now=NOW)
    for chat_id in (1, 2, 3):
        async with database.write() as session:
            await join_staff(session=session, code=code, chat_id=chat_id, secret=secret, now=NOW)
    async with database.write() as session:
        round_id = await open_round(session=session, survey_id="pulse", period="2026-03", now=NOW)
        assert (
            await open_round(session=session, survey_id="pulse", period="2026-03", now=NOW)
            == round_id
        )

    async def claim(chat_id: int) -> bool:
        async with database.write() as session:
            return await claim_delivery(
                session=session, round_id=round_id, chat_id=chat_id, now=NOW
            )

    results = await asyncio.gather(claim(1), claim(1), claim(2))
    assert sorted(results) == [False, True, True]
    async with database.read() as session:
        assert [m.chat_id for m in await undelivered_staff(session=session, round_id=round_id)] == [
            3
        ]


async def test_admins_are_added_once(database: Database) -> None:
    async with database.write() as session:
        assert await add_admin(session=session, user_id=99, now=NOW)
        assert not await add_admin(session=session, user_id=99, now=NOW)
    async with database.read() as session:
        assert await is_admin(session=session, user_id=99)
        assert not await is_admin(session=session, user_id=100)
        assert await admin_ids(session=session) == [99]


async def test_an_update_id_is_remembered_once_even_at_the_same_moment(
    database: Database,
) -> None:
    async def remember() -> bool:
        async with database.write() as session:
            return await remember_update(session=session, update_id=1001, now=NOW)

    assert sorted(await asyncio.gather(remember(), remember(), remember())) == [False, False, True]
    assert not await remember()
    async with database.write() as session:
        assert await forget_updates(session=session, seen_before=NOW + timedelta(days=1)) == 1
    assert await remember()


async def test_the_audit_log_keeps_who_as_a_keyed_hash(database: Database) -> None:
    actor = database.auditor_key(12345)
    async with database.write() as session:
        await record_audit(
            session=session, actor_key=actor, action="export", now=NOW, detail="answers csv"
        )
    async with database.read() as session:
        [entry] = await audit_entries(session=session)
    assert (entry.actor_key, entry.action, entry.detail, entry.at) == (
        actor,
        "export",
        "answers csv",
        NOW,
    )
    assert "12345" not in entry.actor_key
