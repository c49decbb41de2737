"""Counters of surveys started and stopped (they outlive purged sessions); job leases.

- ``survey_sessions.started_on``: the local day a survey was started, filled in for rows
  already there from the UTC date of ``started_at``.
- ``survey_starts``: filled in for what happened before this revision with what the
  reports used to count as started — every response (on its completion day) and every
  survey still in progress. Stops already purged are gone and cannot be counted.
- ``survey_stops``, ``job_leases``: new and empty.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _day_of(column: str) -> str:
    """SQL for the date part of a stored timestamp, in this database's dialect."""
    if op.get_bind().dialect.name == "sqlite":
        return f"date({column})"  # stored as 'YYYY-MM-DD HH:MM:SS...'
    return f"CAST({column} AS DATE)"


def upgrade() -> None:
    with op.batch_alter_table("survey_sessions") as batch:
        batch.add_column(sa.Column("started_on", sa.Date(), nullable=True))
    op.execute(f"UPDATE survey_sessions SET started_on = {_day_of('started_at')}")
    with op.batch_alter_table("survey_sessions") as batch:
        batch.alter_column("started_on", existing_type=sa.Date(), nullable=False)

    op.create_table(
        "survey_starts",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("survey_id", sa.String(length=64), nullable=False),
        sa.Column("touchpoint", sa.String(length=32), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("started", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "day", "survey_id", "touchpoint", "agency", name=op.f("pk_survey_starts")
        ),
    )
    op.create_table(
        "survey_stops",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("survey_id", sa.String(length=64), nullable=False),
        sa.Column("touchpoint", sa.String(length=32), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("stopped", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "day",
            "survey_id",
            "touchpoint",
            "agency",
            "question_id",
            name=op.f("pk_survey_stops"),
        ),
    )
    op.create_table(
        "job_leases",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("holder", sa.String(length=128), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_job_leases")),
    )
    op.execute(
        """
        INSERT INTO survey_starts (day, survey_id, touchpoint, agency, started)
        SELECT day, survey_id, touchpoint, agency, SUM(n) FROM (
            SELECT completed_on AS day, survey_id, touchpoint,
                   COALESCE(agency, '') AS agency, COUNT(*) AS n
            FROM responses
            GROUP BY completed_on, survey_id, touchpoint, agency
            UNION ALL
            SELECT started_on AS day, survey_id, COALESCE(touchpoint, '') AS touchpoint,
                   COALESCE(agency, '') AS agency, COUNT(*) AS n
            FROM survey_sessions
            GROUP BY started_on, survey_id, touchpoint, agency
        ) AS before_counting
        GROUP BY day, survey_id, touchpoint, agency
        """
    )


def downgrade() -> None:
    op.drop_table("job_leases")
    op.drop_table("survey_stops")
    op.drop_table("survey_starts")
    with op.batch_alter_table("survey_sessions") as batch:
        batch.drop_column("started_on")
