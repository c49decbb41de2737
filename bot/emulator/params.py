"""Bot API request parameters: from form fields, multipart parts or a JSON body to Python.

PTB 22 posts every parameter as a string: strings as they are, everything else
JSON-encoded (``chat_id=123``, ``reply_markup={"inline_keyboard": ...}``), in a
urlencoded form, or in a multipart form when a file is uploaded. Other clients post
JSON bodies with real types. Both arrive here as ``{name: value}`` and leave typed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.emulator.errors import Reason, bad_request

_INT_PARAMS = frozenset(
    {
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "timeout",
        "user_id",
        "max_connections",
        "reply_to_message_id",
        "message_thread_id",
        "cache_time",
        "from_chat_id",
    }
)
_BOOL_PARAMS = frozenset(
    {
        "disable_notification",
        "protect_content",
        "show_alert",
        "drop_pending_updates",
        "disable_web_page_preview",
        "disable_content_type_detection",
        "allow_sending_without_reply",
        "has_spoiler",
        "allow_paid_broadcast",
    }
)
_JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "allowed_updates",
        "commands",
        "scope",
        "entities",
        "caption_entities",
        "link_preview_options",
        "reply_parameters",
        "media",
        "message_ids",
    }
)


@dataclass(frozen=True, slots=True)
class Upload:
    """One uploaded file part of a multipart request."""

    data: bytes
    file_name: str | None
    mime_type: str | None


def _coerce(name: str, value: Any) -> Any:
    if name in _INT_PARAMS:
        if isinstance(value, str):
            try:
                return int(value)
            except ValueError:
                return value  # "@channel" usernames stay strings and fail as unknown chats
        return value
    if name in _BOOL_PARAMS:
        if isinstance(value, str):
            return value.lower() in ("true", "1")
        return bool(value)
    if name in _JSON_PARAMS and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError as error:
            if name == "reply_markup":
                raise bad_request(Reason.MARKUP_JSON) from error
            raise bad_request(f"can't parse {name} JSON object") from error
    return value


def coerce_params(raw: dict[str, Any]) -> dict[str, Any]:
    """Typed parameters; unknown names pass through untouched (Telegram ignores them)."""
    return {name: _coerce(name, value) for name, value in raw.items()}


def optional_int(params: dict[str, Any], name: str, default: int | None = None) -> int | None:
    value = params.get(name, default)
    if value is None or isinstance(value, int):
        return value
    raise bad_request(f"invalid {name} specified")
