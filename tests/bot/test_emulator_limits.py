"""The emulator keeps Telegram's rules for deleting messages and its flood limits."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Bot
from telegram.error import BadRequest, RetryAfter

from bot.emulator import DEFAULT_TOKEN, Emulator
from bot.emulator.flood import FloodLimits
from bot.emulator.methods import DELETE_WINDOW


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def clock() -> Clock:
    return Clock()


async def _bot(emulator: Emulator) -> Bot:
    return Bot(emulator.token, base_url=emulator.base_url, base_file_url=emulator.base_file_url)


async def test_a_bot_deletes_its_own_and_the_persons_messages_within_48_hours(
    clock: Clock,
) -> None:
    async with Emulator(DEFAULT_TOKEN, clock=clock) as emulator:
        alex = emulator.user(1001, "Alex")
        async with await _bot(emulator) as bot:
            ours = await bot.send_message(1001, "a question")
            theirs = await alex.send("their typed answer")
            theirs_id = theirs["message"]["message_id"]
            assert await bot.delete_message(1001, theirs_id)
            clock.now += DELETE_WINDOW
            with pytest.raises(BadRequest, match="can't be deleted for everyone"):
                await bot.delete_message(1001, ours.message_id)
            assert [m.message_id for m in alex.transcript] == [ours.message_id]


async def test_delete_messages_skips_what_it_cannot_delete(clock: Clock) -> None:
    async with Emulator(DEFAULT_TOKEN, clock=clock) as emulator:
        alex = emulator.user(1001, "Alex")
        async with await _bot(emulator) as bot:
            old = await bot.send_message(1001, "old")
            clock.now += DELETE_WINDOW + 1
            fresh = await bot.send_message(1001, "fresh")
            typed = (await alex.send("typed"))["message"]["message_id"]
            assert await bot.delete_messages(1001, [old.message_id, fresh.message_id, typed, 999])
            assert [m.text for m in alex.transcript] == ["old"]
            with pytest.raises(BadRequest, match=r"(?i)message_ids"):
                await bot.delete_messages(1001, list(range(1, 102)))


async def test_beyond_30_calls_a_second_the_bot_gets_429_with_retry_after() -> None:
    async with Emulator(DEFAULT_TOKEN, flood_limits=FloodLimits()) as emulator:
        people = [emulator.user(2000 + n, "P") for n in range(60)]
        async with await _bot(emulator) as bot:
            results = await asyncio.gather(
                *(bot.send_message(p.chat_id, "hello") for p in people), return_exceptions=True
            )
        refused = [r for r in results if isinstance(r, RetryAfter)]
        # The burst of 40 goes through, then about 30 a second: a few refill meanwhile.
        assert 10 <= len(refused) <= 20
        assert all(int(r.retry_after) >= 1 for r in refused)
        assert emulator.refused() == len(refused)


async def test_beyond_a_short_burst_one_chat_gets_429_but_edits_count_only_overall() -> None:
    async with Emulator(DEFAULT_TOKEN, flood_limits=FloodLimits()) as emulator:
        emulator.user(1001, "Alex")
        async with await _bot(emulator) as bot:
            sent = [await bot.send_message(1001, f"m{n}") for n in range(3)]
            with pytest.raises(RetryAfter):
                await bot.send_message(1001, "one too many")
            for n in range(5):
                await bot.edit_message_text(
                    f"edit {n}", chat_id=1001, message_id=sent[0].message_id
                )
            # Callback answers name no chat: never limited.
        assert emulator.refused() == 1


async def test_without_limits_nothing_is_refused() -> None:
    async with Emulator(DEFAULT_TOKEN) as emulator:
        emulator.user(1001, "Alex")
        async with await _bot(emulator) as bot:
            for n in range(10):
                await bot.send_message(1001, f"m{n}")
        assert emulator.refused() == 0
