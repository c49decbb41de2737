"""The audit log: who pulled which summary, report or export, and when.

The who is a keyed hash (``Database.auditor_key``): enough to tell the same person's
requests apart and to check a name someone gives, not enough to read one off the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry


@dataclass(frozen=True)
class AuditRecord:
    actor_key: str
    action: str
    detail: str | None
    at: datetime


async def record_audit(
    *, session: AsyncSession, actor_key: str, action: str, now: datetime, detail: str | None = None
) -> None:
    """Log one action, e.g. ``action="export"``, ``detail="answers csv precise-dates"``."""
    session.add(AuditEntry(actor_key=actor_key, action=action, detail=detail, at=now))
    await session.flush()


async def audit_entries(*, session: AsyncSession, limit: int = 100) -> list[AuditRecord]:
    """The latest entries, newest first."""
    rows = await session.scalars(
        select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    )
    return [AuditRecord(r.actor_key, r.action, r.detail, r.at) for r in rows]
