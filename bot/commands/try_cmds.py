"""``betteroff try``: take the bot by hand in a web page, with no Telegram and no token."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from bot.try_chat import TryServer


def try_(
    no_browser: bool = typer.Option(
        False, "--no-browser", help="Only print the page's address; open nothing."
    ),
    port: int = typer.Option(
        0, "--port", min=0, max=65535, help="Port for the page on 127.0.0.1 (0: a free one)."
    ),
    db: str | None = typer.Option(
        None,
        "--db",
        metavar="FILE",
        help="Keep everything in this SQLite file (default: a temporary one, gone at the end).",
    ),
    chat_interval: float = typer.Option(
        1.0,
        "--chat-interval",
        min=0.0,
        hidden=True,
        help="Least seconds between two messages to one chat (Telegram asks for 1).",
    ),
) -> None:
    """Try the bot by hand: a web page that works like Telegram on a phone.

    Starts the real bot on a local Telegram emulator and opens a chat page
    on 127.0.0.1. Be a family member, a practitioner or an admin, open the
    demo invites, and tap and type as they would. No token, no network:
    everything is made up, and forgotten at Ctrl-C unless --db is given.

    Example: betteroff try
    """
    from bot.commands.common import fail
    from bot.try_chat import TryOptions, run_try
    from bot.try_chat.run import TryFailure

    options = TryOptions(db=db, port=port, chat_interval=chat_interval)

    def ready(server: TryServer) -> None:
        _announce(server, open_browser=not no_browser)

    try:
        asyncio.run(run_try(options, ready=ready))
    except TryFailure as failure:
        raise fail(f"Could not start: {failure}") from None
    except Exception as error:  # a bug: still a sentence, not a traceback
        raise fail(
            f"betteroff try broke unexpectedly: {type(error).__name__}: {error}. "
            "Please report it, with the command you ran."
        ) from None
    except KeyboardInterrupt:
        pass  # Ctrl-C is how it stops; everything was closed on the way out
    typer.echo("Stopped." + ("" if db else " The temporary database is gone."))


def _announce(server: TryServer, *, open_browser: bool) -> None:
    # Plain prints, flushed: whatever reads our output (a test, a script) sees the address
    # the moment the page is up.
    lines = [
        f"Better Off: try it by hand at {server.url}",
        "The real bot on a local Telegram emulator: nothing leaves 127.0.0.1, and every "
        "person, invite and answer is made up.",
        f"Staff join code (for the practitioner): {server.seed.join_code}",
    ]
    if server.temporary is not None:
        lines.append("The database is temporary and goes when you stop.")
    if server.secret_file is not None:
        lines.append(
            f"The database's secret is kept in {server.secret_file}, so the next run on it "
            "carries on where this one stopped."
        )
    lines.append("Press Ctrl-C to stop.")
    print("\n".join(lines), flush=True)
    if open_browser:
        import webbrowser

        if not webbrowser.open(server.url):
            print("(No browser could be opened here: open the address above yourself.)")


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("try")(try_)
