"""The one error handler: log without personal data, reassure the user, tell the admins."""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.error import TelegramError

from bot.context import BotContext
from bot.texts import supported, text

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    """Log the failure (update id and traceback only) and tell the person their answers are safe."""
    # Only the update id: the update itself holds names, chat ids and what people wrote.
    update_id = update.update_id if isinstance(update, Update) else None
    log.error(
        "Handling update %s failed: %s",
        update_id,
        type(context.error).__name__,
        exc_info=context.error,
    )
    if isinstance(update, Update) and update.effective_chat is not None:
        user = update.effective_user
        language = supported(user.language_code if user else None)
        with contextlib.suppress(TelegramError):
            await context.bot.send_message(update.effective_chat.id, text(language, "error"))
    # The admins hear that something failed and what kind of thing; the log has the rest.
    for admin_id in context.services.settings.admins:
        with contextlib.suppress(TelegramError):
            await context.bot.send_message(
                admin_id, f"⚠️ The bot hit an error ({type(context.error).__name__}); see the log."
            )
