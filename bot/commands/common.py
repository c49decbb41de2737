"""What every command needs: settings that load and a database that opens, or a sentence why not."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
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
        return get_settings()
    except ValidationError as error:
        raise fail(
            settings_problems(error) + "\nFix it in the environment or the .env file."
        ) from None


def with_database(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    """Run ``work`` on the configured database, turning database trouble into a sentence."""
    from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, ProgrammingError

    from storage.database import Database

    async def run() -> T:
        db = Database(settings.database_url, secret=settings.secret.get_secret_value())
        try:
            return await work(db)
        finally:
            await db.dispose()

    try:
        return asyncio.run(run())
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
    except (ArgumentError, ImportError) as error:
        raise fail(
            f"BETTEROFF_DATABASE_URL is not a database address we can use ({error}). Write it "
            "like sqlite+aiosqlite:///./betteroff.db or postgresql+asyncpg://user@host/name."
        ) from None


def shown_url(settings: Settings) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(settings.database_url).render_as_string(hide_password=True)
    except ArgumentError:
        return "BETTEROFF_DATABASE_URL"
