"""Shared helpers for the bot's end-to-end tests: the real Application on the emulator.

Import the fixtures into a test module (``from tests.bot._helpers import bot_services``)
and use ``running_bot`` to run the bot by long polling (or webhook) on the test's loop.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web
from pydantic import SecretStr

from bot.app import build_application
from bot.context import SERVICES_KEY, BotApplication, BotServices
from bot.emulator import Emulator
from bot.settings import Settings
from bot.webhook import start_webhook_server
from storage import invites
from storage.database import Database

ADMIN_ID = 900_001
#: Fast enough for a test, slow enough that pacing still has to work.
TEST_CHAT_INTERVAL = 0.02
LOCAL_HELP = "Sandwell front door (synthetic): 0121 000 0000"


def make_settings(emulator: Emulator, db: Database, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "telegram_token": SecretStr(emulator.token),
        "telegram_base_url": emulator.base_url,
        "database_url": db.url,
        "secret": SecretStr(str(db.secret)),
        "admins": [ADMIN_ID],
        "local_help": LOCAL_HELP,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@contextlib.asynccontextmanager
async def running_bot(
    emulator: Emulator,
    db: Database,
    *,
    chat_interval: float = TEST_CHAT_INTERVAL,
    overall_max_rate: float = 30,
    max_concurrent_updates: int = 256,
    webhook_port: int | None = None,
    webhook_secret: str | None = None,
    layout: str = "messages",
    **overrides: Any,
) -> AsyncIterator[BotApplication]:
    """Build, start and (afterwards) stop the bot, polling — or on a webhook if a port is given.

    ``layout`` is how surveys show by default: the tests written before the one live card
    read one message per question (the screen-reader layout, the design they were written
    for); the card's own tests (``test_bot_cards.py``) pass ``layout="card"``."""
    settings = make_settings(emulator, db, **overrides)
    application = build_application(
        settings,
        db=db,
        chat_interval=chat_interval,
        overall_max_rate=overall_max_rate,
        max_concurrent_updates=max_concurrent_updates,
        start_scheduler=False,
        default_layout=layout,
    )
    await application.initialize()
    # What run_polling / run_webhook do: migrate, learn the username, publish commands.
    assert application.post_init is not None
    await application.post_init(application)
    await application.start()
    assert application.updater is not None
    webhook: web.AppRunner | None = None
    if webhook_port is None:
        await application.updater.start_polling(poll_interval=0.0, timeout=1)
    else:
        webhook = await start_webhook_server(
            application,
            listen="127.0.0.1",
            port=webhook_port,
            url_path="telegram",
            webhook_url=f"http://127.0.0.1:{webhook_port}/telegram",
            secret_token=webhook_secret,
        )
    try:
        yield application
    finally:
        if webhook is not None:
            await webhook.cleanup()
        with contextlib.suppress(Exception):
            await application.updater.stop()
        with contextlib.suppress(Exception):
            await application.stop()
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


def services_of(application: BotApplication) -> BotServices:
    services = application.bot_data[SERVICES_KEY]
    assert isinstance(services, BotServices)
    return services


async def new_invite(
    db: Database,
    survey_id: str,
    *,
    uses: int | None = 1,
    agency: str = "SCT",
    team: str | None = "north",
    expires_in: timedelta | None = timedelta(days=7),
) -> str:
    now = datetime.now(UTC)
    async with db.write() as session:
        (token,) = await invites.create_invites(
            session=session,
            survey_id=survey_id,
            agency=agency,
            team=team,
            uses=uses,
            now=now,
            expires_at=now + expires_in if expires_in else None,
        )
    return token


def run_environment(token: str, base_url: str, database_url: str) -> dict[str, str]:
    """The environment for a real ``betteroff run`` process in a test: this one's, with no
    ``BETTEROFF_`` setting leaking in, and the bot pointed at ``base_url`` and the database."""
    from tests.conftest import TEST_SECRET

    kept = {key: value for key, value in os.environ.items() if not key.startswith("BETTEROFF_")}
    return kept | {
        "BETTEROFF_TELEGRAM_TOKEN": token,
        "BETTEROFF_TELEGRAM_BASE_URL": base_url,
        "BETTEROFF_DATABASE_URL": database_url,
        "BETTEROFF_SECRET": TEST_SECRET,
    }
