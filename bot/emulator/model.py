"""What the emulator remembers: chats, messages, files and calls, as small dataclasses.

``to_api`` turns a record into the Bot API JSON object PTB de-serialises; the records
themselves are what tests read (``message.text``, ``message.buttons``, ``message.photo_bytes``).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

JSONDict = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Button:
    """One inline keyboard button as the user sees it."""

    text: str
    callback_data: str | None = None
    url: str | None = None


@dataclass(slots=True)
class StoredFile:
    """An uploaded (or user-sent) file; ``data`` is the exact bytes that were uploaded."""

    file_id: str
    file_unique_id: str
    data: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None
    width: int = 0
    height: int = 0

    def photo_sizes(self) -> list[JSONDict]:
        return [
            {
                "file_id": self.file_id,
                "file_unique_id": self.file_unique_id,
                "width": self.width,
                "height": self.height,
                "file_size": len(self.data),
            }
        ]

    def document(self) -> JSONDict:
        document: JSONDict = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
        }
        if self.file_name:
            document["file_name"] = self.file_name
        if self.mime_type:
            document["mime_type"] = self.mime_type
        return document

    def file(self) -> JSONDict:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }


@dataclass(slots=True)
class ChatMessage:
    """A message in a private chat, sent by the bot or by the user.

    Bot messages keep their earlier versions in ``history`` as (text or caption,
    reply_markup) pairs, oldest first, so a test can see what an edit replaced.
    """

    message_id: int
    chat: JSONDict
    sender: JSONDict
    date: int
    from_bot: bool
    text: str | None = None
    entities: list[JSONDict] = field(default_factory=list)
    caption: str | None = None
    caption_entities: list[JSONDict] = field(default_factory=list)
    reply_markup: JSONDict | None = None
    photo: StoredFile | None = None
    document: StoredFile | None = None
    extra: JSONDict = field(default_factory=dict)
    edit_date: int | None = None
    history: list[tuple[str | None, JSONDict | None]] = field(default_factory=list)
    deleted: bool = False

    @property
    def chat_id(self) -> int:
        return int(self.chat["id"])

    @property
    def edited(self) -> bool:
        return bool(self.history)

    @property
    def content(self) -> str:
        """The text, or the caption of a photo or document, or ``""``."""
        return self.text if self.text is not None else (self.caption or "")

    @property
    def buttons(self) -> list[list[Button]]:
        """Inline keyboard rows; empty when the message has no inline keyboard."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [
            [
                Button(
                    text=button.get("text", ""),
                    callback_data=button.get("callback_data"),
                    url=button.get("url"),
                )
                for button in row
            ]
            for row in rows
        ]

    @property
    def button_texts(self) -> list[str]:
        return [button.text for row in self.buttons for button in row]

    @property
    def photo_bytes(self) -> bytes | None:
        return self.photo.data if self.photo else None

    @property
    def document_bytes(self) -> bytes | None:
        return self.document.data if self.document else None

    def find_button(self, label: str) -> Button | None:
        """The button whose text or callback_data is ``label``."""
        for row in self.buttons:
            for button in row:
                if label in (button.text, button.callback_data):
                    return button
        return None

    def to_api(self) -> JSONDict:
        message: JSONDict = {
            "message_id": self.message_id,
            "date": self.date,
            "chat": self.chat,
            "from": self.sender,
        }
        if self.text is not None:
            message["text"] = self.text
            if self.entities:
                message["entities"] = self.entities
        if self.caption is not None:
            message["caption"] = self.caption
            if self.caption_entities:
                message["caption_entities"] = self.caption_entities
        if self.photo is not None:
            message["photo"] = self.photo.photo_sizes()
        if self.document is not None:
            message["document"] = self.document.document()
        if self.reply_markup is not None and "inline_keyboard" in self.reply_markup:
            # Telegram echoes only inline keyboards back on the Message object.
            message["reply_markup"] = self.reply_markup
        if self.edit_date is not None:
            message["edit_date"] = self.edit_date
        message.update(self.extra)
        return message


@dataclass(slots=True)
class Chat:
    """A private chat between one bot and one user (chat id == user id)."""

    user: JSONDict
    chat: JSONDict
    messages: dict[int, ChatMessage] = field(default_factory=dict)
    bot_messages: list[ChatMessage] = field(default_factory=list)
    answered_callbacks: list[CallbackAnswer] = field(default_factory=list)
    next_message_id: int = 1
    blocked: bool = False
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    def notify(self) -> None:
        """Wake everyone waiting for bot output in this chat (no lock, no await needed)."""
        self.changed.set()
        self.changed = asyncio.Event()

    def take_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id


@dataclass(frozen=True, slots=True)
class CallbackAnswer:
    """What the bot said in ``answerCallbackQuery`` for one tap."""

    callback_query_id: str
    data: str | None
    text: str | None
    show_alert: bool
    url: str | None


@dataclass(frozen=True, slots=True)
class CallRecord:
    """One Bot API call: which bot (by id, never token), method, chat, when, outcome."""

    bot_id: int
    method: str
    chat_id: int | str | None
    at: float  # time.monotonic()
    status: int
