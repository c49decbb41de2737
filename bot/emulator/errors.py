"""The Bot API's error answers, in one catalogue.

Descriptions are Telegram's own words, so code that matches on them (PTB strips the
"Bad Request: " prefix, applications often test ``"not modified" in str(error)``)
behaves the same here as against the real server.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Reason(StrEnum):
    """Telegram's descriptions for 400 Bad Request, without the "Bad Request: " prefix."""

    TEXT_EMPTY = "message text is empty"
    TEXT_TOO_LONG = "message is too long"
    CAPTION_TOO_LONG = "message caption is too long"
    NOT_MODIFIED = (
        "message is not modified: specified new message content and reply markup are exactly"
        " the same as a current content and reply markup of the message"
    )
    CHAT_NOT_FOUND = "chat not found"
    MESSAGE_TO_EDIT_NOT_FOUND = "message to edit not found"
    MESSAGE_TO_DELETE_NOT_FOUND = "message to delete not found"
    MESSAGE_CANT_BE_EDITED = "message can't be edited"
    MESSAGE_CANT_BE_DELETED = "message can't be deleted for everyone"
    MESSAGE_IDS_INVALID = "message_ids must be a non-empty list of at most 100 message ids"
    BUTTON_DATA_INVALID = "BUTTON_DATA_INVALID"
    BUTTON_URL_INVALID = "BUTTON_URL_INVALID"
    TEXT_BUTTONS_UNALLOWED = (
        "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
    )
    MARKUP_JSON = "can't parse reply keyboard markup JSON object"
    MARKUP_TOO_LONG = "reply markup is too long"
    QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
    COMMAND_INVALID = "BOT_COMMAND_INVALID"
    COMMAND_DESCRIPTION_INVALID = "BOT_COMMAND_DESCRIPTION_INVALID"
    SECRET_TOKEN_INVALID = "secret token contains unallowed characters"
    FILE_MISSING = "there is no photo in the request"
    DOCUMENT_MISSING = "there is no document in the request"
    WRONG_FILE_ID = "wrong file identifier/HTTP URL specified"
    INVALID_FILE_ID = "invalid file_id"
    CHAT_ACTION_INVALID = "wrong parameter action in request"
    WEBHOOK_NOT_LOCAL = "bad webhook: the emulator only delivers webhooks to 127.0.0.1"
    WEBHOOK_URL_INVALID = "bad webhook: Failed to resolve host: Name or service not known"


class ApiError(Exception):
    """A Bot API failure: becomes ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(
        self, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: Reason | str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(
        429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
    )


def forbidden(reason: str) -> ApiError:
    return ApiError(403, f"Forbidden: {reason}")


UNAUTHORIZED = ApiError(401, "Unauthorized")
NOT_FOUND = ApiError(404, "Not Found")
WEBHOOK_CONFLICT = ApiError(
    409,
    "Conflict: can't use getUpdates method while webhook is active;"
    " use deleteWebhook to delete the webhook first",
)
POLLING_CONFLICT = ApiError(
    409,
    "Conflict: terminated by other getUpdates request;"
    " make sure that only one bot instance is running",
)


def error_for_status(status: int, description: str | None = None) -> ApiError:
    """A plausible Telegram error for an injected fault with only a status given."""
    if description is not None:
        return ApiError(status, description)
    defaults = {
        400: "Bad Request: injected failure",
        401: "Unauthorized",
        403: "Forbidden: bot was blocked by the user",
        404: "Not Found",
        409: "Conflict: injected failure",
        500: "Internal Server Error",
        502: "Bad Gateway",
    }
    return ApiError(status, defaults.get(status, f"Error {status}"))
