"""What a run starts with: demo invites to open and a join code for the practitioner.

Invites are reusable for a day, so the same one can be opened again and again while
trying a survey out; they name a synthetic agency, so nothing mixes with real reporting
if ``--db`` points at a database that is used for anything else (it should not be).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.qr import deep_link
from storage.database import Database
from surveys.model import Survey

AGENCY = "TRY"
AGENCY_NAME = "Try-it agency (synthetic)"
TEAM = "try-team"
#: Long enough for an afternoon of trying; the run makes fresh ones each time it starts.
LIFETIME = timedelta(days=1)
#: Touchpoints that do not come by invite: the pulse comes to staff who /join, a forum
#: link comes from /invite forum in the bot.
NOT_BY_INVITE = frozenset({"pulse", "forum"})
#: The invites list shows families first, as a worker hands them out most.
AUDIENCE_ORDER = ("parent_carer", "young_person", "child", "practitioner")
AUDIENCE_NAMES = {
    "parent_carer": "Parent or carer",
    "young_person": "Young person",
    "child": "Child",
    "practitioner": "Practitioner",
}


@dataclass(frozen=True)
class DemoInvite:
    survey_id: str
    title: str
    audience: str  # as the page shows it: "Parent or carer"
    touchpoint: str
    token: str
    link: str


@dataclass(frozen=True)
class Seed:
    invites: tuple[DemoInvite, ...]
    join_code: str
    expires_at: datetime


def _order(survey: Survey) -> tuple[int, str]:
    audience = survey.audience
    rank = AUDIENCE_ORDER.index(audience) if audience in AUDIENCE_ORDER else len(AUDIENCE_ORDER)
    return rank, survey.id


async def seed(db: Database, *, surveys: dict[str, Survey], bot_username: str) -> Seed:
    """Make one reusable invite per survey that comes by invite, and a staff join code."""
    from storage.invites import create_invites
    from storage.staff import create_join_code, ensure_agency

    now = datetime.now(UTC)
    expires_at = now + LIFETIME
    invites: list[DemoInvite] = []
    async with db.write() as session:
        await ensure_agency(session=session, code=AGENCY, name=AGENCY_NAME, now=now)
        for survey in sorted(surveys.values(), key=_order):
            if survey.touchpoint in NOT_BY_INVITE:
                continue
            (token,) = await create_invites(
                session=session, survey_id=survey.id, agency=AGENCY, team=TEAM,
                touchpoint=survey.touchpoint, uses=None, expires_at=expires_at, now=now,
            )  # fmt: skip
            invites.append(
                DemoInvite(
                    survey_id=survey.id,
                    title=survey.title.get("en"),
                    audience=AUDIENCE_NAMES.get(survey.audience, survey.audience),
                    touchpoint=survey.touchpoint,
                    token=token,
                    link=deep_link(bot_username, token),
                )
            )
        join_code = await create_join_code(
            session=session, agency=AGENCY, team=TEAM, secret=db.secret, now=now,
            expires_at=expires_at,
        )  # fmt: skip
    return Seed(invites=tuple(invites), join_code=join_code, expires_at=expires_at)
