"""Indexes that let a report read only the periods it shows, not the whole history.

A quarterly report counts answers per indicator, audience and touchpoint for the quarters
it shows, the responses completed and the invites made in its quarter. Before, it found a
period's responses through ``ix_responses_completed_on`` and then read each response's row
and each answer's row from the tables: every row it touched was a random read in tables
that grow with the history. Now each of those questions is answered by one index alone:

- ``ix_responses_period`` (completed_on, audience, touchpoint, survey_id, agency, id): a
  range of days gives the period's responses with every column the report groups by, and
  the id to find their answers; it replaces ``ix_responses_completed_on``, which it covers;
- ``ix_answers_counts`` (response_id, indicator, counted, positive): a response's answers,
  with all the report counts of them;
- ``ix_invites_period`` (created_at, survey_id, touchpoint, agency): the invites made in
  a period, for response rates.

So the time a report takes follows the size of its periods, not of the history.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 21:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PERIOD_COLUMNS = ["completed_on", "audience", "touchpoint", "survey_id", "agency", "id"]


def upgrade() -> None:
    op.create_index("ix_responses_period", "responses", _PERIOD_COLUMNS)
    op.drop_index("ix_responses_completed_on", table_name="responses")
    op.create_index(
        "ix_answers_counts", "answers", ["response_id", "indicator", "counted", "positive"]
    )
    op.create_index(
        "ix_invites_period", "invites", ["created_at", "survey_id", "touchpoint", "agency"]
    )


def downgrade() -> None:
    op.drop_index("ix_invites_period", table_name="invites")
    op.drop_index("ix_answers_counts", table_name="answers")
    op.create_index("ix_responses_completed_on", "responses", ["completed_on"])
    op.drop_index("ix_responses_period", table_name="responses")
