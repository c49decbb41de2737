"""``betteroff run``: the Telegram bot, by long polling or by webhook."""

from __future__ import annotations

import typer

BOTFATHER_HELP = (
    "No Telegram bot token is set.\n"
    "1. In Telegram, open a chat with @BotFather and send /newbot.\n"
    "2. Choose a name and a username ending in 'bot'; BotFather replies with a token.\n"
    "3. Put it in your .env file as BETTEROFF_TELEGRAM_TOKEN=<token> (never commit it),\n"
    "   or set it in the environment, then run `betteroff run` again."
)


def run(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log more (never the token)."),
) -> None:
    """Run the bot: long polling, or a webhook when BETTEROFF_WEBHOOK_URL is set."""
    import logging

    from bot.app import build_application, configure_logging, run_application
    from bot.settings import get_settings

    settings = get_settings()
    if settings.telegram_token is None or not settings.telegram_token.get_secret_value():
        typer.echo(BOTFATHER_HELP, err=True)
        raise typer.Exit(1)
    configure_logging(
        logging.DEBUG if verbose else logging.INFO,
        secrets=[settings.telegram_token.get_secret_value()],
    )
    application = build_application(settings)
    run_application(application, settings)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("run")(run)
