"""What every command needs before it starts: settings that load, or a sentence why not."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from pydantic import ValidationError

    from bot.settings import Settings


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
