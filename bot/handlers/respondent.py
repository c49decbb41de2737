"""Children, young people, parents, carers — and staff answering a pulse — taking a survey.

Each handler does its database work through :mod:`bot.flow` (one short transaction,
committed) and only then talks to Telegram.

**One live card per survey.** The question message is edited into the next question, with
its progress ("3 of 7") and a brief tick for the answer just given, so a tap costs one
paced Telegram call (the edit; the callback answer is not paced) instead of two (an edit
and a new message). Telegram's ~30 calls a second are the bot's whole budget, so this
halves how long a room full of people waits.

**Typed answers** are the exception: the person's own message now sits *below* the card,
and the bottom of the chat is where they are looking. Editing the card above would change
something off screen, and a phone would not scroll back to it. So after a typed answer (or
a kind re-prompt) the next card is sent as a new message below their words and the old card
is deleted: two paced calls, as before, and the question they answer is always the last
thing in the chat. Deleting rather than editing the old card leaves nothing stale with dead
buttons, and less of the survey on a shared phone.

**One message per question** (a chat preference, ``/settings``, also offered under the
welcome): some screen readers do not announce an edited message, so the answered question
is edited to show the choice and the next one is sent as a new message, as before cards.

**Leave no trace.** The session notes where the survey's messages begin (the person's
/start) and which messages are help lines. At the end (on children's and young people's
surveys, or when the chat asked in /settings) and at /stop, a button removes every message
from there to the button, the person's typed answers included, except the help lines; a
second button removes those too. The ids travel in the button's own callback data, so
nothing about the chat outlives the session in the database.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable
from datetime import datetime
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, TelegramError

from bot import flow, keyboards, render
from bot.context import BotContext, Sender
from bot.flow import Turn
from bot.texts import LANGUAGE_NAMES, supported, text
from surveys.engine import Ask, Done, Signpost
from surveys.model import Survey

log = logging.getLogger(__name__)

#: Shown in "/withdraw CODE" examples: the shape of a code, not a real one.
EXAMPLE_CODE = "K7QM3XWP"
#: Telegram shows at most 200 characters in a callback answer.
CALLBACK_TEXT_LIMIT = 200


def _telegram_language(update: Update) -> str:
    user = update.effective_user
    return supported(user.language_code if user else None)


def _chat_id(update: Update) -> int:
    assert update.effective_chat is not None  # handlers are registered for private chats
    return update.effective_chat.id


async def _settle(*calls: Awaitable[Any]) -> None:
    """Run side calls together; a failed edit or callback answer is logged, not fatal."""
    for result in await asyncio.gather(*calls, return_exceptions=True):
        if isinstance(result, TelegramError):
            log.info("A side call to Telegram failed: %s", type(result).__name__)
        elif isinstance(result, BaseException):
            raise result


async def _signpost(context: Sender, chat_id: int, language: str) -> Message:
    """The help lines; noted on the survey in progress, so removal keeps them."""
    from surveys.signposting import signpost_message

    local_help = context.services.settings.local_help
    sent = await context.bot.send_message(
        chat_id, signpost_message(language, local_help=local_help)
    )
    await flow.note(context.services, chat_id=chat_id, keep=sent.message_id)
    return sent


def offers_removal(survey: Survey, notes: dict[str, Any]) -> bool:
    """Removal is offered on every survey for children and young people, and on any
    survey for a chat that asked for it in /settings."""
    return survey.audience in render.CHILDLINE_AUDIENCES or bool(notes.get(flow.OFFER_KEY))


def removal_keyboard(
    notes: dict[str, Any], language: str, kept: list[int] | None = None
) -> InlineKeyboardMarkup | None:
    """The removal buttons for a survey whose notes say where its messages begin."""
    first = notes.get(flow.FIRST_KEY)
    if not isinstance(first, int):
        return None
    keep = [*notes.get(flow.KEEP_KEY, []), *(kept or [])]
    return keyboards.removal_keyboard(first=first, kept=keep, language=language)


async def _delete_quietly(context: Sender, chat_id: int, message_id: object) -> None:
    """Take an old card off the screen; if Telegram refuses (too old, already gone),
    nothing is lost."""
    if isinstance(message_id, int):
        try:
            await context.bot.delete_message(chat_id, message_id)
        except TelegramError as error:
            log.info("An old card could not be deleted: %s", type(error).__name__)


async def send_step(
    context: Sender,
    chat_id: int,
    *,
    survey: Survey,
    step: Ask | Signpost | Done | None,
    language: str,
    number: int,
    nonce: str,
    receipt_code: str | None = None,
    tick: str | None = None,
    notes: dict[str, Any] | None = None,
) -> Message | None:
    """Send what comes next as a new message: help lines first if a risk was seen, then a
    question or the thanks (with the removal buttons where they are offered)."""
    kept: list[int] = []
    if isinstance(step, Signpost):
        kept.append((await _signpost(context, chat_id, language)).message_id)
        step = step.then
    if isinstance(step, Ask):
        message = render.card(step, language, number, tick, nonce=nonce)
        sent = await context.bot.send_message(chat_id, message.text, reply_markup=message.keyboard)
        shown(context).note(chat_id, number)
        return sent
    if isinstance(step, Done) and receipt_code is not None:
        # The caller then forgets the code kept in case this was lost (flow.thanks_delivered),
        # once its other Telegram calls are done: no transaction beside a call in flight.
        notes = notes or {}
        keyboard = (
            removal_keyboard(notes, language, kept) if offers_removal(survey, notes) else None
        )
        return await context.bot.send_message(
            chat_id, render.thanks(survey, language, receipt_code, tick=tick), reply_markup=keyboard
        )
    return None


class ShownSteps:
    """Which step's question this process last showed each chat, in memory only.

    A tap on the step before it is then a double tap (already answered, nothing to
    re-send); after a restart nothing is known, so the question is sent again, in case the
    bot died between saving the answer and sending it. Bounded; lost on exit by design.
    """

    LIMIT = 20_000

    def __init__(self) -> None:
        self._steps: dict[int, int] = {}

    def note(self, chat_id: int, step: int) -> None:
        self._steps.pop(chat_id, None)
        self._steps[chat_id] = step
        if len(self._steps) > self.LIMIT:
            del self._steps[next(iter(self._steps))]

    def showed(self, chat_id: int, step: int) -> bool:
        return self._steps.get(chat_id) == step


def shown(context: Sender) -> ShownSteps:
    found = context.services.extras.get("shown_steps")
    if not isinstance(found, ShownSteps):
        found = context.services.extras["shown_steps"] = ShownSteps()
    return found


async def send_thanks_again(context: Sender, chat_id: int, turn: Turn) -> None:
    """The thank-you a crash kept from them: their answers were saved, and the code."""
    assert turn.unsent_code is not None
    await context.bot.send_message(
        chat_id, render.thanks_again(turn.survey, turn.language, turn.unsent_code)
    )
    await flow.thanks_delivered(context.services, chat_id=chat_id)


# --- /start -------------------------------------------------------------------------


async def start(update: Update, context: BotContext) -> None:
    """Redeem an invite from a deep link and begin its survey."""
    chat_id = _chat_id(update)
    language = _telegram_language(update)
    token = context.args[0] if context.args else None
    if not token:
        await _resume_or_explain(context, chat_id, language)
        return
    started = await flow.redeem_and_start(
        context.services,
        chat_id=chat_id,
        update_id=update.update_id,
        token=token,
        telegram_language=update.effective_user.language_code if update.effective_user else None,
        first_message=update.effective_message.message_id if update.effective_message else None,
    )
    if started.status == "duplicate":
        return
    if started.status == "resumed" and started.survey is not None and started.current is not None:
        await resend_current(context, chat_id, current=started.current, survey=started.survey)
        return
    if started.status == "invalid" or started.survey is None:
        # A link used up by this chat's own survey, whose thank-you a crash kept from them:
        # their answers were saved, which is what they need to hear.
        unsent = await flow.unsent_thanks(context.services, chat_id=chat_id)
        if unsent is not None:
            await send_thanks_again(context, chat_id, unsent)
            return
        await context.bot.send_message(chat_id, text(language, "invite_invalid"))
        return
    survey, language = started.survey, started.language
    if started.replaced_card is not None:
        await _delete_quietly(context, chat_id, started.replaced_card)
    welcome = render.welcome(survey, language, offer_removal=offers_removal(survey, started.notes))
    on_card = flow.layout(started.notes) == flow.CARD_LAYOUT
    if started.choosing_language:
        keyboard = keyboards.language_keyboard(
            nonce=started.nonce, step=0, languages=survey.languages, preselected=language
        )
        if on_card:
            keyboard = InlineKeyboardMarkup(
                [*keyboard.inline_keyboard, keyboards.screen_reader_row(language)]
            )
        prompt = text(language, "choose_language")
        await context.bot.send_message(chat_id, f"{welcome}\n\n{prompt}", reply_markup=keyboard)
        return
    offer = InlineKeyboardMarkup([keyboards.screen_reader_row(language)]) if on_card else None
    await context.bot.send_message(chat_id, welcome, reply_markup=offer)
    sent = await send_step(
        context,
        chat_id,
        survey=survey,
        step=started.step,
        language=language,
        number=0,
        nonce=started.nonce,
    )
    if sent is not None and on_card:
        await flow.note(context.services, chat_id=chat_id, card=sent.message_id)


async def _resume_or_explain(context: BotContext, chat_id: int, language: str) -> None:
    """``/start`` with no invite: show where they were, or how to get an invite."""
    found = await flow.in_progress(context.services, chat_id=chat_id)
    if found is None:
        unsent = await flow.unsent_thanks(context.services, chat_id=chat_id)
        if unsent is not None:
            await send_thanks_again(context, chat_id, unsent)
            return
        await context.bot.send_message(chat_id, text(language, "no_invite"))
        return
    current, survey = found
    await resend_current(context, chat_id, current=current, survey=survey)


async def resend_current(context: Sender, chat_id: int, *, current: Any, survey: Survey) -> None:
    """Ask again whatever the survey in progress is waiting for (or the language buttons)."""
    if flow.choosing_language(current):
        keyboard = keyboards.language_keyboard(
            nonce=current.nonce or "",
            step=current.step,
            languages=survey.languages,
            preselected=current.language,
        )
        await context.bot.send_message(
            chat_id, text(current.language, "choose_language"), reply_markup=keyboard
        )
        return
    step = flow.current_step(survey, current.state)
    if isinstance(step, Ask):
        sent = await send_step(
            context,
            chat_id,
            survey=survey,
            step=step,
            language=current.language,
            number=current.step,
            nonce=current.nonce or "",
        )
        await _move_card(context, chat_id, flow.bot_notes(current.state), sent)


async def _move_card(
    context: Sender, chat_id: int, notes: dict[str, Any], sent: Message | None
) -> None:
    """A card was sent anew at the bottom of the chat: retire the old one, note the new."""
    if sent is None or flow.layout(notes) != flow.CARD_LAYOUT:
        return
    old = notes.get(flow.CARD_KEY)
    if old != sent.message_id:
        await _delete_quietly(context, chat_id, old)
    await flow.note(context.services, chat_id=chat_id, card=sent.message_id)


# --- taps ---------------------------------------------------------------------------


async def tap(update: Update, context: BotContext) -> None:
    """A button under a question (or the language buttons) was tapped."""
    query = update.callback_query
    assert query is not None
    chat_id = _chat_id(update)
    parsed = keyboards.decode(query.data)
    if parsed is None:
        await query.answer()
        return
    if parsed.kind in (keyboards.REMOVE, keyboards.REMOVE_ALL):
        await remove_conversation(update, context, parsed)
        return
    if parsed.kind in (keyboards.SCREEN_READER, keyboards.PREFERENCE):
        await change_setting(update, context, parsed)
        return
    services = context.services
    card = query.message.message_id if query.message is not None else None
    if parsed.kind == keyboards.LANGUAGE:
        turn = await flow.apply(
            services,
            chat_id=chat_id,
            update_id=update.update_id,
            resolve=flow.typed_value(""),
            expected_step=parsed.step,
            expected_nonce=parsed.nonce,
            language=parsed.argument,
        )
    else:
        turn = await flow.apply(
            services,
            chat_id=chat_id,
            update_id=update.update_id,
            resolve=flow.tap_value(parsed.kind, parsed.argument),
            expected_step=parsed.step,
            expected_nonce=parsed.nonce,
            card=card,
        )
    language = turn.language if turn.survey else _telegram_language(update)
    if turn.status == "duplicate":
        return
    if turn.status == "finished":
        await query.answer()
        await send_thanks_again(context, chat_id, turn)
        return
    if turn.status in ("no_session", "gone", "earlier"):
        # No session: the survey these buttons belong to has ended — finished, stopped
        # or purged, and nothing is kept that could say which, so the words are true of
        # all three. Earlier: a newer survey is in progress and these buttons are not
        # its. Gone: the survey itself was retired while they were answering.
        key = {"gone": "retired", "earlier": "earlier"}.get(turn.status, "ended")
        await _settle(
            query.answer(text(language, key)[:CALLBACK_TEXT_LIMIT]),
            query.edit_message_reply_markup(None),
        )
        return
    if turn.status == "stale":
        await query.answer(text(language, "stale"))
        if parsed.step < turn.number and not shown(context).showed(chat_id, turn.number):
            # Answered, but this process never showed what came next: the bot may have
            # died between saving the answer and sending the next question.
            found = await flow.in_progress(services, chat_id=chat_id)
            if found is not None:
                await resend_current(context, chat_id, current=found[0], survey=found[1])
        return
    if turn.status == "unchanged":
        reprompt = turn.step.reprompt if isinstance(turn.step, Ask) else None
        await query.answer(reprompt[:CALLBACK_TEXT_LIMIT] if reprompt else None)
        return
    assert turn.survey is not None
    if parsed.kind == keyboards.TOGGLE and isinstance(turn.step, Ask):
        # A tick on a multi question: the same message, new ticks, a keyboard for the new step.
        message = render.question(turn.step, language, turn.number, nonce=turn.nonce)
        await _settle(query.answer(), query.edit_message_reply_markup(message.keyboard))
        shown(context).note(chat_id, turn.number)
        return
    if parsed.kind != keyboards.LANGUAGE and flow.layout(turn.notes) == flow.CARD_LAYOUT:
        # The tapped card becomes the next question: one paced call.
        side = asyncio.ensure_future(_settle(query.answer()))
        try:
            await _turn_card(context, update, parsed.kind, turn, language)
        finally:
            await side
        if turn.receipt is not None:
            await flow.thanks_delivered(services, chat_id=chat_id)
        return
    # The next question goes out alongside the callback answer and the edit, not after
    # them: one round trip to Telegram per tap instead of two before the person sees it.
    side = asyncio.ensure_future(_settle(query.answer(), _edit_tapped(update, parsed.kind, turn)))
    try:
        sent = await _send_next(context, chat_id, turn, language)
    finally:
        await side
    if parsed.kind == keyboards.LANGUAGE:
        await _move_card(context, chat_id, turn.notes, sent)
    if turn.receipt is not None:
        await flow.thanks_delivered(services, chat_id=chat_id)


def _tick(kind: str, turn: Turn, language: str) -> str:
    """The brief word on what was just done: the choice, Back or Skipped."""
    if kind == keyboards.BACK:
        return text(language, "went_back")
    if kind == keyboards.SKIP:
        return text(language, "skipped")
    return text(language, "chosen", label=turn.answered or "")


async def _edit(query: Any, words: str, keyboard: InlineKeyboardMarkup | None) -> None:
    """Edit the tapped message into ``words``, whatever became of it.

    After a crash, or a second tap, the card may already read so: Telegram refuses an edit
    that changes nothing ("message is not modified"), and that is done, not an error. Or
    the card has gone (a typed answer moved it below the words, and this tap was on the old
    one): then the words come as a new message, so the tap is never left unanswered.
    """
    try:
        await query.edit_message_text(words, reply_markup=keyboard)
    except BadRequest as error:
        reason = str(error).lower()
        if "not modified" in reason:
            return
        if "not found" not in reason and "can't be edited" not in reason:
            raise
        await query.get_bot().send_message(query.message.chat.id, words, reply_markup=keyboard)


async def _turn_card(
    context: BotContext, update: Update, kind: str, turn: Turn, language: str
) -> None:
    """Edit the tapped card into the next question, or into the thanks."""
    query = update.callback_query
    assert query is not None and turn.survey is not None
    chat_id = _chat_id(update)
    if turn.changed:
        await context.bot.send_message(chat_id, text(language, "changed"))
    tick = _tick(kind, turn, language)
    step = turn.step
    kept: list[int] = []
    if isinstance(step, Signpost):
        kept.append((await _signpost(context, chat_id, language)).message_id)
        step = step.then
    if isinstance(step, Ask):
        message = render.card(step, language, turn.number, tick, nonce=turn.nonce)
        await _edit(query, message.text, message.keyboard)
        shown(context).note(chat_id, turn.number)
    elif isinstance(step, Done) and turn.receipt is not None:
        keyboard = (
            removal_keyboard(turn.notes, language, kept)
            if offers_removal(turn.survey, turn.notes)
            else None
        )
        words = render.thanks(turn.survey, language, turn.receipt.withdrawal_code, tick=tick)
        await _edit(query, words, keyboard)


async def _send_next(
    context: BotContext, chat_id: int, turn: Turn, language: str, *, tick: str | None = None
) -> Message | None:
    """After an accepted answer: say so if the survey changed, then the next step."""
    assert turn.survey is not None
    if turn.changed:
        await context.bot.send_message(chat_id, text(language, "changed"))
    return await send_step(
        context,
        chat_id,
        survey=turn.survey,
        step=turn.step,
        language=language,
        number=turn.number,
        nonce=turn.nonce,
        receipt_code=turn.receipt.withdrawal_code if turn.receipt else None,
        tick=tick,
        notes=turn.notes,
    )


async def _edit_tapped(update: Update, kind: str, turn: Turn) -> None:
    """Show the choice on the tapped message and take its keyboard away."""
    query = update.callback_query
    assert query is not None and query.message is not None
    language = turn.language
    if kind == keyboards.LANGUAGE:
        shown = getattr(query.message, "text", None) or ""
        choice = "✅ " + LANGUAGE_NAMES.get(language, language)
        await _edit(query, render.answered(shown, choice), None)
        return
    if kind == keyboards.BACK:
        choice = text(language, "went_back")
    elif kind == keyboards.SKIP:
        choice = text(language, "skipped")
    else:
        choice = text(language, "chosen", label=turn.answered or "")
    header = render.question_text(turn.before, language) if turn.before else ""
    await _edit(query, render.answered(header, choice), None)


# --- typed messages and everything else -----------------------------------------------


async def typed(update: Update, context: BotContext) -> None:
    """A typed message: an answer to a text or number question, or a nudge to tap."""
    message = update.effective_message
    assert message is not None and message.text is not None
    chat_id = _chat_id(update)
    services = context.services
    turn = await flow.apply(
        services,
        chat_id=chat_id,
        update_id=update.update_id,
        resolve=flow.typed_value(message.text),
    )
    language = turn.language if turn.survey else _telegram_language(update)
    if turn.status == "duplicate":
        return
    if turn.status == "finished":
        await send_thanks_again(context, chat_id, turn)
        return
    if turn.status in ("no_session", "gone") or turn.choosing_language:
        # No question takes these words, but they must still be checked for risk.
        risky = await _check_words(context, chat_id, message.text, language)
        if turn.choosing_language:
            found = await flow.in_progress(services, chat_id=chat_id)
            if found is not None:
                await resend_current(context, chat_id, current=found[0], survey=found[1])
        elif not risky:
            # Typing with no session is not answering an old question: explain how to begin.
            key = "retired" if turn.status == "gone" else "nothing_in_progress"
            await context.bot.send_message(chat_id, text(language, key))
        return
    if turn.status == "stale" or turn.survey is None:
        return
    on_card = flow.layout(turn.notes) == flow.CARD_LAYOUT
    if turn.status == "unchanged":
        # Not an answer (a word where a tap was expected, a number out of range):
        # the engine's kind re-prompt and the question with its keyboard again.
        sent = await send_step(
            context,
            chat_id,
            survey=turn.survey,
            step=turn.step,
            language=language,
            number=turn.number,
            nonce=turn.nonce,
        )
    else:
        tick = text(language, "noted") if on_card else None
        if turn.asked is not None and not shown(context).showed(chat_id, turn.number - 1):
            # Taken for a question this process never showed: the bot may have died
            # before sending it, and these words were meant for something else. They are
            # kept all the same (a person who saw it before a restart must not lose
            # them; telling the two apart would cost a write per answer), and they are
            # told so, with the way to change it, above the next question.
            tick = render.kept_unseen(turn.asked, language, last=_ends(turn.step))
        sent = await _send_next(context, chat_id, turn, language, tick=tick)
    if on_card:
        # The new card (or the thanks) is below their words; the old card goes.
        await _delete_quietly(context, chat_id, turn.card_before)
        if turn.receipt is None:
            await flow.note(services, chat_id=chat_id, card=sent.message_id if sent else None)
    if turn.receipt is not None:
        await flow.thanks_delivered(services, chat_id=chat_id)


def _ends(step: Ask | Signpost | Done | None) -> bool:
    """Whether ``step`` is the thank-you, help lines first or not."""
    return isinstance(step.then if isinstance(step, Signpost) else step, Done)


async def _check_words(context: BotContext, chat_id: int, words: str, language: str) -> bool:
    """Signpost at once if words no question took carry a risk, and flag the survey in
    progress, if there is one, for priority review (its category, never the words).

    With no survey in progress nothing is stored: there is no response to flag, and a
    record of the words, or even of the moment they came, kept apart from any survey would
    be the one thing the bot keeps about a person outside the anonymity model. The help
    lines, which are what the person needs, are shown all the same.
    """
    from surveys.safeguarding import check

    match = check(words, language)
    if not match:
        return False
    await _signpost(context, chat_id, language)
    await flow.flag_typed_risk(context.services, chat_id=chat_id, category=match.category.value)
    return True


async def _check_extra_words(update: Update, context: BotContext, words: str | None) -> bool:
    """Words that are not an answer (a caption, an edit): help lines and a flag on risk,
    then the question in progress again, since flagging moved its buttons on a step."""
    if not words or not await flow.first_time(context.services, update.update_id):
        return False
    chat_id = _chat_id(update)
    found = await flow.in_progress(context.services, chat_id=chat_id)
    language = found[0].language if found else _telegram_language(update)
    if not await _check_words(context, chat_id, words, language):
        return False
    found = await flow.in_progress(context.services, chat_id=chat_id)
    if found is not None:
        await resend_current(context, chat_id, current=found[0], survey=found[1])
    return True


async def edited(update: Update, context: BotContext) -> None:
    """An edited message: never an answer, but its words are checked for risk all the same."""
    message = update.effective_message
    assert message is not None
    await _check_extra_words(update, context, message.text or message.caption)


async def media(update: Update, context: BotContext) -> None:
    """A voice note, sticker, photo or file: ask kindly for typing or tapping; keep nothing.

    A caption is words like any other: checked for risk, with the same help lines and flag.
    """
    # Deliberately no download: what was sent is never stored, the caption included.
    message = update.effective_message
    caption = message.caption if message is not None else None
    if await _check_extra_words(update, context, caption):
        return
    await context.bot.send_message(_chat_id(update), text(_telegram_language(update), "media"))


# --- commands -----------------------------------------------------------------------


async def _language_of(context: BotContext, update: Update) -> str:
    found = await flow.in_progress(context.services, chat_id=_chat_id(update))
    return found[0].language if found else _telegram_language(update)


async def help_command(update: Update, context: BotContext) -> None:
    """Help lines, at any time, in the respondent's language."""
    from surveys.signposting import help_message

    language = await _language_of(context, update)
    local_help = context.services.settings.local_help
    chat_id = _chat_id(update)
    sent = await context.bot.send_message(chat_id, help_message(language, local_help=local_help))
    # Help lines stay when the conversation is removed, unless the person asks.
    await flow.note(context.services, chat_id=chat_id, keep=sent.message_id)


async def privacy(update: Update, context: BotContext) -> None:
    """What is kept and what is not."""
    language = await _language_of(context, update)
    await context.bot.send_message(_chat_id(update), text(language, "privacy"))


async def stop(update: Update, context: BotContext) -> None:
    """End the survey in progress and discard its answers."""
    chat_id = _chat_id(update)
    stopped = await flow.stop(context.services, chat_id=chat_id, update_id=update.update_id)
    if stopped.dropped is None:
        return
    language = stopped.language or _telegram_language(update)
    if not stopped.dropped:
        await context.bot.send_message(chat_id, text(language, "nothing_to_stop"))
        return
    survey = context.services.surveys.get(stopped.survey_id or "")
    keyboard = (
        removal_keyboard(stopped.notes, language)
        if survey is not None and offers_removal(survey, stopped.notes)
        else None
    )
    await _delete_quietly(context, chat_id, stopped.notes.get(flow.CARD_KEY))
    await context.bot.send_message(chat_id, text(language, "stopped"), reply_markup=keyboard)


async def language(update: Update, context: BotContext) -> None:
    """Offer the survey's languages again."""
    chat_id = _chat_id(update)
    found = await flow.in_progress(context.services, chat_id=chat_id)
    if found is None:
        await context.bot.send_message(
            chat_id, text(_telegram_language(update), "language_no_survey")
        )
        return
    current, survey = found
    if len(survey.languages) < 2:
        await context.bot.send_message(chat_id, text(current.language, "language_only_one"))
        return
    keyboard = keyboards.language_keyboard(
        nonce=current.nonce or "",
        step=current.step,
        languages=survey.languages,
        preselected=current.language,
    )
    await context.bot.send_message(
        chat_id, text(current.language, "choose_language"), reply_markup=keyboard
    )


async def withdraw(update: Update, context: BotContext) -> None:
    """``/withdraw CODE`` deletes the response the code was given for."""
    chat_id = _chat_id(update)
    language = _telegram_language(update)
    code = "".join(context.args or [])
    if not code:
        await context.bot.send_message(
            chat_id, text(language, "withdraw_usage", example=EXAMPLE_CODE)
        )
        return
    tried = await flow.withdraw(
        context.services, chat_id=chat_id, code=code, update_id=update.update_id
    )
    if tried is None:
        return
    if tried.blocked_until is not None:
        reply = text(
            language,
            "too_many_codes",
            time=flow.clock_time(tried.blocked_until, context.services.settings.timezone),
        )
    else:
        reply = text(language, "withdraw_done" if tried.accepted else "withdraw_unknown")
    await context.bot.send_message(chat_id, reply)


async def unknown_command(update: Update, context: BotContext) -> None:
    """A command this bot does not have."""
    await context.bot.send_message(
        _chat_id(update), text(_telegram_language(update), "not_available")
    )


def _clock(context: BotContext, moment: datetime) -> str:
    return flow.clock_time(moment, context.services.settings.timezone)


# --- leaving no trace, and settings ---------------------------------------------------

#: The most messages one removal deletes (Telegram takes 100 a call): a survey is a few
#: dozen; this bounds what a forged button could ask of the bot.
MAX_REMOVED = 1000
DELETE_BATCH = 100


async def remove_conversation(update: Update, context: BotContext, tap: keyboards.Tap) -> None:
    """ "Remove this conversation from my phone": every message from the survey's first
    (their /start) to this button, both sides, except the help lines unless asked."""
    query = update.callback_query
    assert query is not None and query.message is not None
    chat_id = _chat_id(update)
    last = query.message.message_id
    first = max(tap.step, last - MAX_REMOVED + 1, 1)
    kept = set() if tap.kind == keyboards.REMOVE_ALL else _kept_ids(tap.argument)
    doomed = [message_id for message_id in range(first, last + 1) if message_id not in kept]
    language = _telegram_language(update)
    await query.answer(text(language, "removed")[:CALLBACK_TEXT_LIMIT])
    # Newest first, so what is on screen goes at once; ids Telegram cannot delete (too
    # old, another chat's, already gone) are skipped by deleteMessages itself.
    doomed.reverse()
    for start in range(0, len(doomed), DELETE_BATCH):
        try:
            await context.bot.delete_messages(chat_id, doomed[start : start + DELETE_BATCH])
        except TelegramError as error:
            log.info("Removing a conversation failed: %s", type(error).__name__)


def _kept_ids(argument: str) -> set[int]:
    return {int(part) for part in argument.split(".") if part}


async def change_setting(update: Update, context: BotContext, tap: keyboards.Tap) -> None:
    """The screen-reader button under a welcome, or a /settings toggle."""
    query = update.callback_query
    assert query is not None
    chat_id = _chat_id(update)
    services = context.services
    language = await _language_of(context, update)
    current = await flow.preferences_of(services, chat_id=chat_id)
    if tap.kind == keyboards.SCREEN_READER:
        chosen = dataclasses.replace(current, one_message_per_question=True)
    elif tap.step == keyboards.LAYOUT_PREFERENCE:
        chosen = dataclasses.replace(current, one_message_per_question=tap.argument == "1")
    elif tap.step == keyboards.REMOVAL_PREFERENCE:
        chosen = dataclasses.replace(current, offer_removal=tap.argument == "1")
    else:
        await query.answer()
        return
    await flow.save_preferences(services, chat_id=chat_id, preferences=chosen)
    if tap.kind == keyboards.SCREEN_READER:
        await query.answer(text(language, "screen_reader_on")[:CALLBACK_TEXT_LIMIT])
        return
    words, keyboard = _settings_message(chosen, language)
    await _settle(
        query.answer(text(language, "settings_saved")),
        query.edit_message_text(words, reply_markup=keyboard),
    )


def _settings_message(chosen: Any, language: str) -> tuple[str, InlineKeyboardMarkup]:
    layout = "settings_to_messages" if chosen.one_message_per_question else "settings_to_card"
    removal = "settings_removal_on" if chosen.offer_removal else "settings_removal_off"
    words = text(
        language, "settings", layout=text(language, layout), removal=text(language, removal)
    )
    keyboard = keyboards.settings_keyboard(
        one_message_per_question=chosen.one_message_per_question,
        offer_removal=chosen.offer_removal,
        language=language,
    )
    return words, keyboard


async def settings(update: Update, context: BotContext) -> None:
    """How this chat's surveys are shown, and whether removal is always offered."""
    chat_id = _chat_id(update)
    language = await _language_of(context, update)
    chosen = await flow.preferences_of(context.services, chat_id=chat_id)
    words, keyboard = _settings_message(chosen, language)
    await context.bot.send_message(chat_id, words, reply_markup=keyboard)
