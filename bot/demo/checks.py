"""After the run: does the database hold exactly what the demo drove through the bot?

Each check that fails raises :class:`DemoFailure` with one sentence naming what broke —
answers lost between the bot and storage, a flag not raised, a story not queued, a name
or phone number that got past the redaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from bot.demo.drive import DemoFailure, Tally
from storage.database import Database
from storage.models import (
    STORY_APPROVED,
    STORY_PENDING,
    STORY_REJECTED,
    Answer,
    Response,
    Staff,
    StoryReview,
    SurveySession,
    SurveyStarts,
    SurveyStops,
)


@dataclass(frozen=True)
class Stored:
    """What the database holds at the end, in counts."""

    responses: int
    flagged: int
    stories: int
    approved: int
    rejected: int
    pending: int
    in_progress: int
    stopped: int
    started: int
    staff: int


async def count_stored(db: Database) -> Stored:
    async with db.read() as session:

        async def count(query: object) -> int:
            return int(await session.scalar(query) or 0)  # type: ignore[call-overload]

        def reviews(status: str) -> object:
            return select(func.count()).where(StoryReview.status == status)

        return Stored(
            responses=await count(select(func.count()).select_from(Response)),
            flagged=await count(select(func.count()).where(Response.flagged.is_(True))),
            stories=await count(select(func.count()).select_from(StoryReview)),
            approved=await count(reviews(STORY_APPROVED)),
            rejected=await count(reviews(STORY_REJECTED)),
            pending=await count(reviews(STORY_PENDING)),
            in_progress=await count(select(func.count()).select_from(SurveySession)),
            stopped=await count(select(func.coalesce(func.sum(SurveyStops.stopped), 0))),
            started=await count(select(func.coalesce(func.sum(SurveyStarts.started), 0))),
            staff=await count(select(func.count()).select_from(Staff)),
        )


def compare(stored: Stored, tally: Tally) -> None:
    """Raise the first mismatch between the database and what was driven."""
    kept = tally.finished - tally.withdrawn
    checks = (
        (
            stored.responses == kept,
            f"The database holds {stored.responses} responses, but {tally.finished} "
            f"respondents finished and {tally.withdrawn} withdrew, so {kept} were expected: "
            "answers were lost or duplicated between the bot and storage.",
        ),
        (
            stored.flagged == tally.flagged,
            f"{stored.flagged} responses are flagged for review, but {tally.flagged} "
            "respondents who finished wrote something worrying.",
        ),
        (
            stored.stories == tally.stories,
            f"{stored.stories} stories reached the review queue, but {tally.stories} "
            "respondents wrote one and agreed to share it.",
        ),
        (
            (stored.approved, stored.rejected) == (tally.approved, tally.rejected),
            f"The admin approved {tally.approved} stories and rejected {tally.rejected} in "
            f"the bot, but the database has {stored.approved} approved and "
            f"{stored.rejected} rejected.",
        ),
        (
            stored.pending == 0,
            f"{stored.pending} stories are still pending, though the admin went through "
            "/stories until it said there were none.",
        ),
        (
            stored.in_progress == tally.quiet,
            f"{stored.in_progress} surveys are still in progress, but {tally.quiet} "
            "respondents left part-way without /stop.",
        ),
        (
            stored.stopped == tally.stopped,
            f"The stop counters say {stored.stopped} surveys were stopped, but "
            f"{tally.stopped} respondents sent /stop.",
        ),
        (
            stored.started == tally.started,
            f"The start counters say {stored.started} surveys were started, but "
            f"{tally.started} were.",
        ),
        (
            stored.staff == tally.joined,
            f"{stored.staff} members of staff are signed up, but {tally.joined} sent /join.",
        ),
    )
    for ok, sentence in checks:
        if not ok:
            raise DemoFailure(sentence)


async def check_redaction(db: Database, planted: Iterable[str]) -> None:
    """No personal detail a respondent typed may be stored as typed."""
    details = sorted(set(planted))
    if not details:
        return
    async with db.read() as session:
        texts = (await session.scalars(select(Answer.text).where(Answer.text.is_not(None)))).all()
    for detail in details:
        if any(detail in (stored or "") for stored in texts):
            raise DemoFailure(
                f"A respondent typed {detail!r} and it was stored as typed: the redaction "
                "let a personal detail through."
            )


def check_file_bytes(paths: Iterable[Path], planted: Iterable[str]) -> None:
    """The same, on the database files' raw bytes (deleted rows and WAL included)."""
    for path in paths:
        if not path.exists():
            continue
        data = path.read_bytes()
        for detail in sorted(set(planted)):
            if detail.encode() in data:
                raise DemoFailure(
                    f"{path.name} contains {detail!r}, which a respondent typed: a personal "
                    "detail reached the disk before it was redacted."
                )
