"""The one error handler: log without personal data, reassure the user, tell the admins."""

from __future__ import annotations

import contextlib
import logging
import traceback

from telegram import Update
from telegram.error import TelegramError

from bot.alerts import alert_text
from bot.context import BotContext
from bot.texts import supported, text

log = logging.getLogger(__name__)

#: How far down a chain of causes the log follows (a loop is possible in principle).
MAX_CAUSES = 5


def where_it_failed(error: BaseException | None) -> str:
    """The traceback of ``error`` and its causes, with every exception message left out.

    Messages can carry what people wrote: a database error repeats its SQL parameters
    (a survey's state holds unredacted free text), a ``ValueError`` its bad value. The
    frames (file, line, function, source line) say where, and the class says what.
    """
    parts: list[str] = []
    seen: set[int] = set()
    while error is not None and id(error) not in seen and len(parts) < MAX_CAUSES:
        seen.add(id(error))
        frames = "".join(traceback.format_list(traceback.extract_tb(error.__traceback__)))
        kind = type(error)
        parts.append(f"{frames}{kind.__module__}.{kind.__qualname__} (message withheld)")
        error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    return "\nwhich happened while handling, or because of:\n".join(parts)


async def on_error(update: object, context: BotContext) -> None:
    """Log where it failed (no message, no update) and tell the person their answers are safe."""
    # Only the update id: the update itself holds names, chat ids and what people wrote.
    update_id = update.update_id if isinstance(update, Update) else None
    log.error(
        "Handling update %s failed: %s\n%s",
        update_id,
        type(context.error).__name__,
        where_it_failed(context.error),
    )
    if isinstance(update, Update) and update.effective_chat is not None:
        user = update.effective_user
        language = supported(user.language_code if user else None)
        with contextlib.suppress(TelegramError):
            await context.bot.send_message(update.effective_chat.id, text(language, "error"))
    # The admins hear that something failed and what kind of thing, once per kind per
    # window with a count of the rest; the log has every one.
    kind = type(context.error).__name__
    alerts = context.services.alerts
    count = alerts.due(kind)
    if count is None:
        return
    for admin_id in context.services.settings.admins:
        with contextlib.suppress(TelegramError):
            await context.bot.send_message(admin_id, alert_text(kind, count))
