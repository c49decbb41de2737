"""Codes cannot be guessed without limit: five wrong ones per chat per hour, then a kind no."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import flow
from bot.emulator import Emulator
from storage.database import Database
from tests.bot._helpers import running_bot

LIMIT_WORDS = "too many codes"


async def test_withdraw_refuses_a_sixth_wrong_code_within_the_hour(
    emulator: Emulator, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [datetime(2026, 12, 4, 10, 0, tzinfo=UTC)]
    monkeypatch.setattr(flow, "now", lambda: clock[0])
    guesser = emulator.user(9801, "Guess")
    other = emulator.user(9802, "Other")
    async with running_bot(emulator, database):
        for n in range(5):
            await guesser.send(f"/withdraw WRONG{n:03d}")
            assert "code" in (await guesser.next_message()).content.lower()
        await guesser.send("/withdraw WRONG999")
        refused = await guesser.next_message()
        assert LIMIT_WORDS in refused.content and "11:00" in refused.content
        # Someone else's chat is not held back by it.
        await other.send("/withdraw WRONG000")
        assert LIMIT_WORDS not in (await other.next_message()).content
        # An hour after the first wrong code, the chat may try again.
        clock[0] += timedelta(hours=1, minutes=1)
        await guesser.send("/withdraw WRONG998")
        assert LIMIT_WORDS not in (await guesser.next_message()).content


async def test_join_refuses_a_sixth_wrong_code_within_the_hour(
    emulator: Emulator, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [datetime(2026, 12, 4, 15, 30, tzinfo=UTC)]
    monkeypatch.setattr(flow, "now", lambda: clock[0])
    guesser = emulator.user(9803, "Join")
    async with running_bot(emulator, database):
        for n in range(5):
            await guesser.send(f"/join BADCODE{n}")
            assert "didn't work" in (await guesser.next_message()).content
        await guesser.send("/join BADCODE9")
        refused = await guesser.next_message()
        assert LIMIT_WORDS in refused.content and "16:30" in refused.content


async def test_wrong_code_counts_go_at_the_purge_once_their_hour_is_over(
    database: Database,
) -> None:
    from sqlalchemy import func, select

    from storage import guesses
    from storage.models import WrongCodes
    from storage.purge import purge

    first = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
    async with database.write() as session:
        for minute in range(6):
            await guesses.note_wrong_code(
                session=session, guess_key="k", now=first + timedelta(minutes=minute)
            )
        until = await guesses.blocked_until(
            session=session, guess_key="k", now=first + timedelta(minutes=6)
        )
        assert until == first + guesses.GUESS_WINDOW
        kept = await purge(session=session, now=first + timedelta(minutes=59), today=first.date())
        gone = await purge(session=session, now=first + timedelta(minutes=60), today=first.date())
    assert (kept.old_wrong_codes, gone.old_wrong_codes) == (0, 1)
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(WrongCodes)) == 0
