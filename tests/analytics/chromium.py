"""Drive headless Chromium over the DevTools protocol, on 127.0.0.1 only.

Chromium starts on ``about:blank`` with remote debugging on a free port; we attach
to the page, turn on the console and log domains, then navigate, so no message from
the page's load is missed. Tornado (already installed with python-telegram-bot's
webhooks) is the websocket client.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from tornado.websocket import WebSocketClientConnection, websocket_connect

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking")
_LISTENING = re.compile(rb"DevTools listening on (ws://127\.0\.0\.1:(\d+)/\S+)")


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None


@dataclass
class Page:
    socket: WebSocketClientConnection
    ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    events: list[dict[str, Any]] = field(default_factory=list)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        message_id = next(self.ids)
        await self.socket.write_message(
            json.dumps({"id": message_id, "method": method, "params": params})
        )
        while True:
            raw = await asyncio.wait_for(self.socket.read_message(), timeout=30)
            if raw is None:
                raise RuntimeError("Chromium closed the DevTools connection")
            message = json.loads(raw)
            if message.get("id") == message_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    async def wait_for(self, event: str, timeout: float = 30) -> None:
        if any(e.get("method") == event for e in self.events):
            return
        async with asyncio.timeout(timeout):
            while True:
                raw = await self.socket.read_message()
                if raw is None:
                    raise RuntimeError("Chromium closed the DevTools connection")
                message = json.loads(raw)
                self.events.append(message)
                if message.get("method") == event:
                    return

    def console_errors(self) -> list[str]:
        errors = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                errors.append(str(params.get("exceptionDetails", {}).get("text")))
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                errors.append(" ".join(str(a.get("value")) for a in params.get("args", [])))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                errors.append(str(params["entry"].get("text")))
        return errors

    async def screenshot(self, clip: dict[str, float] | None = None) -> bytes:
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": True}
        if clip:
            params["clip"] = {**clip, "scale": 1}
        result = await self.call("Page.captureScreenshot", **params)
        return base64.b64decode(result["data"])


@contextlib.asynccontextmanager
async def open_page(chromium: str, profile: Path) -> AsyncIterator[Page]:
    process = subprocess.Popen(
        [chromium, *FLAGS, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
         f"--user-data-dir={profile}", "--window-size=1280,900", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        port = await asyncio.to_thread(_read_port, process)
        async with httpx.AsyncClient() as client:
            targets = (await client.get(f"http://127.0.0.1:{port}/json/list")).json()
        page_url = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
        socket = await websocket_connect(page_url, max_message_size=64 * 1024 * 1024)
        page = Page(socket)
        for domain in ("Page", "Runtime", "Log"):
            await page.call(f"{domain}.enable")
        yield page
        socket.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _drain(stream: Any) -> None:
    for _ in stream:
        pass


def _read_port(process: subprocess.Popen[bytes]) -> int:
    assert process.stderr is not None
    seen = b""
    for line in process.stderr:
        seen += line
        match = _LISTENING.search(line)
        if match:
            # keep reading, or Chromium blocks once the pipe's buffer is full
            threading.Thread(target=_drain, args=(process.stderr,), daemon=True).start()
            return int(match.group(2))
    raise RuntimeError(
        f"Chromium did not start its DevTools server:\n{seen.decode(errors='replace')}"
    )
