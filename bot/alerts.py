"""How often the admins hear that the bot hit an error: once per kind per window, with a count.

Without a limit, one broken path (or one person tapping a forged button) sent every admin
a message per update: a flood that buries the alert that matters and spends the bot's
Telegram budget. Each process keeps its own window, so with several workers an admin hears
of a kind of error at most once per window per worker.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

#: Ten minutes: long enough that a burst is one message, short enough to hear it goes on.
ALERT_WINDOW_SECONDS = 600.0


@dataclass
class AdminAlerts:
    """Decides which errors the admins are told of; holds back and counts the rest."""

    window: float = ALERT_WINDOW_SECONDS
    clock: Callable[[], float] = time.monotonic
    _sent_at: dict[str, float] = field(default_factory=dict)
    _held: dict[str, int] = field(default_factory=dict)

    def due(self, kind: str) -> int | None:
        """``None`` when ``kind`` was announced within the window (and counts it); otherwise
        how many of this kind happened since the last announcement, this one included."""
        now = self.clock()
        sent = self._sent_at.get(kind)
        if sent is not None and now - sent < self.window:
            self._held[kind] = self._held.get(kind, 0) + 1
            return None
        self._sent_at[kind] = now
        return self._held.pop(kind, 0) + 1


def alert_text(kind: str, count: int) -> str:
    """What the admins read: the kind of error and, after a burst, how many there were."""
    if count <= 1:
        return f"⚠️ The bot hit an error ({kind}); see the log."
    return f"⚠️ The bot hit an error ({kind}) {count} times since the last alert of it; see the log."
