"""The migrations build the schema the models describe, on both backends."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import CheckConstraint, inspect, text
from sqlalchemy.engine import Connection

from storage.database import Database
from storage.models import Base


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, Base.metadata)


async def test_migrations_and_models_agree(database: Database) -> None:
    async with database.engine.connect() as connection:
        differences = await connection.run_sync(_differences)
    assert differences == []


def _constraints_autogenerate_skips(connection: Connection) -> tuple[Any, Any]:
    """Check constraints and ON DELETE rules, as built and as the models declare them.

    Alembic's comparison ignores both, yet "uses never below zero" and the cascades that
    take a withdrawn or purged response's answers with it depend on them.
    """
    inspector = inspect(connection)
    built, declared = {}, {}
    for table in Base.metadata.sorted_tables:
        built[table.name] = (
            sorted(str(c["name"]) for c in inspector.get_check_constraints(table.name)),
            sorted(
                (
                    tuple(fk["constrained_columns"]),
                    fk["referred_table"],
                    fk["options"].get("ondelete"),
                )
                for fk in inspector.get_foreign_keys(table.name)
            ),
        )
        declared[table.name] = (
            sorted(str(c.name) for c in table.constraints if isinstance(c, CheckConstraint)),
            sorted(
                (tuple(c.name for c in fk.columns), fk.referred_table.name, fk.ondelete)
                for fk in table.foreign_key_constraints
            ),
        )
    return built, declared


async def test_migrations_build_the_checks_and_cascades_the_models_declare(
    database: Database,
) -> None:
    async with database.engine.connect() as connection:
        built, declared = await connection.run_sync(_constraints_autogenerate_skips)
    assert built == declared
    assert declared["invites"][0] == ["ck_invites_uses_left_not_negative"]
    assert (("response_id",), "responses", "CASCADE") in declared["answers"][1]


async def test_a_new_database_is_made_by_the_migrations(database_url: str, secret: str) -> None:
    db = Database(database_url, secret=secret)
    try:
        await db.upgrade()
        async with db.read() as session:
            result = await session.execute(text("SELECT version_num FROM alembic_version"))
            version = result.scalar()
        assert version is not None
        await db.upgrade()  # a second upgrade is a no-op, not an error
        await db.downgrade("base")
        async with db.engine.connect() as connection:
            tables = await connection.run_sync(lambda c: inspect(c).get_table_names())
        assert set(tables) <= {"alembic_version"}
    finally:
        await db.dispose()


async def test_sqlite_is_set_up_for_several_processes(sqlite_url: str, secret: str) -> None:
    db = Database(sqlite_url, secret=secret)
    try:
        await db.upgrade()
        async with db.read() as session:
            pragmas = {
                name: (await session.execute(text(f"PRAGMA {name}"))).scalar()
                for name in ("journal_mode", "busy_timeout", "foreign_keys", "secure_delete")
            }
        assert pragmas == {
            "journal_mode": "wal",
            "busy_timeout": 30_000,
            "foreign_keys": 1,
            "secure_delete": 1,
        }
    finally:
        await db.dispose()


async def test_sqlite_write_transactions_take_the_write_lock_at_begin(
    sqlite_url: str, secret: str
) -> None:
    """Read-then-write transactions at once neither fail nor lose an update."""
    import asyncio
    from datetime import UTC, datetime

    from storage.models import Agency

    db = Database(sqlite_url, secret=secret)
    try:
        await db.upgrade()
        async with db.write() as session:
            session.add(Agency(code="X", name="0", created_at=datetime.now(UTC)))

        async def increment() -> None:
            async with db.write() as session:
                agency = await session.get(Agency, "X")
                assert agency is not None and agency.name is not None
                seen = int(agency.name)
                await asyncio.sleep(0.02)  # another writer would slip in here
                agency.name = str(seen + 1)

        await asyncio.gather(*(increment() for _ in range(5)))
        async with db.read() as session:
            agency = await session.get(Agency, "X")
        assert agency is not None and agency.name == "5"
    finally:
        await db.dispose()
