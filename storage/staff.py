"""Agencies, staff, join codes and admins.

Staff chat ids are kept so pulse rounds can reach them, and for nothing else: a pulse
answer becomes a response like any other, with no link to the staff row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage import keys
from storage.models import Admin, Agency, JoinCode, Staff
from storage.sql import insert_ignoring_duplicates, rowcount

DEFAULT_ROLE = "practitioner"


@dataclass(frozen=True)
class StaffMember:
    chat_id: int
    agency: str
    team: str | None
    role: str
    active: bool
    joined_at: datetime


async def ensure_agency(
    *, session: AsyncSession, code: str, now: datetime, name: str | None = None
) -> None:
    """Make sure the agency ``code`` exists (adding it the first time it is named)."""
    statement = insert_ignoring_duplicates(session, Agency)
    await session.execute(statement.values(code=code, name=name, created_at=now))


async def create_join_code(
    *,
    session: AsyncSession,
    agency: str,
    secret: str | bytes,
    now: datetime,
    team: str | None = None,
    role: str = DEFAULT_ROLE,
    expires_at: datetime | None = None,
) -> str:
    """A new code staff send with ``/join``; returned once, stored as a keyed hash."""
    await ensure_agency(session=session, code=agency, now=now)
    code = keys.new_code(keys.JOIN_CODE_LENGTH)
    session.add(
        JoinCode(
            code_hash=keys.join_code_hash(secret, code),
            agency=agency,
            team=team,
            role=role,
            created_at=now,
            expires_at=expires_at,
            active=True,
        )
    )
    await session.flush()
    return code


async def join_staff(
    *, session: AsyncSession, code: str, chat_id: int, secret: str | bytes, now: datetime
) -> StaffMember | None:
    """Add (or move) a member of staff by join code; ``None`` if the code is not valid."""
    join_code = await session.scalar(
        select(JoinCode).where(
            JoinCode.code_hash == keys.join_code_hash(secret, code),
            JoinCode.active.is_(True),
            or_(JoinCode.expires_at.is_(None), JoinCode.expires_at > now),
        )
    )
    if join_code is None:
        return None
    member = await session.get(Staff, chat_id)
    if member is None:
        member = Staff(chat_id=chat_id, joined_at=now)
        session.add(member)
    member.agency, member.team, member.role = join_code.agency, join_code.team, join_code.role
    member.active = True
    await session.flush()
    return member_of(member)


async def leave_staff(*, session: AsyncSession, chat_id: int) -> bool:
    """Forget a member of staff entirely (``/leave``): their chat id is no longer needed."""
    result = await session.execute(delete(Staff).where(Staff.chat_id == chat_id))
    return rowcount(result) > 0


async def get_staff(*, session: AsyncSession, chat_id: int) -> StaffMember | None:
    member = await session.get(Staff, chat_id, populate_existing=True)
    return None if member is None else member_of(member)


async def active_staff(
    *, session: AsyncSession, agency: str | None = None, team: str | None = None
) -> list[StaffMember]:
    query = select(Staff).where(Staff.active.is_(True)).order_by(Staff.chat_id)
    if agency is not None:
        query = query.where(Staff.agency == agency)
    if team is not None:
        query = query.where(Staff.team == team)
    return [member_of(m) for m in (await session.scalars(query)).all()]


async def pulse_team(
    *, session: AsyncSession, agency: str, team: str | None, threshold: int
) -> str | None:
    """The team a pulse response may carry: ``None`` when fewer than ``threshold`` active
    practitioners share it.

    In a team of two, "east's pulse" is one of two people's, and the staff table says who
    they are; reports would suppress such a figure, but an export or a DBA would not.
    Blanking it when the pulse starts means the stored response never has it.
    """
    if team is None:
        return None
    members = await session.scalar(
        select(func.count())
        .select_from(Staff)
        .where(Staff.active.is_(True), Staff.agency == agency, Staff.team == team)
    )
    return team if (members or 0) >= threshold else None


async def add_admin(*, session: AsyncSession, user_id: int, now: datetime) -> bool:
    """Make a Telegram user an admin; ``False`` if they already were."""
    statement = insert_ignoring_duplicates(session, Admin)
    result = await session.execute(statement.values(user_id=user_id, added_at=now))
    return rowcount(result) == 1


async def is_admin(*, session: AsyncSession, user_id: int) -> bool:
    return await session.get(Admin, user_id) is not None


async def admin_ids(*, session: AsyncSession) -> list[int]:
    return list((await session.scalars(select(Admin.user_id).order_by(Admin.user_id))).all())


def member_of(row: Staff) -> StaffMember:
    return StaffMember(row.chat_id, row.agency, row.team, row.role, row.active, row.joined_at)
