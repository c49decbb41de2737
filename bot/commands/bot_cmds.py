"""``betteroff run``: the Telegram bot, by long polling or by webhook."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from storage.database import Database

BOTFATHER_HELP = (
    "No Telegram bot token is set.\n"
    "1. In Telegram, open a chat with @BotFather and send /newbot.\n"
    "2. Choose a name and a username ending in 'bot'; BotFather replies with a token.\n"
    "3. Put it in your .env file as BETTEROFF_TELEGRAM_TOKEN=<token> (never commit it),\n"
    "   or set it in the environment, then run `betteroff run` again."
)

WEBHOOK_SECRET_HELP = (
    "Warning: BETTEROFF_WEBHOOK_URL is set but BETTEROFF_WEBHOOK_SECRET is not, so anyone who\n"
    "finds the webhook address could send the bot made-up updates. Set BETTEROFF_WEBHOOK_SECRET\n"
    "to a random string of letters, digits, _ and - (up to 256)."
)
WEBHOOK_SECRET_SHAPE_HELP = (
    "BETTEROFF_WEBHOOK_SECRET may only hold letters, digits, _ and -, up to 256 of them\n"
    "(Telegram refuses anything else). Choose another, for example the output of\n"
    '`python -c "import secrets; print(secrets.token_urlsafe(32))"`.'
)
#: What Telegram accepts as a webhook's secret_token.
_SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def run(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log more (never the token)."),
) -> None:
    """Run the bot: long polling, or a webhook when BETTEROFF_WEBHOOK_URL is set.

    Applies the database migrations first, registers the bot's commands with Telegram and
    starts the scheduler (pulse rounds, reminders, purges, the quarterly report).

    Example: BETTEROFF_TELEGRAM_TOKEN=123:abc betteroff run
    """
    import logging

    from bot.app import build_application, configure_logging, run_application
    from bot.commands.common import fail, load_settings, verify_secret, with_database
    from bot.settings import secret_problem

    settings = load_settings()
    if settings.telegram_token is None or not settings.telegram_token.get_secret_value():
        typer.echo(BOTFATHER_HELP, err=True)
        raise typer.Exit(1)
    secrets = [settings.telegram_token.get_secret_value()]
    if settings.webhook_secret is not None:
        secrets.append(settings.webhook_secret.get_secret_value())
    configure_logging(logging.DEBUG if verbose else logging.INFO, secrets=secrets)
    if settings.webhook_url and not settings.webhook_secret:
        typer.echo(WEBHOOK_SECRET_HELP, err=True)
    elif settings.webhook_secret and not _SECRET_SHAPE.match(
        settings.webhook_secret.get_secret_value()
    ):
        # Telegram refuses it at setWebhook; say so before starting rather than after.
        typer.echo(WEBHOOK_SECRET_SHAPE_HELP, err=True)
        raise typer.Exit(1)
    problem = secret_problem(settings.secret.get_secret_value())
    if problem:  # checked here too: a demo's database takes any secret, the bot never
        raise fail(problem)

    async def migrate_and_check(db: Database) -> None:
        await db.upgrade()
        await verify_secret(db, settings)

    with_database(settings, migrate_and_check, create=True)
    from bot.startup import TokenRefused

    application = build_application(settings)
    try:
        run_application(application, settings)
    except TokenRefused:
        typer.echo(
            "Telegram does not accept BETTEROFF_TELEGRAM_TOKEN. Copy the token again from "
            "@BotFather (/mybots, then API Token) and try again.",
            err=True,
        )
        raise typer.Exit(1) from None
    except KeyboardInterrupt:  # Ctrl-C while still waiting for Telegram: nothing to undo
        raise typer.Exit(130) from None


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("run")(run)
