"""Process updates concurrently across chats but in order within one chat.

With 200 respondents at once the bot must not handle them one by one, yet two updates from
the same person (a tap, then a typed answer) must be handled in the order they were sent,
or the second could be judged against a state the first has not written yet. PTB's
``SimpleUpdateProcessor`` runs everything concurrently; this one queues updates behind a
per-chat lock.

An update waits for its chat's turn *before* it takes one of the bot's update slots, so one
chat's backlog never holds slots another person's update needs. And a chat may have only
:data:`ORDERED_QUEUE_PER_CHAT` updates waiting: beyond that they are dropped, and the chat
is told once to slow down. One script sending 300 messages at once delayed everybody
else's next reply by about 45 seconds before.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

#: Updates one chat may have waiting; more are dropped (a person taps or types a few at a
#: time, a script hundreds).
ORDERED_QUEUE_PER_CHAT = 20

#: PTB's semaphore around do_process_update: more than can ever wait (chats x queue).
_UNLIMITED = sys.maxsize

#: Called once when a chat's queue first overflows (to ask it to slow down).
OverflowNotice = Callable[[Update], Awaitable[None]]


class ChatOrderedUpdateProcessor(BaseUpdateProcessor):
    """Up to ``max_concurrent_updates`` at once; one at a time per chat, first come first served."""

    def __init__(
        self,
        max_concurrent_updates: int = 256,
        *,
        queue_per_chat: int = ORDERED_QUEUE_PER_CHAT,
        on_overflow: OverflowNotice | None = None,
    ) -> None:
        # PTB's own semaphore is taken before do_process_update and final to override, so it
        # is left wide open; _slots below is the real limit, taken after the chat's turn.
        super().__init__(_UNLIMITED)
        self.update_slots = max_concurrent_updates
        self.queue_per_chat = queue_per_chat
        self.on_overflow = on_overflow
        self._slots = asyncio.BoundedSemaphore(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}
        self._told_to_slow_down: set[int] = set()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Take the chat's turn first, then an update slot."""
        chat_id = _chat_id(update)
        if chat_id is None:
            async with self._slots:
                await coroutine
            return
        if self._waiting.get(chat_id, 0) >= self.queue_per_chat:
            _discard(coroutine)
            if chat_id not in self._told_to_slow_down and self.on_overflow is not None:
                self._told_to_slow_down.add(chat_id)
                assert isinstance(update, Update)
                with contextlib.suppress(Exception):  # a notice must never stop the bot
                    await self.on_overflow(update)
            return
        lock = self._locks.setdefault(chat_id, asyncio.Lock())
        self._waiting[chat_id] = self._waiting.get(chat_id, 0) + 1
        try:
            async with lock, self._slots:
                await coroutine
        finally:
            # Drop the lock once nobody holds or waits for it, so the dicts stay small.
            self._waiting[chat_id] -= 1
            if not self._waiting[chat_id]:
                del self._waiting[chat_id]
                del self._locks[chat_id]
                self._told_to_slow_down.discard(chat_id)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def _discard(coroutine: Awaitable[Any]) -> None:
    """Drop a handler coroutine that will never run, without a 'never awaited' warning."""
    if isinstance(coroutine, Coroutine):
        coroutine.close()


def _chat_id(update: object) -> int | None:
    if isinstance(update, Update):
        chat = update.effective_chat
        if chat is not None:
            return chat.id
        user = update.effective_user
        if user is not None:
            return user.id
    return None
