"""A small hand-written framework so analytics tests do not depend on the shipped one."""

from __future__ import annotations

import pytest

from analytics.periods import parse_period
from surveys.model import (
    Audience,
    ContentArea,
    Framework,
    Indicator,
    MeasureInfo,
    Statement,
)


def make_framework() -> Framework:
    core = ContentArea(
        id="core-safeguarding",
        name="Core Safeguarding",
        statements=(
            Statement(
                "core-safeguarding.4",
                "core-safeguarding",
                4,
                "Pregnant women are routinely asked about whether they experience domestic abuse",
                not_from_feedback="Health audit data, not feedback.",
            ),
            Statement(
                "core-safeguarding.10",
                "core-safeguarding",
                10,
                "Children and parents/carers report they have a positive and enabling "
                "relationship with a lead professional",
            ),
            Statement(
                "core-safeguarding.11",
                "core-safeguarding",
                11,
                "Children and parents/carers report they know how to access additional support",
            ),
        ),
    )
    early_help = ContentArea(
        id="early-help",
        name="Early Help",
        statements=(
            Statement(
                "early-help.7",
                "early-help",
                7,
                "Children, parents/carers and families know how to access help and support "
                "in their local area",
            ),
            Statement(
                "early-help.9",
                "early-help",
                9,
                "Unmet need is identified and addressed by commissioners/ services",
            ),
        ),
    )
    return Framework(
        content_areas=(core, early_help),
        audiences={
            "child": Audience("child", "child", "children"),
            "young_person": Audience("young_person", "young person", "young people"),
            "parent_carer": Audience("parent_carer", "parent or carer", "parents and carers"),
            "practitioner": Audience("practitioner", "practitioner", "practitioners"),
        },
        touchpoints={
            t: t for t in ("assessment", "review", "closure", "pulse", "forum", "training")
        },
        measures={
            "quantity": MeasureInfo(
                "quantity", "How much did we do?", "Quantity: How well we keep children safe"
            ),
            "quality": MeasureInfo(
                "quality", "How well did we do it?", "Quality: How consistently we do so?"
            ),
            "outcome": MeasureInfo(
                "outcome", "Is anyone better off?", "Outcome: Is Anyone Better Off?"
            ),
        },
        indicators={
            "felt-listened-to": Indicator(
                "felt-listened-to",
                "quality",
                ("core-safeguarding.10",),
                "felt their worker listened to them",
            ),
            "know-how-to-get-help": Indicator(
                "know-how-to-get-help",
                "outcome",
                ("core-safeguarding.11", "early-help.7"),
                "knew how to get more help",
            ),
        },
    )


@pytest.fixture
def framework() -> Framework:
    return make_framework()


@pytest.fixture
def quarter_periods():
    """2026 Q3 and the three quarters before it, newest first."""
    return parse_period("2026-Q3").history(4)[::-1]
