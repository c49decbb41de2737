"""Answers and responses keep no order of arrival: random answer ids, no SQLite rowid.

A response stores the day it was completed, never the time. But ``answers.id`` counted
up, and SQLite's hidden rowid on ``responses`` counted up too, so anyone with the database
file could still read the order in which the day's responses arrived, and with it roughly
when one was given. Now:

- ``answers.id`` is random (``storage.keys.new_answer_ids``: a random prefix per response,
  then the answer's place in it, so a response's answers stay side by side); rows already
  here get new ids made the same way, and ``story_reviews`` follows them;
- ``answers.position`` keeps the order of a response's own answers (0 first), numbered
  for rows already here in the order of their old ids, which was that order;
- on SQLite, ``responses`` is rebuilt ``WITHOUT ROWID`` and ``answers`` keyed by its
  random id, so both tables' rows are stored in the order of random keys; on PostgreSQL
  both tables are clustered on their random keys once, so the rows already here lose
  their order of arrival on disk too (rows added later are appended, as PostgreSQL does).

SQLite cannot alter a primary key, and with foreign keys on (they are, inside the
migration's transaction) dropping ``responses`` would delete every answer through the
cascade. So the three tables are copied to temporary tables, dropped child first, built
again and filled from the copies, all in the migration's one transaction: it either
happens whole or not at all.

Downgrading drops ``position`` and gives PostgreSQL's ``answers.id`` a sequence again;
the ids stay random (they do not fit the old ``INTEGER``, so the type stays ``BIGINT``),
and SQLite's ``responses`` stays without a rowid, which the older code does not mind.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_RESPONSE_COLUMNS = (
    "id, survey_id, survey_version, audience, touchpoint, agency, team, language, "
    "completed_on, flagged, flag_reasons, flag_followed_up, withdrawal_hash"
)
_ANSWER_COLUMNS = (
    "response_id, question_id, indicator, codes, number, text, skipped, counted, positive, "
    "story, consent_to_quote"
)
_REVIEW_COLUMNS = "status, reviewer_key, reviewed_at, edited_text"
#: Each answer's place in its response, a random prefix per response, and from them each
#: answer's new id, as ``storage.keys.new_answer_ids`` makes them (10 bits of place).
_NEW_IDS = (
    """CREATE TEMP TABLE _answer_places {on_commit} AS
    SELECT id AS old_id, response_id,
           ROW_NUMBER() OVER (PARTITION BY response_id ORDER BY id) - 1 AS position
    FROM answers""",
    """CREATE TEMP TABLE _response_prefixes {on_commit} AS
    SELECT response_id, {prefix} AS prefix FROM (SELECT DISTINCT response_id FROM answers) AS r""",
    """CREATE TEMP TABLE _new_answer_ids {on_commit} AS
    SELECT p.old_id, p.position,
           CASE WHEN p.position < 1024 THEN r.prefix * 1024 + p.position ELSE {random} END
           AS new_id
    FROM _answer_places AS p JOIN _response_prefixes AS r ON r.response_id = p.response_id""",
)


def _of(alias: str, columns: str) -> str:
    """``columns`` (comma-separated) as columns of the table called ``alias``."""
    return ", ".join(f"{alias}.{column.strip()}" for column in columns.split(","))


def _number_answers(*, on_commit: str, prefix: str, random: str) -> None:
    """Make the temporary tables of :data:`_NEW_IDS` with this dialect's random numbers."""
    for statement in _NEW_IDS:
        op.execute(statement.format(on_commit=on_commit, prefix=prefix, random=random))


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _upgrade_sqlite()
    else:
        _upgrade_postgresql()


def _upgrade_sqlite() -> None:
    # SQLite's random() is a signed 64-bit number: keep 53 bits, or 63.
    _number_answers(
        on_commit="",
        prefix="(random() & 9007199254740991)",
        random="(random() & 9223372036854775807)",
    )
    op.execute(f"CREATE TEMP TABLE _responses AS SELECT {_RESPONSE_COLUMNS} FROM responses")
    op.execute(f"CREATE TEMP TABLE _answers AS SELECT id, {_ANSWER_COLUMNS} FROM answers")
    op.execute(
        f"CREATE TEMP TABLE _story_reviews AS SELECT answer_id, {_REVIEW_COLUMNS} "
        "FROM story_reviews"
    )
    # Child first: nothing then references the table being dropped, so no cascade fires.
    op.drop_table("story_reviews")
    op.drop_table("answers")
    op.drop_table("responses")
    _create_tables()
    op.execute(
        f"INSERT INTO responses ({_RESPONSE_COLUMNS}) "
        f"SELECT {_RESPONSE_COLUMNS} FROM _responses ORDER BY id"
    )
    op.execute(
        f"INSERT INTO answers (id, position, {_ANSWER_COLUMNS}) "
        f"SELECT n.new_id, n.position, {_of('a', _ANSWER_COLUMNS)} "
        "FROM _answers AS a JOIN _new_answer_ids AS n ON n.old_id = a.id ORDER BY n.new_id"
    )
    op.execute(
        f"INSERT INTO story_reviews (answer_id, {_REVIEW_COLUMNS}) "
        f"SELECT n.new_id, {_of('s', _REVIEW_COLUMNS)} "
        "FROM _story_reviews AS s JOIN _new_answer_ids AS n ON n.old_id = s.answer_id "
        "ORDER BY n.new_id"
    )
    for table in (
        "_story_reviews", "_answers", "_responses",
        "_new_answer_ids", "_response_prefixes", "_answer_places",
    ):  # fmt: skip
        op.execute(f"DROP TABLE temp.{table}")


def _create_tables() -> None:
    """The three tables as ``storage.models`` declares them at this revision."""
    op.create_table(
        "responses",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("survey_id", sa.String(length=64), nullable=False),
        sa.Column("survey_version", sa.Integer(), nullable=False),
        sa.Column("audience", sa.String(length=32), nullable=False),
        sa.Column("touchpoint", sa.String(length=32), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=True),
        sa.Column("team", sa.String(length=32), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=False),
        sa.Column("flagged", sa.Boolean(), nullable=False),
        sa.Column("flag_reasons", sa.String(length=200), nullable=True),
        sa.Column("flag_followed_up", sa.Boolean(), nullable=False),
        sa.Column("withdrawal_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_responses")),
        sa.UniqueConstraint("withdrawal_hash", name=op.f("uq_responses_withdrawal_hash")),
        sqlite_with_rowid=False,
    )
    op.create_index(op.f("ix_responses_completed_on"), "responses", ["completed_on"])
    op.create_index(op.f("ix_responses_survey_id"), "responses", ["survey_id"])
    op.create_table(
        "answers",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("response_id", sa.String(length=32), nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("indicator", sa.String(length=64), nullable=True),
        sa.Column("codes", sa.String(length=500), nullable=True),
        sa.Column("number", sa.Float(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("skipped", sa.Boolean(), nullable=False),
        sa.Column("counted", sa.Boolean(), nullable=True),
        sa.Column("positive", sa.Boolean(), nullable=True),
        sa.Column("story", sa.Boolean(), nullable=False),
        sa.Column("consent_to_quote", sa.Boolean(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            name=op.f("fk_answers_response_id_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answers")),
        sa.UniqueConstraint(
            "response_id", "question_id", name=op.f("uq_answers_response_id_question_id")
        ),
    )
    op.create_index(op.f("ix_answers_indicator"), "answers", ["indicator"])
    op.create_table(
        "story_reviews",
        sa.Column("answer_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reviewer_key", sa.String(length=64), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("edited_text", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'rejected')",
            name=op.f("ck_story_reviews_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["answers.id"],
            name=op.f("fk_story_reviews_answer_id_answers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("answer_id", name=op.f("pk_story_reviews")),
    )
    op.create_index(op.f("ix_story_reviews_status"), "story_reviews", ["status"])


def _upgrade_postgresql() -> None:
    # random() is a double: 53 bits for a prefix; 62 for a whole id, as 2^63 would not fit.
    _number_answers(
        on_commit="ON COMMIT DROP",
        prefix="floor(random() * 9007199254740992)::bigint",
        random="floor(random() * 4611686018427387904)::bigint",
    )
    op.drop_constraint(
        op.f("fk_story_reviews_answer_id_answers"), "story_reviews", type_="foreignkey"
    )
    sequence = op.get_bind().scalar(sa.text("SELECT pg_get_serial_sequence('answers', 'id')"))
    op.alter_column("answers", "id", server_default=None)
    if sequence:
        op.execute(f"DROP SEQUENCE {sequence}")
    op.alter_column("answers", "id", type_=sa.BigInteger(), existing_nullable=False)
    op.alter_column("story_reviews", "answer_id", type_=sa.BigInteger(), existing_nullable=False)
    op.add_column("answers", sa.Column("position", sa.SmallInteger(), nullable=True))
    op.execute(
        "UPDATE answers SET id = n.new_id, position = n.position "
        "FROM _new_answer_ids AS n WHERE answers.id = n.old_id"
    )
    op.execute(
        "UPDATE story_reviews SET answer_id = n.new_id "
        "FROM _new_answer_ids AS n WHERE story_reviews.answer_id = n.old_id"
    )
    op.alter_column("answers", "position", nullable=False, existing_type=sa.SmallInteger())
    op.create_foreign_key(
        op.f("fk_story_reviews_answer_id_answers"),
        "story_reviews",
        "answers",
        ["answer_id"],
        ["id"],
        ondelete="CASCADE",
    )
    # Rewrite both tables in the order of their random keys.
    op.execute("CLUSTER responses USING pk_responses")
    op.execute("CLUSTER answers USING pk_answers")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # Not batch mode: rebuilding answers would take story_reviews with it (see above).
        op.execute("ALTER TABLE answers DROP COLUMN position")
        return
    op.drop_column("answers", "position")
    op.execute("CREATE SEQUENCE answers_id_seq OWNED BY answers.id")
    op.alter_column("answers", "id", server_default=sa.text("nextval('answers_id_seq')"))
