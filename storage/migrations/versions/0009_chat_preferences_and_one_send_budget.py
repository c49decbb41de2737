"""Chat preferences (one message per question, offer removal) and one send budget for all workers.

``chat_preferences``: one row per chat that changed a preference, keyed by a keyed hash
kept apart from any survey's key, with no time column. ``send_budget``: one row, the next
moment a Telegram call may go, shared by every worker so the bot as a whole keeps
Telegram's ~30 calls a second.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 23:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chat_preferences",
        sa.Column("preference_key", sa.String(length=64), nullable=False),
        sa.Column("one_message_per_question", sa.Boolean(), nullable=False),
        sa.Column("offer_removal", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("preference_key", name=op.f("pk_chat_preferences")),
    )
    op.create_table(
        "send_budget",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("next_free", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_send_budget")),
    )


def downgrade() -> None:
    op.drop_table("send_budget")
    op.drop_table("chat_preferences")
