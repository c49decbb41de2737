"""The words of a report: statement sentences, counts and touchpoint phrases.

"78% of parents and carers said they felt their worker listened to them (35 of 45
at review; 70% the quarter before)". The indicator gives the words after "said
they"; the framework gives the audience's plural. The period is said once, at the
top of the section a sentence sits in, not in every sentence.
"""

from __future__ import annotations

from surveys.model import Framework

#: How a sentence says where an answer was given; "at <name>" for anything else.
TOUCHPOINT_PHRASES = {
    "assessment": "at assessment",
    "review": "at review",
    "closure": "at closure",
    "pulse": "in the staff pulse survey",
    "forum": "at a practitioner forum",
    "training": "after training",
    "all": "across all touchpoints",
}

#: Used when the framework file does not name an audience (a retired one).
FALLBACK_AUDIENCE_PLURALS = {
    "child": "children",
    "young_person": "young people",
    "parent_carer": "parents and carers",
    "practitioner": "practitioners",
}


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``1 response``, ``2 responses``, ``0 responses``."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


def audience_plural(framework: Framework | None, audience: str) -> str:
    if framework is not None and audience in framework.audiences:
        return framework.audiences[audience].plural
    return FALLBACK_AUDIENCE_PLURALS.get(audience, audience.replace("_", " "))


def touchpoint_phrase(framework: Framework | None, touchpoint: str) -> str:
    if touchpoint in TOUCHPOINT_PHRASES:
        return TOUCHPOINT_PHRASES[touchpoint]
    name = framework.touchpoints.get(touchpoint) if framework is not None else None
    return f"at {name or touchpoint.replace('_', ' ')}"


def whole_percent(percent: float) -> str:
    """Percentages in sentences are whole numbers, rounded half up."""
    return f"{int(percent + 0.5 + 1e-9)}%"


def statement_sentence(
    *,
    percent: float | None,
    positive: int | None,
    n: int | None,
    audience: str,
    where: str,
    indicator_statement: str,
    period_label: str | None = None,
    previous_percent: float | None,
    before_phrase: str,
) -> str:
    """One statement; with ``percent`` None it says there were too few to report.

    ``audience`` is the plural ("parents and carers"), ``where`` the touchpoint
    phrase ("at review"), ``before_phrase`` "the quarter before".

    The suppressed wording never gives the count, and is the same for a figure
    hidden because it is small and one hidden so a small one cannot be worked out,
    so the wording itself reveals nothing.
    """
    when = f" ({period_label})" if period_label else ""
    if percent is None or positive is None or n is None:
        return (
            f"Too few responses to report whether {audience} {where}{when} "
            f"said they {indicator_statement}."
        )
    before = ""
    if previous_percent is not None:
        before = f"; {whole_percent(previous_percent)} {before_phrase}"
    when = f", {period_label}" if period_label else ""
    return (
        f"{whole_percent(percent)} of {audience} said they {indicator_statement} "
        f"({positive:,} of {n:,} {where}{when}{before})"
    )
