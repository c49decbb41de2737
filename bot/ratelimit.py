"""Flood limits: PTB's ``AIORateLimiter`` plus at most one message a second to one private chat.

``AIORateLimiter`` paces the bot as a whole (30 requests a second to chats) and each group
(20 a minute), and retries after a 429. It does nothing for a single private chat, where
Telegram asks for no more than one message a second. :class:`ChatRateLimiter` adds that.

What counts as a message: only calls that put a *new* message in the chat (``sendMessage``,
``sendPhoto``, ``sendDocument`` …). Editing the question a respondent just tapped and
answering the callback query do not add a message, and pacing them would make every tap
wait a second for nothing, so they are not paced per chat (they still count towards the
overall limit). The interval is configurable so tests can run a survey quickly; production
keeps the default of one second.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import AIORateLimiter

#: Bot API methods that add a message to a chat.
MESSAGE_ENDPOINTS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendAudio",
        "sendVideo",
        "sendVoice",
        "sendAnimation",
        "sendSticker",
        "sendMediaGroup",
        "sendLocation",
        "sendContact",
        "sendPoll",
        "copyMessage",
        "forwardMessage",
    }
)

#: Forget a chat's pacing once this many chats are remembered and its slot has passed.
_PRUNE_AT = 4096


class ChatRateLimiter(AIORateLimiter):
    """``AIORateLimiter`` plus a minimum interval between messages to one private chat.

    Each message to a private chat reserves the next free slot for that chat
    (``interval`` seconds after the previous one) before it waits, so concurrent sends to
    the same chat queue up in order instead of all waking at once.
    """

    def __init__(
        self,
        *,
        chat_interval: float = 1.0,
        overall_max_rate: float = 30,
        max_retries: int = 3,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(overall_max_rate=overall_max_rate, max_retries=max_retries)
        self.chat_interval = chat_interval
        self._clock = clock
        self._next_slot: dict[int, float] = {}

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat_id = _private_chat_id(data.get("chat_id"))
        if self.chat_interval > 0 and chat_id is not None and endpoint in MESSAGE_ENDPOINTS:
            delay = self.reserve(chat_id)
            if delay > 0:
                await asyncio.sleep(delay)
        return await super().process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )

    def reserve(self, chat_id: int) -> float:
        """Book the next message slot for ``chat_id``; return how long to wait for it."""
        now = self._clock()
        slot = max(now, self._next_slot.get(chat_id, now))
        self._next_slot[chat_id] = slot + self.chat_interval
        if len(self._next_slot) > _PRUNE_AT:
            self._prune(now)
        return slot - now

    def _prune(self, now: float) -> None:
        for chat_id, slot in list(self._next_slot.items()):
            if slot <= now:
                del self._next_slot[chat_id]


def _private_chat_id(chat_id: object) -> int | None:
    """The chat id when it is a private chat (a positive integer), else ``None``."""
    with contextlib.suppress(TypeError, ValueError):
        value = int(chat_id)  # type: ignore[call-overload]
        return value if value > 0 else None
    return None
