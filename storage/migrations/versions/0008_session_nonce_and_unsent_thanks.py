"""A nonce per survey session for its buttons, and thank-yous not yet delivered.

``survey_sessions.nonce``: random per session, carried by the session's buttons, so a
keyboard from an earlier survey never answers a newer one. Sessions already in progress get
one here; their old buttons (made before nonces) are refused and ``/start`` shows the
question again.

``unsent_thanks``: a finished survey's thank-you and sealed withdrawal code, kept only
until it is delivered, or the next purge, whichever comes first.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 23:45:00
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("survey_sessions") as batch:
        batch.add_column(sa.Column("nonce", sa.String(length=8), nullable=True))
    connection = op.get_bind()
    keys = connection.execute(sa.text("SELECT chat_key FROM survey_sessions")).scalars().all()
    for chat_key in keys:
        connection.execute(
            sa.text("UPDATE survey_sessions SET nonce = :nonce WHERE chat_key = :key"),
            {"nonce": secrets.token_urlsafe(6)[:6], "key": chat_key},
        )
    op.create_table(
        "unsent_thanks",
        sa.Column("chat_key", sa.String(length=64), nullable=False),
        sa.Column("survey_id", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("sealed_code", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("chat_key", name=op.f("pk_unsent_thanks")),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("unsent_thanks")
    with op.batch_alter_table("survey_sessions") as batch:
        batch.drop_column("nonce")
