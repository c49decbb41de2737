"""``bot.transport.AiohttpRequest``: PTB's Bot over aiohttp, against the emulator and
against servers that misbehave on purpose."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from telegram import Bot
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.request import HTTPXRequest

from bot.emulator import Emulator
from bot.emulator.user import TINY_PNG
from bot.transport import AiohttpRequest, scrub, telegram_request

CHAT = 7001


@contextlib.asynccontextmanager
async def bot_on(emulator: Emulator, **request_options: float) -> AsyncIterator[Bot]:
    request = AiohttpRequest(connection_pool_size=4, **request_options)
    async with Bot(
        emulator.token,
        base_url=emulator.base_url,
        request=request,
        get_updates_request=AiohttpRequest(),
    ) as bot:
        yield bot


async def test_calls_and_answers_round_trip(emulator: Emulator) -> None:
    emulator.user(CHAT, "Alex")
    async with bot_on(emulator) as bot:
        me = await bot.get_me()
        assert me.is_bot
        sent = await bot.send_message(CHAT, "Hello — ünïcödé ✅ & symbols =+?")
        assert sent.text == "Hello — ünïcödé ✅ & symbols =+?"
        edited = await bot.edit_message_text("Edited", chat_id=CHAT, message_id=sent.message_id)
        assert getattr(edited, "text", None) == "Edited"
    assert [m.content for m in emulator.user(CHAT).messages][-1] == "Edited"


async def test_files_go_up_as_multipart(emulator: Emulator) -> None:
    """A QR code (sendPhoto) and a report (sendDocument), with captions beside the files."""
    emulator.user(CHAT, "Alex")
    async with bot_on(emulator) as bot:
        photo = await bot.send_photo(CHAT, TINY_PNG, caption="Scan me")
        document = await bot.send_document(
            CHAT, b"<html>report</html>", filename="report.html", caption="The report"
        )
    assert photo.caption == "Scan me" and photo.photo
    assert document.document is not None and document.document.file_name == "report.html"
    stored = emulator.file(document.document.file_id)
    assert stored.data == b"<html>report</html>"


async def test_telegram_errors_reach_ptb_as_its_own(emulator: Emulator) -> None:
    emulator.user(CHAT, "Alex")
    async with bot_on(emulator) as bot:
        emulator.fail_next("sendMessage", 429, retry_after=3)
        with pytest.raises(RetryAfter) as flood:
            await bot.send_message(CHAT, "too fast")
        retry = flood.value.retry_after
        assert (retry.total_seconds() if isinstance(retry, timedelta) else retry) == 3
        sent = await bot.send_message(CHAT, "Same words")
        with pytest.raises(BadRequest, match="not modified"):
            await bot.edit_message_text("Same words", chat_id=CHAT, message_id=sent.message_id)


@contextlib.asynccontextmanager
async def silent_server() -> AsyncIterator[int]:
    """A server that accepts connections and never answers."""
    held: list[asyncio.StreamWriter] = []

    async def hold(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        for writer in held:
            writer.close()
        server.close()
        await server.wait_closed()


async def test_a_silent_server_is_a_timeout() -> None:
    async with silent_server() as port:
        request = AiohttpRequest(read_timeout=0.2, write_timeout=0.2, connect_timeout=0.2)
        await request.initialize()
        try:
            with pytest.raises(TimedOut):
                await request.post(f"http://127.0.0.1:{port}/bot123:SECRET/getMe")
        finally:
            await request.shutdown()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_refused_connection_is_a_network_error_without_the_token() -> None:
    token = "123456:SECRET-never-in-a-message"
    request = AiohttpRequest(connect_timeout=1)
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as failed:
            await request.post(f"http://127.0.0.1:{_closed_port()}/bot{token}/getMe")
    finally:
        await request.shutdown()
    assert not isinstance(failed.value, TimedOut)
    assert "SECRET" not in str(failed.value) and "123456" not in str(failed.value)


def test_scrub_hides_tokens_in_bot_and_file_urls() -> None:
    assert scrub("GET https://api.telegram.org/bot123:ABC/getMe failed") == (
        "GET https://api.telegram.org/bot<token>/getMe failed"
    )
    assert scrub("https://api.telegram.org/file/bot123:ABC/photos/1.jpg") == (
        "https://api.telegram.org/file/bot<token>/photos/1.jpg"
    )


async def test_a_request_must_be_initialised_first_and_can_be_reused_after_shutdown(
    emulator: Emulator,
) -> None:
    request = AiohttpRequest()
    with pytest.raises(NetworkError, match="not initialized"):  # PTB wraps the RuntimeError
        await request.post(f"{emulator.base_url}{emulator.token}/getMe")
    await request.initialize()
    await request.shutdown()
    await request.initialize()  # PTB initialises again after a shutdown (restarts)
    try:
        me = await request.post(f"{emulator.base_url}{emulator.token}/getMe")
        assert isinstance(me, dict) and me["is_bot"] is True
    finally:
        await request.shutdown()


def test_the_client_is_chosen_by_name() -> None:
    assert isinstance(telegram_request("aiohttp", connection_pool_size=2), AiohttpRequest)
    assert isinstance(telegram_request("httpx", connection_pool_size=2), HTTPXRequest)
    with pytest.raises(ValueError, match="unknown Telegram HTTP client"):
        telegram_request("requests", connection_pool_size=2)
    with pytest.raises(ValueError, match="at least 1"):
        AiohttpRequest(connection_pool_size=0)


def _clear_proxy_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


async def test_the_proxy_named_in_the_environment_carries_the_calls(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As with httpx: HTTP_PROXY is used. The "proxy" here is a stand-in on loopback that
    answers getMe itself, so nothing leaves the machine."""
    seen: list[str] = []
    answer = b'{"ok":true,"result":{"id":1,"is_bot":true,"first_name":"P","username":"p_bot"}}'

    async def proxy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        seen.append(head.split(b"\r\n")[0].decode())
        length = next(
            (int(line.split(b":")[1]) for line in head.split(b"\r\n")
             if line.lower().startswith(b"content-length:")),
            0,
        )  # fmt: skip
        await reader.readexactly(length)
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(answer)}\r\nConnection: close\r\n\r\n".encode()
            + answer
        )
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(proxy, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    _clear_proxy_environment(monkeypatch)
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{port}")
    request = AiohttpRequest(connect_timeout=2, read_timeout=2)
    await request.initialize()
    try:
        me = await request.post("http://api.telegram.invalid/bot123:ABC/getMe")
    finally:
        await request.shutdown()
        server.close()
        await server.wait_closed()
    assert isinstance(me, dict) and me["username"] == "p_bot"
    assert seen == ["POST http://api.telegram.invalid/bot123:ABC/getMe HTTP/1.1"]


def test_no_proxy_is_honoured_and_the_lookup_is_made_once_per_host(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _clear_proxy_environment(monkeypatch)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    monkeypatch.setenv("NO_PROXY", "botapi.internal")
    request = AiohttpRequest()
    assert request.proxy_for("https://api.telegram.org/bot1:x/getMe") == (
        "http://proxy.internal:3128"
    )
    assert request.proxy_for("https://botapi.internal/bot1:x/getMe") is None
    monkeypatch.delenv("HTTPS_PROXY")
    # Remembered per host: the environment is read when a host is first called.
    assert request.proxy_for("https://api.telegram.org/bot1:x/sendMessage") == (
        "http://proxy.internal:3128"
    )
    assert AiohttpRequest().proxy_for("https://api.telegram.org/bot1:x/getMe") is None
