"""An update the bot cannot read is skipped by its id, and never logged whole.

PTB parses a whole ``getUpdates`` batch at once. One update it cannot parse (a field
Telegram renamed, a new kind of message, a server fault) made the batch raise: polling
asked for the same batch again forever, nobody else was served, and PTB logged the whole
batch each time at CRITICAL — other people's words and invite tokens, megabytes a second.

:class:`SkipUnreadableUpdates` wraps the request object ``getUpdates`` goes through: each
update PTB cannot parse is replaced by one that holds only its ``update_id``, so the
offset moves past it and no handler sees it. Only the id is logged.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from telegram import Bot, Update
from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.request import RequestData

from bot.transport import WrappedRequest

log = logging.getLogger(__name__)


def parse(data: object, bot: Bot | None = None) -> Update | None:
    """``data`` as an :class:`Update`, or ``None`` (logged by id only) if PTB cannot read it.

    Raises :class:`ValueError` for data with no ``update_id``: Telegram numbers every
    update, so there is nothing to skip past.
    """
    update_id = data.get("update_id") if isinstance(data, dict) else None
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        raise ValueError("an update without an update_id")
    try:
        return Update.de_json(data, bot)  # type: ignore[arg-type]
    except Exception as error:
        log.warning(
            "Skipped update %s: it could not be read (%s); its content is not logged",
            update_id,
            type(error).__name__,
        )
        return None


def readable_batch(payload: bytes) -> bytes:
    """A ``getUpdates`` response body with every unreadable update reduced to its id."""
    try:
        body = json.loads(payload)
    except ValueError:
        return payload  # not JSON at all: PTB reports that without repeating the body
    result = body.get("result") if isinstance(body, dict) and body.get("ok") else None
    if not isinstance(result, list):
        return payload
    kept: list[dict[str, Any]] = []
    changed = False
    for item in result:
        try:
            update = parse(item)
        except ValueError:
            log.warning("Dropped an update with no update_id from a getUpdates batch")
            changed = True
            continue
        if update is None:
            kept.append({"update_id": item["update_id"]})
            changed = True
        else:
            kept.append(item)
    if not changed:
        return payload
    body["result"] = kept
    return json.dumps(body).encode()


class SkipUnreadableUpdates(WrappedRequest):
    """PTB's ``BaseRequest`` for ``getUpdates``: another request object's, made tolerant."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        status, payload = await self.inner.do_request(
            url,
            method,
            request_data,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
        )
        if status == 200 and url.rstrip("/").endswith("/getUpdates"):
            payload = readable_batch(payload)
        return status, payload
