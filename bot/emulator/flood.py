"""Telegram's flood limits, as the emulator keeps them (off unless asked for).

Telegram answers ``429 Too Many Requests`` with ``parameters.retry_after`` (whole seconds)
when a bot goes beyond about 30 messages a second in all, or sends to one private chat
faster than about one message a second beyond a short burst. The exact rules are not
published; these are the documented figures as two token buckets:

- **the bot**: every call that names a ``chat_id`` (sends, edits, deletes, chat actions:
  the calls PTB's ``AIORateLimiter`` paces) takes a token; ``bot_rate`` a second refill,
  up to ``bot_burst``. The burst is a little above the rate because a bot pacing itself to
  exactly 30 a second still has its calls arrive bunched by the network;
- **each private chat**: every call that adds a message takes a token; ``chat_rate`` a
  second refill, up to ``chat_burst``. Edits and deletions only count towards the bot.

``answerCallbackQuery`` names no chat and is not limited, as on Telegram.

Existing tests run with no limits (``Emulator(flood_limits=None)``, the default); the
forum benchmark and the tests about pacing turn them on with :data:`TELEGRAM`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.emulator.errors import ApiError, too_many_requests

#: Bot API methods that put a new message in a chat (counted per chat).
NEW_MESSAGE_METHODS = frozenset(
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


@dataclass(frozen=True)
class FloodLimits:
    """How fast a bot may call, overall and per chat, before Telegram answers 429."""

    bot_rate: float = 30.0
    bot_burst: float = 40.0
    chat_rate: float = 1.0
    chat_burst: float = 3.0


#: Telegram's limits as documented ("about 30 messages a second", "about one a second in
#: a single chat", short bursts allowed).
TELEGRAM = FloodLimits()


@dataclass(slots=True)
class TokenBucket:
    """``rate`` tokens a second, at most ``burst`` saved; a call takes one token."""

    rate: float
    burst: float
    level: float = 0.0  # tokens used and not yet refilled
    updated: float = 0.0

    def take(self, now: float) -> float:
        """0 when the call may go now (and it is counted), else seconds until it may."""
        self.level = max(0.0, self.level - (now - self.updated) * self.rate)
        self.updated = now
        if self.level + 1 > self.burst:
            return (self.level + 1 - self.burst) / self.rate
        self.level += 1
        return 0.0


@dataclass
class FloodControl:
    """One bot's buckets; :meth:`check` raises Telegram's 429 for a call over a limit."""

    limits: FloodLimits
    clock: Callable[[], float]
    overall: TokenBucket = field(init=False)
    chats: dict[int, TokenBucket] = field(default_factory=dict)
    #: 429s given so far, for benchmarks and tests
    refused: int = 0

    def __post_init__(self) -> None:
        self.overall = TokenBucket(self.limits.bot_rate, self.limits.bot_burst)

    def check(self, method: str, chat_id: object) -> None:
        if chat_id is None:
            return
        now = self.clock()
        if method in NEW_MESSAGE_METHODS and isinstance(chat_id, int) and chat_id > 0:
            bucket = self.chats.get(chat_id)
            if bucket is None:
                bucket = self.chats[chat_id] = TokenBucket(
                    self.limits.chat_rate, self.limits.chat_burst, updated=now
                )
            # Peek first: a call refused by the bot's bucket must not use the chat's token.
            level = max(0.0, bucket.level - (now - bucket.updated) * bucket.rate)
            if level + 1 > bucket.burst:
                self._refuse((level + 1 - bucket.burst) / bucket.rate)
            self._take_overall(now)
            bucket.take(now)
            return
        self._take_overall(now)

    def _take_overall(self, now: float) -> None:
        wait = self.overall.take(now)
        if wait > 0:
            self._refuse(wait)

    def _refuse(self, wait: float) -> None:
        self.refused += 1
        raise _retry(wait)


def _retry(wait: float) -> ApiError:
    # Telegram says whole seconds, at least one.
    return too_many_requests(max(1, math.ceil(wait)))
