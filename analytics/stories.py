"""Story extracts: what people wrote, tagged, with their answer to the headline question.

The headline answer lets a report set praise beside concern: a story from someone
who said their worker did not listen reads differently from one who said they did.
Stories are few (a review queue), so shaping them row by row is fine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from analytics.periods import Period
from analytics.sentences import audience_plural, touchpoint_phrase
from surveys.model import Framework, Survey

Tone = Literal["praise", "concern", "unknown"]


@dataclass(frozen=True)
class StoryExtract:
    """One story as a report shows it; ``text`` is redacted respondent text (escape it)."""

    text: str
    audience: str  # id, e.g. parent_carer
    audience_label: str  # "parents and carers"
    touchpoint: str
    where: str  # "at review"
    period: str  # the report period's dates, never the day it was given
    content_areas: tuple[str, ...]
    survey_id: str
    headline_question: str | None  # the question's English words
    headline_answer: str | None  # the option's English label (or code)
    tone: Tone
    pending: bool  # shown only with --include-pending, and marked


def _label(survey: Survey | None, question_id: str, codes: object) -> str | None:
    # A skipped headline question arrives from pandas as NaN, not None or "".
    if not isinstance(codes, str) or not codes:
        return None
    question = survey.question(question_id) if survey else None
    labels = []
    for code in codes.split(";"):
        option = question.option(code) if question else None
        labels.append(str(option.label) if option else code.replace("_", " "))
    return ", ".join(labels)


def build_stories(
    stories: pd.DataFrame,
    indicator_answers: pd.DataFrame,
    *,
    period: Period,
    framework: Framework,
    surveys: Mapping[str, Survey],
) -> list[StoryExtract]:
    """Shape stories (from :func:`analytics.queries.story_rows`) for a report."""
    by_response = {
        rid: group for rid, group in indicator_answers.groupby("response_id", sort=False)
    }
    extracts = []
    for row in stories.itertuples(index=False):
        survey = surveys.get(row.survey_id)
        answers = by_response.get(row.response_id)
        headline = None
        if answers is not None and not answers.empty:
            wanted = survey.headline_question if survey else None
            chosen = answers[answers["question_id"] == wanted.id] if wanted else answers.iloc[0:0]
            headline = (chosen if not chosen.empty else answers).iloc[0]
        question_words = None
        answer_words = None
        tone: Tone = "unknown"
        areas: tuple[str, ...] = survey.content_areas if survey else ()
        if headline is not None:
            question = survey.question(headline["question_id"]) if survey else None
            question_words = str(question.text).rstrip(".") if question else headline["question_id"]
            answer_words = _label(survey, headline["question_id"], headline["codes"])
            if headline["positive"] is not None and not pd.isna(headline["positive"]):
                tone = "praise" if bool(headline["positive"]) else "concern"
            if not areas:
                areas = framework.content_areas_of(headline["indicator"])
        extracts.append(
            StoryExtract(
                text=str(row.text),
                audience=row.audience,
                audience_label=audience_plural(framework, row.audience),
                touchpoint=row.touchpoint,
                where=touchpoint_phrase(framework, row.touchpoint),
                period=period.label,
                content_areas=tuple(areas),
                survey_id=row.survey_id,
                headline_question=question_words,
                headline_answer=answer_words,
                tone=tone,
                pending=row.status != "approved",
            )
        )
    return extracts
