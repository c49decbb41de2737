"""Webhook mode: setWebhook / deleteWebhook / getWebhookInfo and delivery by HTTP POST.

Like Telegram, updates for one chat arrive in order (one at a time), different chats in
parallel up to ``max_connections``, and a failed delivery is retried with backoff, a
bounded number of times. Delivery only ever goes to 127.0.0.1: a public webhook URL must
be mapped to a local one with the emulator's ``webhook_rewrite``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections import deque
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx

from bot.emulator.errors import Reason, bad_request
from bot.emulator.model import JSONDict
from bot.emulator.params import Upload
from bot.emulator.state import BotState, QueuedUpdate, WebhookConfig

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def chat_key(update: JSONDict) -> int:
    """The chat an update belongs to, for per-chat ordering (0 when it has none)."""
    for kind in ("message", "edited_message", "callback_query"):
        body = update.get(kind)
        if body:
            if kind == "callback_query":
                return int(body["from"]["id"])
            return int(body["chat"]["id"])
    return 0


class WebhookDispatcher:
    def __init__(
        self,
        *,
        rewrite: Callable[[str], str] | None = None,
        max_attempts: int = 5,
        retry_delay: float = 0.05,
    ) -> None:
        self._rewrite = rewrite
        self._max_attempts = max_attempts
        self._retry_delay = retry_delay
        self._client: httpx.AsyncClient | None = None
        self._queues: dict[tuple[str, int], deque[JSONDict]] = {}
        self._tasks: dict[tuple[str, int], asyncio.Task[None]] = {}
        self._limits: dict[str, asyncio.Semaphore] = {}
        #: updates given up on after ``max_attempts`` failures, oldest first
        self.dropped: list[JSONDict] = []

    async def start(self) -> None:
        # trust_env=False: no proxy from the environment may carry an update off this host.
        self._client = httpx.AsyncClient(timeout=10.0, trust_env=False)

    async def stop(self) -> None:
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._client is not None:
            await self._client.aclose()

    # -- Bot API methods ------------------------------------------------------------------

    def set_webhook(
        self, bot: BotState, params: dict[str, Any], uploads: dict[str, Upload]
    ) -> bool:
        url = str(params.get("url") or "")
        if not url:
            return self.delete_webhook(bot, params, uploads)
        secret = params.get("secret_token")
        if secret is not None and not _SECRET.match(str(secret)):
            raise bad_request(Reason.SECRET_TOKEN_INVALID)
        target = self._rewrite(url) if self._rewrite else url
        parts = urlsplit(target)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise bad_request(Reason.WEBHOOK_URL_INVALID)
        if parts.hostname not in _LOCAL_HOSTS:
            raise bad_request(Reason.WEBHOOK_NOT_LOCAL)
        # Whatever waits (for polling or for an earlier webhook) goes to the new one, in order.
        waiting = sorted(
            [*self._cancel(bot), *(item.update for item in bot.pending)],
            key=lambda update: int(update["update_id"]),
        )
        bot.drop_pending()
        if params.get("drop_pending_updates"):
            waiting = []
        max_connections = int(params.get("max_connections") or 40)
        bot.webhook = WebhookConfig(
            url=url,
            target_url=target,
            secret_token=str(secret) if secret is not None else None,
            max_connections=max_connections,
            allowed_updates=params.get("allowed_updates") or None,
            ip_address=params.get("ip_address"),
        )
        self._limits[bot.token] = asyncio.Semaphore(max_connections)
        bot.webhook_sink = self.enqueue
        for update in waiting:
            self.enqueue(bot, update)
        bot.wake_pollers()  # a long poll still waiting ends now, as the webhook takes over
        return True

    def delete_webhook(
        self, bot: BotState, params: dict[str, Any], uploads: dict[str, Upload]
    ) -> bool:
        undelivered = self._cancel(bot)
        bot.webhook = None
        if params.get("drop_pending_updates"):
            bot.drop_pending()
        else:
            bot.pending.extend(QueuedUpdate(update) for update in undelivered)
        return True

    def webhook_info(
        self, bot: BotState, params: dict[str, Any], uploads: dict[str, Upload]
    ) -> JSONDict:
        config = bot.webhook
        if config is None:
            return {
                "url": "",
                "has_custom_certificate": False,
                "pending_update_count": len(bot.pending),
            }
        info: JSONDict = {
            "url": config.url,
            "has_custom_certificate": False,
            "pending_update_count": config.pending,
            "max_connections": config.max_connections,
        }
        if config.allowed_updates:
            info["allowed_updates"] = config.allowed_updates
        if config.ip_address:
            info["ip_address"] = config.ip_address
        if config.last_error_date is not None:
            info["last_error_date"] = config.last_error_date
            info["last_error_message"] = config.last_error_message
        return info

    # -- delivery -------------------------------------------------------------------------

    def enqueue(self, bot: BotState, update: JSONDict) -> None:
        key = (bot.token, chat_key(update))
        self._queues.setdefault(key, deque()).append(update)
        if bot.webhook is not None:
            bot.webhook.pending += 1
        if key not in self._tasks:
            self._tasks[key] = asyncio.get_running_loop().create_task(self._drain(bot, key))

    def _cancel(self, bot: BotState) -> list[JSONDict]:
        """Stop delivering for ``bot``; return what was not delivered, in update order."""
        undelivered: list[JSONDict] = []
        for key in [key for key in self._queues if key[0] == bot.token]:
            task = self._tasks.pop(key, None)
            if task is not None:
                task.cancel()
            undelivered.extend(self._queues.pop(key))
        bot.webhook_sink = None
        return sorted(undelivered, key=lambda update: int(update["update_id"]))

    async def _drain(self, bot: BotState, key: tuple[str, int]) -> None:
        queue = self._queues[key]
        try:
            while queue:
                await self._deliver(bot, queue[0])
                queue.popleft()
                if bot.webhook is not None:
                    bot.webhook.pending -= 1
        finally:
            if self._tasks.get(key) is asyncio.current_task():
                del self._tasks[key]
                if not queue:
                    self._queues.pop(key, None)

    async def _deliver(self, bot: BotState, update: JSONDict) -> None:
        for attempt in range(self._max_attempts):
            config = bot.webhook
            if config is None:
                return
            async with self._limits[bot.token]:
                status, error = await self.post(config.target_url, update, config.secret_token)
            if 200 <= status < 300:
                return
            config.last_error_date = int(time.time())
            config.last_error_message = error
            await asyncio.sleep(self._retry_delay * 2**attempt)
        logger.warning(
            "Webhook delivery of update %s given up after %d attempts",
            update.get("update_id"),
            self._max_attempts,
        )
        self.dropped.append(update)

    async def post(self, url: str, update: JSONDict, secret: str | None) -> tuple[int, str]:
        """POST one update; (status, Telegram-style error text); status 0 if unreachable."""
        assert self._client is not None, "the emulator is not started"
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        try:
            response = await self._client.post(url, json=update, headers=headers)
        except httpx.HTTPError as error:
            return 0, f"Connection failed: {type(error).__name__}"
        return (
            response.status_code,
            f"Wrong response from the webhook: {response.status_code} {response.reason_phrase}",
        )
