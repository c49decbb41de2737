"""Everything one bot (one token) knows: its chats, files, update queue and settings.

All of it lives on the emulator's event loop and every operation is O(1) or O(batch),
so two hundred simulated users do not make the emulator the bottleneck.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import struct
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.emulator.errors import (
    POLLING_CONFLICT,
    WEBHOOK_CONFLICT,
    ApiError,
    Reason,
    bad_request,
    forbidden,
)
from bot.emulator.flood import FloodControl
from bot.emulator.model import Chat, ChatMessage, JSONDict, StoredFile

# Telegram's default when allowed_updates was never set: everything but these.
_NOT_DELIVERED_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


@dataclass(slots=True)
class QueuedUpdate:
    update: JSONDict
    replay: bool = False  # an identical re-delivery from ``repeat_update``
    returned: bool = False  # handed to getUpdates at least once

    @property
    def update_id(self) -> int:
        return int(self.update["update_id"])


@dataclass(slots=True)
class WebhookConfig:
    url: str
    target_url: str  # where the emulator really posts (after any rewrite); always 127.0.0.1
    secret_token: str | None
    max_connections: int = 40
    allowed_updates: list[str] | None = None
    ip_address: str | None = None
    last_error_date: int | None = None
    last_error_message: str | None = None
    pending: int = 0


@dataclass(slots=True)
class Fault:
    error: ApiError
    remaining: int


@dataclass(slots=True)
class PendingCallback:
    chat_id: int
    data: str | None
    answered: bool = False


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG (the bot's QR codes); a plausible square otherwise."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    return 320, 320


@dataclass
class BotState:
    token: str
    username: str
    first_name: str
    chats: dict[int, Chat] = field(default_factory=dict)
    files: dict[str, StoredFile] = field(default_factory=dict)
    files_by_path: dict[str, StoredFile] = field(default_factory=dict)
    pending: deque[QueuedUpdate] = field(default_factory=deque)
    delivered: dict[int, JSONDict] = field(default_factory=dict)
    allowed_updates: list[str] | None = None
    webhook: WebhookConfig | None = None
    commands: dict[tuple[str, str], list[JSONDict]] = field(default_factory=dict)
    faults: dict[str, deque[Fault]] = field(default_factory=dict)
    callbacks: dict[str, PendingCallback] = field(default_factory=dict)
    #: set by the emulator: posts an update to the webhook instead of queueing it
    webhook_sink: Callable[[BotState, JSONDict], None] | None = None
    #: Telegram's flood limits for this bot, when the emulator keeps them
    flood: FloodControl | None = None
    #: seconds since the epoch (the emulator's clock): message dates, delete time limits
    clock: Callable[[], float] = time.time
    next_update_id: int = 1
    closing: bool = False
    _update_arrived: asyncio.Event = field(default_factory=asyncio.Event)
    _poll_generation: int = 0
    _file_counter: int = 0

    @property
    def bot_id(self) -> int:
        return int(self.token.split(":", 1)[0])

    @property
    def user(self) -> JSONDict:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
        }

    def me(self) -> JSONDict:
        return {
            **self.user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    # -- chats and messages -------------------------------------------------------------

    def open_chat(self, user: JSONDict) -> Chat:
        chat = self.chats.get(user["id"])
        if chat is None:
            chat_json = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
            for optional in ("last_name", "username"):
                if user.get(optional):
                    chat_json[optional] = user[optional]
            chat = Chat(user=user, chat=chat_json)
            self.chats[user["id"]] = chat
        return chat

    def chat(self, chat_id: object, *, sending: bool = False) -> Chat:
        chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise bad_request(Reason.CHAT_NOT_FOUND)
        if sending and chat.blocked:
            raise forbidden("bot was blocked by the user")
        return chat

    def bot_message(self, chat: Chat, message_id: object, *, reason: Reason) -> ChatMessage:
        message = chat.messages.get(message_id) if isinstance(message_id, int) else None
        if message is None or message.deleted:
            raise bad_request(reason)
        if not message.from_bot:
            raise bad_request(Reason.MESSAGE_CANT_BE_EDITED)
        return message

    def add_message(self, chat: Chat, *, from_bot: bool, **content: object) -> ChatMessage:
        message = ChatMessage(
            message_id=chat.take_message_id(),
            chat=chat.chat,
            sender=self.user if from_bot else chat.user,
            date=int(self.clock()),
            from_bot=from_bot,
            **content,  # type: ignore[arg-type]
        )
        chat.messages[message.message_id] = message
        if from_bot:
            chat.bot_messages.append(message)
            chat.notify()
        return message

    def store_file(
        self,
        data: bytes,
        *,
        kind: str,
        file_name: str | None = None,
        mime_type: str | None = None,
    ) -> StoredFile:
        self._file_counter += 1
        width, height = image_size(data) if kind == "photos" else (0, 0)
        extension = (
            (file_name or "").rpartition(".")[2]
            if file_name and "." in file_name
            else ("png" if kind == "photos" else "bin")
        )
        stored = StoredFile(
            file_id=f"{kind[:3].upper()}{self.bot_id}_{self._file_counter}_{secrets.token_hex(6)}",
            file_unique_id=f"U{self._file_counter}{secrets.token_hex(4)}",
            data=data,
            file_path=f"{kind}/file_{self._file_counter}.{extension}",
            file_name=file_name,
            mime_type=mime_type,
            width=width,
            height=height,
        )
        self.files[stored.file_id] = stored
        self.files_by_path[stored.file_path] = stored
        return stored

    # -- updates --------------------------------------------------------------------------

    def push_update(self, payload: JSONDict) -> JSONDict:
        """Give the bot a new update (``payload`` like ``{"message": {...}}``)."""
        update = {"update_id": self.next_update_id, **payload}
        self.next_update_id += 1
        self.delivered[update["update_id"]] = update
        kind = next(iter(payload))
        allowed = self.webhook.allowed_updates if self.webhook else self.allowed_updates
        if allowed and kind not in allowed:
            return update  # Telegram never queues what the bot said it does not want
        if not allowed and kind in _NOT_DELIVERED_BY_DEFAULT:
            return update
        self._route(update, replay=False)
        return update

    def repeat_update(self, update_id: int) -> JSONDict:
        update = self.delivered.get(update_id)
        if update is None:
            raise KeyError(f"update {update_id} was never sent to this bot")
        self._route(update, replay=True)
        return update

    def _route(self, update: JSONDict, *, replay: bool) -> None:
        if self.webhook is not None and self.webhook_sink is not None:
            self.webhook_sink(self, update)
            return
        self.pending.append(QueuedUpdate(update, replay=replay))
        self.wake_pollers()

    def wake_pollers(self) -> None:
        self._update_arrived.set()
        self._update_arrived = asyncio.Event()

    def _confirm(self, offset: int) -> None:
        if offset < 0:
            while len(self.pending) > -offset:
                self.pending.popleft()
            return
        while self.pending:
            head = self.pending[0]
            # A replay not yet handed out survives: it carries an old id on purpose.
            if head.update_id >= offset or (head.replay and not head.returned):
                break
            self.pending.popleft()

    def _take(self, limit: int) -> list[JSONDict]:
        # A replay travels alone: PTB sets its offset from the batch's last update_id, so an
        # old id behind newer ones would make it fetch the newer ones twice.
        batch: list[JSONDict] = []
        for item in self.pending:
            if len(batch) >= limit or (item.replay and batch):
                break
            batch.append(item.update)
            item.returned = True
            if item.replay:
                break
        return batch

    async def get_updates(
        self,
        *,
        offset: int | None,
        limit: int,
        timeout: float,
        allowed_updates: list[str] | None,
    ) -> list[JSONDict]:
        if self.webhook is not None:
            raise WEBHOOK_CONFLICT
        if allowed_updates is not None:
            self.allowed_updates = list(allowed_updates) or None
        if offset is not None:
            self._confirm(offset)
        limit = max(1, min(limit, 100))
        self._poll_generation += 1
        generation = self._poll_generation
        if generation > 1:
            self.wake_pollers()  # an older long poll ends with a Conflict, as on Telegram
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            batch = self._take(limit)
            remaining = deadline - time.monotonic()
            if batch or remaining <= 0 or self.closing:
                return batch
            arrived = self._update_arrived
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(arrived.wait(), remaining)
            if generation != self._poll_generation:
                raise POLLING_CONFLICT

    def drop_pending(self) -> None:
        self.pending.clear()
