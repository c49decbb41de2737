"""A respondent's survey, turn by turn: database and engine work, no Telegram.

Each function here runs its database work in one short write transaction (through
``BotServices.run``, which on SQLite lets turns that arrive together share one) and returns
what happened once it is committed; the handlers then talk to Telegram (never hold a write
transaction open while awaiting Telegram). Inside the transaction:

- the update id is remembered first, so a repeated update changes nothing;
- an answer is applied only from the step it was asked at (``advance_session`` checks
  ``step = expected``), so a double tap or a stale button changes nothing either.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import BotServices
from storage import guesses, keys, responses, sessions, thanks, updates
from storage.responses import CompletionReceipt
from storage.sessions import SessionInProgress
from storage.sql import Executor
from surveys import engine
from surveys.engine import Ask, Changed, Command, Done, Signpost, Toggle
from surveys.engine_state import options_for
from surveys.model import Question, Survey

Status = Literal[
    "applied", "unchanged", "duplicate", "stale", "no_session", "gone", "earlier", "finished"
]

#: Not an answer to anything: the engine re-asks the current question when given it.
_NOT_AN_ANSWER = object()


@dataclass(frozen=True)
class Turn:
    """What one update did to a survey in progress.

    ``step`` is the engine's next step (``None`` when nothing was applied). ``number`` is
    the session's step counter afterwards, which the next keyboard carries. ``answered``
    describes the choice just made, for editing the tapped message.
    """

    status: Status
    survey: Survey | None = None
    language: str = "en"
    step: Ask | Signpost | Done | None = None
    number: int = 0
    receipt: CompletionReceipt | None = None
    answered: str | None = None
    before: Ask | None = None
    changed: bool = False
    choosing_language: bool = False
    flagged: bool = False
    #: The bot's notes as stored after this turn (see :data:`BOT_KEYS`).
    notes: dict[str, Any] = dataclasses.field(default_factory=dict)
    #: The survey's card before this turn (for a typed answer: the card to retire).
    card_before: int | None = None
    #: The session's nonce, for the next keyboard.
    nonce: str = ""
    #: ``finished``: the withdrawal code of a thank-you a crash kept from them.
    unsent_code: str | None = None
    #: ``applied``: the question the answer was taken for (its words, to say so).
    asked: Question | None = None


def now() -> datetime:
    return datetime.now(UTC)


def clock_time(moment: datetime, timezone: str) -> str:
    """``moment`` as the partnership's clock shows it ("14:05")."""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%H:%M")


def today() -> date:
    return now().date()


#: A key the bot adds to the stored state while the language buttons are showing. The
#: engine never sees it (see :func:`engine_state`), and choosing a language removes it.
PHASE_KEY = "bot_phase"
LANGUAGE_PHASE = "language"


#: The bot's notes on the survey, kept in the stored state beside the engine's (and gone
#: with the session): the message id of the survey's card, of the first message of the
#: survey (the person's /start), of each help lines message (kept when the conversation is
#: removed), and the layout (``"messages"``: one message per question, for screen readers).
CARD_KEY = "bot_card"
FIRST_KEY = "bot_first"
KEEP_KEY = "bot_keep"
LAYOUT_KEY = "bot_layout"
#: Set when the chat asked (``/settings``) to be offered removal on every survey.
OFFER_KEY = "bot_offer"
BOT_KEYS = frozenset({PHASE_KEY, CARD_KEY, FIRST_KEY, KEEP_KEY, LAYOUT_KEY, OFFER_KEY})
CARD_LAYOUT = "card"
MESSAGES_LAYOUT = "messages"


def choosing_language(current: SessionInProgress) -> bool:
    """A survey with several languages starts with the language buttons, not a question."""
    return current.state.get(PHASE_KEY) == LANGUAGE_PHASE


def engine_state(state: dict[str, Any]) -> dict[str, Any]:
    """The stored state without the bot's own keys: what the engine wrote."""
    return {key: value for key, value in state.items() if key not in BOT_KEYS}


def bot_notes(state: dict[str, Any]) -> dict[str, Any]:
    """The bot's notes in a stored state (the language phase aside)."""
    return {key: state[key] for key in BOT_KEYS - {PHASE_KEY} if key in state}


def layout(notes: dict[str, Any]) -> str:
    return str(notes.get(LAYOUT_KEY) or CARD_LAYOUT)


def current_step(survey: Survey, state: dict[str, Any]) -> Ask | Done | Changed:
    """The question the state is waiting on, asked afresh (for reminders and /language)."""
    return engine.current(survey, engine_state(state))


async def _remember(services: BotServices, session: Executor, update_id: int | None) -> bool:
    if update_id is None:
        return True
    return await updates.remember_update(session=session, update_id=update_id, now=now())


# --- starting -----------------------------------------------------------------------


@dataclass(frozen=True)
class Started:
    status: Literal["started", "resumed", "invalid", "duplicate"]
    survey: Survey | None = None
    language: str = "en"
    step: Ask | Done | None = None
    choosing_language: bool = False
    notes: dict[str, Any] = dataclasses.field(default_factory=dict)
    #: The card of a survey this one replaced, to take off the screen.
    replaced_card: int | None = None
    nonce: str = ""
    #: For ``resumed``: the survey this chat already has in progress from the same invite.
    current: SessionInProgress | None = None


async def redeem_and_start(
    services: BotServices,
    *,
    chat_id: int,
    update_id: int | None,
    token: str,
    telegram_language: str | None,
    first_message: int | None = None,
) -> Started:
    """Use one of the invite's uses and start its survey for this chat; ``first_message``
    is the person's /start, where the survey's messages begin.

    A chat that taps the link of the survey it already has in progress (the first tap
    seemed to do nothing, or they came back through the worker's message) is ``resumed``:
    no use is spent, nothing restarts, and a single-use link is not "used already" for the
    chat using it.
    """
    from storage import invites

    if not keys.is_start_parameter(token):
        return Started("invalid")
    chat_key = services.db.chat_key(chat_id)

    async def work(session: Executor) -> Started:
        current = await sessions.load_session(session=session, chat_key=chat_key)
        resuming = services.surveys.get(current.survey_id) if current is not None else None
        if (
            current is not None
            and resuming is not None
            and current.invite_id is not None
            and current.invite_id == await invites.invite_id(session=session, token=token)
        ):
            return Started("resumed", survey=resuming, language=current.language, current=current)
        invite = await invites.redeem_invite(session=session, token=token, now=now())
        survey = services.surveys.get(invite.survey_id) if invite is not None else None
        if invite is None or survey is None:
            return Started("invalid")
        return await _start(
            services,
            session,
            chat_id=chat_id,
            survey=survey,
            language=telegram_language,
            invite_id=invite.invite_id,
            agency=invite.agency,
            team=invite.team,
            touchpoint=invite.touchpoint,
            first_message=first_message,
        )

    return await services.run(work, update_id=update_id, duplicate=Started("duplicate"))


async def _start(
    services: BotServices,
    session: Executor,
    *,
    chat_id: int,
    survey: Survey,
    language: str | None,
    invite_id: int | None = None,
    agency: str | None = None,
    team: str | None = None,
    touchpoint: str | None = None,
    first_message: int | None = None,
) -> Started:
    from storage import preferences

    preselected = (language or "en").split("-")[0].lower()
    fresh, step = engine.start(survey, preselected)
    if len(survey.languages) > 1:
        fresh = {**fresh, PHASE_KEY: LANGUAGE_PHASE}
    chosen = await preferences.load_preferences(
        session=session, preference_key=services.db.preference_key(chat_id)
    )
    default = services.extras.get("default_layout", CARD_LAYOUT)
    layout_ = MESSAGES_LAYOUT if chosen.one_message_per_question else default
    chat_key = services.db.chat_key(chat_id)

    def with_notes(old: dict[str, Any]) -> dict[str, Any]:
        """The new state with the bot's notes. A survey replaced half way: its messages
        are part of this conversation now, so one removal at the end takes both."""
        notes: dict[str, Any] = {LAYOUT_KEY: layout_}
        first = old.get(FIRST_KEY) or first_message
        if first is not None:
            notes[FIRST_KEY] = first
        if old.get(KEEP_KEY):
            notes[KEEP_KEY] = list(old[KEEP_KEY])
        if chosen.offer_removal:
            notes[OFFER_KEY] = True
        return {**fresh, **notes}

    async def begin(new_state: dict[str, Any], *, replace: bool) -> str | None:
        return await sessions.start_session(
            session=session,
            chat_key=chat_key,
            survey=survey,
            language=new_state["language"],
            state=new_state,
            now=now(),
            invite_id=invite_id,
            agency=agency,
            team=team,
            touchpoint=touchpoint or survey.touchpoint,
            sealed_chat=keys.seal_chat_id(services.db.secret, chat_id),
            replace=replace,
        )

    # Most chats have no survey to replace: the insert alone then, without reading first.
    old: dict[str, Any] = {}
    state = with_notes(old)
    nonce = await begin(state, replace=False)
    if nonce is None:
        # One is in progress: carry its notes over, and its card leaves the screen.
        replaced = await sessions.load_session(session=session, chat_key=chat_key)
        old = bot_notes(replaced.state) if replaced is not None else {}
        state = with_notes(old)
        nonce = await begin(state, replace=True)
    assert nonce is not None
    return Started(
        "started",
        survey=survey,
        language=state["language"],
        step=step,
        choosing_language=len(survey.languages) > 1,
        notes=bot_notes(state),
        replaced_card=old.get(CARD_KEY),
        nonce=nonce,
    )


async def start_for_staff(
    services: BotServices,
    session: Executor,
    *,
    chat_id: int,
    survey: Survey,
    agency: str | None,
    team: str | None,
) -> Started:
    """Start a pulse for a member of staff inside the caller's transaction."""
    return await _start(
        services, session, chat_id=chat_id, survey=survey, language="en", agency=agency, team=team
    )


# --- answering ----------------------------------------------------------------------

Resolver = Callable[[Survey, Question, str], object]


async def apply(
    services: BotServices,
    *,
    chat_id: int,
    update_id: int | None,
    resolve: Resolver,
    expected_step: int | None = None,
    expected_nonce: str | None = None,
    language: str | None = None,
    card: int | None = None,
) -> Turn:
    """Give the engine one answer (``resolve`` turns the tap or text into its value).

    A tap names its session (``expected_nonce``) and step: a button from an earlier
    survey is ``earlier``, one from an earlier step of this survey ``stale``. With no
    survey in progress, a thank-you a crash kept from them comes back as ``finished``.
    ``card`` is the message tapped, which becomes (or stays) the survey's card.
    """
    chat_key = services.db.chat_key(chat_id)

    async def work(session: Executor) -> Turn:
        current = await sessions.load_session(session=session, chat_key=chat_key)
        if current is None:
            unsent = await thanks.find_unsent(
                session=session, chat_key=chat_key, secret=services.db.secret
            )
            if unsent is None:
                return Turn("no_session")
            return Turn(
                "finished",
                survey=services.surveys.get(unsent.survey_id),
                language=unsent.language,
                unsent_code=unsent.withdrawal_code,
            )
        if expected_nonce is not None and current.nonce != expected_nonce:
            return Turn("earlier", language=current.language, nonce=current.nonce or "")
        survey = services.surveys.get(current.survey_id)
        if survey is None:
            # Retired while they were answering: nothing sensible to carry on with.
            await sessions.drop_session(session=session, chat_key=chat_key)
            return Turn("gone", language=current.language)
        if expected_step is not None and current.step != expected_step:
            return Turn(
                "stale",
                survey=survey,
                language=current.language,
                number=current.step,
                nonce=current.nonce or "",
            )
        state = engine_state(current.state)
        if language is not None:
            return await _change_language(services, session, current, survey, language, card)
        if choosing_language(current):
            return Turn(
                "unchanged",
                survey=survey,
                language=current.language,
                number=current.step,
                choosing_language=True,
                nonce=current.nonce or "",
            )
        question = survey.question(state.get("current") or "")
        value = resolve(survey, question, current.language) if question else _NOT_AN_ANSWER
        if value is None:
            return Turn("stale", survey=survey, language=current.language, number=current.step)
        answered = _describe(question, value, current.language) if question else None
        checked = engine.check(survey, state)
        given = state if isinstance(checked, Changed) else checked
        new_state, step = engine.answer(survey, given, value)
        turn = await _save(
            services,
            session,
            current,
            survey,
            new_state,
            step,
            answered=answered,
            asked=question,
            card=card,
        )
        if expected_step is not None and turn.status == "applied":
            # For editing the tapped message: the question as it was asked.
            before = engine.current(survey, given)
            turn = dataclasses.replace(turn, before=before if isinstance(before, Ask) else None)
        return turn

    return await services.run(work, update_id=update_id, duplicate=Turn("duplicate"))


async def _save(
    services: BotServices,
    session: Executor,
    current: SessionInProgress,
    survey: Survey,
    new_state: dict[str, Any],
    step: Ask | Signpost | Done | Changed,
    *,
    answered: str | None = None,
    asked: Question | None = None,
    language: str | None = None,
    card: int | None = None,
) -> Turn:
    final = step.then if isinstance(step, Signpost) else step
    notes = bot_notes(current.state)
    card_before = notes.get(CARD_KEY)
    if card is not None:
        notes[CARD_KEY] = card
    turn = Turn(
        "applied",
        survey=survey,
        language=new_state.get("language", current.language),
        step=None if isinstance(step, Changed) else step,
        number=current.step + 1,
        answered=answered,
        asked=asked,
        flagged=bool(new_state.get("flags")),
        notes=notes,
        card_before=card_before,
        nonce=current.nonce or "",
    )
    if isinstance(final, Done) and not final.stopped:
        receipt = await responses.complete_survey(
            session=session,
            chat_key=current.chat_key,
            completed=engine.collect(survey, new_state),
            today=today(),
            secret=services.db.secret,
            expected_step=current.step,
        )
        if receipt is None:
            return Turn("stale", survey=survey, language=current.language, number=current.step)
        await thanks.note_unsent(
            session=session,
            chat_key=current.chat_key,
            survey_id=survey.id,
            language=turn.language,
            withdrawal_code=receipt.withdrawal_code,
            secret=services.db.secret,
        )
        return dataclasses.replace(turn, receipt=receipt)
    if isinstance(final, Changed):
        # The engine's state is already a fresh start; ask its first question again.
        new_state, first = engine.start(survey, current.language)
        turn = dataclasses.replace(turn, step=first, changed=True, answered=None, asked=None)
    if new_state == engine_state(current.state) and language is None:
        # A re-prompt: nothing to write, and the buttons already shown stay valid.
        return dataclasses.replace(turn, status="unchanged", number=current.step)
    applied = await sessions.advance_session(
        session=session,
        chat_key=current.chat_key,
        survey=survey,
        expected_step=current.step,
        state={**new_state, **notes},
        now=now(),
        language=language,
    )
    if not applied:
        return Turn("stale", survey=survey, language=current.language, number=current.step)
    return turn


async def _change_language(
    services: BotServices,
    session: Executor,
    current: SessionInProgress,
    survey: Survey,
    language: str,
    card: int | None = None,
) -> Turn:
    if language not in survey.languages:
        return Turn("stale", survey=survey, language=current.language, number=current.step)
    new_state = {**engine_state(current.state), "language": language}
    step = current_step(survey, new_state)
    return await _save(
        services, session, current, survey, new_state, step, language=language, card=card
    )


def _describe(question: Question, value: object, language: str) -> str | None:
    """The words to put on the tapped message: the option chosen, or None."""
    if isinstance(value, str):
        option = question.option(value) or next(
            (o for o in options_for(question) if o.code == value), None
        )
        return option.display(language) if option else None
    if isinstance(value, tuple):
        labels = [o.display(language) for o in options_for(question) if o.code in value]
        return ", ".join(labels) or None
    return None


# --- resolvers: what a tap or a message means for the current question ------------------


def tap_value(kind: str, argument: str) -> Resolver:
    """The engine value of a button; ``None`` (ignored) for an index out of range."""
    from bot import keyboards

    def resolve(survey: Survey, question: Question, language: str) -> object:
        if kind == keyboards.BACK:
            return Command.BACK
        if kind == keyboards.SKIP:
            return Command.SKIP
        if kind == keyboards.DONE:
            return Command.SUBMIT
        options = options_for(question)
        if not argument.isdigit() or int(argument) >= len(options):
            return None
        code = options[int(argument)].code
        return Toggle(code) if kind == keyboards.TOGGLE else code

    return resolve


def typed_value(words: str) -> Resolver:
    def resolve(survey: Survey, question: Question, language: str) -> object:
        return words

    return resolve


# --- other turns --------------------------------------------------------------------


async def thanks_delivered(services: BotServices, *, chat_id: int) -> None:
    """The thank-you reached them: forget the code kept in case it had not."""

    async def work(session: Executor) -> None:
        await thanks.forget_unsent(session=session, chat_key=services.db.chat_key(chat_id))

    await services.run(work)


async def unsent_thanks(services: BotServices, *, chat_id: int) -> Turn | None:
    """A thank-you a crash kept from this chat, as a ``finished`` turn, or ``None``."""
    async with services.db.read() as session:
        unsent = await thanks.find_unsent(
            session=session, chat_key=services.db.chat_key(chat_id), secret=services.db.secret
        )
    if unsent is None:
        return None
    return Turn(
        "finished",
        survey=services.surveys.get(unsent.survey_id),
        language=unsent.language,
        unsent_code=unsent.withdrawal_code,
    )


async def first_time(services: BotServices, update_id: int) -> bool:
    """Remember ``update_id``; ``False`` when it was handled before (a repeated update)."""

    async def work(session: Executor) -> bool:
        return True

    return await services.run(work, update_id=update_id, duplicate=False)


@dataclass(frozen=True)
class Stopped:
    """What ``/stop`` ended: whether there was a survey (``None`` for a repeated update),
    its language, and the bot's notes on it (its card, where its messages begin)."""

    dropped: bool | None
    language: str | None = None
    notes: dict[str, Any] = dataclasses.field(default_factory=dict)
    survey_id: str | None = None


async def stop(services: BotServices, *, chat_id: int, update_id: int | None = None) -> Stopped:
    """End and forget the survey in progress."""
    chat_key = services.db.chat_key(chat_id)

    async def work(session: Executor) -> Stopped:
        current = await sessions.load_session(session=session, chat_key=chat_key)
        dropped = await sessions.drop_session(session=session, chat_key=chat_key)
        if current is None:
            return Stopped(dropped)
        return Stopped(dropped, current.language, bot_notes(current.state), current.survey_id)

    return await services.run(work, update_id=update_id, duplicate=Stopped(None))


async def note(
    services: BotServices,
    *,
    chat_id: int,
    card: int | None = None,
    keep: int | None = None,
    layout_: str | None = None,
    offer: bool | None = None,
) -> None:
    """Note on the survey in progress (if any) which message is its card, a help lines
    message to keep, or its layout; the step stays, so the buttons on screen stay valid."""
    chat_key = services.db.chat_key(chat_id)

    async def work(session: Executor) -> bool:
        """Whether it is done: noted, or there is nothing to note on."""
        current = await sessions.load_session(session=session, chat_key=chat_key)
        survey = services.surveys.get(current.survey_id) if current else None
        if current is None or survey is None:
            return True
        state = dict(current.state)
        if card is not None:
            state[CARD_KEY] = card
        if keep is not None:
            state[KEEP_KEY] = [*state.get(KEEP_KEY, []), keep]
        if layout_ is not None:
            state[LAYOUT_KEY] = layout_
        if offer is not None:
            state[OFFER_KEY] = offer
        return await sessions.note_session(
            session=session,
            chat_key=chat_key,
            survey=survey,
            expected_step=current.step,
            state=state,
        )

    for _ in range(3):  # an answer may move the step on between the read and the write
        if await services.run(work):
            return


async def in_progress(
    services: BotServices, *, chat_id: int
) -> tuple[SessionInProgress, Survey] | None:
    """The chat's survey in progress and its definition, read only."""
    async with services.db.read() as session:
        current = await sessions.load_session(
            session=session, chat_key=services.db.chat_key(chat_id)
        )
    if current is None:
        return None
    survey = services.surveys.get(current.survey_id)
    return (current, survey) if survey is not None else None


async def flag_typed_risk(services: BotServices, *, chat_id: int, category: str) -> None:
    """Flag the survey in progress for risk in words no question took (typed while the
    language buttons show, a caption, an edit); nothing when no survey is in progress."""
    chat_key = services.db.chat_key(chat_id)

    async def work(session: Executor) -> None:
        current = await sessions.load_session(session=session, chat_key=chat_key)
        survey = services.surveys.get(current.survey_id) if current else None
        if current is None or survey is None:
            return
        flags = list(current.state.get("flags") or [])
        if category in flags:
            return
        state = {**current.state, "flags": [*flags, category]}
        await sessions.advance_session(
            session=session,
            chat_key=chat_key,
            survey=survey,
            expected_step=current.step,
            state=state,
            now=now(),
        )

    await services.run(work)


@dataclass(frozen=True)
class CodeTried:
    """What a ``/withdraw`` or ``/join`` code did: ``accepted``, or refused for now."""

    accepted: bool
    #: Set when the chat has had too many wrong codes: when it may try again.
    blocked_until: datetime | None = None


async def try_code(
    services: BotServices,
    *,
    chat_id: int,
    update_id: int | None,
    use: Callable[[AsyncSession], Awaitable[bool]],
) -> CodeTried | None:
    """Run ``use`` (whether the code was right) unless this chat has had too many wrong
    codes this hour, and count it if it was wrong; ``None`` for a repeated update. One
    transaction, so neither a repeat nor two codes at once slip past the count."""
    guess_key = services.db.guess_key(chat_id)
    moment = now()
    async with services.write() as session:
        if not await _remember(services, session, update_id):
            return None
        until = await guesses.blocked_until(session=session, guess_key=guess_key, now=moment)
        if until is not None:
            return CodeTried(accepted=False, blocked_until=until)
        if await use(session):
            return CodeTried(accepted=True)
        await guesses.note_wrong_code(session=session, guess_key=guess_key, now=moment)
        return CodeTried(accepted=False)


async def withdraw(
    services: BotServices, *, chat_id: int, code: str, update_id: int | None
) -> CodeTried | None:
    """Delete the response with this withdrawal code; ``None`` for a repeated update."""

    async def use(session: AsyncSession) -> bool:
        return await responses.withdraw_response(
            session=session, code=code, secret=services.db.secret
        )

    return await try_code(services, chat_id=chat_id, update_id=update_id, use=use)


# --- chat preferences -----------------------------------------------------------------


async def preferences_of(services: BotServices, *, chat_id: int) -> Any:
    """The chat's preferences (a :class:`storage.preferences.Preferences`)."""
    from storage import preferences

    async with services.db.read() as session:
        return await preferences.load_preferences(
            session=session, preference_key=services.db.preference_key(chat_id)
        )


async def save_preferences(services: BotServices, *, chat_id: int, preferences: Any) -> None:
    """Store the chat's preferences, and switch the layout of a survey in progress."""
    from storage import preferences as stored

    async def work(session: Executor) -> None:
        await stored.save_preferences(
            session=session,
            preference_key=services.db.preference_key(chat_id),
            preferences=preferences,
        )

    await services.run(work)
    await note(
        services,
        chat_id=chat_id,
        layout_=MESSAGES_LAYOUT if preferences.one_message_per_question else CARD_LAYOUT,
        offer=preferences.offer_removal,
    )
