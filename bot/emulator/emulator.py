"""``Emulator``: a Telegram Bot API server on 127.0.0.1 for tests, the demo and benchmarks."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import re
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

import tornado.httpserver
import tornado.netutil

from bot.emulator import methods
from bot.emulator.errors import error_for_status, too_many_requests
from bot.emulator.flood import FloodControl, FloodLimits
from bot.emulator.model import CallRecord, JSONDict, StoredFile
from bot.emulator.server import make_app
from bot.emulator.state import BotState, Fault
from bot.emulator.webhook import WebhookDispatcher

if TYPE_CHECKING:
    from telegram.ext import ApplicationBuilder

    from bot.emulator.user import EmulatedUser

T = TypeVar("T")

DEFAULT_TOKEN = "123456789:TEST-emulator-token_not-a-real-secret"
SEND_METHODS = ("sendMessage", "sendPhoto", "sendDocument")
_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
HOST = "127.0.0.1"


class Emulator:
    """A local Bot API server; see the package docstring for a tour."""

    def __init__(
        self,
        token: str | Sequence[str] = DEFAULT_TOKEN,
        *,
        port: int = 0,
        bot_username: str = "betteroff_test_bot",
        bot_first_name: str = "Better Off",
        webhook_rewrite: Callable[[str], str] | None = None,
        webhook_attempts: int = 5,
        webhook_retry_delay: float = 0.05,
        flood_limits: FloodLimits | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.bots: dict[str, BotState] = {}
        #: Telegram's flood limits (``bot.emulator.flood.TELEGRAM``), or none at all
        self.flood_limits = flood_limits
        #: seconds since the epoch, as Telegram's clock: dates messages and judges deletes
        self.clock: Callable[[], float] = clock or time.time
        tokens = [token] if isinstance(token, str) else list(token)
        if not tokens:
            raise ValueError("The emulator needs at least one bot token.")
        self.token = tokens[0]
        for index, each in enumerate(tokens):
            suffix = "" if index == 0 else f"_{index + 1}"
            self.add_bot(each, username=f"{bot_username}{suffix}", first_name=bot_first_name)
        #: every Bot API call, in arrival order (method, chat, monotonic time, HTTP status)
        self.calls: list[CallRecord] = []
        self.webhooks = WebhookDispatcher(
            rewrite=webhook_rewrite,
            max_attempts=webhook_attempts,
            retry_delay=webhook_retry_delay,
        )
        table: dict[str, Any] = {
            **methods.MESSAGE_METHODS,
            "getUpdates": _get_updates,
            "setWebhook": self.webhooks.set_webhook,
            "deleteWebhook": self.webhooks.delete_webhook,
            "getWebhookInfo": self.webhooks.webhook_info,
        }
        self.methods: dict[str, tuple[str, methods.Handler]] = {
            name.lower(): (name, handler) for name, handler in table.items()
        }
        self.port = port
        self._server: tornado.httpserver.HTTPServer | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._users: dict[tuple[str, int], EmulatedUser] = {}

    # -- lifecycle ------------------------------------------------------------------------

    async def start(self) -> Emulator:
        self._loop = asyncio.get_running_loop()
        sockets = tornado.netutil.bind_sockets(self.port, address=HOST)
        self._server = tornado.httpserver.HTTPServer(
            make_app(self), max_body_size=64 * 1024 * 1024, idle_connection_timeout=60
        )
        self._server.add_sockets(sockets)
        self.port = int(sockets[0].getsockname()[1])
        await self.webhooks.start()
        return self

    async def stop(self) -> None:
        for bot in self.bots.values():
            bot.closing = True
            bot.wake_pollers()  # long polls answer [] at once instead of holding shutdown
        if self._server is not None:
            self._server.stop()
            await self.webhooks.stop()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._server.close_all_connections(), 5)
            self._server = None

    async def __aenter__(self) -> Emulator:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @classmethod
    def start_in_thread(cls, *args: Any, **kwargs: Any) -> Emulator:
        """Start on a private event loop in a daemon thread, for synchronous callers."""
        emulator = cls(*args, **kwargs)
        ready = threading.Event()
        failure: list[BaseException] = []

        def serve() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(emulator.start())
            except BaseException as error:  # reported to the caller below
                failure.append(error)
                ready.set()
                return
            ready.set()
            loop.run_forever()
            loop.run_until_complete(emulator.stop())
            loop.close()

        emulator._thread = threading.Thread(target=serve, name="telegram-emulator", daemon=True)
        emulator._thread.start()
        ready.wait()
        if failure:
            raise failure[0]
        return emulator

    def close(self) -> None:
        """Stop an emulator started with ``start_in_thread``."""
        if self._thread is None or self._loop is None:
            raise RuntimeError("close() is for start_in_thread(); use 'await stop()'.")
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._thread = None

    def __enter__(self) -> Emulator:
        return self

    def __exit__(
        self, typ: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float | None = 30) -> T:
        """Run a coroutine (``user.send(...)``) on the emulator's loop from another thread."""
        if self._loop is None:
            raise RuntimeError("The emulator is not started.")
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    async def on_loop(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Await ``coroutine`` on the emulator's loop, whichever loop the caller is on."""
        if self._loop is None:
            raise RuntimeError("The emulator is not started.")
        if asyncio.get_running_loop() is self._loop:
            return await coroutine
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coroutine, self._loop))

    @property
    def base_url(self) -> str:
        """For PTB's ``base_url``: the token and method are appended to it."""
        return f"http://{HOST}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://{HOST}:{self.port}/file/bot"

    def application_builder(self, token: str | None = None) -> ApplicationBuilder:
        """A PTB ``ApplicationBuilder`` already pointed at this emulator."""
        from telegram.ext import ApplicationBuilder

        return (
            ApplicationBuilder()
            .token(token or self.token)
            .base_url(self.base_url)
            .base_file_url(self.base_file_url)
        )

    # -- bots and users -------------------------------------------------------------------

    def add_bot(
        self, token: str, *, username: str | None = None, first_name: str = "Better Off"
    ) -> BotState:
        if not _TOKEN.match(token):
            raise ValueError(
                "A bot token looks like '123456:ABC-def_ghi' (digits, a colon, "
                "then letters, digits, '-' or '_')."
            )
        bot_id = token.split(":", 1)[0]
        state = BotState(
            token=token, username=username or f"bot{bot_id}_bot", first_name=first_name
        )
        state.clock = self.clock
        if self.flood_limits is not None:
            state.flood = FloodControl(self.flood_limits, time.monotonic)
        self.bots[token] = state
        return state

    def bot(self, token: str | None = None) -> BotState:
        return self.bots[token or self.token]

    def user(
        self,
        user_id: int,
        first_name: str = "Alex",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
        token: str | None = None,
    ) -> EmulatedUser:
        """The person in a private chat with the bot (chat id == user id); one per id."""
        from bot.emulator.user import EmulatedUser

        bot = self.bot(token)
        existing = self._users.get((bot.token, user_id))
        if existing is not None:
            return existing
        person: JSONDict = {"id": user_id, "is_bot": False, "first_name": first_name}
        for name, value in (
            ("last_name", last_name),
            ("username", username),
            ("language_code", language_code),
        ):
            if value:
                person[name] = value
        user = EmulatedUser(self, bot, person)
        self._users[(bot.token, user_id)] = user
        return user

    # -- updates, faults and observation ---------------------------------------------------

    def push_update(self, payload: JSONDict, *, token: str | None = None) -> JSONDict:
        """Queue a raw update body such as ``{"message": {...}}``; returns it with its id."""
        return self.bot(token).push_update(payload)

    def repeat_update(self, update_id: int, *, token: str | None = None) -> JSONDict:
        """Deliver an update again, byte for byte, update_id included (idempotency tests)."""
        return self.bot(token).repeat_update(update_id)

    def fail_next(
        self,
        method: str,
        status: int = 429,
        *,
        retry_after: int = 1,
        count: int = 1,
        description: str | None = None,
        token: str | None = None,
    ) -> None:
        """Make the next ``count`` calls of ``method`` ("*" for any) fail with ``status``."""
        error = (
            too_many_requests(retry_after)
            if status == 429 and description is None
            else error_for_status(status, description)
        )
        if method != "*" and method.lower() not in self.methods:
            raise ValueError(f"The emulator has no Bot API method {method!r} to fail.")
        name = method if method == "*" else self.methods[method.lower()][0]
        self.bot(token).faults.setdefault(name, deque()).append(Fault(error, count))

    def check_faults(self, bot: BotState, method: str) -> None:
        for key in (method, "*"):
            queue = bot.faults.get(key)
            if queue:
                fault = queue[0]
                fault.remaining -= 1
                if fault.remaining <= 0:
                    queue.popleft()
                raise fault.error

    def check_flood(self, bot: BotState, method: str, chat_id: object) -> None:
        """Raise Telegram's 429 for a call beyond the flood limits, when they are on."""
        if bot.flood is not None:
            bot.flood.check(method, chat_id)

    def refused(self, token: str | None = None) -> int:
        """How many calls the flood limits answered with 429 (all bots unless ``token``)."""
        bots = [self.bot(token)] if token else list(self.bots.values())
        return sum(bot.flood.refused for bot in bots if bot.flood is not None)

    def record(self, call: CallRecord) -> None:
        self.calls.append(call)

    def calls_for(
        self,
        *,
        chat_id: int | None = None,
        methods: Iterable[str] | None = None,
        token: str | None = None,
        ok_only: bool = False,
    ) -> list[CallRecord]:
        wanted = set(methods) if methods is not None else None
        bot_id = self.bot(token).bot_id if token else None
        return [
            call
            for call in self.calls
            if (chat_id is None or call.chat_id == chat_id)
            and (wanted is None or call.method in wanted)
            and (bot_id is None or call.bot_id == bot_id)
            and (not ok_only or call.status == 200)
        ]

    def min_send_interval(
        self, chat_id: int, methods: Iterable[str] = SEND_METHODS
    ) -> float | None:
        """Shortest gap in seconds between two successful sends to one chat (None if < 2)."""
        times = [call.at for call in self.calls_for(chat_id=chat_id, methods=methods, ok_only=True)]
        gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
        return min(gaps) if gaps else None

    def file(self, file_id: str, *, token: str | None = None) -> StoredFile:
        return self.bot(token).files[file_id]

    async def post_raw_to_webhook(
        self, update: JSONDict, *, secret: str | None = "wrong", token: str | None = None
    ) -> int:
        """POST ``update`` to the bot's webhook with any secret (None: no header) -> status."""
        config = self.bot(token).webhook
        if config is None:
            raise RuntimeError("No webhook is set; the bot must call setWebhook first.")
        status, _ = await self.on_loop(self.webhooks.post(config.target_url, update, secret))
        return status


async def _get_updates(
    bot: BotState, params: dict[str, Any], uploads: object
) -> Awaitable[Any] | list[JSONDict]:
    return await bot.get_updates(
        offset=params.get("offset"),
        limit=int(params.get("limit") or 100),
        timeout=float(params.get("timeout") or 0),
        allowed_updates=params.get("allowed_updates"),
    )
