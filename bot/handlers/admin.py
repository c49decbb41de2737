"""The business unit: ``/summary``, ``/report``, ``/stories`` and ``/flags``.

Admins are the user ids in ``BETTEROFF_ADMINS`` plus those added with ``betteroff admin
add``. Anyone else is told "not available", and the attempt is logged by command name
only: never the message text, never who.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from functools import wraps
from typing import Any

from telegram import Update

from bot import flow, keyboards
from bot.context import BotContext
from bot.summary import SummaryUnavailableError, flag_lines, render_report, summary_text_lines
from bot.texts import text
from storage import audit, responses
from storage import staff as staff_store
from storage import stories as story_store
from storage.models import STORY_PENDING
from storage.redaction import name_words_left

log = logging.getLogger(__name__)

Handler = Callable[[Update, BotContext], Coroutine[Any, Any, None]]
MESSAGE_LIMIT = 4000


def _chat_id(update: Update) -> int:
    assert update.effective_chat is not None
    return update.effective_chat.id


async def is_admin(context: BotContext, user_id: int) -> bool:
    services = context.services
    if services.is_admin_id(user_id):
        return True
    async with services.db.read() as session:
        return await staff_store.is_admin(session=session, user_id=user_id)


def admin_only(action: str) -> Callable[[Handler], Handler]:
    """Refuse anyone but an admin, kindly, and log the attempt without its text."""

    def decorate(handler: Handler) -> Handler:
        @wraps(handler)
        async def guarded(update: Update, context: BotContext) -> None:
            user = update.effective_user
            if user is None or not await is_admin(context, user.id):
                log.warning("Refused the admin command %s to someone who is not an admin", action)
                if update.callback_query is not None:
                    await update.callback_query.answer(text("en", "not_available"))
                else:
                    await context.bot.send_message(_chat_id(update), text("en", "not_available"))
                return
            await handler(update, context)

        return guarded

    return decorate


async def _audit(context: BotContext, user_id: int, action: str, detail: str | None) -> None:
    services = context.services
    async with services.write() as session:
        await audit.record_audit(
            session=session,
            actor_key=services.db.auditor_key(user_id),
            action=action,
            detail=detail,
            now=flow.now(),
        )


async def _send_long(context: BotContext, chat_id: int, lines: list[str]) -> None:
    """Send lines in as few messages as fit Telegram's limit."""
    chunk: list[str] = []
    for line in lines:
        if chunk and len("\n".join([*chunk, line])) > MESSAGE_LIMIT:
            await context.bot.send_message(chat_id, "\n".join(chunk))
            chunk = []
        chunk.append(line[:MESSAGE_LIMIT])
    if chunk:
        await context.bot.send_message(chat_id, "\n".join(chunk))


@admin_only("summary")
async def summary(update: Update, context: BotContext) -> None:
    """``/summary [period]``: headline figures for a period (this quarter so far by default)."""
    from analytics.periods import PeriodError, parse_period, quarter_containing

    chat_id = _chat_id(update)
    try:
        period = parse_period(context.args[0]) if context.args else quarter_containing(flow.today())
    except PeriodError:
        await context.bot.send_message(chat_id, text("en", "summary_bad_period"))
        return
    assert update.effective_user is not None
    await _audit(context, update.effective_user.id, "summary", period.code)
    try:
        lines = await summary_text_lines(context.services, period=period)
    except SummaryUnavailableError:
        await context.bot.send_message(chat_id, text("en", "report_not_ready"))
        return
    await _send_long(context, chat_id, lines)


@admin_only("report")
async def report(update: Update, context: BotContext) -> None:
    """``/report [period]``: the HTML report as a document."""
    from analytics.periods import PeriodError, parse_period

    chat_id = _chat_id(update)
    try:
        period = parse_period(context.args[0] if context.args else None, today=flow.today())
    except PeriodError:
        await context.bot.send_message(chat_id, text("en", "summary_bad_period"))
        return
    assert update.effective_user is not None
    try:
        document = await render_report(context.services, period=period)
    except SummaryUnavailableError:
        await context.bot.send_message(chat_id, text("en", "report_not_ready"))
        return
    await _audit(context, update.effective_user.id, "report", period.code)
    await context.bot.send_document(
        chat_id,
        document=document,
        filename=f"betteroff-report-{period.code}.html",
        caption=text("en", "report_caption", period=period.label),
    )


@admin_only("stories")
async def stories(update: Update, context: BotContext) -> None:
    """``/stories``: the oldest pending story, with Approve / Reject."""
    await _show_next_story(context, _chat_id(update))


async def _show_next_story(context: BotContext, chat_id: int) -> None:
    async with context.services.db.read() as session:
        pending = await story_store.story_queue(session=session, status=STORY_PENDING)
    if not pending:
        await context.bot.send_message(chat_id, text("en", "stories_none"))
        return
    story = pending[0]
    # Redaction can miss a name that is also a word ("Rose never judged us"): show the
    # admin what is left from the name lists, above the story so a long one cannot push
    # it off the card, so that a story is not quoted with a name in it.
    body = story.text
    left = name_words_left(story.text)
    if left:
        body = f"{text('en', 'story_names_left', names=', '.join(left))}\n\n{body}"
    card = text(
        "en",
        "story_card",
        position=1,
        total=len(pending),
        survey=story.survey_id,
        touchpoint=story.touchpoint,
        # The month, not the day: a day next to a survey could point at one family.
        month=story.completed_on.strftime("%B %Y"),
        text=body,
    )
    await context.bot.send_message(
        chat_id, card[:MESSAGE_LIMIT], reply_markup=keyboards.story_keyboard(story.answer_id)
    )


@admin_only("story decision")
async def story_decision(update: Update, context: BotContext) -> None:
    """Approve or reject the story on the tapped card, then show the next one."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    tap = keyboards.decode(query.data)
    if tap is None:
        await query.answer()
        return
    services = context.services
    approve = tap.kind == keyboards.STORY_APPROVE
    async with services.write() as session:
        decided = await story_store.review_story(
            session=session,
            answer_id=tap.step,
            approve=approve,
            reviewer_key=services.db.reviewer_key(update.effective_user.id),
            now=flow.now(),
        )
    if not decided:
        await query.answer(text("en", "story_gone"))
        await query.edit_message_reply_markup(None)
        return
    verdict = text("en", "story_approved" if approve else "story_rejected")
    await query.answer(verdict)
    shown = getattr(query.message, "text", None) or ""
    await query.edit_message_text(f"{shown}\n\n{verdict}"[:MESSAGE_LIMIT], reply_markup=None)
    await _show_next_story(context, _chat_id(update))


@admin_only("flags")
async def flags(update: Update, context: BotContext) -> None:
    """``/flags``: flagged responses — redacted text, survey, touchpoint, date, nothing else."""
    chat_id = _chat_id(update)
    assert update.effective_user is not None
    async with context.services.db.read() as session:
        flagged = await responses.flagged_responses(session=session)
    await _audit(context, update.effective_user.id, "flags", None)
    if not flagged:
        await context.bot.send_message(chat_id, text("en", "flags_none"))
        return
    await _send_long(context, chat_id, [text("en", "flags_header"), *flag_lines(flagged)])
