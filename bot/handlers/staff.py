"""Staff: ``/join`` and ``/leave`` the monthly pulse; ``/invite`` a family or a forum."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from bot import flow
from bot.context import BotContext
from bot.invites import InviteError, make_invite
from bot.qr import qr_png
from bot.texts import text
from storage import staff as staff_store

log = logging.getLogger(__name__)

#: A forum link stays open at most this long, whatever was asked.
MAX_FORUM_MINUTES = 24 * 60


def _chat_id(update: Update) -> int:
    assert update.effective_chat is not None
    return update.effective_chat.id


async def join(update: Update, context: BotContext) -> None:
    """``/join CODE`` signs a practitioner up for the monthly pulse."""
    chat_id = _chat_id(update)
    code = "".join(context.args or [])
    if not code:
        await context.bot.send_message(chat_id, text("en", "join_usage"))
        return
    services = context.services
    already_active = False

    async def use(session: AsyncSession) -> bool:
        nonlocal already_active
        already = await staff_store.get_staff(session=session, chat_id=chat_id)
        already_active = already is not None and already.active
        member = await staff_store.join_staff(
            session=session, code=code, chat_id=chat_id, secret=services.db.secret, now=flow.now()
        )
        return member is not None

    tried = await flow.try_code(services, chat_id=chat_id, update_id=update.update_id, use=use)
    if tried is None:
        return
    if tried.blocked_until is not None:
        reply = text(
            "en",
            "too_many_codes",
            time=flow.clock_time(tried.blocked_until, context.services.settings.timezone),
        )
    elif not tried.accepted:
        reply = text("en", "join_bad_code")
    else:
        reply = text("en", "join_already" if already_active else "join_ok")
    await context.bot.send_message(chat_id, reply)


async def leave(update: Update, context: BotContext) -> None:
    """``/leave`` stops the pulse and forgets the chat id."""
    chat_id = _chat_id(update)
    if not await flow.first_time(context.services, update.update_id):
        return
    async with context.services.write() as session:
        left = await staff_store.leave_staff(session=session, chat_id=chat_id)
    await context.bot.send_message(chat_id, text("en", "leave_ok" if left else "leave_not_member"))


async def invite(update: Update, context: BotContext) -> None:
    """``/invite SURVEY`` or ``/invite forum MINUTES``: a deep link and its QR code."""
    chat_id = _chat_id(update)
    services = context.services
    async with services.db.read() as session:
        member = await staff_store.get_staff(session=session, chat_id=chat_id)
    if member is None or not member.active:
        await context.bot.send_message(chat_id, text("en", "staff_only"))
        return
    args = context.args or []
    family_surveys = sorted(
        s.id for s in services.surveys.values() if s.touchpoint not in ("pulse", "forum")
    )
    usage = text(
        "en",
        "invite_usage",
        example=family_surveys[0] if family_surveys else "SURVEY",
        surveys=", ".join(family_surveys) or "none",
    )
    if not args:
        await context.bot.send_message(chat_id, usage)
        return
    forum = args[0].lower() == "forum"
    if forum:
        forum_surveys = sorted(s.id for s in services.surveys.values() if s.touchpoint == "forum")
        if not forum_surveys:
            await context.bot.send_message(chat_id, text("en", "forum_no_survey"))
            return
        if len(args) < 2 or not args[1].isdigit() or not 0 < int(args[1]) <= MAX_FORUM_MINUTES:
            await context.bot.send_message(chat_id, usage)
            return
        survey_id, minutes = forum_surveys[0], int(args[1])
    else:
        survey_id, minutes = args[0], 0
        if survey_id not in services.surveys:
            await context.bot.send_message(
                chat_id,
                text(
                    "en",
                    "invite_unknown_survey",
                    survey=survey_id[:64],
                    surveys=", ".join(family_surveys),
                ),
            )
            return
    if not await flow.first_time(services, update.update_id):
        return  # a repeated update: the link was already sent
    try:
        link = await make_invite(
            services,
            bot=context.bot,
            survey_id=survey_id,
            agency=member.agency,
            team=member.team,
            uses=None if forum else 1,
            expires_in=timedelta(minutes=minutes) if forum else None,
        )
    except InviteError as error:
        await context.bot.send_message(chat_id, str(error))
        return
    title = services.surveys[survey_id].title.get("en")
    caption = (
        text("en", "forum_made", survey=title, minutes=minutes, link=link)
        if forum
        else text("en", "invite_made", survey=title, link=link)
    )
    await context.bot.send_photo(chat_id, photo=qr_png(link), caption=caption)


def _clock(context: BotContext, moment: datetime) -> str:
    return flow.clock_time(moment, context.services.settings.timezone)
