"""What every command needs: settings that load and a database that opens, or a sentence why not."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import typer

if TYPE_CHECKING:
    from pydantic import ValidationError

    from bot.settings import Settings
    from storage.database import Database

T = TypeVar("T")


def say(message: str, *, style: str = "") -> None:
    """A sentence for the person at the terminal (stderr, so stdout stays for data)."""
    from rich.console import Console

    Console(stderr=True, highlight=False, soft_wrap=True).print(message, style=style or None)


def fail(message: str) -> typer.Exit:
    """Say ``message`` in red and return the exit to raise (status 1)."""
    say(message, style="bold red")
    return typer.Exit(1)


def settings_problems(error: ValidationError) -> str:
    """One line per bad setting, named as it is set (``BETTEROFF_MIN_RESPONSES``)."""
    lines = []
    for problem in error.errors():
        field = "_".join(str(part) for part in problem.get("loc", ()) if isinstance(part, str))
        name = f"BETTEROFF_{field.upper()}" if field else "A setting"
        lines.append(f"{name}: {problem.get('msg', 'is not valid')}.")
    return "\n".join(lines)


def load_settings() -> Settings:
    """The settings, or exit 1 saying which ones are wrong (never a traceback)."""
    from pydantic import ValidationError

    from bot.settings import get_settings

    try:
        settings = get_settings()
    except ValidationError as error:
        raise fail(
            settings_problems(error) + "\nFix it in the environment or the .env file."
        ) from None
    use_surveys_dir(settings)
    return settings


def use_surveys_dir(settings: Settings) -> None:
    """Read surveys from BETTEROFF_SURVEYS_DIR when it is set, or say why it cannot be."""
    from surveys.catalog import use_pack

    folder = settings.surveys_dir
    if folder is not None and not folder.is_dir():
        raise fail(
            f"BETTEROFF_SURVEYS_DIR is {folder}, which is not a folder. Make one with "
            f"`betteroff surveys init {folder}`, or leave BETTEROFF_SURVEYS_DIR empty to use "
            "the shipped surveys."
        )
    use_pack(folder)


class Refused(Exception):
    """A sentence to say instead of doing the work (raised inside ``with_database``)."""


SECRET_CHANGED = (
    "BETTEROFF_SECRET has changed since this database ({url}) was first used. Every keyed "
    "hash in it (surveys in progress, staff join codes, withdrawal codes, story reviewers, "
    "the audit log) was made with the old secret and would silently stop matching: people "
    "would lose their place and codes would stop working. Put the old secret back in "
    "BETTEROFF_SECRET, from wherever you keep it safe. The database keeps only a keyed "
    "fingerprint of the secret, so the old one cannot be read back from it."
)


def check_sqlite_path(settings: Settings, *, create: bool) -> None:
    """For an SQLite file: its folder must exist, and unless ``create`` the file too.

    SQLite would make an empty file for a read, and say only "unable to open database
    file" for a missing folder.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(settings.database_url)
    except ArgumentError:
        return  # with_database says what is wrong with the address
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return
    path = Path(url.database or "")
    if not path.parent.is_dir():
        raise fail(
            f"The folder for the database, {path.parent.resolve()}, does not exist: create it "
            f"(mkdir -p {path.parent}) or change BETTEROFF_DATABASE_URL."
        )
    if not create and not path.exists():
        raise fail(
            f"There is no database at {path.resolve()} yet: run `betteroff db upgrade` first "
            "(or check BETTEROFF_DATABASE_URL)."
        )


async def verify_secret(db: Database, settings: Settings) -> None:
    """Refuse a weak secret, or one other than the data's; record it the first time."""
    from datetime import UTC, datetime

    from bot.settings import secret_problem
    from storage.deployment import check_secret, is_demo

    async with db.read() as session:
        demo = await is_demo(session=session)
    problem = secret_problem(settings.secret.get_secret_value())
    if problem and not demo:  # a demo's own secret was random and is gone
        raise Refused(problem)
    async with db.write() as session:
        found = await check_secret(
            session=session, secret=settings.secret.get_secret_value(), now=datetime.now(UTC)
        )
    if not found.matches:
        raise Refused(SECRET_CHANGED.format(url=shown_url(settings)))


def with_database(
    settings: Settings,
    work: Callable[[Database], Awaitable[T]],
    *,
    keyed: bool = False,
    create: bool = False,
) -> T:
    """Run ``work`` on the configured database, turning database trouble into a sentence.

    ``keyed``: the work writes hashes keyed by the secret, so the secret is checked first
    (:func:`verify_secret`). ``create``: the work may create the database (``db upgrade``,
    ``run``); anything else on an SQLite file that is not there yet says so and leaves
    no empty file behind.
    """
    from sqlalchemy.exc import (
        ArgumentError,
        DBAPIError,
        InvalidRequestError,
        OperationalError,
        ProgrammingError,
    )

    from storage.database import Database

    check_sqlite_path(settings, create=create)

    async def run() -> T:
        db = Database(settings.database_url, secret=settings.secret.get_secret_value())
        try:
            if keyed:
                await verify_secret(db, settings)
            return await work(db)
        finally:
            await db.dispose()

    try:
        return asyncio.run(run())
    except Refused as refusal:
        raise fail(str(refusal)) from None
    except (OperationalError, ProgrammingError) as error:
        if "no such table" in str(error) or "does not exist" in str(error):
            raise fail(
                "The database has no tables yet (or is out of date): run `betteroff db upgrade`."
            ) from None
        raise fail(f"The database could not be used: {error.orig}") from None
    except (DBAPIError, OSError) as error:
        raise fail(
            f"Could not open the database at {shown_url(settings)}: {error}. "
            "Check BETTEROFF_DATABASE_URL."
        ) from None
    except (ArgumentError, ImportError, InvalidRequestError) as error:
        raise fail(
            f"BETTEROFF_DATABASE_URL is not a database address we can use ({error}). Write it "
            "like sqlite+aiosqlite:///./betteroff.db or postgresql+asyncpg://user@host/name."
        ) from None


def check_out_file(out: Path, *, option: str) -> None:
    """Fail before the work, not after it, when the file ``out`` cannot be written there."""
    if out.is_dir():
        raise fail(f"{out} is a folder: give {option} a file name inside it.")
    folder = out.parent
    if not folder.is_dir():
        raise fail(
            f"The folder {folder} does not exist: create it (mkdir -p {folder}), or choose "
            f"another {option}."
        )
    check_writable(folder, option=option)


def check_writable(folder: Path, *, option: str) -> None:
    """Fail unless a file can really be written in ``folder`` (tried, not guessed)."""
    import tempfile

    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".betteroff-", delete=True):
            pass
    except OSError as error:
        raise fail(
            f"Cannot write in {folder} ({error.strerror or error}): choose another {option}, "
            "or a folder you may write in."
        ) from None


def shown_url(settings: Settings) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(settings.database_url).render_as_string(hide_password=True)
    except ArgumentError:
        return "BETTEROFF_DATABASE_URL"
