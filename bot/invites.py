"""Making invite links, for ``/invite`` in the bot and ``betteroff invite create``.

A deep link needs the bot's @username: ``BETTEROFF_BOT_USERNAME`` when set, otherwise the
Bot API is asked once (``getMe``) and the answer remembered — in the process, and in a
small file in the user's cache folder (:func:`bot.settings.cache_dir`), so the next
``betteroff invite create`` asks nothing. The file is keyed by the bot's numeric id (the
public part of the token) and the Bot API address; the token itself is never written.
A bot renamed in @BotFather keeps its id: set ``BETTEROFF_BOT_USERNAME`` then, or delete
the file.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from telegram import Bot

from bot import flow
from bot.context import BotServices
from bot.qr import deep_link
from bot.settings import Settings, cache_dir
from storage import invites as invite_store

log = logging.getLogger(__name__)

USERNAMES_FILE = "bot-usernames.json"

#: A single-use family invite stays usable this long: long enough to open at home later.
DEFAULT_FAMILY_INVITE_DAYS = 14

_remembered: dict[str, str] = {}


class InviteError(RuntimeError):
    """An invite could not be made; the message says why and what to do."""


def _bot_key(settings: Settings) -> str | None:
    """``<bot id>@<Bot API address>``: names the bot without its secret; None without a token."""
    token = settings.telegram_token.get_secret_value() if settings.telegram_token else ""
    bot_id = token.split(":", 1)[0]
    return f"{bot_id}@{settings.telegram_base_url}" if bot_id.isdigit() else None


def _usernames_file() -> Path:
    return cache_dir() / USERNAMES_FILE


def _read_usernames() -> dict[str, str]:
    try:
        found = json.loads(_usernames_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, str)}


def remember_username(settings: Settings, username: str) -> None:
    """Keep ``username`` for the next command; a cache that cannot be written is no error."""
    key = _bot_key(settings)
    if key is None or not username:
        return
    known = _read_usernames()
    if known.get(key) == username:
        return
    known[key] = username
    target = _usernames_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written whole then renamed, so two commands at once never leave half a file.
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=target.parent, delete=False, suffix=".tmp"
        ) as handle:
            json.dump(known, handle, indent=1, sort_keys=True)
        os.replace(handle.name, target)
    except OSError as error:
        log.debug("Could not remember the bot's username: %s", type(error).__name__)


async def bot_username(settings: Settings, *, bot: Bot | None = None) -> str:
    """The bot's @username (without the @), from settings or asked of Telegram once."""
    if settings.bot_username:
        return settings.bot_username.lstrip("@")
    token = settings.telegram_token.get_secret_value() if settings.telegram_token else ""
    if token in _remembered:
        return _remembered[token]
    key = _bot_key(settings)
    cached = _read_usernames().get(key) if key else None
    if cached:
        _remembered[token] = cached
        return cached
    if bot is None:
        if not token:
            raise InviteError(
                "Set BETTEROFF_BOT_USERNAME (the bot's @username) or BETTEROFF_TELEGRAM_TOKEN "
                "so the bot's username can be looked up."
            )
        # Starting the Bot calls getMe once already; its answer is the username.
        async with Bot(token, base_url=settings.telegram_base_url) as own_bot:
            username: str | None = own_bot.username
    else:
        username = (await bot.get_me()).username
    if not username:
        raise InviteError("Telegram did not say the bot's username; set BETTEROFF_BOT_USERNAME.")
    _remembered[token] = username
    remember_username(settings, username)
    return username


async def make_invite(
    services: BotServices,
    *,
    bot: Bot,
    survey_id: str,
    agency: str,
    team: str | None,
    uses: int | None = 1,
    expires_in: timedelta | None = None,
) -> str:
    """Store one invite and return its ``https://t.me/<bot>?start=<token>`` link."""
    if services.bot_username is None:
        services.bot_username = await bot_username(services.settings, bot=bot)
    survey = services.surveys[survey_id]
    now = flow.now()
    lifetime = expires_in or timedelta(days=DEFAULT_FAMILY_INVITE_DAYS)
    async with services.write() as session:
        tokens: list[Any] = await invite_store.create_invites(
            session=session,
            survey_id=survey_id,
            agency=agency,
            team=team,
            touchpoint=survey.touchpoint,
            uses=uses,
            expires_at=now + lifetime,
            now=now,
        )
    return deep_link(services.bot_username, tokens[0])
