"""The person on the other end: sends messages, commands and taps; reads what the bot sent.

Every method runs on the emulator's loop (``Emulator.on_loop``), so a user works the same
whether the emulator shares the test's loop or runs in its own thread. Waiting is done on
the chat's change event, never by sleeping and polling.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

from bot.emulator.formatting import utf16_len
from bot.emulator.model import Button, CallbackAnswer, ChatMessage, JSONDict
from bot.emulator.state import BotState, PendingCallback

if TYPE_CHECKING:
    from bot.emulator.emulator import Emulator

T = TypeVar("T")
_callback_ids = itertools.count(1)
# A tiny valid PNG (1x1), for photos a user sends when the test does not care which.
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f3d0000000049454e44ae426082"
)


class EmulatedUser:
    def __init__(self, emulator: Emulator, bot: BotState, person: JSONDict) -> None:
        self._emulator = emulator
        self._bot = bot
        self.person = person
        self.chat = bot.open_chat(person)
        self._read = 0  # next_message's cursor into the bot's messages
        self._answers_read = 0  # wait_for_answer's cursor into answered_callbacks

    @property
    def user_id(self) -> int:
        return int(self.person["id"])

    chat_id = user_id

    # -- what the user does -----------------------------------------------------------------

    async def send(self, text: str) -> JSONDict:
        """Send a text; "/start TOKEN" carries the bot_command entity PTB's CommandHandler needs.

        Returns the update as delivered (its ``update_id`` is what ``repeat_update`` takes).
        """
        extra: JSONDict = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            extra["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]
        return await self._send_message(extra)

    async def send_sticker(self, emoji: str = "👍") -> JSONDict:
        sticker = self._bot.store_file(b"RIFF-sticker", kind="stickers")
        return await self._send_message(
            {
                "sticker": {
                    "file_id": sticker.file_id,
                    "file_unique_id": sticker.file_unique_id,
                    "type": "regular",
                    "width": 512,
                    "height": 512,
                    "is_animated": False,
                    "is_video": False,
                    "emoji": emoji,
                }
            }
        )

    async def send_voice(self, duration: int = 3, data: bytes = b"OggS-voice") -> JSONDict:
        voice = self._bot.store_file(data, kind="voice", mime_type="audio/ogg")
        return await self._send_message(
            {
                "voice": {
                    "file_id": voice.file_id,
                    "file_unique_id": voice.file_unique_id,
                    "duration": duration,
                    "mime_type": "audio/ogg",
                    "file_size": len(data),
                }
            }
        )

    async def send_photo(self, data: bytes = TINY_PNG, caption: str | None = None) -> JSONDict:
        photo = self._bot.store_file(data, kind="photos", mime_type="image/png")
        extra: JSONDict = {"photo": photo.photo_sizes()}
        if caption:
            extra["caption"] = caption
        return await self._send_message(extra)

    async def send_document(
        self,
        data: bytes = b"%PDF-1.4 synthetic",
        file_name: str = "notes.pdf",
        mime_type: str = "application/pdf",
        caption: str | None = None,
    ) -> JSONDict:
        document = self._bot.store_file(
            data, kind="documents", file_name=file_name, mime_type=mime_type
        )
        extra: JSONDict = {"document": document.document()}
        if caption:
            extra["caption"] = caption
        return await self._send_message(extra)

    async def edit(self, message_id: int, text: str) -> JSONDict:
        """Edit one of the user's own messages (the bot gets an ``edited_message``)."""
        message = self.chat.messages[message_id]
        if message.from_bot:
            raise ValueError("A user can only edit their own messages.")

        async def act() -> JSONDict:
            message.history.append((message.text, None))
            message.text = text
            message.entities = []
            message.edit_date = int(time.time())
            return self._bot.push_update({"edited_message": message.to_api()})

        return await self._emulator.on_loop(act())

    async def tap(
        self, target: ChatMessage | Button | str, button: str | None = None, *, times: int = 1
    ) -> JSONDict:
        """Tap an inline button; returns the (last) callback_query update.

        ``tap(message, "Yes")`` taps the button labelled (or with callback_data) "Yes" on
        that message; ``tap("Yes")`` taps it on the newest bot message that has it.
        ``times=2`` sends two separate taps at once, like a double tap on a slow phone.
        """
        message, chosen = self._find_button(target, button)
        if chosen.callback_data is None:
            raise ValueError(
                f"The button {chosen.text!r} opens {chosen.url!r}; it sends no callback to tap."
            )
        return await self.forge_tap(message, chosen.callback_data, times=times)

    async def forge_tap(self, message: ChatMessage, data: str, *, times: int = 1) -> JSONDict:
        """A callback query on ``message`` carrying any ``data``, as a modified client can send."""

        async def act() -> JSONDict:
            update: JSONDict = {}
            for _ in range(times):
                query_id = f"{self._bot.bot_id}{next(_callback_ids):08d}"
                self._bot.callbacks[query_id] = PendingCallback(self.chat_id, data)
                update = self._bot.push_update(
                    {
                        "callback_query": {
                            "id": query_id,
                            "from": self.person,
                            "message": message.to_api(),
                            "chat_instance": f"{self._bot.bot_id}-{self.chat_id}",
                            "data": data,
                        }
                    }
                )
            return update

        return await self._emulator.on_loop(act())

    def block(self) -> None:
        """The user blocks the bot: sends now fail with 403 Forbidden, like Telegram."""
        self.chat.blocked = True

    def unblock(self) -> None:
        self.chat.blocked = False

    # -- what the user sees -------------------------------------------------------------------

    @property
    def messages(self) -> list[ChatMessage]:
        """Everything the bot sent to this chat and has not deleted, oldest first."""
        return [message for message in self.chat.bot_messages if not message.deleted]

    @property
    def transcript(self) -> list[ChatMessage]:
        """The chat as the person's phone shows it: both sides, nothing deleted, in order."""
        return [m for m in self.chat.messages.values() if not m.deleted]

    @property
    def last_message(self) -> ChatMessage | None:
        visible = self.messages
        return visible[-1] if visible else None

    @property
    def answered_callbacks(self) -> list[CallbackAnswer]:
        return list(self.chat.answered_callbacks)

    def mark_read(self) -> None:
        """Skip everything sent so far: ``next_message`` then waits for something new."""
        self._read = len(self.chat.bot_messages)

    async def next_message(self, timeout: float = 5.0) -> ChatMessage:
        """The next bot message this user has not read with ``next_message`` yet."""

        def unread() -> ChatMessage | None:
            if self._read < len(self.chat.bot_messages):
                self._read += 1
                return self.chat.bot_messages[self._read - 1]
            return None

        return await self._wait(unread, timeout, "a new message")

    async def wait_for(
        self, condition: int | Callable[[ChatMessage], bool], timeout: float = 5.0
    ) -> ChatMessage:
        """Wait until the bot has sent ``condition`` messages (returns the last), or until
        one of its messages (edits count) satisfies ``condition`` (returns the newest match).
        """
        if isinstance(condition, int):
            count = condition

            def enough() -> ChatMessage | None:
                visible = self.messages
                return visible[count - 1] if count and len(visible) >= count else None

            return await self._wait(enough, timeout, f"{count} messages")

        def matching() -> ChatMessage | None:
            for message in reversed(self.messages):
                if condition(message):
                    return message
            return None

        return await self._wait(matching, timeout, "a matching message")

    async def wait_for_answer(self, timeout: float = 5.0) -> CallbackAnswer:
        """The next answerCallbackQuery for this user's taps not yet returned here."""

        def answered() -> CallbackAnswer | None:
            if self._answers_read < len(self.chat.answered_callbacks):
                self._answers_read += 1
                return self.chat.answered_callbacks[self._answers_read - 1]
            return None

        return await self._wait(answered, timeout, "an answer to a tap")

    # -- internals ----------------------------------------------------------------------------

    async def _send_message(self, content: JSONDict) -> JSONDict:
        async def act() -> JSONDict:
            extra = dict(content)
            message = self._bot.add_message(
                self.chat,
                from_bot=False,
                text=extra.pop("text", None),
                entities=extra.pop("entities", []),
                extra=extra,
            )
            return self._bot.push_update({"message": message.to_api()})

        return await self._emulator.on_loop(act())

    def _find_button(
        self, target: ChatMessage | Button | str, label: str | None
    ) -> tuple[ChatMessage, Button]:
        if isinstance(target, ChatMessage):
            if label is None:
                raise ValueError("Say which button: tap(message, 'button text').")
            found = target.find_button(label)
            if found is None:
                raise LookupError(
                    f"No button {label!r} on that message; it has {target.button_texts}."
                )
            return target, found
        wanted = target.text if isinstance(target, Button) else target
        for message in reversed(self.messages):
            found = message.find_button(wanted)
            if found is not None:
                return message, found
        last = self.last_message
        raise LookupError(
            f"No message from the bot has a button {wanted!r}; the last one "
            f"has {last.button_texts if last else 'no buttons'}."
        )

    async def _wait(self, check: Callable[[], T | None], timeout: float, what: str) -> T:
        async def waiter() -> T:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + timeout
            while True:
                result = check()
                if result is not None:
                    return result
                remaining = deadline - loop.time()
                if remaining <= 0:
                    recent = [m.content[:80] for m in self.messages[-3:]]
                    raise TimeoutError(
                        f"User {self.user_id} waited {timeout} s for {what}; "
                        f"the bot's last messages: {recent}"
                    )
                changed = self.chat.changed
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(changed.wait(), remaining)

        coroutine: Coroutine[Any, Any, T] = waiter()
        return await self._emulator.on_loop(coroutine)
