"""The typed context every handler gets: ``context.services`` instead of ``bot_data["..."]``."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, cast

from telegram import Bot
from telegram.ext import Application, CallbackContext, ExtBot

from bot.alerts import AdminAlerts
from storage import updates

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler
    from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

    from bot.settings import Settings
    from storage.database import Database
    from surveys.model import Survey

SERVICES_KEY = "services"

T = TypeVar("T")
#: Work for :meth:`BotServices.run`: Core statements on the connection it is given.
Work = Callable[["AsyncConnection"], Awaitable[T]]
#: The most works one shared SQLite transaction takes (see :meth:`BotServices.run`):
#: enough to share BEGIN and COMMIT well, few enough that the handlers it answers at once
#: do not keep the event loop busy for long.
GROUP_LIMIT = 32


@dataclass
class _Waiting(Generic[T]):
    """A work given to :meth:`BotServices.run`, and its caller waiting for the result."""

    work: Work[T]
    done: asyncio.Future[T]
    update_id: int | None
    duplicate: T | None


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
    _waiting: list[_Waiting[Any]] = field(default_factory=list, repr=False)
    _writer: asyncio.Task[None] | None = field(default=None, repr=False)

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """``db.write()`` (an ORM session), taking turns within this process on SQLite."""
        async with self._turn(), self.db.write() as session:
            yield session

    async def run(
        self, work: Work[T], *, update_id: int | None = None, duplicate: T | None = None
    ) -> T:
        """Run ``work`` in a write transaction and return its result once committed.

        What a survey's turn runs (:mod:`bot.flow`). ``update_id`` is remembered first, in
        the same transaction: for an update handled before, ``work`` does not run and
        ``duplicate`` is returned, so a repeated update changes nothing.

        On PostgreSQL each work has a transaction of its own. On SQLite, works that arrive
        while a transaction is being written wait for it, then share the next one (group
        commit), their update ids remembered in one statement: a transaction's BEGIN and
        COMMIT are most of its trips to aiosqlite's thread, and the write turn is held for
        all of them. Nobody is answered before the transaction holding their work has
        committed. If a shared transaction fails, it is rolled back and each of its works
        runs again alone, so one failure never costs another person their answer; a work
        may therefore run twice, and must do nothing but read and write the database.
        """
        waiting = _Waiting(work, asyncio.get_running_loop().create_future(), update_id, duplicate)
        if getattr(self.db, "dialect", None) != "sqlite":
            async with self.db.transaction() as connection:
                return cast(T, (await _write(connection, [waiting]))[0])
        self._waiting.append(waiting)
        if self._writer is None:
            self._writer = asyncio.create_task(self._write_waiting())
        return await waiting.done

    async def _write_waiting(self) -> None:
        """Write what is waiting, a group per transaction, until nothing is."""
        try:
            while self._waiting:
                group = self._waiting[:GROUP_LIMIT]
                del self._waiting[:GROUP_LIMIT]
                async with self._write_turn:
                    await self._write_group(group)
        except BaseException as error:  # cancelled: those still waiting are told so
            waiting, self._waiting = self._waiting, []
            for one in waiting:
                _settle(one.done, error=error)
            raise
        finally:
            self._writer = None

    async def _write_group(self, group: list[_Waiting[Any]]) -> None:
        # A caller that stopped waiting (cancelled) before its turn has nothing written.
        group = [one for one in group if not one.done.done()]
        if not group:
            return
        try:
            async with self.db.transaction() as connection:
                results = await _write(connection, group)
        except Exception as error:
            if len(group) == 1:
                _settle(group[0].done, error=error)
                return
            for one in group:  # rolled back: each alone, so only the failing one fails
                await self._write_group([one])
            return
        except BaseException as error:  # cancelled (shutting down): none is told it was done
            for one in group:
                _settle(one.done, error=error)
            raise
        for one, result in zip(group, results, strict=True):
            _settle(one.done, result=result)

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


async def _write(connection: AsyncConnection, group: list[_Waiting[Any]]) -> list[Any]:
    """Each work's result in one transaction: its update remembered first (all the
    group's in one statement), and the work run only if the update is new."""
    ids = [one.update_id for one in group if one.update_id is not None]
    new = await updates.remember_updates(session=connection, update_ids=ids, now=datetime.now(UTC))
    results = []
    for one in group:
        if one.update_id is not None:
            if one.update_id not in new:
                results.append(one.duplicate)
                continue
            new.discard(one.update_id)  # the same update twice in a group: once only
        results.append(await one.work(connection))
    return results


def _settle(
    done: asyncio.Future[Any], *, result: Any = None, error: BaseException | None = None
) -> None:
    """Answer a waiting work, unless its caller stopped waiting (cancelled)."""
    if done.done():
        return
    if isinstance(error, asyncio.CancelledError):
        done.cancel()
    elif error is not None:
        done.set_exception(error)
    else:
        done.set_result(result)


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
