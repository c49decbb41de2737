"""The tables, as SQLAlchemy 2 declarative models.

Anonymity is designed into the shape of these tables, not bolted on:

- ``responses`` and ``answers`` hold nothing that points at a person: no chat id, no user
  id, no hash of either, and the completion *date* only (no time of day).
- ``survey_sessions`` (a survey in progress) is keyed by a keyed hash of the chat and is
  deleted in the same transaction that holds the finished survey in ``held_responses``.
- ``held_responses`` keeps a finished survey until its day is over; the release job
  (:mod:`storage.release`) then moves the whole day into ``responses`` and ``answers`` in
  one transaction, in random order, with fresh ids, so nothing there (ids, physical
  order, PostgreSQL's ``xmin``) says in what order or at what time the day's came in.
- ``processed_updates`` keeps the day an update was seen, not the moment: it is written
  in the transaction that completes a survey.
- ``staff`` keeps chat ids only so pulse rounds can be delivered; a staff member's pulse
  answers are a response like any other and carry no link back.
- invite tokens, withdrawal codes and join codes are stored only as hashes.
- ``survey_starts`` and ``survey_stops`` are counters by survey, touchpoint, agency and
  day, never rows per person, and carry no team: a team beside a day could point at the
  one family a worker saw that day. ``day_counts`` (answers counted per day, survey,
  indicator, audience and touchpoint, for reports) carries neither agency nor team.

A new database is created by the Alembic migrations in ``storage/migrations``, never by
``create_all``; a test checks that the migrations and these models agree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage import keys

#: Explicit constraint names, so migrations can alter them on every backend
#: (SQLite's batch mode needs a name to drop or recreate a constraint).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Story review states.
STORY_PENDING = "pending"
STORY_APPROVED = "approved"
STORY_REJECTED = "rejected"
STORY_STATUSES = (STORY_PENDING, STORY_APPROVED, STORY_REJECTED)

#: Separator for option codes and flag reasons held in one text column.
LIST_SEPARATOR = ";"


class UtcDateTime(TypeDecorator[datetime]):
    """A moment in UTC, stored without a zone and always read back zone-aware.

    SQLite keeps no zone and PostgreSQL's ``timestamptz`` returns one; storing naive UTC
    on both and attaching UTC on the way out makes comparisons behave the same.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UtcDateTime needs a zone-aware datetime (use datetime.now(UTC))")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime(),
        dict[str, Any]: JSON(),
    }


class Agency(Base):
    """An agency of the partnership, by the short code used on invites and in reports."""

    __tablename__ = "agencies"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]


class JoinCode(Base):
    """A code a member of staff sends with ``/join`` to receive pulse rounds."""

    __tablename__ = "join_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)  # keyed hash of the code
    agency: Mapped[str] = mapped_column(String(32), ForeignKey("agencies.code"))
    team: Mapped[str | None] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Invite(Base):
    """A link a worker hands a family: which survey, where, for how long, how many times.

    It never names a case or a person. ``uses_left`` is ``None`` for an unlimited invite
    (a poster in a waiting room); otherwise it only ever counts down to zero.
    """

    __tablename__ = "invites"
    __table_args__ = (
        CheckConstraint("uses_left >= 0", name="uses_left_not_negative"),
        # A report counts the invites made in its period: this reads only those, and
        # nothing else of the table (see migration 0004).
        Index("ix_invites_period", "created_at", "survey_id", "touchpoint", "agency"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the token
    survey_id: Mapped[str] = mapped_column(String(64))
    touchpoint: Mapped[str | None] = mapped_column(String(32))
    agency: Mapped[str] = mapped_column(String(32), ForeignKey("agencies.code"))
    team: Mapped[str | None] = mapped_column(String(32))
    expires_at: Mapped[datetime | None]
    uses_left: Mapped[int | None] = mapped_column(Integer)
    multi_use: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]


class SurveySession(Base):
    """A survey in progress for one chat, keyed by a keyed hash of the chat.

    ``state`` is the engine's state with free-text answers already redacted. ``step``
    counts applied answers: an answer is applied only from the step it expects, so a
    repeated or concurrent update changes nothing. ``sealed_chat`` lets the reminder job
    reach the chat; it is unreadable without the secret and goes with the row.
    """

    __tablename__ = "survey_sessions"

    chat_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    survey_id: Mapped[str] = mapped_column(String(64))
    survey_version: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(16))
    state: Mapped[dict[str, Any]]
    step: Mapped[int] = mapped_column(Integer, default=0)
    invite_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("invites.id", ondelete="SET NULL")
    )
    agency: Mapped[str | None] = mapped_column(String(32))
    team: Mapped[str | None] = mapped_column(String(32))
    touchpoint: Mapped[str | None] = mapped_column(String(32))
    sealed_chat: Mapped[str | None] = mapped_column(String(32))
    started_at: Mapped[datetime]
    #: The local day it was started, so the counters of starts and stops agree on it.
    started_on: Mapped[date] = mapped_column(Date)
    last_activity: Mapped[datetime] = mapped_column(index=True)
    reminder_sent: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Random per session (:func:`storage.keys.new_session_nonce`), carried by its buttons,
    #: so a button from an earlier survey never answers this one. Goes with the row.
    nonce: Mapped[str | None] = mapped_column(String(8))


class UnsentThanks(Base):
    """A thank-you (with its withdrawal code) not yet known to have reached the person.

    Written in the transaction that completes the survey and deleted once the thank-you
    is sent, so that if the bot dies in between, the person's next message or tap is
    told their answers were saved and given the code. While it exists it links the chat
    (keyed hash) to a withdrawal code, so it is short-lived: every purge (at least every
    ten minutes) deletes every row, delivered or not. No time is kept.
    """

    __tablename__ = "unsent_thanks"
    __table_args__ = ({"sqlite_with_rowid": False},)

    chat_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    survey_id: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(16))
    #: The withdrawal code, sealed with the secret (:func:`storage.keys.seal_text`).
    sealed_code: Mapped[str] = mapped_column(String(100))


class Response(Base):
    """One completed survey. Nothing here identifies who gave it.

    On SQLite the table has no rowid (``WITHOUT ROWID``): SQLite's hidden rowid counts up,
    so it would show the order responses arrived in, and the rows are kept in the order of
    their random ids instead.
    """

    __tablename__ = "responses"
    __table_args__ = (
        # A report reads the responses of the periods it shows, and only these columns:
        # the index alone answers it, so the cost is the periods', not the history's.
        Index(
            "ix_responses_period",
            "completed_on",
            "audience",
            "touchpoint",
            "survey_id",
            "agency",
            "id",
        ),
        {"sqlite_with_rowid": False},
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # random, not sequential
    survey_id: Mapped[str] = mapped_column(String(64), index=True)
    survey_version: Mapped[int] = mapped_column(Integer)
    audience: Mapped[str] = mapped_column(String(32))
    touchpoint: Mapped[str] = mapped_column(String(32))
    agency: Mapped[str | None] = mapped_column(String(32))
    team: Mapped[str | None] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(16))
    completed_on: Mapped[date] = mapped_column(Date)  # a day, never a time
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    flag_reasons: Mapped[str | None] = mapped_column(String(200))  # ";"-joined categories
    flag_followed_up: Mapped[bool] = mapped_column(Boolean, default=False)
    withdrawal_hash: Mapped[str] = mapped_column(String(64), unique=True)  # keyed hash


class HeldResponse(Base):
    """A finished survey waiting for its day to end, before release into ``responses``.

    ``response`` holds the response's columns and ``answers`` its answers (text already
    redacted), exactly as they will be released. ``withdrawal_hash`` is here so that
    ``/withdraw`` works before release; ``id`` is random and is not the released id.
    """

    __tablename__ = "held_responses"
    __table_args__ = ({"sqlite_with_rowid": False},)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    completed_on: Mapped[date] = mapped_column(Date, index=True)
    withdrawal_hash: Mapped[str] = mapped_column(String(64), unique=True)
    response: Mapped[dict[str, Any]]
    answers: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class Answer(Base):
    """One question's answer within a response; ``text`` is redacted before it is written."""

    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("response_id", "question_id"),
        # What a report counts of each response's answers, so it never reads the rows.
        Index("ix_answers_counts", "response_id", "indicator", "counted", "positive"),
    )

    #: Random, not counting up (see :class:`Response`): :func:`storage.keys.new_answer_ids`
    #: gives a response's answers one random prefix, so SQLite, which keeps the rows in id
    #: order (INTEGER: the rowid), keeps a response's answers together in a random place.
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"),
        primary_key=True,
        autoincrement=False,
        default=keys.new_row_id,
    )
    response_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("responses.id", ondelete="CASCADE")
    )
    question_id: Mapped[str] = mapped_column(String(64))
    indicator: Mapped[str | None] = mapped_column(String(64), index=True)
    codes: Mapped[str | None] = mapped_column(String(500))  # ";"-joined option codes
    number: Mapped[float | None] = mapped_column(Float)
    text: Mapped[str | None] = mapped_column(Text)
    skipped: Mapped[bool] = mapped_column(Boolean, default=False)
    counted: Mapped[bool | None] = mapped_column(Boolean)
    positive: Mapped[bool | None] = mapped_column(Boolean)
    story: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_to_quote: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Where the question came in the person's path through the survey (0 first): the
    #: order to show a response's answers in, which the random ids no longer give. No
    #: default: an insert that forgot it would silently tie every answer at 0.
    position: Mapped[int] = mapped_column(SmallInteger)


class DayCount(Base):
    """Counted and positive answers per day, survey, indicator, audience and touchpoint.

    Kept at the daily release (:mod:`storage.day_counts`), in the transaction that writes
    the day's answers; a withdrawal takes its answers off in the transaction that deletes
    them, and the retention purge deletes a day's counts with its responses. So a report
    reads a few hundred counts a month here instead of every answer of its periods, and
    they always equal a recount of the answers. Nothing finer than the responses carry:
    a day (never a time), no agency and no team, and a row goes when its count reaches 0.
    """

    __tablename__ = "day_counts"
    __table_args__ = ({"sqlite_with_rowid": False},)

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    survey_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    indicator: Mapped[str] = mapped_column(String(64), primary_key=True)
    audience: Mapped[str] = mapped_column(String(32), primary_key=True)
    touchpoint: Mapped[str] = mapped_column(String(32), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
    positive: Mapped[int] = mapped_column(Integer)


class SurveyStarts(Base):
    """How many surveys were started, per day, survey, touchpoint and agency.

    Incremented in the transaction that starts a survey, so "started" and the completion
    rate survive the purge of abandoned surveys. ``""`` stands for no touchpoint or
    agency, because a primary key column cannot hold NULL.
    """

    __tablename__ = "survey_starts"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    survey_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    touchpoint: Mapped[str] = mapped_column(String(32), primary_key=True)
    agency: Mapped[str] = mapped_column(String(32), primary_key=True)
    started: Mapped[int] = mapped_column(Integer)


class SurveyStops(Base):
    """Surveys that ended unfinished (stopped, replaced or purged), by where they stopped.

    ``day`` is the day the survey was *started*, so a period's stops line up with its
    starts; ``question_id`` is the question it was waiting on (``""`` if none).
    """

    __tablename__ = "survey_stops"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    survey_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    touchpoint: Mapped[str] = mapped_column(String(32), primary_key=True)
    agency: Mapped[str] = mapped_column(String(32), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    stopped: Mapped[int] = mapped_column(Integer)


class JobLease(Base):
    """Which worker may run a scheduled job until when (see :mod:`storage.leases`)."""

    __tablename__ = "job_leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[datetime]


class WrongCodes(Base):
    """Wrong ``/withdraw`` or ``/join`` codes from one chat in the last hour, so that codes
    cannot be guessed without limit (see :mod:`storage.guesses`).

    ``guess_key`` is a keyed hash of the chat for this purpose alone, never the key of a
    survey in progress; rows go at the purge once their hour is over.
    """

    __tablename__ = "wrong_codes"

    guess_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: The first wrong code of the hour: the chat may try again an hour after it.
    since: Mapped[datetime] = mapped_column(index=True)
    count: Mapped[int] = mapped_column(Integer)


class ChatPreference(Base):
    """How a chat likes its surveys shown (see :mod:`storage.preferences`).

    A chat preference, not a survey's: ``preference_key`` is a keyed hash of the chat for
    this purpose alone, never a survey's key, and there is no time column, so a row says
    nothing about when anyone answered anything.
    """

    __tablename__ = "chat_preferences"

    preference_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: One message per question instead of one card edited in place (screen readers).
    one_message_per_question: Mapped[bool] = mapped_column(default=False)
    #: Offer "Remove this conversation from my phone" on every survey, not only children's.
    offer_removal: Mapped[bool] = mapped_column(default=False)


class SendBudget(Base):
    """The bot's one budget of Telegram calls, shared by every worker (see
    :mod:`bot.budget`): the next free moment, in seconds since the epoch."""

    __tablename__ = "send_budget"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    next_free: Mapped[float] = mapped_column(Float)


class StoryReview(Base):
    """An admin's decision on a story someone agreed to share."""

    __tablename__ = "story_reviews"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'approved', 'rejected')", name="status_known"),
    )

    answer_id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"),
        ForeignKey("answers.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    )
    status: Mapped[str] = mapped_column(String(16), index=True)
    reviewer_key: Mapped[str | None] = mapped_column(String(64))  # keyed hash of the admin
    reviewed_at: Mapped[datetime | None]
    #: The reviewer's further-redacted wording, when the automatic redaction missed something.
    edited_text: Mapped[str | None] = mapped_column(Text)


class Staff(Base):
    """A member of staff who receives pulse rounds. The chat id is for delivery only."""

    __tablename__ = "staff"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    agency: Mapped[str] = mapped_column(String(32), ForeignKey("agencies.code"))
    team: Mapped[str | None] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    joined_at: Mapped[datetime]


class Admin(Base):
    """A Telegram user allowed the admin commands (added by ``betteroff admin add``)."""

    __tablename__ = "admins"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    added_at: Mapped[datetime]


class PulseRound(Base):
    """One sending of a pulse survey to staff, e.g. the March 2026 round."""

    __tablename__ = "pulse_rounds"
    __table_args__ = (UniqueConstraint("survey_id", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    survey_id: Mapped[str] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(16))  # "2026-03"
    created_at: Mapped[datetime]


class Delivery(Base):
    """A round sent to one member of staff; the primary key makes it happen once."""

    __tablename__ = "deliveries"

    round_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("pulse_rounds.id", ondelete="CASCADE"), primary_key=True
    )
    staff_chat_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("staff.chat_id", ondelete="CASCADE"), primary_key=True
    )
    delivered_at: Mapped[datetime]


class ProcessedUpdate(Base):
    """A Telegram update id already handled, remembered for a day or two.

    Only the day it was seen: the row is written in the same transaction as a completed
    survey, and on PostgreSQL rows written together share ``xmin``, so a time here was the
    survey's time of completion.
    """

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    seen_on: Mapped[date] = mapped_column(Date, index=True)


class AuditEntry(Base):
    """Who pulled which summary, report or export, and when (the who as a keyed hash)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    actor_key: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(String(500))
    at: Mapped[datetime]


class Deployment(Base):
    """One row: a keyed fingerprint of the secret the stored hashes were made with.

    Never the secret itself: ``HMAC-SHA256(secret, "fingerprint:betteroff")`` tells
    whether today's ``BETTEROFF_SECRET`` is the one the data was keyed with, and nothing
    more. ``demo`` marks a database ``betteroff demo`` filled with synthetic people.
    """

    __tablename__ = "deployment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    secret_fingerprint: Mapped[str | None] = mapped_column(String(64))
    demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]


__all__ = [
    "LIST_SEPARATOR",
    "NAMING_CONVENTION",
    "STORY_APPROVED",
    "STORY_PENDING",
    "STORY_REJECTED",
    "STORY_STATUSES",
    "Admin",
    "Agency",
    "Answer",
    "AuditEntry",
    "Base",
    "Delivery",
    "Deployment",
    "HeldResponse",
    "Invite",
    "JobLease",
    "JoinCode",
    "ProcessedUpdate",
    "PulseRound",
    "Response",
    "Staff",
    "StoryReview",
    "SurveySession",
    "SurveyStarts",
    "SurveyStops",
    "UnsentThanks",
    "UtcDateTime",
    "WrongCodes",
]
