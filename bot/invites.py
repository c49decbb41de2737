"""Making invite links, for ``/invite`` in the bot and ``betteroff invite create``.

A deep link needs the bot's @username: ``BETTEROFF_BOT_USERNAME`` when set, otherwise the
Bot API is asked once (``getMe``) and the answer remembered for the life of the process.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from telegram import Bot

from bot import flow
from bot.context import BotServices
from bot.qr import deep_link
from bot.settings import Settings
from storage import invites as invite_store

#: A single-use family invite stays usable this long: long enough to open at home later.
DEFAULT_FAMILY_INVITE_DAYS = 14

_remembered: dict[str, str] = {}


class InviteError(RuntimeError):
    """An invite could not be made; the message says why and what to do."""


async def bot_username(settings: Settings, *, bot: Bot | None = None) -> str:
    """The bot's @username (without the @), from settings or asked of Telegram once."""
    if settings.bot_username:
        return settings.bot_username.lstrip("@")
    token = settings.telegram_token.get_secret_value() if settings.telegram_token else ""
    if token in _remembered:
        return _remembered[token]
    if bot is None:
        if not token:
            raise InviteError(
                "Set BETTEROFF_BOT_USERNAME (the bot's @username) or BETTEROFF_TELEGRAM_TOKEN "
                "so the bot's username can be looked up."
            )
        async with Bot(token, base_url=settings.telegram_base_url) as own_bot:
            username = (await own_bot.get_me()).username
    else:
        username = (await bot.get_me()).username
    if not username:
        raise InviteError("Telegram did not say the bot's username; set BETTEROFF_BOT_USERNAME.")
    _remembered[token] = username
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
