"""A holding area for finished surveys, released a day at a time; update ids kept by day.

The transaction that completes a survey used to write the response itself, together with
``processed_updates (update_id, seen_at)``. On PostgreSQL rows written together share
``xmin``, so joining the two on it gave every response its completion time to the
microsecond, and ``xmin`` (or ``ctid``) alone gave the order a day's responses came in.
Now:

- ``held_responses`` keeps a finished survey until its day is over; the purge job then
  releases each finished day into ``responses`` in one transaction, in random order,
  with fresh ids (``storage.release``);
- ``processed_updates.seen_at`` (a moment) becomes ``seen_on`` (a day). Rows already here
  keep their day.

Responses already stored were written one transaction each. On PostgreSQL their
``xmin`` still orders them (``CLUSTER`` and ``VACUUM FREEZE`` keep a row's ``xmin``), so
the migration rewrites every row of ``responses``, ``answers`` and ``story_reviews`` with
an ``UPDATE`` (the new versions all carry the migration's one ``xmin``), then ``CLUSTER``
puts them in the order of their random keys and drops the old versions with their file.
SQLite keeps no transaction id on a row, and these tables are already stored in the
order of their random keys (0003).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 21:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "held_responses",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=False),
        sa.Column("withdrawal_hash", sa.String(length=64), nullable=False),
        sa.Column("response", sa.JSON(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_held_responses")),
        sa.UniqueConstraint("withdrawal_hash", name=op.f("uq_held_responses_withdrawal_hash")),
        sqlite_with_rowid=False,
    )
    op.create_index(
        op.f("ix_held_responses_completed_on"), "held_responses", ["completed_on"]
    )
    with op.batch_alter_table("processed_updates") as batch:
        batch.add_column(sa.Column("seen_on", sa.Date(), nullable=True))
    # SQLite's CAST(… AS DATE) is numeric (it gives the year alone): date() there.
    day = "date(seen_at)" if op.get_bind().dialect.name == "sqlite" else "CAST(seen_at AS DATE)"
    op.execute(f"UPDATE processed_updates SET seen_on = {day}")
    op.drop_index(op.f("ix_processed_updates_seen_at"), table_name="processed_updates")
    with op.batch_alter_table("processed_updates") as batch:
        batch.alter_column("seen_on", existing_type=sa.Date(), nullable=False)
        batch.drop_column("seen_at")
    op.create_index(op.f("ix_processed_updates_seen_on"), "processed_updates", ["seen_on"])
    if op.get_bind().dialect.name == "postgresql":
        # One new xmin for every row already stored, then the order of their random keys
        # (see the module's docstring).
        op.execute("UPDATE responses SET survey_version = survey_version")
        op.execute("UPDATE answers SET position = position")
        op.execute("UPDATE story_reviews SET status = status")
        op.execute("CLUSTER responses USING pk_responses")
        op.execute("CLUSTER answers USING pk_answers")
        op.execute("CLUSTER story_reviews USING pk_story_reviews")


def downgrade() -> None:
    # The older code has no holding area: refuse rather than lose anyone's answers.
    held = op.get_bind().execute(sa.text("SELECT count(*) FROM held_responses")).scalar()
    if held:
        raise RuntimeError(
            f"{held} finished surveys are still held; run `betteroff purge` on a later day "
            "to release them before downgrading"
        )
    op.drop_index(op.f("ix_processed_updates_seen_on"), table_name="processed_updates")
    with op.batch_alter_table("processed_updates") as batch:
        batch.add_column(sa.Column("seen_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE processed_updates SET seen_at = seen_on")
    with op.batch_alter_table("processed_updates") as batch:
        batch.alter_column("seen_at", existing_type=sa.DateTime(), nullable=False)
        batch.drop_column("seen_on")
    op.create_index(op.f("ix_processed_updates_seen_at"), "processed_updates", ["seen_at"])
    op.drop_index(op.f("ix_held_responses_completed_on"), table_name="held_responses")
    op.drop_table("held_responses")
