"""The Bot API emulator, driven by PTB's own ``Bot`` and ``Application`` over real HTTP."""

from __future__ import annotations

import asyncio
import datetime as dtm
import logging
import time

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler
from telegram.ext import filters as ptb_filters

from bot.emulator import TINY_PNG, Emulator, free_port

NOT_MODIFIED = (
    "Message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)


def yes_no() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Yes", callback_data="q1:yes"),
                InlineKeyboardButton("No", callback_data="q1:no"),
            ]
        ]
    )


@pytest.fixture
async def ptb_bot(emulator: Emulator):
    bot = Bot(emulator.token, base_url=emulator.base_url, base_file_url=emulator.base_file_url)
    async with bot:
        yield bot


async def test_get_me_describes_the_bot(ptb_bot: Bot, emulator: Emulator) -> None:
    me = await ptb_bot.get_me()
    assert me.is_bot
    assert me.id == emulator.bot().bot_id
    assert me.username == "betteroff_test_bot"


async def test_wrong_token_is_unauthorized_and_unknown_method_not_found(
    emulator: Emulator,
) -> None:
    stranger = Bot("42:not-the-token", base_url=emulator.base_url)
    with pytest.raises(InvalidToken, match="rejected by the server"):
        await stranger.initialize()
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{emulator.base_url}42:not-the-token/getMe")
        assert response.status_code == 401
        assert response.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
        response = await client.post(f"{emulator.base_url}{emulator.token}/sendTelepathy")
        assert response.status_code == 404
        assert response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
        response = await client.get(f"http://127.0.0.1:{emulator.port}/nothing/here")
        assert response.status_code == 404


async def test_send_tap_answer_and_edit_round_trip(ptb_bot: Bot, emulator: Emulator) -> None:
    alex = emulator.user(1001, "Alex")
    sent = await ptb_bot.send_message(1001, "Did your worker listen?", reply_markup=yes_no())
    assert sent.chat.id == 1001 and sent.from_user.id == ptb_bot.id

    seen = await alex.next_message()
    assert seen.text == "Did your worker listen?"
    assert [[b.text for b in row] for row in seen.buttons] == [["Yes", "No"]]

    tap = await alex.tap(seen, "No")
    (update,) = await ptb_bot.get_updates(timeout=1)
    assert update.update_id == tap["update_id"]
    assert update.callback_query.data == "q1:no"
    assert update.callback_query.message.message_id == sent.message_id

    assert await ptb_bot.answer_callback_query(update.callback_query.id, text="Saved")
    edited = await ptb_bot.edit_message_text(
        "Did your worker listen? No", chat_id=1001, message_id=sent.message_id
    )
    assert edited.edit_date is not None
    assert alex.answered_callbacks[0].text == "Saved"
    assert alex.last_message.edited
    assert alex.last_message.history == [("Did your worker listen?", yes_no().to_dict())]
    # Editing text without reply_markup removes the keyboard, as on Telegram.
    assert alex.last_message.buttons == []
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await ptb_bot.answer_callback_query(update.callback_query.id)


async def test_identical_edit_is_not_modified(ptb_bot: Bot, emulator: Emulator) -> None:
    emulator.user(1001)
    sent = await ptb_bot.send_message(1001, "Question", reply_markup=yes_no())
    with pytest.raises(BadRequest) as caught:
        await ptb_bot.edit_message_text(
            "Question", chat_id=1001, message_id=sent.message_id, reply_markup=yes_no()
        )
    assert caught.value.message == NOT_MODIFIED
    with pytest.raises(BadRequest, match="not modified"):
        await ptb_bot.edit_message_reply_markup(1001, sent.message_id, reply_markup=yes_no())
    # A different keyboard is a real change.
    await ptb_bot.edit_message_reply_markup(1001, sent.message_id, reply_markup=None)


async def test_injected_429_raises_retry_after(ptb_bot: Bot, emulator: Emulator) -> None:
    emulator.user(1001)
    emulator.fail_next("sendMessage", 429, retry_after=3)
    with pytest.raises(RetryAfter) as caught:
        await ptb_bot.send_message(1001, "hello")
    retry_after = caught.value.retry_after
    seconds = retry_after.total_seconds() if isinstance(retry_after, dtm.timedelta) else retry_after
    assert seconds == 3
    await ptb_bot.send_message(1001, "hello")  # count=1: the next one goes through

    emulator.fail_next("sendMessage", 500, count=2)
    for _ in range(2):
        with pytest.raises(NetworkError, match="Internal Server Error"):
            await ptb_bot.send_message(1001, "hello")
    emulator.fail_next("*", 400, description="Bad Request: chat not found")
    with pytest.raises(BadRequest, match="Chat not found"):
        await ptb_bot.get_me()
    statuses = [call.status for call in emulator.calls_for(methods=["sendMessage"])]
    assert statuses == [429, 200, 500, 500]


@pytest.mark.parametrize(
    ("text", "markup", "chat_id", "expected"),
    [
        ("   ", None, 1001, "Message text is empty"),
        ("x" * 4097, None, 1001, "Message is too long"),
        (
            "ok",
            InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="d" * 65)]]),
            1001,
            "Button_data_invalid",
        ),
        ("ok", None, 999, "Chat not found"),
        ("<blink>hi</blink>", None, 1001, 'Unsupported start tag "blink"'),
    ],
)
async def test_sending_is_validated_like_telegram(
    ptb_bot: Bot,
    emulator: Emulator,
    text: str,
    markup: InlineKeyboardMarkup | None,
    chat_id: int,
    expected: str,
) -> None:
    emulator.user(1001)
    with pytest.raises(BadRequest) as caught:
        await ptb_bot.send_message(chat_id, text, reply_markup=markup, parse_mode="HTML")
    # PTB capitalises the first letter and lower-cases the rest of the description.
    assert expected.lower() in caught.value.message.lower()
    assert emulator.user(1001).messages == []


async def test_limits_count_after_parsing_and_64_byte_data_is_fine(
    ptb_bot: Bot, emulator: Emulator
) -> None:
    alex = emulator.user(1001)
    await ptb_bot.send_message(1001, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="é" * 32)]])
    await ptb_bot.send_message(1001, "ok", reply_markup=markup)
    assert len(alex.messages) == 2
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await ptb_bot.edit_message_text("new", chat_id=1001, message_id=999)


async def test_blocked_user_gives_forbidden(ptb_bot: Bot, emulator: Emulator) -> None:
    emulator.user(1001).block()
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await ptb_bot.send_message(1001, "Monthly pulse")


async def test_long_poll_returns_when_an_update_arrives(ptb_bot: Bot, emulator: Emulator) -> None:
    alex = emulator.user(1001)
    started = time.monotonic()
    assert await ptb_bot.get_updates(timeout=0.3) == ()
    assert time.monotonic() - started >= 0.25

    poll = asyncio.create_task(ptb_bot.get_updates(timeout=10))
    await asyncio.sleep(0.05)
    started = time.monotonic()
    await alex.send("hello")
    (update,) = await poll
    assert time.monotonic() - started < 1
    # Unconfirmed updates come back; an offset past them confirms them.
    assert [u.update_id for u in await ptb_bot.get_updates()] == [update.update_id]
    assert await ptb_bot.get_updates(offset=update.update_id + 1) == ()


async def test_polling_application_handles_start_and_taps(
    emulator: Emulator, make_application
) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Greet and ask the first question."""
        await update.message.reply_text(f"Welcome {context.args}", reply_markup=yes_no())

    async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Record the tap and show the choice."""
        query = update.callback_query
        await query.answer("Thanks")
        await query.edit_message_text(f"You chose {query.data}")

    application = make_application()
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CallbackQueryHandler(answer))
    await application.initialize()
    await application.start()
    await application.updater.start_polling(poll_interval=0, timeout=1)

    sam = emulator.user(2002, "Sam")
    await sam.send("/start invite-abc")
    welcome = await sam.next_message()
    assert welcome.text == "Welcome ['invite-abc']"
    await sam.tap("Yes")
    chosen = await sam.wait_for(lambda m: m.edited)
    assert chosen.text == "You chose q1:yes"
    assert (await sam.wait_for_answer()).text == "Thanks"


async def test_repeat_update_and_double_tap_reach_the_bot(
    emulator: Emulator, make_application
) -> None:
    seen: list[tuple[int, str | None]] = []

    async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Note each update's id and payload."""
        payload = update.callback_query.data if update.callback_query else update.message.text
        seen.append((update.update_id, payload))
        if update.message:
            await update.message.reply_text("ok", reply_markup=yes_no())

    application = make_application()
    application.add_handler(MessageHandler(ptb_filters.TEXT, record))
    application.add_handler(CallbackQueryHandler(record))
    await application.initialize()
    await application.start()
    await application.updater.start_polling(poll_interval=0, timeout=1)

    kim = emulator.user(3003, "Kim")
    first = await kim.send("hi")
    await kim.next_message()
    emulator.repeat_update(first["update_id"])
    await kim.send("again")
    await kim.wait_for(2)
    await kim.tap("No", times=2)
    for _ in range(100):
        if len(seen) == 5:
            break
        await asyncio.sleep(0.02)
    update_id = first["update_id"]
    assert seen[:3] == [(update_id, "hi"), (update_id, "hi"), (update_id + 1, "again")]
    assert [payload for _, payload in seen[3:]] == ["q1:no", "q1:no"]
    assert seen[3][0] != seen[4][0]


async def test_webhook_delivery_checks_the_secret(emulator: Emulator, make_application) -> None:
    received: list[str] = []

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Note the text and answer it."""
        received.append(update.message.text)
        await update.message.reply_text(f"got {update.message.text}")

    application = make_application()
    application.add_handler(MessageHandler(ptb_filters.TEXT, echo))
    await application.initialize()
    await application.start()
    port = free_port()
    await application.updater.start_webhook(
        listen="127.0.0.1",
        port=port,
        url_path="tg-hook",
        webhook_url=f"http://127.0.0.1:{port}/tg-hook",
        secret_token="s3cret-value",
    )
    info = await application.bot.get_webhook_info()
    assert info.url == f"http://127.0.0.1:{port}/tg-hook"

    ana = emulator.user(4004, "Ana")
    for text in ("one", "two", "three"):
        await ana.send(text)
    await ana.wait_for(3)
    assert received == ["one", "two", "three"]  # in order for one chat

    forged = {"update_id": 999, "message": {**ana.messages[0].to_api(), "text": "forged"}}
    assert await emulator.post_raw_to_webhook(forged, secret="wrong") == 403
    assert await emulator.post_raw_to_webhook(forged, secret=None) == 403
    assert await emulator.post_raw_to_webhook(forged, secret="s3cret-value") == 200
    await ana.wait_for(lambda m: m.text == "got forged")

    with pytest.raises(Conflict, match="webhook is active"):
        await application.bot.get_updates()


async def test_webhook_retries_until_the_bot_answers(emulator: Emulator) -> None:
    bot = Bot(emulator.token, base_url=emulator.base_url)
    port = free_port()
    async with bot:
        await bot.set_webhook(f"http://127.0.0.1:{port}/hook")
        await emulator.user(5005).send("are you there?")
        await asyncio.sleep(0.1)  # nobody listens yet: deliveries fail and are retried
        info = await bot.get_webhook_info()
        assert info.pending_update_count == 1
        assert info.last_error_message.startswith("Connection failed")

        bodies: list[bytes] = []

        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(
                next(
                    line.split(b":")[1]
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length")
                )
            )
            bodies.append(await reader.readexactly(length))
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", port)
        async with server:
            for _ in range(100):
                if bodies:
                    break
                await asyncio.sleep(0.05)
        assert b"are you there?" in bodies[0]
        assert (await bot.get_webhook_info()).pending_update_count == 0


async def test_webhook_must_stay_on_this_machine(ptb_bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"127\.0\.0\.1"):
        await ptb_bot.set_webhook("https://bot.example.org/hook")


async def test_photo_and_document_bytes_are_kept(ptb_bot: Bot, emulator: Emulator) -> None:
    alex = emulator.user(1001)
    photo = await ptb_bot.send_photo(1001, TINY_PNG, caption="Scan me")
    report = b"<html><body>Report</body></html>"
    document = await ptb_bot.send_document(1001, report, filename="report.html")

    assert (photo.photo[0].width, photo.photo[0].height) == (1, 1)
    assert document.document.file_name == "report.html"
    assert document.document.file_size == len(report)
    assert alex.messages[0].photo_bytes == TINY_PNG
    assert alex.messages[0].caption == "Scan me"
    assert alex.messages[1].document_bytes == report
    file = await ptb_bot.get_file(document.document.file_id)
    assert bytes(await file.download_as_bytearray()) == report
    resent = await ptb_bot.send_photo(1001, photo.photo[0].file_id)
    assert resent.photo[0].file_id == photo.photo[0].file_id


async def test_commands_chat_and_no_op_methods(ptb_bot: Bot, emulator: Emulator) -> None:
    emulator.user(1001, "Alex")
    await ptb_bot.set_my_commands([("start", "Begin"), ("help", "Get help")])
    assert [c.command for c in await ptb_bot.get_my_commands()] == ["start", "help"]
    assert await ptb_bot.get_my_commands(language_code="cy") == ()
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await ptb_bot.set_my_commands([("Start!", "Begin")])
    await ptb_bot.delete_my_commands()
    assert await ptb_bot.get_my_commands() == ()
    assert (await ptb_bot.get_chat(1001)).first_name == "Alex"
    assert await ptb_bot.send_chat_action(1001, "typing")
    sent = await ptb_bot.send_message(1001, "bye")
    assert await ptb_bot.delete_message(1001, sent.message_id)
    assert emulator.user(1001).messages == []
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await ptb_bot.delete_message(1001, sent.message_id)


async def test_calls_are_recorded_and_the_token_never_logged(
    ptb_bot: Bot, emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    emulator.user(1001)
    await ptb_bot.send_message(1001, "one")
    await ptb_bot.send_message(1001, "two")
    emulator.fail_next("sendMessage", 500)
    with pytest.raises(NetworkError):
        await ptb_bot.send_message(1001, "three")
    sends = emulator.calls_for(chat_id=1001, methods=["sendMessage"])
    assert [c.status for c in sends] == [200, 200, 500]
    assert sends[0].at <= sends[1].at <= time.monotonic()
    assert emulator.min_send_interval(1001) == sends[1].at - sends[0].at
    ours = [
        r.getMessage() for r in caplog.records if r.name.startswith(("bot.emulator", "tornado"))
    ]
    assert not any(emulator.token in line for line in ours)


async def test_each_token_has_its_own_state() -> None:
    main, control = "111:main-token", "222:control-token"
    async with Emulator(token=[main, control]) as emulator:
        main_bot = Bot(main, base_url=emulator.base_url)
        control_bot = Bot(control, base_url=emulator.base_url)
        async with main_bot, control_bot:
            emulator.user(1001)
            emulator.user(1001, token=control)
            await main_bot.send_message(1001, "from main")
            await emulator.user(1001, token=control).send("to control")
            assert await main_bot.get_updates() == ()
            assert len(await control_bot.get_updates()) == 1
            assert [m.text for m in emulator.user(1001).messages] == ["from main"]
            assert emulator.user(1001, token=control).messages == []
            assert (await control_bot.get_me()).id == 222


def test_thread_mode_serves_synchronous_callers() -> None:
    with Emulator.start_in_thread() as emulator:
        response = httpx.get(f"{emulator.base_url}{emulator.token}/getMe")
        assert response.json()["result"]["is_bot"] is True
        update = emulator.run(emulator.user(1001).send("/start"))
        response = httpx.post(
            f"{emulator.base_url}{emulator.token}/getUpdates", json={"offset": 0, "timeout": 0}
        )
        assert response.json()["result"] == [update]


async def test_thread_mode_users_work_from_another_loop() -> None:
    emulator = Emulator.start_in_thread()
    try:
        bot = Bot(emulator.token, base_url=emulator.base_url)
        async with bot:
            alex = emulator.user(1001)
            waiting = asyncio.create_task(alex.next_message(timeout=5))
            await bot.send_message(1001, "across threads")
            assert (await waiting).text == "across threads"
            await alex.send("reply")
            (update,) = await bot.get_updates()
            assert update.message.text == "reply"
    finally:
        emulator.close()


async def test_ptb_rate_limiter_retries_after_an_injected_429(
    emulator: Emulator, make_application
) -> None:
    from telegram.ext import AIORateLimiter

    application = make_application(lambda b: b.rate_limiter(AIORateLimiter(max_retries=1)))
    await application.initialize()
    alex = emulator.user(1001)
    emulator.fail_next("sendMessage", 429, retry_after=1)
    started = time.monotonic()
    await application.bot.send_message(1001, "after the flood wait")
    assert time.monotonic() - started >= 1
    assert alex.last_message.text == "after the flood wait"
    assert [c.status for c in emulator.calls_for(methods=["sendMessage"])] == [429, 200]


async def test_user_media_and_edits_arrive_as_telegram_updates(
    ptb_bot: Bot, emulator: Emulator
) -> None:
    alex = emulator.user(1001, "Alex", language_code="cy")
    sent = await alex.send("first words")
    await alex.send_sticker()
    await alex.send_voice(duration=4)
    await alex.send_photo(caption="my drawing")
    await alex.send_document(b"notes", file_name="notes.txt", mime_type="text/plain")
    await alex.edit(sent["message"]["message_id"], "second thoughts")
    updates = await ptb_bot.get_updates()
    first, sticker, voice, photo, document, edited = updates
    assert first.message.from_user.language_code == "cy"
    assert first.message.entities == ()
    assert sticker.message.sticker.emoji == "👍"
    assert voice.message.voice.duration == dtm.timedelta(seconds=4) or (
        voice.message.voice.duration == 4
    )
    assert photo.message.photo[0].width == 1 and photo.message.caption == "my drawing"
    assert document.message.document.file_name == "notes.txt"
    assert edited.edited_message.text == "second thoughts"
    file = await ptb_bot.get_file(document.message.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"notes"


async def test_markdown_v2_must_be_escaped(ptb_bot: Bot, emulator: Emulator) -> None:
    alex = emulator.user(1001)
    with pytest.raises(BadRequest, match="reserved and must be escaped"):
        await ptb_bot.send_message(1001, "Thanks. Bye!", parse_mode="MarkdownV2")
    await ptb_bot.send_message(1001, r"*Thanks\.* Bye\!", parse_mode="MarkdownV2")
    assert alex.last_message.text == "Thanks. Bye!"
    assert alex.last_message.entities == [{"type": "bold", "offset": 0, "length": 7}]


async def test_two_pollers_conflict(emulator: Emulator) -> None:
    first_bot = Bot(emulator.token, base_url=emulator.base_url)
    second_bot = Bot(emulator.token, base_url=emulator.base_url)
    async with first_bot, second_bot:
        first = asyncio.create_task(first_bot.get_updates(timeout=5))
        await asyncio.sleep(0.05)
        assert await second_bot.get_updates(timeout=0) == ()
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await first


async def test_public_webhook_url_is_rewritten_and_failures_are_bounded() -> None:
    port = free_port()
    rewrite = {"https://bot.example.org/hook": f"http://127.0.0.1:{port}/hook"}.__getitem__
    async with Emulator(
        webhook_rewrite=rewrite, webhook_attempts=2, webhook_retry_delay=0.01
    ) as emulator:
        bot = Bot(emulator.token, base_url=emulator.base_url)
        async with bot:
            await bot.set_webhook("https://bot.example.org/hook", secret_token="abc")
            update = await emulator.user(1001).send("nobody home")
            for _ in range(100):
                if emulator.webhooks.dropped:
                    break
                await asyncio.sleep(0.01)
            assert emulator.webhooks.dropped == [update]
            info = await bot.get_webhook_info()
            assert info.url == "https://bot.example.org/hook"
            assert info.last_error_message

            # Updates waiting for the webhook go back to getUpdates when it is deleted.
            await bot.set_webhook("https://bot.example.org/hook")
            waiting = await emulator.user(1001).send("still waiting")
            await bot.delete_webhook()
            (polled,) = await bot.get_updates()
            assert polled.update_id == waiting["update_id"]


async def test_allowed_updates_filters_what_is_queued(ptb_bot: Bot, emulator: Emulator) -> None:
    alex = emulator.user(1001)
    await ptb_bot.get_updates(allowed_updates=["callback_query"])
    await alex.send("ignored by request")
    await ptb_bot.send_message(1001, "Pick", reply_markup=yes_no())
    await alex.tap("Yes")
    (update,) = await ptb_bot.get_updates(limit=5)
    assert update.callback_query is not None


async def _hammer(port: int, path: str, body: bytes, calls: int) -> None:
    """One keep-alive connection posting ``calls`` requests back to back (a cheap client)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    for _ in range(calls):
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200")
        length = next(
            int(line.split(b":")[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length")
        )
        await reader.readexactly(length)
    writer.close()


async def test_two_hundred_users_at_once_are_served_quickly(emulator: Emulator) -> None:
    # The emulator alone serves ~3,000 calls/s on one core; the bound here is loose so a
    # busy shared machine does not make it flaky, but an O(n) regression per call fails it.
    users = [emulator.user(50_000 + index) for index in range(200)]
    path = f"/bot{emulator.token}/sendMessage"
    markup = '{"inline_keyboard": [[{"text": "Yes", "callback_data": "q1:yes"}]]}'
    started = time.monotonic()
    await asyncio.gather(
        *(
            _hammer(
                emulator.port,
                path,
                f"chat_id={user.user_id}&text=Hello&reply_markup={markup}".encode(),
                10,
            )
            for user in users
        )
    )
    elapsed = time.monotonic() - started
    assert all(len(user.messages) == 10 for user in users)
    assert len(emulator.calls) == 2000
    assert elapsed < 8, f"2,000 calls took {elapsed:.1f} s"
