"""Surveys in progress: one row per chat, keyed by a keyed hash of the chat.

The engine's state holds the answers so far, free text included. Free text is redacted
here, before the state reaches any SQL statement (the safeguarding check has already seen
the raw words in the engine), so nothing a respondent typed is ever written as typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update

from storage import keys
from storage.models import SurveySession
from storage.redaction import redact
from storage.sql import Executor, dialect_name, insert_per_dialect, rowcount
from storage.starts import count_start, forget_unfinished
from surveys.model import Survey

_SESSIONS = cast(Table, SurveySession.__table__)
_COLUMNS = _SESSIONS.c

# The statements a tap runs, built once as Core statements on the table: the ORM's
# identity map and bulk-update machinery cost more than the SQL itself on SQLite.
_ADVANCE = (
    update(_SESSIONS)
    .where(_COLUMNS.chat_key == bindparam("key"), _COLUMNS.step == bindparam("expected"))
    .values(step=_COLUMNS.step + 1)
)
#: The bot's notes on a survey (message ids) change the state but not the step, so the
#: buttons already on screen stay valid.
_NOTE = update(_SESSIONS).where(
    _COLUMNS.chat_key == bindparam("key"), _COLUMNS.step == bindparam("expected")
)
_INSERT = insert(_SESSIONS)
_INSERT_NEW = insert_per_dialect(
    _SESSIONS, lambda insert: insert.on_conflict_do_nothing(index_elements=["chat_key"])
)


@dataclass(frozen=True)
class SessionInProgress:
    """A survey in progress as the bot sees it."""

    chat_key: str
    survey_id: str
    survey_version: int
    language: str
    state: dict[str, Any]
    step: int
    invite_id: int | None
    agency: str | None
    team: str | None
    touchpoint: str | None
    started_at: datetime
    last_activity: datetime
    reminder_sent: bool
    #: What this session's buttons carry (see :func:`storage.keys.new_session_nonce`).
    nonce: str | None = None


#: The row of a survey in progress, its columns in :class:`SessionInProgress`'s order.
_LOAD = select(*(_COLUMNS[field.name] for field in fields(SessionInProgress))).where(
    _COLUMNS.chat_key == bindparam("key")
)


@dataclass(frozen=True)
class ReminderDue:
    """A survey left unfinished, and the chat to remind."""

    chat_key: str
    chat_id: int
    survey_id: str
    language: str


def redact_state_texts(state: Mapping[str, Any], *, survey: Survey) -> dict[str, Any]:
    """A copy of an engine state with every free-text answer redacted.

    Only answers to ``text`` questions are touched: option codes and numbers are the
    survey's own words and must stay exactly as they are.
    """
    answers = state.get("answers")
    if not isinstance(answers, Mapping):
        return dict(state)
    redacted = {
        question_id: _redact_if_text(survey, question_id, value)
        for question_id, value in answers.items()
    }
    return {**state, "answers": redacted}


def _redact_if_text(survey: Survey, question_id: str, value: Any) -> Any:
    question = survey.question(question_id)
    if isinstance(value, str) and question is not None and question.kind == "text":
        return redact(value)
    return value


async def start_session(
    *,
    session: Executor,
    chat_key: str,
    survey: Survey,
    language: str,
    state: Mapping[str, Any],
    now: datetime,
    invite_id: int | None = None,
    agency: str | None = None,
    team: str | None = None,
    touchpoint: str | None = None,
    sealed_chat: str | None = None,
    today: date | None = None,
    nonce: str | None = None,
    replace: bool = True,
) -> str | None:
    """Begin ``survey`` for a chat at step 0, replacing any survey it left unfinished;
    returns the new session's nonce (``nonce`` if given, else a fresh random one).

    With ``replace=False`` a chat that has a survey in progress keeps it: nothing is
    written or counted and ``None`` is returned, so a caller that needs the old survey's
    state reads it only then (most chats have none) and calls again with ``replace``.

    ``agency`` / ``team`` / ``touchpoint`` come from the invite (or a staff member's
    record for a pulse) and end up on the response; without a touchpoint the survey's
    own is used. ``sealed_chat`` is ``Database.seal_chat(chat_id)``, so the reminder job
    can reach the chat. ``today`` is the local day, for the starts counter (``now``'s own
    date if not given). The replaced survey counts as stopped where it was.
    """
    day = today or now.date()
    touchpoint = touchpoint or survey.touchpoint
    row = {
        "chat_key": chat_key,
        "survey_id": survey.id,
        "survey_version": survey.version,
        "language": language,
        "state": redact_state_texts(state, survey=survey),
        "step": 0,
        "invite_id": invite_id,
        "agency": agency,
        "team": team,
        "touchpoint": touchpoint,
        "sealed_chat": sealed_chat,
        "started_at": now,
        "started_on": day,
        "last_activity": now,
        "reminder_sent": False,
        "nonce": nonce or keys.new_session_nonce(),
    }
    # Mostly there is no unfinished survey to replace: try the insert alone first, and
    # only if the chat has one, forget it (counted as stopped) and insert again.
    new = _INSERT_NEW[dialect_name(session)]
    if rowcount(await session.execute(new, row)) == 0:
        if not replace:
            return None
        await forget_unfinished(session=session, where=SurveySession.chat_key == chat_key)
        await session.execute(_INSERT, row)
    await count_start(
        session=session, day=day, survey_id=survey.id, touchpoint=touchpoint, agency=agency
    )
    return str(row["nonce"])


async def load_session(*, session: Executor, chat_key: str) -> SessionInProgress | None:
    """The chat's survey in progress, or ``None``."""
    row = (await session.execute(_LOAD, {"key": chat_key})).first()
    if row is None:
        return None
    return SessionInProgress(*row)  # a fresh state dict: JSON is decoded per row


async def advance_session(
    *,
    session: Executor,
    chat_key: str,
    survey: Survey,
    expected_step: int,
    state: Mapping[str, Any],
    now: datetime,
    language: str | None = None,
) -> bool:
    """Save the state after one answer, only if the row is still at ``expected_step``.

    Returns whether it applied. ``False`` means another update got there first (a
    repeated tap, a retried update, a second worker): the caller should change nothing
    and tell no one. A change of ``language`` rides along.
    """
    values: dict[str, Any] = {
        "key": chat_key,
        "expected": expected_step,
        "state": redact_state_texts(state, survey=survey),
        "last_activity": now,
    }
    if language is not None:
        values["language"] = language
    return rowcount(await session.execute(_ADVANCE, values)) == 1


async def note_session(
    *,
    session: Executor,
    chat_key: str,
    survey: Survey,
    expected_step: int,
    state: Mapping[str, Any],
) -> bool:
    """Save the state without moving the step on (the bot's own notes, such as which
    message is the survey's card); whether the row was still at ``expected_step``."""
    values = {
        "key": chat_key,
        "expected": expected_step,
        "state": redact_state_texts(state, survey=survey),
    }
    return rowcount(await session.execute(_NOTE, values)) == 1


async def drop_session(*, session: Executor, chat_key: str) -> bool:
    """Forget the chat's survey in progress (``/stop``), counting where it stopped;
    whether there was one."""
    return await forget_unfinished(session=session, where=SurveySession.chat_key == chat_key) > 0


async def reminders_due(
    *, session: Executor, idle_since: datetime, secret: str | bytes
) -> list[ReminderDue]:
    """Surveys untouched since ``idle_since`` and not yet reminded about."""
    rows = await session.execute(
        select(
            SurveySession.chat_key,
            SurveySession.sealed_chat,
            SurveySession.survey_id,
            SurveySession.language,
        ).where(
            SurveySession.last_activity < idle_since,
            SurveySession.reminder_sent.is_(False),
            SurveySession.sealed_chat.is_not(None),
        )
    )
    return [
        ReminderDue(key, keys.open_chat_id(secret, key, sealed or ""), survey_id, language)
        for key, sealed, survey_id, language in rows
    ]


async def mark_reminded(*, session: Executor, chat_key: str) -> bool:
    """Note the reminder went out; ``True`` only the first time, so it is sent once."""
    result = await session.execute(
        update(SurveySession)
        .where(SurveySession.chat_key == chat_key, SurveySession.reminder_sent.is_(False))
        .values(reminder_sent=True)
        .execution_options(synchronize_session=False)
    )
    return rowcount(result) == 1
