"""Retention: what is kept, and for how long.

The purge job first releases the finished days' held responses, in a transaction of their
own (:mod:`storage.release`). Surveys abandoned part-way go after ``abandon_after`` (7 days by
default), responses once
their completion date is older than the retention period (3 years by default), with
their days' report counts (:mod:`storage.day_counts`), remembered
update ids after a day, invites a while after they expired, and job leases (scheduler
leases, and the report claims made per admin and quarter) a day after they ran out. An
abandoned survey is counted under the question it stopped at as its row goes
(:mod:`storage.starts`), so drop-off figures outlive it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, Delete, and_, delete, func, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from storage.day_counts import forget_before
from storage.guesses import GUESS_WINDOW
from storage.models import (
    Invite,
    JobLease,
    ProcessedUpdate,
    Response,
    SurveySession,
    UnsentThanks,
    WrongCodes,
)
from storage.sql import rowcount
from storage.starts import forget_unfinished

DEFAULT_ABANDON_AFTER = timedelta(days=7)
DEFAULT_RETENTION_DAYS = 3 * 365
UPDATE_MEMORY = timedelta(days=1)
#: An expired lease is free for anyone to take, so deleting it changes nothing; the day's
#: grace only keeps a just-expired one visible to whoever is looking at why a job ran.
LEASE_MEMORY = timedelta(days=1)


@dataclass(frozen=True)
class PurgeReport:
    """How many of each went (or, on a dry run, would go)."""

    abandoned_sessions: int
    expired_responses: int
    old_updates: int
    expired_invites: int
    expired_leases: int
    old_wrong_codes: int
    dry_run: bool
    #: Thank-yous kept in case a crash lost them: every one goes at every purge.
    unsent_thanks: int = 0


def _rules(
    now: datetime, today: date, abandon_after: timedelta, retention_days: int
) -> list[tuple[type, ColumnElement[bool]]]:
    return [
        (SurveySession, SurveySession.last_activity < now - abandon_after),
        (Response, Response.completed_on < today - timedelta(days=retention_days)),
        # Kept by the day: an update id goes once the day after it was seen is over.
        (ProcessedUpdate, ProcessedUpdate.seen_on < (now - UPDATE_MEMORY).date()),
        # An invite long expired can start nothing; a session it started keeps its copy
        # of agency and team, and the foreign key is cleared.
        (Invite, and_(Invite.expires_at.is_not(None), Invite.expires_at < now - abandon_after)),
        # A report claim is a lease per admin and quarter: without this they pile up.
        (JobLease, JobLease.expires_at < now - LEASE_MEMORY),
        # Wrong codes count against a chat for an hour (storage.guesses).
        (WrongCodes, WrongCodes.since <= now - GUESS_WINDOW),
        # A chat's link to its withdrawal code, kept only until the next purge
        # (storage.thanks): all of them, delivered or not.
        (UnsentThanks, true()),
    ]


async def purge(
    *,
    session: AsyncSession,
    now: datetime,
    today: date,
    abandon_after: timedelta = DEFAULT_ABANDON_AFTER,
    retention_days: int = DEFAULT_RETENTION_DAYS,
    dry_run: bool = False,
) -> PurgeReport:
    """Delete what has outlived its purpose; with ``dry_run``, only count it.

    A response's answers and story reviews go with it (``ON DELETE CASCADE``). The
    caller then runs :func:`storage.scrub.scrub`, outside this transaction, so the rows
    deleted here leave the files too.
    """
    counts: list[int] = []
    for model, condition in _rules(now, today, abandon_after, retention_days):
        if dry_run:
            counted = await session.scalar(select(func.count()).select_from(model).where(condition))
            counts.append(int(counted or 0))
        elif model is SurveySession:
            counts.append(await forget_unfinished(session=session, where=condition))
        elif model is Response:
            # The report counts of those days go with their responses.
            cutoff = today - timedelta(days=retention_days)
            await forget_before(session=session, day=cutoff)
            counts.append(rowcount(await session.execute(delete(model).where(condition))))
        else:
            statement: Delete = delete(model).where(condition)
            counts.append(rowcount(await session.execute(statement)))
    sessions, responses, updates, invites, leases, wrong_codes, unsent = counts
    return PurgeReport(
        sessions,
        responses,
        updates,
        invites,
        leases,
        wrong_codes,
        dry_run=dry_run,
        unsent_thanks=unsent,
    )
