"""Wrong /withdraw and /join codes counted per chat, so codes cannot be guessed without limit.

One row per chat with wrong codes in the last hour: a keyed hash of the chat for this
purpose alone (never a survey's key), the time of the hour's first wrong code and how
many. The purge deletes rows whose hour is over.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 22:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "wrong_codes",
        sa.Column("guess_key", sa.String(length=64), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("guess_key", name=op.f("pk_wrong_codes")),
    )
    op.create_index(op.f("ix_wrong_codes_since"), "wrong_codes", ["since"])


def downgrade() -> None:
    op.drop_index(op.f("ix_wrong_codes_since"), table_name="wrong_codes")
    op.drop_table("wrong_codes")
