"""A keyed fingerprint of the secret, so a changed ``BETTEROFF_SECRET`` is noticed.

Every keyed hash (surveys in progress, join codes, withdrawal codes, reviewers, the audit
log) silently stops matching when the secret changes. ``deployment`` keeps one row with
``HMAC-SHA256(secret, "fingerprint:betteroff")`` — never the secret — so the command line
and the bot can refuse a different secret on a database that already holds keyed data.
A database made by ``betteroff demo`` is marked as such (synthetic people only).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 23:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "deployment",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("secret_fingerprint", sa.String(length=64), nullable=True),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deployment")),
    )


def downgrade() -> None:
    op.drop_table("deployment")
