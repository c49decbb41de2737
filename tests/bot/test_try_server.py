"""``betteroff try``'s server, in process: the page's API over real HTTP on 127.0.0.1.

The browser test (test_try_page.py) takes a parent's survey; these check what the other
two people do, what the page is allowed to load, and what the server refuses.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.try_chat.run import TryFailure, TryOptions, TryServer, serving

Predicate = Callable[[dict[str, Any]], bool]


@pytest.fixture
async def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[TryServer]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    async with serving(TryOptions(chat_interval=0.02)) as started:
        yield started


@pytest.fixture
async def client() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        yield session


async def _say(
    client: aiohttp.ClientSession, server: TryServer, person: str, text: str
) -> dict[str, Any]:
    async with client.post(f"{server.url}api/chat/{person}/send", json={"text": text}) as reply:
        assert reply.status == 200, await reply.text()
        result: dict[str, Any] = await reply.json()
        return result


async def _until(
    client: aiohttp.ClientSession, server: TryServer, person: str, wanted: Predicate
) -> dict[str, Any]:
    """Long-poll the chat as the page does until ``wanted`` holds for one of its messages."""
    version = ""
    for _ in range(20):
        async with client.get(
            f"{server.url}api/chat/{person}", params={"version": version}
        ) as reply:
            view = await reply.json()
        for message in view["messages"]:
            if wanted(message):
                return message  # type: ignore[no-any-return]
        version = view["version"]
    pytest.fail(f"{person} never saw the message; the chat holds {view['messages'][-3:]}")


async def test_the_page_loads_nothing_from_anywhere_else(
    server: TryServer, client: aiohttp.ClientSession
) -> None:
    for path, kind in (("", "text/html"), ("static/try.js", "text/javascript")):
        async with client.get(server.url + path) as reply:
            assert reply.status == 200
            assert reply.content_type == kind
            policy = reply.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy
    async with client.get(server.url) as reply:
        page = await reply.text()
    assert 'for="composer-text"' in page  # the message box has a label
    assert "http" not in page.replace(server.url, "")  # no address outside the page's own


async def test_only_the_page_itself_can_drive_the_bot(
    server: TryServer, client: aiohttp.ClientSession
) -> None:
    # Another name for 127.0.0.1 (DNS rebinding) gets nothing.
    async with client.get(
        f"{server.url}api/setup", headers={"Host": "attacker.example:80"}
    ) as reply:
        assert reply.status == 403
    # A form on another site can post, but not JSON without a preflight: refused.
    async with client.post(f"{server.url}api/chat/family/send", data={"text": "/help"}) as reply:
        assert reply.status == 415
    assert not server.emulator.user(7_100_001).chat.messages


async def test_a_tap_on_a_button_that_has_gone_says_so(
    server: TryServer, client: aiohttp.ClientSession
) -> None:
    invite = server.seed.invites[0]
    async with client.post(
        f"{server.url}api/chat/family/open", json={"token": invite.token}
    ) as reply:
        assert reply.status == 200
    card = await _until(client, server, "family", lambda m: bool(m["keyboard"]))
    async with client.post(
        f"{server.url}api/chat/family/tap",
        json={"message_id": card["id"], "data": "not-a-button-on-it"},
    ) as reply:
        assert reply.status == 409
        assert "button has gone" in (await reply.json())["error"]


async def test_the_practitioner_joins_and_gets_an_invite_with_a_qr_code(
    server: TryServer, client: aiohttp.ClientSession
) -> None:
    await _say(client, server, "practitioner", f"/join {server.seed.join_code}")
    await _until(client, server, "practitioner", lambda m: "signed up" in m["html"])
    await _say(client, server, "practitioner", "/invite parent-carer-review")
    photo = await _until(client, server, "practitioner", lambda m: "photo" in m)
    # The link in the caption opens in the page, as a deep link opens the bot in Telegram.
    assert 'class="deep-link" data-start="' in photo["html"]
    async with client.get(server.url + photo["photo"]["src"].lstrip("/")) as reply:
        assert reply.status == 200
        assert reply.content_type == "image/png"
        assert (await reply.read()).startswith(b"\x89PNG")
    # Someone else's chat has no such file.
    wrong = photo["photo"]["src"].replace("practitioner", "family").lstrip("/")
    async with client.get(server.url + wrong) as reply:
        assert reply.status == 404


async def test_only_the_admin_gets_the_report_and_it_opens_sandboxed(
    server: TryServer, client: aiohttp.ClientSession
) -> None:
    await _say(client, server, "family", "/report")
    refused = await _until(client, server, "family", lambda m: m["from_bot"])
    assert "document" not in refused

    await _say(client, server, "admin", "/report")
    sent = await _until(client, server, "admin", lambda m: "document" in m)
    assert sent["document"]["name"].endswith(".html")
    async with client.get(server.url + sent["document"]["src"].lstrip("/")) as reply:
        assert reply.status == 200
        assert reply.content_type == "text/html"
        assert reply.headers["Content-Security-Policy"].startswith("sandbox")
        assert "<html" in (await reply.text()).lower()


async def test_the_temporary_database_goes_and_a_given_one_stays(tmp_path: Path) -> None:
    async with serving(TryOptions(chat_interval=0.02)) as temporary:
        assert temporary.temporary is not None and temporary.temporary.exists()
    assert not temporary.temporary.exists()

    kept = tmp_path / "try.db"
    async with serving(TryOptions(db=str(kept), chat_interval=0.02)) as given:
        assert given.temporary is None
        assert len(given.seed.invites) >= 5
    assert kept.exists()


async def test_a_database_in_a_missing_folder_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "try.db"
    with pytest.raises(TryFailure, match="no-such-folder"):
        async with serving(TryOptions(db=str(missing))):
            pass


async def test_a_database_that_will_not_do_is_refused_with_a_sentence(tmp_path: Path) -> None:
    with pytest.raises(TryFailure, match="SQLite file"):
        async with serving(TryOptions(db="postgresql+asyncpg://postgres@127.0.0.1/test")):
            pass
    with pytest.raises(TryFailure, match="is a folder"):
        async with serving(TryOptions(db=str(tmp_path))):
            pass
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database, just words\n" * 100)
    with pytest.raises(TryFailure, match=r"notes\.txt as the database \(file is not a database"):
        async with serving(TryOptions(db=str(notes))):
            pass


async def test_a_port_in_use_is_named_with_what_to_do() -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(TryFailure, match=f"127.0.0.1:{port}.*choose another --port"):
            async with serving(TryOptions(port=port)):
                pass


def test_the_command_says_what_is_wrong_without_a_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "try.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("BETTEROFF_")}
    finished = subprocess.run(
        [sys.executable, "-m", "bot.cli", "try", "--no-browser", "--db", str(missing)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert finished.returncode == 1
    assert "Traceback" not in finished.stderr + finished.stdout
    assert "does not exist" in finished.stderr and "--db" in finished.stderr


async def test_a_long_poll_answers_when_the_bot_speaks(
    server: TryServer, client: aiohttp.ClientSession
) -> None:
    async with client.get(f"{server.url}api/chat/family") as reply:
        before = (await reply.json())["version"]

    async def speak_later() -> None:
        await asyncio.sleep(0.2)
        await server.emulator.user(7_100_001).send("/privacy")

    speaking = asyncio.create_task(speak_later())
    async with client.get(f"{server.url}api/chat/family", params={"version": before}) as reply:
        after = await reply.json()
    await speaking
    assert after["version"] != before


async def test_a_kept_database_keeps_its_secret_for_the_next_run(tmp_path: Path) -> None:
    # Every keyed hash in the file (join codes, chats in the middle of a survey) was made
    # with the first run's secret; a second run with a new one would match none of them.
    kept = tmp_path / "try.db"
    async with serving(TryOptions(db=str(kept), chat_interval=0.02)) as first:
        assert first.secret_file is not None
        secret = first.secret_file.read_text().strip()
        assert len(secret) >= 32
        assert first.secret_file.stat().st_mode & 0o077 == 0  # only its owner may read it
    async with serving(TryOptions(db=str(kept), chat_interval=0.02)) as second:
        assert second.secret_file == first.secret_file
        assert second.secret_file.read_text().strip() == secret


def test_stopped_by_sigterm_it_still_cleans_up(tmp_path: Path) -> None:
    # A service manager, a terminal closing, `timeout`: not everyone stops it with Ctrl-C.
    env = {k: v for k, v in os.environ.items() if not k.startswith("BETTEROFF_")}
    env.update(TMPDIR=str(tmp_path), XDG_CACHE_HOME=str(tmp_path / "cache"))
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "try", "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert "http://127.0.0.1:" in first, first
        assert list(tmp_path.glob("betteroff-try-*"))
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()  # our own child, by its handle
            process.wait(timeout=10)
    assert process.returncode == 0, output
    assert "Traceback" not in output
    assert not list(tmp_path.glob("betteroff-try-*")), output
