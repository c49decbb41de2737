"""Acceptance audit, running the bot: reminder and expiry settings, the error handler,
a failed command menu at start-up, and ``betteroff invite create`` learning the username.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from typer.testing import CliRunner

from bot import flow, invites
from bot.emulator import Emulator
from bot.handlers.errors import where_it_failed
from bot.retry import DEFAULT_ATTEMPTS  # a failure that outlasts the retries
from bot.scheduler import purge_expired, send_reminders
from bot.settings import get_settings
from storage.database import Database
from storage.models import SurveySession
from tests.bot._helpers import ADMIN_ID, new_invite, running_bot

REVIEW = "parent-carer-review"


async def _idle_for(database: Database, idle: timedelta) -> None:
    async with database.write() as session:
        await session.execute(update(SurveySession).values(last_activity=datetime.now(UTC) - idle))


async def _sessions(database: Database) -> int:
    async with database.read() as session:
        return int(await session.scalar(select(func.count()).select_from(SurveySession)) or 0)


async def test_reminder_and_expiry_follow_their_settings(
    emulator: Emulator, database: Database
) -> None:
    parent = emulator.user(9501, "Ren")
    async with running_bot(
        emulator, database, reminder_after_hours=2, abandon_after_days=1
    ) as application:
        await parent.send(f"/start {await new_invite(database, REVIEW)}")
        await parent.tap(await parent.next_message(), "✅ English")
        await parent.next_message()

        await _idle_for(database, timedelta(hours=1, minutes=50))
        assert await send_reminders(application) == 0  # not yet two hours
        await _idle_for(database, timedelta(hours=2, minutes=10))
        assert await send_reminders(application) == 1
        assert await send_reminders(application) == 0  # one reminder only, ever
        assert (await parent.next_message()).content.startswith("Hello again")
        assert (await parent.next_message()).content.startswith("1 of 8")

        await _idle_for(database, timedelta(hours=23))
        assert (await purge_expired(application)).abandoned_sessions == 0  # under a day
        assert await _sessions(database) == 1
        await _idle_for(database, timedelta(hours=25))
        assert (await purge_expired(application)).abandoned_sessions == 1
        assert await _sessions(database) == 0


async def test_the_defaults_are_a_day_and_a_week(emulator: Emulator, database: Database) -> None:
    async with running_bot(emulator, database) as application:
        await emulator.user(9502, "Def").send(f"/start {await new_invite(database, REVIEW)}")
        await emulator.user(9502, "Def").next_message()
        await _idle_for(database, timedelta(hours=23))
        assert await send_reminders(application) == 0
        await _idle_for(database, timedelta(days=6, hours=23))
        assert (await purge_expired(application)).abandoned_sessions == 0
        assert await send_reminders(application) == 1


async def test_a_failing_handler_reassures_the_person_and_logs_no_personal_data(
    emulator: Emulator,
    database: Database,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # INFO, as `betteroff run` logs (PTB's DEBUG repeats whole updates; see below).
    caplog.set_level(logging.INFO)
    parent = emulator.user(9503, "Err")
    admin = emulator.user(ADMIN_ID, "Ada")
    words = "my neighbour Priya Shah at 12 Elm Road"

    async def broken(*args: object, **kwargs: object) -> object:
        try:
            raise KeyError("state")
        except KeyError as inner:
            raise RuntimeError(f"could not store {words!r}") from inner

    async with running_bot(emulator, database):
        await parent.send(f"/start {await new_invite(database, REVIEW)}")
        await parent.tap(await parent.next_message(), "✅ English")
        await parent.next_message()
        monkeypatch.setattr(flow, "apply", broken)
        await parent.send(words)
        sorry = await parent.next_message()
        assert sorry.content.startswith("Sorry, something went wrong on our side.")
        assert "Your answers so far are safe." in sorry.content
        notice = await admin.next_message()
        assert notice.content == "⚠️ The bot hit an error (RuntimeError); see the log."
        assert words not in notice.content
    logged = caplog.text
    assert "Handling update" in logged and "RuntimeError" in logged and "KeyError" in logged
    assert "respondent.py" in logged  # where it failed is kept
    assert "Priya" not in logged and "Elm Road" not in logged and "'state'" not in logged
    assert "9503" not in logged


def test_where_it_failed_keeps_frames_and_drops_messages() -> None:
    typed = "value from a person"
    missing: dict[str, int] = {}
    try:
        try:
            missing["secret key"]
        except KeyError:
            raise ValueError(typed) from None
    except ValueError as error:
        described = where_it_failed(error)
    assert "builtins.ValueError (message withheld)" in described
    assert "test_bot_audit_running.py" in described
    assert "value from a person" not in described
    assert "KeyError" not in described  # "from None": the context is not followed
    assert where_it_failed(None) == ""


async def test_a_failed_command_menu_does_not_stop_the_bot(
    emulator: Emulator, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    emulator.fail_next(
        "setMyCommands", 500, description="Internal Server Error", count=DEFAULT_ATTEMPTS
    )
    person = emulator.user(9504, "Men")
    async with running_bot(emulator, database):
        await person.send("/help")
        assert "116 123" in (await person.next_message()).content
    assert any("command menu" in r.getMessage() for r in caplog.records)
    assert emulator.calls_for(methods=["setMyCommands"], ok_only=False)[0].status == 500


# -- betteroff invite create -----------------------------------------------------------


@pytest.fixture
def threaded_emulator() -> Iterator[Emulator]:
    with Emulator.start_in_thread(bot_username="family_feedback_bot") as started:
        yield started


@pytest.fixture
def cli_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, threaded_emulator: Emulator
) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("BETTEROFF_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("BETTEROFF_TELEGRAM_TOKEN", threaded_emulator.token)
    monkeypatch.setenv("BETTEROFF_TELEGRAM_BASE_URL", threaded_emulator.base_url)
    monkeypatch.delenv("BETTEROFF_BOT_USERNAME", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(invites, "_remembered", {})
    get_settings.cache_clear()
    yield tmp_path / "cache"
    get_settings.cache_clear()


def _invite(count: int) -> list[str]:
    from bot.cli import app

    result = CliRunner().invoke(
        app, ["invite", "create", "--survey", REVIEW, "--agency", "SCT", "--count", str(count)]
    )
    assert result.exit_code == 0, result.output
    return result.stdout.split()


def test_invite_create_asks_telegram_for_the_username_once_and_remembers_it(
    cli_env: Path, threaded_emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.cli import app

    assert CliRunner().invoke(app, ["db", "upgrade"]).exit_code == 0
    assert CliRunner().invoke(app, ["agency", "add", "SCT", "Social care team"]).exit_code == 0
    links = _invite(3)
    assert len(links) == 3
    assert all(link.startswith("https://t.me/family_feedback_bot?start=") for link in links)
    assert len(threaded_emulator.calls_for(methods=["getMe"])) == 1

    # A new process (nothing in memory) asks nothing: the username was remembered.
    monkeypatch.setattr(invites, "_remembered", {})
    assert _invite(1)[0].startswith("https://t.me/family_feedback_bot?start=")
    assert len(threaded_emulator.calls_for(methods=["getMe"])) == 1
    remembered = (cli_env / "betteroff" / invites.USERNAMES_FILE).read_text()
    assert "family_feedback_bot" in remembered
    secret_part = threaded_emulator.token.split(":")[1]
    assert secret_part not in remembered  # only the bot's public id names it
    assert list(json.loads(remembered)) == [
        f"{threaded_emulator.token.split(':')[0]}@{threaded_emulator.base_url}"
    ]


def test_invite_create_with_the_username_set_asks_nothing(
    cli_env: Path, threaded_emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.cli import app

    monkeypatch.setenv("BETTEROFF_BOT_USERNAME", "@set_by_hand_bot")
    get_settings.cache_clear()
    assert CliRunner().invoke(app, ["db", "upgrade"]).exit_code == 0
    assert CliRunner().invoke(app, ["agency", "add", "SCT", "Social care team"]).exit_code == 0
    assert _invite(1)[0].startswith("https://t.me/set_by_hand_bot?start=")
    assert threaded_emulator.calls_for(methods=["getMe"]) == []
    assert not (cli_env / "betteroff").exists()


def test_verbose_logging_keeps_ptbs_update_dumps_out() -> None:
    from bot.app import PERSONAL_AT_DEBUG, configure_logging

    root = logging.getLogger()
    saved = (root.level, list(root.handlers), {n: logging.getLogger(n).level for n in (
        *PERSONAL_AT_DEBUG, "httpx", "httpcore")})  # fmt: skip
    try:
        root.setLevel(logging.DEBUG)  # basicConfig leaves pytest's handlers' root alone
        configure_logging(logging.DEBUG, secrets=["123:ABC"])
        assert logging.getLogger("bot.scheduler").isEnabledFor(logging.DEBUG)
        # PTB's DEBUG records hold whole updates (names, chat ids, what people wrote).
        assert not logging.getLogger("telegram.ext.Application").isEnabledFor(logging.DEBUG)
        assert not logging.getLogger("telegram.ext.ExtBot").isEnabledFor(logging.DEBUG)
        assert logging.getLogger("telegram.ext.Application").isEnabledFor(logging.INFO)
        assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)
    finally:
        level, handlers, levels = saved
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)
        for name, each in levels.items():
            logging.getLogger(name).setLevel(each)
