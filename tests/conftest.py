"""Shared fixtures: real databases, never mocks.

``database_url`` gives each test a fresh, empty database: an SQLite file in the test's
temporary directory, and — when ``BETTEROFF_TEST_POSTGRES_URL`` is set — a PostgreSQL
schema of its own (``test_<random>``, dropped afterwards), so runs never see each other's
rows. ``database`` is a :class:`storage.database.Database` on it, already migrated.

Run the PostgreSQL half with:
    BETTEROFF_TEST_POSTGRES_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/test pytest
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from storage.database import Database

POSTGRES_ENV = "BETTEROFF_TEST_POSTGRES_URL"
TEST_SECRET = "test-secret-not-for-production-0123456789"
_SKIP_POSTGRES = (
    f"PostgreSQL tests skipped: set {POSTGRES_ENV}="
    "postgresql+asyncpg://postgres@127.0.0.1:5432/test to run them"
)


@pytest.fixture
def secret() -> str:
    """The secret the ``database`` fixture's keyed hashes use."""
    return TEST_SECRET


async def _postgres_schema(base_url: str) -> AsyncIterator[str]:
    import asyncpg

    schema = f"test_{secrets.token_hex(6)}"
    plain = make_url(base_url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(plain)
    try:
        await connection.execute(f'CREATE SCHEMA "{schema}"')
        yield (
            make_url(base_url)
            .update_query_dict({"schema": schema})
            .render_as_string(hide_password=False)
        )
    finally:
        await connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        await connection.close()


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A URL to a fresh, empty database (not yet migrated) on each backend."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'betteroff.db'}"
        return
    base_url = os.environ.get(POSTGRES_ENV)
    if not base_url:
        pytest.skip(_SKIP_POSTGRES)
    async for url in _postgres_schema(base_url):
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    """A fresh SQLite file only, for tests about SQLite itself (its bytes, its locks)."""
    yield f"sqlite+aiosqlite:///{tmp_path / 'betteroff.db'}"


@contextlib.asynccontextmanager
async def migrated(url: str, secret: str = TEST_SECRET) -> AsyncIterator[Database]:
    """A :class:`Database` on ``url`` with every migration run, disposed of afterwards."""
    db = Database(url, secret=secret)
    await db.upgrade()
    try:
        yield db
    finally:
        await db.dispose()


@contextlib.asynccontextmanager
async def migrated_on(backend: str, directory: Path | None = None) -> AsyncIterator[Database]:
    """A migrated :class:`Database` on ``backend``, for fixtures wider than one test: an
    SQLite file in ``directory``, or a PostgreSQL schema of its own (skipped, saying how to
    run it, without ``BETTEROFF_TEST_POSTGRES_URL``)."""
    if backend == "sqlite":
        assert directory is not None, "SQLite needs a directory for its file"
        async with migrated(f"sqlite+aiosqlite:///{directory / 'betteroff.db'}") as db:
            yield db
        return
    base_url = os.environ.get(POSTGRES_ENV)
    if not base_url:
        pytest.skip(_SKIP_POSTGRES)
    async for url in _postgres_schema(base_url):
        async with migrated(url) as db:
            yield db


@pytest.fixture
async def database(database_url: str, secret: str) -> AsyncIterator[Database]:
    """A migrated :class:`Database` on each backend."""
    async with migrated(database_url, secret) as db:
        yield db


@pytest.fixture
async def sqlite_database(sqlite_url: str, secret: str) -> AsyncIterator[Database]:
    """A migrated :class:`Database` on SQLite only (for tests about SQLite itself)."""
    async with migrated(sqlite_url, secret) as db:
        yield db
