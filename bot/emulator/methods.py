"""The Bot API methods about messages, callbacks, files, chats and commands.

Each takes the bot's state, the typed parameters and any uploads, and returns the
``result`` Telegram would, or raises ``ApiError`` with Telegram's own description.
Webhook methods live in ``webhook.py``; ``getUpdates`` in ``state.py``.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from bot.emulator.errors import ApiError, Reason, bad_request
from bot.emulator.formatting import parse_text, utf16_len
from bot.emulator.model import CallbackAnswer, JSONDict, StoredFile
from bot.emulator.params import Upload, optional_int
from bot.emulator.state import BotState

Params = dict[str, Any]
Uploads = dict[str, Upload]
Handler = Callable[[BotState, Params, Uploads], Any | Awaitable[Any]]

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
MAX_BUTTONS = 100
_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "pay",
    "web_app",
    "callback_game",
    "copy_text",
)
_URL = re.compile(r"^(https?|tg)://\S+$")
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


def check_markup(markup: object) -> JSONDict | None:
    """Validate a reply_markup like Telegram; an empty inline keyboard counts as none."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request(Reason.MARKUP_JSON)
    if "inline_keyboard" not in markup:
        return markup  # reply keyboards, ForceReply, ReplyKeyboardRemove: stored as given
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(
            'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
        )
    count = 0
    for row in rows:
        for button in row:
            count += 1
            if not isinstance(button, dict) or not button.get("text"):
                raise bad_request("can't parse inline keyboard button: Text must be non-empty")
            if not any(action in button for action in _BUTTON_ACTIONS):
                raise bad_request(Reason.TEXT_BUTTONS_UNALLOWED)
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
                raise bad_request(Reason.BUTTON_DATA_INVALID)
            url = button.get("url")
            if url is not None and not _URL.match(str(url)):
                raise bad_request(Reason.BUTTON_URL_INVALID)
    if count > MAX_BUTTONS:
        raise bad_request(Reason.MARKUP_TOO_LONG)
    return markup if count else None


def _text(params: Params) -> tuple[str, list[JSONDict]]:
    raw = params.get("text")
    if not isinstance(raw, str) or not raw.strip():
        raise bad_request(Reason.TEXT_EMPTY)
    if isinstance(params.get("entities"), list):
        text, entities = raw, params["entities"]
    else:
        text, entities = parse_text(raw, params.get("parse_mode"))
    if not text.strip():
        raise bad_request(Reason.TEXT_EMPTY)
    if utf16_len(text) > MAX_TEXT:
        raise bad_request(Reason.TEXT_TOO_LONG)
    return text, entities


def _caption(params: Params) -> tuple[str | None, list[JSONDict]]:
    raw = params.get("caption")
    if not raw:
        return None, []
    caption, entities = parse_text(str(raw), params.get("parse_mode"))
    if utf16_len(caption) > MAX_CAPTION:
        raise bad_request(Reason.CAPTION_TOO_LONG)
    return caption, entities


def _file(bot: BotState, params: Params, uploads: Uploads, name: str) -> StoredFile:
    """The file a send method names: a fresh upload, an attach:// part or a known file_id."""
    missing = Reason.FILE_MISSING if name == "photo" else Reason.DOCUMENT_MISSING
    value = params.get(name)
    upload = uploads.get(name)
    if upload is None and isinstance(value, str) and value.startswith("attach://"):
        upload = uploads.get(value.removeprefix("attach://"))
        if upload is None:
            raise bad_request(missing)
    if upload is not None:
        if not upload.data:
            raise bad_request("file must be non-empty")
        kind = "photos" if name == "photo" else "documents"
        return bot.store_file(
            upload.data, kind=kind, file_name=upload.file_name, mime_type=upload.mime_type
        )
    if not value:
        raise bad_request(missing)
    known = bot.files.get(str(value))
    if known is None:
        # URLs are refused rather than fetched: the emulator never leaves 127.0.0.1.
        raise bad_request(Reason.WRONG_FILE_ID)
    return known


def get_me(bot: BotState, params: Params, uploads: Uploads) -> JSONDict:
    return bot.me()


def send_message(bot: BotState, params: Params, uploads: Uploads) -> JSONDict:
    chat = bot.chat(params.get("chat_id"), sending=True)
    text, entities = _text(params)
    markup = check_markup(params.get("reply_markup"))
    message = bot.add_message(
        chat, from_bot=True, text=text, entities=entities, reply_markup=markup
    )
    return message.to_api()


def _send_file(bot: BotState, params: Params, uploads: Uploads, name: str) -> JSONDict:
    chat = bot.chat(params.get("chat_id"), sending=True)
    stored = _file(bot, params, uploads, name)
    caption, caption_entities = _caption(params)
    markup = check_markup(params.get("reply_markup"))
    message = bot.add_message(
        chat,
        from_bot=True,
        caption=caption,
        caption_entities=caption_entities,
        reply_markup=markup,
        **{name: stored},
    )
    return message.to_api()


def send_photo(bot: BotState, params: Params, uploads: Uploads) -> JSONDict:
    return _send_file(bot, params, uploads, "photo")


def send_document(bot: BotState, params: Params, uploads: Uploads) -> JSONDict:
    return _send_file(bot, params, uploads, "document")


def _edited(message_chat: Any, message: Any, **changes: Any) -> JSONDict:
    message.history.append((message.content, message.reply_markup))
    for name, value in changes.items():
        setattr(message, name, value)
    message.edit_date = int(time.time())
    message_chat.notify()
    return dict(message.to_api())


def edit_message_text(bot: BotState, params: Params, uploads: Uploads) -> JSONDict:
    if "inline_message_id" in params:
        raise bad_request(Reason.MESSAGE_TO_EDIT_NOT_FOUND)
    chat = bot.chat(params.get("chat_id"), sending=True)
    message = bot.bot_message(
        chat, params.get("message_id"), reason=Reason.MESSAGE_TO_EDIT_NOT_FOUND
    )
    if message.text is None:
        raise bad_request("there is no text in the message to edit")
    text, entities = _text(params)
    # Like Telegram, an edit without reply_markup removes the inline keyboard.
    markup = check_markup(params.get("reply_markup"))
    if (text, entities, markup) == (message.text, message.entities, message.reply_markup):
        raise bad_request(Reason.NOT_MODIFIED)
    return _edited(chat, message, text=text, entities=entities, reply_markup=markup)


def edit_message_caption(bot: BotState, params: Params, uploads: Uploads) -> JSONDict:
    chat = bot.chat(params.get("chat_id"), sending=True)
    message = bot.bot_message(
        chat, params.get("message_id"), reason=Reason.MESSAGE_TO_EDIT_NOT_FOUND
    )
    if message.text is not None:
        raise bad_request("there is no caption in the message to edit")
    caption, entities = _caption(params)
    markup = check_markup(params.get("reply_markup"))
    if (caption, entities, markup) == (
        message.caption,
        message.caption_entities,
        message.reply_markup,
    ):
        raise bad_request(Reason.NOT_MODIFIED)
    return _edited(chat, message, caption=caption, caption_entities=entities, reply_markup=markup)


def edit_message_reply_markup(bot: BotState, params: Params, uploads: Uploads) -> JSONDict:
    if "inline_message_id" in params:
        raise bad_request(Reason.MESSAGE_TO_EDIT_NOT_FOUND)
    chat = bot.chat(params.get("chat_id"), sending=True)
    message = bot.bot_message(
        chat, params.get("message_id"), reason=Reason.MESSAGE_TO_EDIT_NOT_FOUND
    )
    markup = check_markup(params.get("reply_markup"))
    if markup == message.reply_markup:
        raise bad_request(Reason.NOT_MODIFIED)
    return _edited(chat, message, reply_markup=markup)


#: Telegram lets a bot delete a message in a private chat, its own or the person's, for
#: 48 hours after it was sent.
DELETE_WINDOW = 48 * 60 * 60
MAX_DELETE_BATCH = 100


def _deletable(bot: BotState, chat: Any, message_id: object) -> Any:
    """The message ``message_id`` if this bot may delete it now, else raise Telegram's error."""
    message = chat.messages.get(message_id) if isinstance(message_id, int) else None
    if message is None or message.deleted:
        raise bad_request(Reason.MESSAGE_TO_DELETE_NOT_FOUND)
    if bot.clock() - message.date >= DELETE_WINDOW:
        raise bad_request(Reason.MESSAGE_CANT_BE_DELETED)
    return message


def delete_message(bot: BotState, params: Params, uploads: Uploads) -> bool:
    chat = bot.chat(params.get("chat_id"))
    _deletable(bot, chat, optional_int(params, "message_id")).deleted = True
    chat.notify()
    return True


def delete_messages(bot: BotState, params: Params, uploads: Uploads) -> bool:
    """Several at once; like Telegram, ids that cannot be deleted are skipped."""
    chat = bot.chat(params.get("chat_id"))
    ids = params.get("message_ids")
    if isinstance(ids, str):
        try:
            ids = json.loads(ids)
        except ValueError:
            ids = None
    if not isinstance(ids, list) or not 1 <= len(ids) <= MAX_DELETE_BATCH:
        raise bad_request(Reason.MESSAGE_IDS_INVALID)
    for message_id in ids:
        try:
            _deletable(bot, chat, message_id).deleted = True
        except ApiError:
            continue
    chat.notify()
    return True


def answer_callback_query(bot: BotState, params: Params, uploads: Uploads) -> bool:
    query_id = str(params.get("callback_query_id") or "")
    pending = bot.callbacks.get(query_id)
    if pending is None or pending.answered:
        raise bad_request(Reason.QUERY_TOO_OLD)
    pending.answered = True
    chat = bot.chats[pending.chat_id]
    chat.answered_callbacks.append(
        CallbackAnswer(
            callback_query_id=query_id,
            data=pending.data,
            text=params.get("text"),
            show_alert=bool(params.get("show_alert", False)),
            url=params.get("url"),
        )
    )
    chat.notify()
    return True


def send_chat_action(bot: BotState, params: Params, uploads: Uploads) -> bool:
    bot.chat(params.get("chat_id"), sending=True)
    if params.get("action") not in _CHAT_ACTIONS:
        raise bad_request(Reason.CHAT_ACTION_INVALID)
    return True


def get_chat(bot: BotState, params: Params, uploads: Uploads) -> JSONDict:
    chat = bot.chat(params.get("chat_id"))
    no_gifts = dict.fromkeys(
        (
            "unlimited_gifts",
            "limited_gifts",
            "unique_gifts",
            "premium_subscription",
            "gifts_from_channels",
        ),
        False,
    )
    return {
        **chat.chat,
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": no_gifts,
    }


def get_file(bot: BotState, params: Params, uploads: Uploads) -> JSONDict:
    stored = bot.files.get(str(params.get("file_id") or ""))
    if stored is None:
        raise bad_request(Reason.INVALID_FILE_ID)
    return stored.file()


def _commands_key(params: Params) -> tuple[str, str]:
    scope = params.get("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")


def set_my_commands(bot: BotState, params: Params, uploads: Uploads) -> bool:
    commands = params.get("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse commands JSON object")
    for command in commands:
        if not isinstance(command, dict) or not _COMMAND.match(str(command.get("command"))):
            raise bad_request(Reason.COMMAND_INVALID)
        if not 1 <= len(str(command.get("description") or "")) <= 256:
            raise bad_request(Reason.COMMAND_DESCRIPTION_INVALID)
    bot.commands[_commands_key(params)] = [
        {"command": c["command"], "description": c["description"]} for c in commands
    ]
    return True


def get_my_commands(bot: BotState, params: Params, uploads: Uploads) -> list[JSONDict]:
    return bot.commands.get(_commands_key(params), [])


def delete_my_commands(bot: BotState, params: Params, uploads: Uploads) -> bool:
    bot.commands.pop(_commands_key(params), None)
    return True


def accept(bot: BotState, params: Params, uploads: Uploads) -> bool:
    """Methods that change nothing the emulator models (close, logOut, setMyDescription)."""
    return True


MESSAGE_METHODS: dict[str, Handler] = {
    "getMe": get_me,
    "sendMessage": send_message,
    "sendPhoto": send_photo,
    "sendDocument": send_document,
    "editMessageText": edit_message_text,
    "editMessageCaption": edit_message_caption,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "deleteMessages": delete_messages,
    "answerCallbackQuery": answer_callback_query,
    "sendChatAction": send_chat_action,
    "getChat": get_chat,
    "getFile": get_file,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "close": accept,
    "logOut": accept,
    "setMyDescription": accept,
    "setMyShortDescription": accept,
    "setMyName": accept,
    "setChatMenuButton": accept,
}
