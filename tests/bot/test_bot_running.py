"""Running the bot: webhook mode with its secret, the token kept out of logs, start-up."""

from __future__ import annotations

import logging
import socket

import pytest
from typer.testing import CliRunner

from bot.app import RedactSecrets, build_application, publish_commands
from bot.emulator import Emulator
from bot.retry import DEFAULT_ATTEMPTS  # a failure that outlasts the retries
from storage.database import Database
from tests.bot._helpers import (
    make_settings,
    new_invite,
    running_bot,
    services_of,
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_parent_journey_by_webhook_and_wrong_secret_refused(
    emulator: Emulator, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    token = await new_invite(database, "parent-carer-review")
    parent = emulator.user(9101, "Gil")
    port = _free_port()
    async with running_bot(emulator, database, webhook_port=port, webhook_secret="s3cret-Token"):
        assert emulator.bot().webhook is not None
        status = await emulator.post_raw_to_webhook(
            {"update_id": 999_999, "message": {"message_id": 1}}, secret="wrong"
        )
        assert status == 403
        await parent.send(f"/start {token}")
        welcome = await parent.next_message()
        await parent.tap(welcome, "✅ English")
        for _ in range(6):
            await parent.tap(await parent.next_message(), "Agree")
        await parent.tap(await parent.next_message(), "Skip ➡️")
        assert "/withdraw" in (await parent.next_message()).content
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert emulator.token not in logged
    assert emulator.token.split(":")[1] not in logged


@pytest.mark.parametrize("client", ["aiohttp", "httpx"])
async def test_token_never_reaches_a_log_while_polling(
    emulator: Emulator, database: Database, caplog: pytest.LogCaptureFixture, client: str
) -> None:
    caplog.set_level(logging.DEBUG)
    token = await new_invite(database, "parent-carer-review")
    parent = emulator.user(9102, "Hal")
    async with running_bot(emulator, database, telegram_http=client):
        await parent.send(f"/start {token}")
        await parent.tap(await parent.next_message(), "✅ English")
        await parent.tap(await parent.next_message(), "Agree")
        await parent.next_message()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Application started" in logged  # PTB's own INFO records get through
    assert emulator.token not in logged
    # PTB's DEBUG records carry chat ids and messages: never made, even at DEBUG.
    assert logging.getLogger("telegram").getEffectiveLevel() >= logging.INFO
    assert logging.getLogger("httpx").getEffectiveLevel() >= logging.WARNING
    assert logging.getLogger("httpcore").getEffectiveLevel() >= logging.WARNING
    assert logging.getLogger("aiohttp").getEffectiveLevel() >= logging.WARNING


def test_redact_secrets_filter_rewrites_a_leaked_token() -> None:
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "calling %s", ("https://h/bot123:ABC/getMe",), None
    )
    RedactSecrets(["123:ABC"]).filter(record)
    assert record.getMessage() == "calling https://h/bot[redacted]/getMe"


async def test_set_my_commands_failure_is_logged_not_fatal(
    emulator: Emulator, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    application = build_application(
        make_settings(emulator, database), db=database, start_scheduler=False
    )
    async with application:
        emulator.fail_next(
            "setMyCommands", 500, description="Internal Server Error", count=DEFAULT_ATTEMPTS
        )
        await publish_commands(application)
        await application.post_init(application)  # type: ignore[misc]
        assert services_of(application).bot_username == "betteroff_test_bot"
    assert any("command menu" in r.getMessage() for r in caplog.records)


def test_run_without_a_token_explains_botfather(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.cli import app
    from bot.settings import get_settings

    monkeypatch.setenv("BETTEROFF_TELEGRAM_TOKEN", "")
    monkeypatch.chdir("/")  # no .env file here
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["run"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert "@BotFather" in result.output and "/newbot" in result.output
