"""Wait for Telegram before starting: one clear line per try, never a traceback.

Started with no network (or the Bot API down), ``betteroff run`` printed two tracebacks and
aiohttp's "Unclosed client session", then exited. A service manager restarting it would
fill the log the same way. Instead the bot asks the Bot API who it is (``getMe``) until it
answers, saying in one line what failed and when it tries again, with the wait doubling up
to a minute. A token Telegram refuses is not retried: that needs a person.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from telegram import Bot
from telegram.error import InvalidToken, NetworkError, RetryAfter

from bot.settings import Settings
from bot.transport import telegram_request

log = logging.getLogger(__name__)

FIRST_WAIT_SECONDS = 1.0
LONGEST_WAIT_SECONDS = 60.0


class TokenRefused(Exception):
    """Telegram does not know the token: retrying cannot help."""


async def wait_for_telegram(
    settings: Settings,
    *,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    first_wait: float = FIRST_WAIT_SECONDS,
    longest_wait: float = LONGEST_WAIT_SECONDS,
) -> None:
    """Return once the Bot API answers; raise :class:`TokenRefused` if it refuses the token."""
    assert settings.telegram_token is not None
    wait = first_wait
    while True:
        try:
            await _ask_who_we_are(settings)
            return
        except InvalidToken as error:
            raise TokenRefused(str(error)) from None
        except RetryAfter as error:
            retry_after = error.retry_after
            pause = retry_after if isinstance(retry_after, int | float) else wait
            log.warning("Telegram asks us to wait: trying again in %.0f s", pause)
        except NetworkError as error:  # TimedOut and Telegram's 5xx are NetworkErrors too
            pause = wait
            log.warning(
                "Telegram cannot be reached (%s); trying again in %.0f s. Check the network, "
                "or BETTEROFF_TELEGRAM_BASE_URL if you use your own Bot API server.",
                error.message,
                pause,
            )
        await sleep(pause)
        wait = min(wait * 2, longest_wait)


async def _ask_who_we_are(settings: Settings) -> None:
    """``getMe`` on a bot of its own, whose connections are closed whatever happens."""
    assert settings.telegram_token is not None
    requests = [telegram_request(settings.telegram_http, connection_pool_size=1) for _ in "ab"]
    bot = Bot(
        settings.telegram_token.get_secret_value(),
        base_url=settings.telegram_base_url,
        request=requests[0],
        get_updates_request=requests[1],
    )
    try:
        await bot.initialize()  # opens the connections, then asks getMe
    finally:
        await asyncio.gather(*(request.shutdown() for request in requests))
