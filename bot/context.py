"""The typed context every handler gets: ``context.services`` instead of ``bot_data["..."]``."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from telegram import Bot
from telegram.ext import Application, CallbackContext, ExtBot

from bot.alerts import AdminAlerts

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler
    from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

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
    #: Which errors the admins are told of (one per kind per ten minutes).
    alerts: AdminAlerts = field(default_factory=AdminAlerts)
    _write_turn: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False)

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """``db.write()`` (an ORM session), taking turns within this process on SQLite."""
        async with self._turn(), self.db.write() as session:
            yield session

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """``db.transaction()`` (Core statements only), taking turns as :meth:`write` does.

        What a survey's turn runs (:mod:`bot.flow`): it is most of the database work a
        tap does, and the ORM session's bookkeeping cost more than its three statements.
        """
        async with self._turn(), self.db.transaction() as connection:
            yield connection

    def _turn(self) -> AbstractAsyncContextManager[object]:
        """Wait for this process's other writers on SQLite; nothing to wait for elsewhere.

        SQLite has one writer at a time. Left to itself, a second ``BEGIN IMMEDIATE``
        sleeps in SQLite's busy handler (1, 2, 5 … 100 ms at a time), so 200 people tapping
        at once would mostly be waiting on sleeps; queueing on an asyncio lock instead
        hands the database over the moment it is free. Other processes still meet the
        busy timeout, as they should.
        """
        if getattr(self.db, "dialect", None) != "sqlite":
            return contextlib.nullcontext()
        return self._write_turn

    @property
    def secret(self) -> str:
        return self.settings.secret.get_secret_value()

    def is_admin_id(self, user_id: int) -> bool:
        """Admins named in settings; the ``admins`` table is checked by the handler."""
        return user_id in self.settings.admins


class BotContext(CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """PTB's context plus typed access to :class:`BotServices`."""

    @property
    def services(self) -> BotServices:
        services = self.bot_data[SERVICES_KEY]
        assert isinstance(services, BotServices)
        return services


BotApplication = Application[
    ExtBot[Any], BotContext, dict[Any, Any], dict[Any, Any], dict[Any, Any], Any
]


class Sender(Protocol):
    """What sending a survey step needs: a handler's context, or a scheduled job's."""

    @property
    def bot(self) -> Bot: ...

    @property
    def services(self) -> BotServices: ...
