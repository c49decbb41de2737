"""Process updates concurrently across chats but in order within one chat.

With 200 respondents at once the bot must not handle them one by one, yet two updates from
the same person (a tap, then a typed answer) must be handled in the order they were sent,
or the second could be judged against a state the first has not written yet. PTB's
``SimpleUpdateProcessor`` runs everything concurrently; this one queues updates behind a
per-chat lock.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class ChatOrderedUpdateProcessor(BaseUpdateProcessor):
    """Up to ``max_concurrent_updates`` at once; one at a time per chat, first come first served."""

    def __init__(self, max_concurrent_updates: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat_id = _chat_id(update)
        if chat_id is None:
            await coroutine
            return
        lock = self._locks.setdefault(chat_id, asyncio.Lock())
        self._waiting[chat_id] = self._waiting.get(chat_id, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            # Drop the lock once nobody holds or waits for it, so the dict stays small.
            self._waiting[chat_id] -= 1
            if not self._waiting[chat_id]:
                del self._waiting[chat_id]
                del self._locks[chat_id]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def _chat_id(update: object) -> int | None:
    if isinstance(update, Update):
        chat = update.effective_chat
        if chat is not None:
            return chat.id
        user = update.effective_user
        if user is not None:
            return user.id
    return None
