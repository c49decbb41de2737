"""What admins see of the results in the chat: the summary, flags, and the report document.

The figures come from :mod:`analytics` (the same report the command line writes), so the
bot never shows a number the report would suppress.
"""

from __future__ import annotations

from typing import Any

from bot.context import BotServices
from bot.texts import text
from storage.responses import FlaggedResponse


class SummaryUnavailableError(RuntimeError):
    """The analytics needed for this are not installed or not finished yet."""


def flag_lines(flagged: list[FlaggedResponse], *, limit: int = 50) -> list[str]:
    """One entry per flagged response: date, survey, touchpoint, the safeguarding
    categories the check found, and its redacted words."""
    from surveys.safeguarding import category_label

    lines = []
    for item in flagged[:limit]:
        words = " / ".join(words for _, words in item.texts) or "—"
        categories = ", ".join(category_label(reason) for reason in item.reasons) or "—"
        lines.append(
            text(
                "en",
                "flag_line",
                date=item.completed_on.isoformat(),
                survey=item.survey_id,
                touchpoint=item.touchpoint,
                categories=categories,
                text=words,
            )
        )
    return lines


async def build(services: BotServices, *, period: Any, summary: bool = False) -> Any:
    """The analytics report for ``period``, on the bot's database and surveys; with
    ``summary``, only what ``/summary`` shows (it reads half the periods)."""
    try:
        from analytics.report import build_report, build_summary
    except ImportError as error:  # pragma: no cover - analytics ships with the bot
        raise SummaryUnavailableError("analytics.report is not available") from error
    settings = services.settings
    return await (build_summary if summary else build_report)(
        services.db,
        period=period,
        min_responses=settings.min_responses,
        timezone=settings.timezone,
        surveys=services.surveys,
    )


async def summary_text_lines(services: BotServices, *, period: Any) -> list[str]:
    """``/summary``: headline counts and statements, as the report would say them."""
    from analytics.report import summary_lines

    return summary_lines(await build(services, period=period, summary=True))


async def render_report(services: BotServices, *, period: Any) -> bytes:
    """``/report``: the self-contained HTML report."""
    from analytics.render import render

    html = render(await build(services, period=period), "html")
    return html.encode() if isinstance(html, str) else bytes(html)
