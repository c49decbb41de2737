"""A local Telegram Bot API emulator: the real PTB ``Application``, no real Telegram.

It serves ``/bot<TOKEN>/<method>`` on 127.0.0.1 (an ephemeral port by default) with
Telegram's own result objects and error answers, and plays the users on the other end.

In an async test (the ``emulator`` fixture in ``tests/bot/conftest.py`` does this)::

    async with Emulator(token="123:ABC") as emu:
        app = emu.application_builder().build()   # base_url / base_file_url set for you
        app.add_handler(CommandHandler("start", start))
        await app.initialize(); await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=1)

        alex = emu.user(1001, "Alex", language_code="en")  # private chat, chat id 1001
        await alex.send("/start invite-token")   # carries a bot_command entity
        reply = await alex.next_message()         # waits without sleeping
        await alex.tap(reply, "Yes")              # button text or callback_data
        await alex.tap("Yes", times=2)            # a double tap: two callback queries
        edited = await alex.wait_for(lambda m: m.edited and "Thanks" in m.text)
        alex.answered_callbacks                   # what answerCallbackQuery said
        alex.messages[-1].buttons                 # rows of Button(text, callback_data, url)
        alex.last_message.photo_bytes             # bytes exactly as sendPhoto uploaded

For synchronous callers (the demo)::

    emu = Emulator.start_in_thread(token=...)      # own loop in a daemon thread
    emu.run(emu.user(1001).send("/start"))         # run a user action from any thread
    emu.close()

A user's coroutines may be awaited on any loop; they hop to the emulator's loop.

Faults and observation:

- ``emu.fail_next("sendMessage", 429, retry_after=1, count=1)`` -> Telegram's 429 with
  ``parameters.retry_after`` (PTB raises ``RetryAfter``); any other status (400, 403,
  500 …) with ``description=`` for the text. ``"*"`` fails whichever method comes next.
- ``emu.calls`` records every call (bot id, method, chat_id, ``time.monotonic()``,
  HTTP status); ``emu.calls_for(chat_id=..., methods=...)`` and
  ``emu.min_send_interval(chat_id)`` check flood behaviour. Tokens are never logged.
- ``emu.repeat_update(update_id)`` delivers an update again, identical; ``user.block()``
  makes sends fail with 403 "Forbidden: bot was blocked by the user".
- Webhooks: after the bot's ``setWebhook`` (127.0.0.1 only; map a public URL with
  ``Emulator(webhook_rewrite=...)``) updates are POSTed with the
  ``X-Telegram-Bot-Api-Secret-Token`` header, in order per chat, retried with backoff;
  ``await emu.post_raw_to_webhook(update, secret="wrong")`` returns the bot's HTTP status.
- Telegram's flood limits, off by default: ``Emulator(flood_limits=flood.TELEGRAM)`` answers
  429 with ``retry_after`` beyond about 30 paced calls a second per bot and beyond a short
  burst of new messages to one chat (``bot.emulator.flood``); ``emu.refused()`` counts them.
- ``deleteMessage`` / ``deleteMessages`` keep Telegram's 48-hour window, for the bot's
  messages and the person's alike (``Emulator(clock=...)`` moves Telegram's clock);
  ``user.transcript`` is the chat as the phone shows it, both sides.
- Several bots: ``Emulator(token=[main, control])`` or ``emu.add_bot(token)``; pass
  ``token=`` to ``user``/``fail_next``/``bot`` to pick one. State is kept per token.

Validated like Telegram: empty or over-long text, captions, callback_data over 64 bytes,
button URLs, HTML / MarkdownV2 that does not parse, "message is not modified", unknown
chats and messages, answering a callback twice, getUpdates while a webhook is set, two
getUpdates at once (409), wrong token (401), unknown method (404). Editing text without
``reply_markup`` removes the inline keyboard, as it does on Telegram.

Run one by hand: ``python -m bot.emulator --port 8081``.
"""

from bot.emulator.emulator import DEFAULT_TOKEN, SEND_METHODS, Emulator
from bot.emulator.errors import ApiError, Reason
from bot.emulator.model import Button, CallbackAnswer, CallRecord, ChatMessage, StoredFile
from bot.emulator.user import TINY_PNG, EmulatedUser

__all__ = [
    "DEFAULT_TOKEN",
    "SEND_METHODS",
    "TINY_PNG",
    "ApiError",
    "Button",
    "CallRecord",
    "CallbackAnswer",
    "ChatMessage",
    "EmulatedUser",
    "Emulator",
    "Reason",
    "StoredFile",
    "free_port",
]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (for a webhook listener)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
