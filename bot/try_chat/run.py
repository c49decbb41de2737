"""Starting and stopping a run: database, emulator, the real bot and the page, on one loop."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import shutil
import signal
import tempfile
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from aiohttp import web
from pydantic import SecretStr

from bot.emulator import Emulator
from bot.settings import Settings
from bot.try_chat.people import ADMIN, PEOPLE
from bot.try_chat.seed import Seed, seed
from bot.try_chat.web import TryContext, make_web_app

if TYPE_CHECKING:
    from surveys.model import Survey

#: Made up; the emulator takes any token of the right shape, and nothing leaves 127.0.0.1.
TRY_TOKEN = "5151515151:betteroff-try-not-a-real-token"
TRY_BOT = "betteroff_try_bot"
TRY_BOT_NAME = "Better Off"
LOCAL_HELP = "0121 496 0000 (a made-up number, for trying out)"
TIMEZONE = "Europe/London"
HOST = "127.0.0.1"


class TryFailure(Exception):
    """The run could not start; the message is one sentence saying why and what to do."""


@dataclass(frozen=True)
class TryOptions:
    #: A SQLite file to keep; None: a temporary one, gone at the end.
    db: str | None = None
    #: The page's port on 127.0.0.1; 0 picks a free one.
    port: int = 0
    #: The keyed hashes' secret; None makes one for the run.
    secret: str | None = None
    #: Least gap between two messages to one chat; Telegram asks for one second.
    chat_interval: float = 1.0


@dataclass
class TryServer:
    """A run in progress: where its page is, and what it started with."""

    url: str
    database_url: str
    seed: Seed
    emulator: Emulator
    temporary: Path | None = None
    #: Where a kept database's secret is, so the next run on it matches its hashes.
    secret_file: Path | None = None


def database_url(db: str | None, temporary: Path | None) -> str:
    """The SQLite file to use: ``db``, else one in ``temporary``.

    Only a file: a run seeds demo invites and a synthetic agency, which have no place in a
    database anything else uses.
    """
    if db is None:
        assert temporary is not None
        return f"sqlite+aiosqlite:///{(temporary / 'try.db').resolve()}"
    if "://" in db:
        raise TryFailure(
            "--db takes the path of a SQLite file to keep the run in (for example --db "
            "try.db), not a database address: the run adds made-up invites to it."
        )
    path = Path(db).expanduser()
    if not path.parent.is_dir():
        raise TryFailure(
            f"The folder {path.parent} does not exist: create it, or give --db a file in a "
            "folder that does."
        )
    if path.is_dir():
        raise TryFailure(f"{path} is a folder: give --db a file name, such as {path / 'try.db'}.")
    return f"sqlite+aiosqlite:///{path.resolve()}"


def secret_for(db: str | None) -> tuple[str, Path | None]:
    """A secret made for the run, kept beside a ``--db`` file (owner-only) for the next one.

    Every keyed hash in a kept database was made with its first run's secret: a new one
    would silently stop matching them.
    """
    if db is None:
        return secrets.token_hex(32), None
    path = Path(db).expanduser()
    secret_file = path.with_name(path.name + ".secret")
    try:
        kept = secret_file.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        kept = ""
    except OSError as error:
        raise TryFailure(f"Could not read {secret_file}: {error.strerror}.") from None
    if len(kept) >= 32:
        return kept, secret_file
    made = secrets.token_hex(32)
    try:
        descriptor = os.open(secret_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(made + "\n")
    except OSError as error:
        raise TryFailure(f"Could not write {secret_file}: {error.strerror}.") from None
    return made, secret_file


def bot_settings(url: str, secret: str, emulator: Emulator) -> Settings:
    """Made here, never read from .env: a run must not touch a real bot."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_token=SecretStr(TRY_TOKEN),
        telegram_base_url=emulator.base_url,
        bot_username=TRY_BOT,
        database_url=url,
        secret=SecretStr(secret),
        admins=[ADMIN.user_id],
        local_help=LOCAL_HELP,
        timezone=TIMEZONE,
        webhook_url=None,
    )


async def _prepare(url: str, secret: str, surveys_of: Callable[[], dict[str, Survey]]) -> Seed:
    """The schema, then the run's invites and join code; a database that will not do, said."""
    from sqlalchemy.exc import SQLAlchemyError

    from storage.database import Database

    db = Database(url, secret=secret)
    try:
        await db.upgrade()
        return await seed(db, surveys=surveys_of(), bot_username=TRY_BOT)
    except (SQLAlchemyError, OSError) as error:
        reason = getattr(error, "orig", None) or error  # the driver's words, not the SQL
        raise TryFailure(
            f"Could not use {url.removeprefix('sqlite+aiosqlite:///')} as the database "
            f"({reason}). Give --db a new file name, or one an earlier run made."
        ) from None
    finally:
        await db.dispose()


@contextlib.asynccontextmanager
async def serving(options: TryOptions) -> AsyncIterator[TryServer]:
    """Everything running, until the block ends; then all of it stopped and cleaned up."""
    from bot.demo.botproc import running_bot
    from surveys.catalog import shipped_surveys

    temporary = Path(tempfile.mkdtemp(prefix="betteroff-try-")) if options.db is None else None
    try:
        url = database_url(options.db, temporary)
        secret, secret_file = (options.secret, None) if options.secret else secret_for(options.db)
        prepared = await _prepare(url, secret, shipped_surveys)
        async with Emulator(
            token=TRY_TOKEN, bot_username=TRY_BOT, bot_first_name=TRY_BOT_NAME
        ) as emu:
            for person in PEOPLE:
                emu.user(person.user_id, person.first_name, language_code="en")
            settings = bot_settings(url, secret, emu)
            async with running_bot(settings, chat_interval=options.chat_interval):
                context = TryContext(
                    emulator=emu, bot_name=TRY_BOT_NAME, bot_username=TRY_BOT, seed=prepared
                )
                runner = web.AppRunner(make_web_app(context), access_log=None, shutdown_timeout=1.0)
                await runner.setup()
                try:
                    site = web.TCPSite(runner, HOST, options.port)
                    try:
                        await site.start()
                    except OSError as error:
                        raise TryFailure(
                            f"Could not listen on {HOST}:{options.port} ({error.strerror}): "
                            "choose another --port, or leave it out for a free one."
                        ) from None
                    port = int(runner.addresses[0][1])  # port 0 is only known now
                    context.allowed_hosts = frozenset({f"{HOST}:{port}", f"localhost:{port}"})
                    yield TryServer(
                        url=f"http://{HOST}:{port}/",
                        database_url=url,
                        seed=prepared,
                        emulator=emu,
                        temporary=temporary,
                        secret_file=secret_file,
                    )
                finally:
                    await runner.cleanup()
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)


async def run_try(options: TryOptions, *, ready: Callable[[TryServer], None]) -> None:
    """Run until Ctrl-C or SIGTERM; ``ready`` is told where the page is once it is up.

    SIGTERM (a terminal closing, a service manager, ``timeout``) stops it as Ctrl-C does,
    so the temporary database is removed either way.
    """
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows' loop
        loop.add_signal_handler(signal.SIGTERM, stop.set)
    try:
        async with serving(options) as server:
            ready(server)
            await stop.wait()
    finally:
        with contextlib.suppress(NotImplementedError):
            loop.remove_signal_handler(signal.SIGTERM)
