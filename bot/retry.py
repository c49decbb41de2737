"""Bot API calls that fail on the way (a timeout, a dropped connection, a 5xx) are tried
again with growing waits, so a brief fault at Telegram never loses a person's next
question or thank-you.

It wraps the request object, below PTB's error classes, where the HTTP status is still
known: PTB turns most statuses, 4xx and 5xx alike, into one ``NetworkError``. A 4xx is
the request's own fault and is never retried; a 429 is ``AIORateLimiter``'s to retry
(it waits as long as Telegram asks). ``getUpdates`` is not wrapped: PTB's updater polls
again on its own.

A timed-out ``sendMessage`` may have reached Telegram before the answer was lost, so a
retry can show a message twice. That is the lesser harm: the person's answer is already
saved, and a question shown twice is still true; a question never shown leaves them stuck.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.error import BadRequest, NetworkError
from telegram.request import BaseRequest, RequestData

from bot.transport import WrappedRequest

log = logging.getLogger(__name__)

#: Four tries in about 3.5 seconds: long enough for a blip, short enough that the person
#: is not left wondering (the error handler then tells them their answers are safe).
DEFAULT_ATTEMPTS = 4
DEFAULT_FIRST_WAIT = 0.5


class RetryingRequest(WrappedRequest):
    """Another request object's calls, retried on timeouts, network errors and 5xx."""

    def __init__(
        self,
        inner: BaseRequest,
        *,
        attempts: int = DEFAULT_ATTEMPTS,
        first_wait: float = DEFAULT_FIRST_WAIT,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        super().__init__(inner)
        self.attempts = max(1, attempts)
        self.first_wait = first_wait
        self._sleep = sleep

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        wait = self.first_wait
        for attempt in range(1, self.attempts + 1):
            last = attempt == self.attempts
            try:
                status, payload = await self.inner.do_request(
                    url,
                    method,
                    request_data,
                    read_timeout=read_timeout,
                    write_timeout=write_timeout,
                    connect_timeout=connect_timeout,
                    pool_timeout=pool_timeout,
                )
            except BadRequest:
                raise
            except NetworkError as error:  # TimedOut included; messages hold no token
                if last:
                    raise
                log.info("A Bot API call failed (%s); trying again", type(error).__name__)
            else:
                if status < 500 or last:
                    return status, payload
                log.info("The Bot API answered %d; trying again", status)
            await self._sleep(wait)
            wait *= 2
        raise AssertionError("unreachable")  # pragma: no cover


__all__ = ["RetryingRequest"]
