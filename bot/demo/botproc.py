"""The bot in a process of its own, as ``betteroff run`` would be, for the demo.

Telegram is never on the bot's machine, so the demo keeps the emulator and its people in
the main process and runs the real bot in a second one: both cores work, and the bot
talks to "Telegram" over HTTP exactly as it would in production. The two processes share
only the SQLite file (WAL, a busy timeout and ``BEGIN IMMEDIATE`` make that safe) and a
pipe for the few things only the bot can do: run the pulse job, and stop.

What the bot logs at ERROR comes back on a queue, so a failure can say what broke.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import queue
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from pydantic import SecretStr

from bot.context import BotApplication
from bot.demo.drive import DemoFailure, first_line
from bot.settings import Settings

#: How long the bot may take to import, migrate and start polling.
START_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0


@dataclass(frozen=True)
class BotConfig:
    """Plain values the child turns back into :class:`Settings` (they cross a pipe)."""

    token: str
    base_url: str
    bot_username: str
    database_url: str
    secret: str
    admins: tuple[int, ...]
    local_help: str
    timezone: str
    chat_interval: float

    def settings(self) -> Settings:
        """Made here, never read from .env: the demo must not touch a real bot."""
        return Settings(
            _env_file=None,  # type: ignore[call-arg]
            telegram_token=SecretStr(self.token),
            telegram_base_url=self.base_url,
            bot_username=self.bot_username,
            database_url=self.database_url,
            secret=SecretStr(self.secret),
            admins=list(self.admins),
            local_help=self.local_help,
            min_responses=10,
            timezone=self.timezone,
            webhook_url=None,
        )


class _ForwardErrors(logging.Handler):
    def __init__(self, feed: Any) -> None:
        super().__init__(logging.ERROR)
        self.feed = feed

    def emit(self, record: logging.LogRecord) -> None:
        detail = first_line(record)
        with contextlib.suppress(Exception):
            self.feed.put_nowait(detail[:200])


@contextlib.asynccontextmanager
async def running_bot(settings: Settings, *, chat_interval: float) -> AsyncIterator[BotApplication]:
    """The real bot, long polling the emulator, as ``betteroff run`` would run it."""
    from bot.app import build_application

    application = build_application(
        settings,
        chat_interval=chat_interval,
        # Telegram's 30 a second across all chats is for broadcasts; hundreds of people
        # answering at once in the demo would only queue behind it.
        overall_max_rate=0,
        start_scheduler=False,  # the demo runs the pulse job itself, when it is due
        # The demo's simulated people and the try page read one message per question;
        # teaching them the one live card is still to do (issue 17).
        default_layout="messages",
    )
    await application.initialize()
    assert application.post_init is not None
    await application.post_init(application)  # migrate, learn the username, publish commands
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0.0, timeout=1)
    try:
        yield application
    finally:
        with contextlib.suppress(Exception):
            await application.updater.stop()
        with contextlib.suppress(Exception):
            await application.stop()
        with contextlib.suppress(Exception):
            await application.shutdown()
        if application.post_shutdown is not None:
            with contextlib.suppress(Exception):
                await application.post_shutdown(application)


def serve(config: BotConfig, orders: Connection, feed: Any) -> None:
    """The child process: run the bot, obey orders ("pulse", "stop") until told to stop."""
    root = logging.getLogger()
    root.addHandler(_ForwardErrors(feed))  # and keeps Python's last-resort printer quiet
    try:
        asyncio.run(_serve(config, orders))
    except Exception as error:  # reported to the parent as a sentence
        with contextlib.suppress(OSError):
            orders.send(("failed", f"The bot could not run: {type(error).__name__}: {error}"))


async def _serve(config: BotConfig, orders: Connection) -> None:
    from bot.scheduler import send_pulse_round

    async with running_bot(config.settings(), chat_interval=config.chat_interval) as app:
        orders.send(("ready", None))
        while True:
            order, argument = await asyncio.to_thread(orders.recv)
            if order == "stop":
                break
            period, workers = argument
            # One run of the pulse job reaches one member of staff at a time, a second
            # apart (the bot paces each chat). Several runs at once, as several workers
            # would, share the round out; the job claims each delivery, so none is doubled.
            results = await asyncio.gather(
                *(send_pulse_round(app, period=period) for _ in range(workers))
            )
            orders.send(("pulsed", sum(result.sent for result in results)))
    orders.send(("stopped", None))


class BotProcess:
    """The parent's handle on the bot's process.

    One thread reads everything the child sends and hands it to the event loop, so a
    cancelled wait never leaves a reader behind to swallow the next answer.
    """

    def __init__(self, config: BotConfig) -> None:
        context = multiprocessing.get_context("spawn")
        self._orders, self._child_end = context.Pipe()
        self._feed = context.Queue()
        self._process = context.Process(
            target=serve, args=(config, self._child_end, self._feed), name="betteroff-demo-bot"
        )
        self._process.daemon = True
        self._inbox: asyncio.Queue[tuple[str, object]] = asyncio.Queue()
        self.errors: list[str] = []

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._process.start()
        # Only the child may hold its end, or a child that dies would never read as EOF.
        self._child_end.close()

        def read() -> None:
            while True:
                try:
                    message: tuple[str, object] = self._orders.recv()
                except (EOFError, OSError):
                    loop.call_soon_threadsafe(self._inbox.put_nowait, ("ended", None))
                    return
                loop.call_soon_threadsafe(self._inbox.put_nowait, message)

        threading.Thread(target=read, name="betteroff-demo-bot-pipe", daemon=True).start()
        kind, detail = await self._next(START_TIMEOUT, "start")
        if kind != "ready":
            raise DemoFailure(str(detail))

    async def pulse(self, period: str, workers: int) -> int:
        """Run the pulse job for ``period``; how many members of staff it reached."""
        self._orders.send(("pulse", (period, workers)))
        kind, detail = await self._next(None, "run the pulse job")
        if kind != "pulsed":
            raise DemoFailure(str(detail))
        return int(detail)  # type: ignore[call-overload]

    async def stop(self) -> None:
        if self._process.is_alive():
            with contextlib.suppress(OSError):
                self._orders.send(("stop", None))
            with contextlib.suppress(DemoFailure):
                while (await self._next(STOP_TIMEOUT, "stop"))[0] not in ("stopped", "failed"):
                    pass  # an answer nobody waited for any more (a cancelled pulse)
            await asyncio.to_thread(self._process.join, STOP_TIMEOUT)
            if self._process.is_alive():  # our own child, by its handle
                self._process.terminate()
                await asyncio.to_thread(self._process.join, STOP_TIMEOUT)
        self._orders.close()

    def hint(self) -> str:
        """What the bot last logged at ERROR, as the end of a failure sentence."""
        self.drain()
        return f" The bot logged: {self.errors[-1]}" if self.errors else ""

    def drain(self) -> list[str]:
        with contextlib.suppress(queue.Empty, OSError, ValueError):
            while True:
                self.errors.append(self._feed.get_nowait())
        return self.errors

    async def _next(self, timeout: float | None, doing: str) -> tuple[str, object]:
        try:
            kind, detail = await asyncio.wait_for(self._inbox.get(), timeout)
        except TimeoutError:
            raise DemoFailure(
                f"The bot did not {doing} within {timeout:g} s.{self.hint()}"
            ) from None
        if kind == "ended":
            raise DemoFailure(
                f"The bot's process ended (exit code {self._process.exitcode}) while asked "
                f"to {doing}.{self.hint()}"
            )
        return kind, detail
