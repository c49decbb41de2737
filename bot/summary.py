"""What admins see of the results in the chat: counts, flags, and the report document.

Until the analytics package offers a report for the bot, ``/summary`` shows how many
responses came in by survey and touchpoint, and ``/report`` says reports are not ready.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import BotServices
from bot.texts import text
from storage.models import Response
from storage.responses import FlaggedResponse


class SummaryUnavailableError(RuntimeError):
    """The analytics needed for this are not installed or not finished yet."""


@dataclass(frozen=True)
class ResponseCount:
    survey_id: str
    touchpoint: str
    count: int


async def response_counts(*, session: AsyncSession, start: date, end: date) -> list[ResponseCount]:
    """Responses completed between ``start`` and ``end`` (inclusive), by survey and touchpoint."""
    rows = await session.execute(
        select(Response.survey_id, Response.touchpoint, func.count())
        .where(Response.completed_on >= start, Response.completed_on <= end)
        .group_by(Response.survey_id, Response.touchpoint)
        .order_by(Response.survey_id, Response.touchpoint)
    )
    return [ResponseCount(survey, touchpoint, int(count)) for survey, touchpoint, count in rows]


def summary_lines(counts: list[ResponseCount], *, period_label: str) -> list[str]:
    period = f"({period_label})"
    if not counts:
        return [text("en", "summary_none", period=period)]
    return [
        text("en", "summary_header", period=period),
        *(
            text("en", "summary_line", survey=c.survey_id, touchpoint=c.touchpoint, count=c.count)
            for c in counts
        ),
    ]


def flag_lines(flagged: list[FlaggedResponse], *, limit: int = 50) -> list[str]:
    """One entry per flagged response: date, survey, touchpoint and its redacted words."""
    lines = []
    for item in flagged[:limit]:
        words = " / ".join(words for _, words in item.texts) or "—"
        lines.append(
            text(
                "en",
                "flag_line",
                date=item.completed_on.isoformat(),
                survey=item.survey_id,
                touchpoint=item.touchpoint,
                text=words,
            )
        )
    return lines


async def render_report(services: BotServices, *, period: Any) -> bytes:
    """The HTML report for ``period``, when the analytics package can build one."""
    try:
        from analytics import report as analytics_report  # type: ignore[attr-defined]
    except ImportError as error:
        raise SummaryUnavailableError("analytics.report is not available") from error
    build = getattr(analytics_report, "build_report", None)
    render = getattr(analytics_report, "render", None)
    if build is None or render is None:
        raise SummaryUnavailableError("analytics.report has no build_report / render")
    async with services.db.read() as session:
        built = await build(
            session=session,
            period=period,
            min_responses=services.settings.min_responses,
        )
    html = render(built, "html")
    return html.encode() if isinstance(html, str) else bytes(html)
