"""Answers counted per day at the daily release, so reports read counts, not answers.

``day_counts`` holds, per day, survey, indicator, audience and touchpoint, how many counted
answers there are and how many of them are positive. The release adds a day's answers to
it in the transaction that writes them, a withdrawal takes them off in the one that
deletes them, and the retention purge deletes a day's counts with its responses
(:mod:`storage.day_counts`). A report then reads a few hundred rows a month, whatever the
size of its periods or of the history. It carries no agency or team, and no time.

The counts of responses already released are made here, from their answers.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 00:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "day_counts",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("survey_id", sa.String(length=64), nullable=False),
        sa.Column("indicator", sa.String(length=64), nullable=False),
        sa.Column("audience", sa.String(length=32), nullable=False),
        sa.Column("touchpoint", sa.String(length=32), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("positive", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "day", "survey_id", "indicator", "audience", "touchpoint", name=op.f("pk_day_counts")
        ),
        sqlite_with_rowid=False,
    )
    op.execute(
        "INSERT INTO day_counts (day, survey_id, indicator, audience, touchpoint, n, positive) "
        "SELECT r.completed_on, r.survey_id, a.indicator, r.audience, r.touchpoint, count(*), "
        "sum(CASE WHEN a.positive THEN 1 ELSE 0 END) "
        "FROM responses r JOIN answers a ON a.response_id = r.id "
        "WHERE a.indicator IS NOT NULL AND a.counted "
        "GROUP BY r.completed_on, r.survey_id, a.indicator, r.audience, r.touchpoint"
    )


def downgrade() -> None:
    op.drop_table("day_counts")
