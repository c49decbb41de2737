"""A write transaction is never held open while the bot waits for Telegram.

A Telegram call can take seconds (a slow network, a 429 and its wait); SQLite has one
writer at a time and PostgreSQL holds row locks, so a transaction open across one would stall
every other chat behind it. At each Bot API call the emulator answers, we look at the
database from outside: no connection of the bot's pool is out, and on SQLite another
connection can take the write lock at once.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from bot.emulator import Emulator
from storage.database import Database
from tests.bot._helpers import new_invite, running_bot

REVIEW = "parent-carer-review"


def _watch_calls(
    emulator: Emulator, database: Database, monkeypatch: pytest.MonkeyPatch
) -> list[tuple[str, str]]:
    """(method, what was held) for every Bot API call made while the database was busy."""
    held: list[tuple[str, str]] = []
    path = make_url(database.url).database if database.dialect == "sqlite" else None
    record = emulator.record

    def probe(call: Any) -> None:
        if call.method == "getUpdates":
            # The updater's long poll is in flight all the time, beside the handlers, and
            # no handler awaits it: a handler's transaction while it returns holds nothing
            # up. (Checking it made this test fail on main already.)
            record(call)
            return
        if database.engine.sync_engine.pool.checkedout():
            held.append((call.method, "a pooled connection"))
        if path is not None:
            other = sqlite3.connect(path, timeout=0, isolation_level=None)
            try:
                other.execute("BEGIN IMMEDIATE")
                other.execute("ROLLBACK")
            except sqlite3.OperationalError:
                held.append((call.method, "the write lock"))
            finally:
                other.close()
        record(call)

    monkeypatch.setattr(emulator, "record", probe)
    return held


async def test_no_transaction_is_open_during_any_telegram_call(
    emulator: Emulator, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = await new_invite(database, REVIEW)
    parent = emulator.user(5101, "Sam", language_code="en-GB")
    async with running_bot(emulator, database) as application:
        held = _watch_calls(emulator, database, monkeypatch)
        calls_before = len(emulator.calls)
        await parent.send(f"/start {token}")
        message = await parent.next_message()
        for _ in range(20):  # welcome, 8 questions, thanks: tap the first button, or write
            if "Thank you" in message.content:
                break
            if message.content.startswith("7 of 8"):  # in their own words
                await parent.send("My worker rang me back every time, which really helped.")
            else:
                await parent.tap(message, message.buttons[0][0].text)
            message = await parent.next_message()
        assert "Thank you" in message.content
        assert application.running
    watched = emulator.calls[calls_before:]
    assert len(watched) >= 10  # the probe did see the survey's calls
    assert held == []
