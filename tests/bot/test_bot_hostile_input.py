"""Hostile and unlucky input through the real bot: forged buttons and floods of errors."""

from __future__ import annotations

import asyncio
import logging
import signal
import socket
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from bot import flow
from bot.context import SERVICES_KEY, BotServices
from bot.emulator import Emulator, free_port
from bot.emulator.model import ChatMessage
from bot.emulator.user import EmulatedUser
from bot.ordering import ORDERED_QUEUE_PER_CHAT
from storage.database import Database
from storage.models import SurveySession
from tests.bot._helpers import ADMIN_ID, new_invite, run_environment, running_bot

REVIEW = "parent-carer-review"

#: Callback data a modified client could send: digits outside ASCII reach ``int()`` today,
#: and lengths no button of ours has.
FORGED = (
    "a:²:0",
    "a:1:²",
    "a:١:0",
    "t:1:٣",
    "a:" + "9" * 400 + ":0",
    "a:1:" + "9" * 400,
    "a:-1:0",
    "a:1:-1",
    "a: 1:0",
    "l:1:" + "x" * 60,
    "k:1:0:0",
)


async def test_forged_callback_data_is_refused_quietly_and_the_survey_goes_on(
    emulator: Emulator, database: Database
) -> None:
    parent = emulator.user(9701, "Forge")
    admin = emulator.user(ADMIN_ID, "Ada")
    async with running_bot(emulator, database):
        await parent.send(f"/start {await new_invite(database, REVIEW)}")
        await parent.tap(await parent.next_message(), "✅ English")
        first = await parent.next_message()
        assert first.content.startswith("1 of")
        nonce = (first.buttons[0][0].callback_data or "").split(":")[1]
        await parent.wait_for_answer(timeout=10)  # the language tap
        # As sent, and with this survey's own nonce, so that only the forged part is what
        # is refused; a batch at a time, within the chat's queue.
        with_nonce = [
            f"{kind}:{nonce}:{rest}" for kind, _, rest in (d.partition(":") for d in FORGED)
        ]
        for batch in (FORGED, with_nonce):
            for data in batch:
                await parent.forge_tap(first, data)
            for _ in batch:
                await parent.wait_for_answer(timeout=10)
        await asyncio.sleep(0.3)
        assert admin.messages == [], [m.content for m in admin.messages]
        assert not any(m.content.startswith("Sorry, something went wrong") for m in parent.messages)
        # Nothing forged was taken as an answer: the real button still answers question 1.
        await parent.tap(first, "Agree")
        second = await parent.next_message()
        assert second.content.startswith("2 of")


async def test_admins_hear_of_a_kind_of_error_once_per_ten_minutes_with_a_count(
    emulator: Emulator, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = emulator.user(9702, "Flood")
    admin = emulator.user(ADMIN_ID, "Ada")
    now = [1_000.0]

    async def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("always")

    async with running_bot(emulator, database) as application:
        services: BotServices = application.bot_data[SERVICES_KEY]
        services.alerts.clock = lambda: now[0]
        await parent.send(f"/start {await new_invite(database, REVIEW)}")
        await parent.tap(await parent.next_message(), "✅ English")
        await parent.next_message()
        monkeypatch.setattr(flow, "apply", broken)
        for n in range(5):
            await parent.send(f"words {n}")
            await parent.next_message()  # the "sorry" each time
        await asyncio.sleep(0.3)
        assert [m.content for m in admin.messages] == [
            "⚠️ The bot hit an error (RuntimeError); see the log."
        ]
        admin.mark_read()
        now[0] += 601  # ten minutes on: the next one is sent, with the ones held back
        await parent.send("words again")
        await parent.next_message()
        notice = await admin.next_message()
        assert notice.content == (
            "⚠️ The bot hit an error (RuntimeError) 5 times since the last alert of it; see the log."
        )


async def _to_the_free_text_question(user: EmulatedUser, token: str) -> ChatMessage:
    """Through training-impact to its free-text question (staff survey: English only)."""
    await user.send(f"/start {token}")
    await user.next_message()  # welcome
    await user.next_message()  # weeks ago
    await user.send("3")
    await user.tap(await user.next_message(), "Neglect")
    await user.tap(await user.next_message(), "Agree")
    await user.tap(await user.next_message(), "Agree")
    words = await user.next_message()
    assert "doing differently" in words.content
    return words


async def _state_answers(database: Database) -> dict[str, object]:
    async with database.read() as session:
        state = (await session.scalars(select(SurveySession))).one().state
    return dict(state["answers"])


@pytest.mark.parametrize(
    "invisible",
    [
        "\u200b",
        "\u200b\u200c\u200d",
        "\u2060\ufeff \u00ad",
        "\u202e\u202c",
        "\x1b\x07\x08",
        "\u200f\n\t",
    ],
)
async def test_an_invisible_answer_is_asked_again(
    emulator: Emulator, database: Database, invisible: str
) -> None:
    staff = emulator.user(9703, "Zed")
    async with running_bot(emulator, database):
        await _to_the_free_text_question(staff, await new_invite(database, "training-impact"))
        await staff.send(invisible)
        again = await staff.next_message()
        assert again.content.startswith("Please type your answer in a message")
    assert "in-your-words" not in await _state_answers(database)


async def test_direction_overrides_and_terminal_controls_are_not_stored(
    emulator: Emulator, database: Database
) -> None:
    staff = emulator.user(9704, "Rtl")
    typed = (
        "we now \u202eylbissop\u202c check \x1b[31mfirst\x1b[0m\x07"
        " with the ਪਰਿਵਾਰ\u200d and کیا\u200c"
    )
    async with running_bot(emulator, database):
        await _to_the_free_text_question(staff, await new_invite(database, "training-impact"))
        await staff.send(typed)
        share = await staff.next_message()
        assert "quote" in share.content
    stored = str((await _state_answers(database))["in-your-words"])
    assert stored == "we now ylbissop check [31mfirst[0m with the ਪਰਿਵਾਰ\u200d and کیا\u200c"


async def test_an_update_the_bot_cannot_read_is_skipped_and_logged_by_its_id_only(
    emulator: Emulator, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    parent = emulator.user(9705, "Next")
    words = "my neighbour hurts me 07700 900123"
    token = await new_invite(database, REVIEW)
    async with running_bot(emulator, database):
        # No "date": PTB cannot parse this message, so today the whole batch fails.
        unreadable = emulator.push_update(
            {"message": {"message_id": 77, "text": words, "chat": {"id": 9706, "type": "private"}}}
        )
        await parent.send(f"/start {token}")
        welcome = await parent.next_message(timeout=10)
        assert "English" in str(welcome.button_texts)
        await asyncio.sleep(0.3)
        assert not emulator.bot().pending, "the unreadable update is still being offered"
    logged = caplog.text
    assert f"Skipped update {unreadable['update_id']}" in logged
    assert "neighbour" not in logged and "07700" not in logged and token not in logged


async def test_by_webhook_an_unreadable_update_gets_200_and_is_skipped(
    emulator: Emulator, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    parent = emulator.user(9707, "Hook")
    words = "the man next door 07700 900456"
    token = await new_invite(database, REVIEW)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    async with running_bot(emulator, database, webhook_port=port, webhook_secret="s3cret-Token"):
        unreadable = {
            "update_id": 424_242,
            "message": {"message_id": 5, "text": words, "chat": {"id": 9708, "type": "private"}},
        }
        assert await emulator.post_raw_to_webhook(unreadable, secret="s3cret-Token") == 200
        await parent.send(f"/start {token}")
        welcome = await parent.next_message(timeout=10)
        assert "English" in str(welcome.button_texts)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Skipped update 424242" in logged
    # Not even PTB's DEBUG records ("Processing update …") repeat what people sent.
    assert "next door" not in logged and "07700" not in logged and token not in logged


async def test_one_chat_flooding_gets_one_slow_down_and_does_not_stall_others(
    emulator: Emulator, database: Database
) -> None:
    flooder = emulator.user(9709, "Flood")
    parent = emulator.user(9710, "Calm")
    token = await new_invite(database, REVIEW)
    # Few update slots, so today's backlog of one chat holds all of them.
    async with running_bot(emulator, database, max_concurrent_updates=8, chat_interval=0.05):
        await asyncio.gather(*(flooder.send(f"spam {n}") for n in range(300)))
        await parent.send(f"/start {token}")
        welcome = await parent.next_message(timeout=5)
        assert "English" in str(welcome.button_texts)
        await asyncio.sleep(1.5)
        replies = [m.content for m in flooder.messages]
    slow_down = [r for r in replies if r.startswith("You're sending messages faster")]
    assert len(slow_down) == 1, replies[:5]
    # The chat's own small queue was handled; the rest were dropped, not held.
    assert len(replies) <= 1 + ORDERED_QUEUE_PER_CHAT + 1


async def test_run_without_network_says_so_in_one_line_and_starts_once_telegram_answers(
    tmp_path: Path,
) -> None:
    port = free_port()
    log_path = tmp_path / "run.log"
    env = run_environment(
        "123456:offline-test-token",
        f"http://127.0.0.1:{port}/bot",
        f"sqlite+aiosqlite:///{tmp_path / 'run.db'}",
    )
    with log_path.open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            str(Path(sys.executable).with_name("betteroff")),
            "run",
            env=env,
            cwd=tmp_path,
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
        )
    try:
        # Nothing listens on the port yet: the bot waits, one line per try.
        for _ in range(200):
            if log_path.read_text().count("Telegram cannot be reached") >= 2:
                break
            assert process.returncode is None, log_path.read_text()
            await asyncio.sleep(0.05)
        else:
            raise AssertionError(f"no retry line:\n{log_path.read_text()}")
        async with Emulator("123456:offline-test-token", port=port) as emulator:
            parent = emulator.user(9711, "Back")
            await parent.send("/help")
            reply = await parent.next_message(timeout=30)
            assert "Childline" in reply.content or "999" in reply.content
            process.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(process.wait(), 20) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    logged = log_path.read_text()
    assert "Traceback" not in logged and "Unclosed client session" not in logged, logged
    assert "123456:offline-test-token" not in logged
