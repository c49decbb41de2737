"""Whether today's secret is the one the stored data was keyed with.

Every keyed hash — a survey in progress, a join code, a withdrawal code, a reviewer, an
auditor, a chat's wrong codes — is an HMAC under ``BETTEROFF_SECRET``. Start with another
secret and none of them matches any more, silently: people lose their place, staff codes
and withdrawal codes stop working. So the first command that uses the secret on a database
records a keyed fingerprint of it (never the secret), and later ones compare.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage import keys
from storage.models import (
    AuditEntry,
    Deployment,
    HeldResponse,
    JoinCode,
    Response,
    StoryReview,
    SurveySession,
    WrongCodes,
)
from storage.sql import insert_ignoring_duplicates

#: Tables holding a hash keyed by the secret (or, for responses, a keyed withdrawal code).
KEYED_TABLES = (
    SurveySession,
    HeldResponse,
    Response,
    JoinCode,
    StoryReview,
    AuditEntry,
    WrongCodes,
)


def secret_fingerprint(secret: str | bytes) -> str:
    """``HMAC-SHA256(secret, "fingerprint:betteroff")``: tells secrets apart, reveals none."""
    return keys.keyed_hash(secret, "fingerprint", "betteroff")


@dataclass(frozen=True)
class SecretCheck:
    """What :func:`check_secret` found: ``matches`` False means refuse."""

    matches: bool
    demo: bool = False
    #: A fingerprint was written now (first use, or a new secret on a database without data).
    recorded: bool = False


async def is_demo(*, session: AsyncSession) -> bool:
    """Whether ``betteroff demo`` made this database (synthetic people only)."""
    row = await session.get(Deployment, 1)
    return bool(row and row.demo)


async def mark_demo(*, session: AsyncSession, secret: str | bytes, now: datetime) -> None:
    """Mark a database made by ``betteroff demo``: its secret was random and is gone."""
    statement = insert_ignoring_duplicates(session, Deployment)
    await session.execute(
        statement.values(id=1, secret_fingerprint=secret_fingerprint(secret), demo=True,
                         created_at=now)
    )  # fmt: skip
    await session.execute(update(Deployment).where(Deployment.id == 1).values(demo=True))


async def holds_keyed_data(*, session: AsyncSession) -> bool:
    """Whether any row keyed by the secret is stored."""
    for model in KEYED_TABLES:
        if await session.scalar(select(exists().select_from(model))):
            return True
    return False


async def check_secret(*, session: AsyncSession, secret: str | bytes, now: datetime) -> SecretCheck:
    """Record the secret's fingerprint the first time; after that, compare with it.

    A different secret is taken (and recorded) only while nothing keyed is stored; a demo
    database takes any secret, since its own was random and thrown away.
    """
    fingerprint = secret_fingerprint(secret)
    row = await session.get(Deployment, 1)
    if row is None:
        statement = insert_ignoring_duplicates(session, Deployment)
        await session.execute(
            statement.values(id=1, secret_fingerprint=fingerprint, demo=False, created_at=now)
        )
        return SecretCheck(matches=True, recorded=True)
    if row.demo:
        return SecretCheck(matches=True, demo=True)
    if row.secret_fingerprint == fingerprint:
        return SecretCheck(matches=True)
    if row.secret_fingerprint is None or not await holds_keyed_data(session=session):
        row.secret_fingerprint = fingerprint
        return SecretCheck(matches=True, recorded=True)
    return SecretCheck(matches=False)
