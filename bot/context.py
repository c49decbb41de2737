"""The typed context every handler gets: ``context.services`` instead of ``bot_data["..."]``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ExtBot

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from bot.settings import Settings
    from storage.database import Database
    from surveys.model import Survey

SERVICES_KEY = "services"


@dataclass
class BotServices:
    """What the handlers need, built once by :func:`bot.app.build_application`."""

    db: Database
    settings: Settings
    surveys: dict[str, Survey]
    #: The bot's @username for deep links: from settings, or asked of the Bot API once.
    bot_username: str | None = None
    scheduler: AsyncIOScheduler | None = None
    #: Whether the bot opened ``db`` itself (and so closes it on shutdown).
    owns_db: bool = False
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def secret(self) -> str:
        return self.settings.secret.get_secret_value()

    def is_admin_id(self, user_id: int) -> bool:
        """Admins named in settings; the ``admins`` table is checked by the handler."""
        return user_id in self.settings.admins


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """PTB's context plus typed access to :class:`BotServices`."""

    @property
    def services(self) -> BotServices:
        services = self.bot_data[SERVICES_KEY]
        assert isinstance(services, BotServices)
        return services


BotApplication = Application[
    ExtBot[None], BotContext, dict[Any, Any], dict[Any, Any], dict[Any, Any], Any
]
