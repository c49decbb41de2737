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

It also caps the requests in flight at once (``max_in_flight``, meant to be PTB's connection
pool size). Beyond the pool, httpcore queues requests itself and rescans its whole queue for
every request it starts or finishes, so with 200 people tapping at once the bot spent more
time scanning that queue than talking to Telegram (9 ms of CPU a tap instead of 4.7, measured
with the benchmark in tests/benchmarks). Waiting here, on a semaphore, costs nothing per
waiter. A request holds its place only while it is on the wire: not while it waits for the
chat interval, the overall rate, or a flood-control retry.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from typing import Any, Protocol

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

#: Past this many chats remembered, forget those whose interval has passed.
_PRUNE_AT = 4096
#: PTB's connection pool size as ``bot.app`` sets it by default.
DEFAULT_MAX_IN_FLIGHT = 256

_Result = bool | dict[str, Any] | list[dict[str, Any]]
_Callback = Callable[..., Coroutine[Any, Any, _Result]]


class Budget(Protocol):
    """The whole bot's calls a second, shared by every worker (:mod:`bot.budget`)."""

    async def acquire(self) -> None: ...

    async def close(self) -> None: ...


class ChatRateLimiter(AIORateLimiter):
    """``AIORateLimiter`` plus a minimum interval between messages to one private chat.

    The interval runs from when the previous message to the chat *finished* sending, not
    from when it was asked for: Telegram counts arrivals, and a request can sit in the
    connection pool for a while before it arrives. Messages to one chat take turns on a
    per-chat lock, in the order they were asked for.
    """

    def __init__(
        self,
        *,
        chat_interval: float = 1.0,
        overall_max_rate: float = 30,
        max_retries: int = 3,
        max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
        clock: Callable[[], float] = time.monotonic,
        budget: Budget | None = None,
    ) -> None:
        # With a shared budget the overall rate is the budget's: this process's own
        # limiter would only pace it a second time.
        super().__init__(
            overall_max_rate=0 if budget is not None else overall_max_rate,
            max_retries=max_retries,
        )
        #: Every worker's calls a second together, when several share one (PostgreSQL).
        self.budget = budget
        self.chat_interval = chat_interval
        #: Requests on the wire at once; 0 for no cap. Read when the first request is made.
        self.max_in_flight = max_in_flight
        self._in_flight: asyncio.Semaphore | None = None
        self._clock = clock
        self._last_sent: dict[int, float] = {}
        self._turns: dict[int, asyncio.Lock] = {}

    async def process_request(
        self,
        callback: _Callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> _Result:
        callback = self._on_the_wire(callback)
        if self.budget is not None and data.get("chat_id") is not None:
            callback = self._in_budget(callback, self.budget)
        chat_id = None
        if self.chat_interval > 0 and endpoint in MESSAGE_ENDPOINTS:
            chat_id = _private_chat_id(data.get("chat_id"))
        if chat_id is None:
            return await super().process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )
        if len(self._turns) > _PRUNE_AT:
            self._prune()
        turn = self._turns.setdefault(chat_id, asyncio.Lock())
        async with turn:
            wait = self.wait_for(chat_id)
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            finally:
                self._last_sent[chat_id] = self._clock()

    def _on_the_wire(self, callback: _Callback) -> _Callback:
        """``callback`` taking a place among the requests in flight while it runs."""
        if self.max_in_flight <= 0:
            return callback
        if self._in_flight is None:
            self._in_flight = asyncio.Semaphore(self.max_in_flight)
        in_flight = self._in_flight

        async def capped(*args: Any, **kwargs: Any) -> _Result:
            async with in_flight:
                return await callback(*args, **kwargs)

        return capped

    async def shutdown(self) -> None:
        """Close the shared budget's connections, if there is one."""
        await super().shutdown()
        if self.budget is not None:
            await self.budget.close()

    @staticmethod
    def _in_budget(callback: _Callback, budget: Budget) -> _Callback:
        """``callback`` once the bot's shared budget gives it a moment (retries too)."""

        async def paced(*args: Any, **kwargs: Any) -> _Result:
            await budget.acquire()
            return await callback(*args, **kwargs)

        return paced

    def wait_for(self, chat_id: int) -> float:
        """How long a message to ``chat_id`` must wait now to keep the interval."""
        last = self._last_sent.get(chat_id)
        return 0.0 if last is None else max(0.0, last + self.chat_interval - self._clock())

    def _prune(self) -> None:
        """Forget chats whose interval has passed and that nobody is sending to."""
        for chat_id, turn in list(self._turns.items()):
            if not turn.locked() and self.wait_for(chat_id) == 0:
                del self._turns[chat_id]
                self._last_sent.pop(chat_id, None)


def _private_chat_id(chat_id: object) -> int | None:
    """The chat id when it is a private chat (a positive integer), else ``None``.

    Every request to a chat passes here, so no exception is raised and caught for the
    common cases (an int; none at all); a channel's ``@username`` is not private.
    """
    if isinstance(chat_id, bool):
        return None
    if isinstance(chat_id, int):
        return chat_id if chat_id > 0 else None
    if isinstance(chat_id, str) and chat_id.isdigit():
        return int(chat_id) or None
    return None
