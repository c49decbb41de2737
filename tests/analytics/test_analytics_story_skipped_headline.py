"""A shared story whose author skipped questions still reports.

When the headline question was not answered, the story falls back to the person's first
indicator answer; a skipped one arrives from pandas as NaN and must not break the report.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from analytics.periods import quarter_containing
from analytics.render import render
from analytics.report import build_report
from storage import responses, sessions, stories
from storage.database import Database
from surveys.catalog import get_survey
from surveys.model import AnswerRecord, CompletedSurvey
from tests.released import release_all


async def test_a_story_whose_first_answer_was_skipped_still_reports(
    database: Database,
) -> None:
    survey = get_survey("child-review")
    assert survey is not None and survey.headline_question is not None
    first, other = [
        q for q in survey.questions if q.indicator and q.id != survey.headline_question.id
    ][:2]
    now = datetime.now(UTC)
    async with database.write() as session:
        key = database.chat_key(1)
        await sessions.start_session(
            session=session, chat_key=key, survey=survey, language="en", state={}, now=now,
            agency="CSC", touchpoint="review",
        )  # fmt: skip
        completed = CompletedSurvey(
            survey_id=survey.id,
            survey_version=survey.version,
            audience=survey.audience,
            touchpoint="review",
            language="en",
            answers=(
                AnswerRecord(first.id, indicator=first.indicator, skipped=True),
                AnswerRecord(
                    other.id,
                    indicator=other.indicator,
                    codes=(other.options[0].code,),
                    counted=True,
                    positive=True,
                ),
                AnswerRecord(
                    "in-your-words", text="It was good", story=True, consent_to_quote=True
                ),
            ),
        )
        await responses.complete_survey(
            session=session, chat_key=key, completed=completed, today=date.today(),
            secret=database.secret,
        )  # fmt: skip
    await release_all(database)  # as the purge job does once the day is over
    async with database.write() as session:
        (item,) = await stories.story_queue(session=session)
        await stories.review_story(
            session=session, answer_id=item.answer_id, approve=True, reviewer_key="r", now=now
        )

    report = await build_report(database, period=quarter_containing(date.today()), min_responses=10)

    (extract,) = report.stories
    assert extract.text == "It was good"
    assert "It was good" in str(render(report, "md"))


def test_a_missing_headline_answer_from_pandas_gives_no_label() -> None:
    # pandas hands a NULL ``codes`` over as NaN (a float) in a string column.
    from analytics.stories import _label

    survey = get_survey("child-review")
    assert _label(survey, "listened", float("nan")) is None
    assert _label(survey, "listened", None) is None
    assert _label(survey, "listened", "") is None
    assert _label(survey, "listened", "great") is not None
