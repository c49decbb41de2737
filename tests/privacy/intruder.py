"""What an intruder holding the secret and every file can read, and what they look for.

Reads the database as a DBA would (every table, the system columns), the raw bytes of
every file beside an SQLite database, and PostgreSQL's pages through ``pageinspect``
(dead tuples and free space included): never the query functions the bot uses.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage import keys
from storage.database import Database


def traces_of(secret: str, chat_id: int) -> dict[str, bytes]:
    """Every form of a chat id this code base stores or could: plain, keyed, sealed."""
    key = keys.chat_key(secret, chat_id)
    return {
        "chat id": str(chat_id).encode(),
        "chat id (8 bytes, big-endian)": chat_id.to_bytes(8, "big"),
        "chat id (8 bytes, little-endian)": chat_id.to_bytes(8, "little"),
        "chat key": key.encode(),
        "sealed chat": keys.seal_chat_id(secret, chat_id).encode(),
    }


def encodings(words: str) -> list[bytes]:
    return [words.encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be")]


def files_of(database: Database) -> list[Path]:
    """Every file in the SQLite database's folder that belongs to it (-wal, -shm, -journal)."""
    path = Path(make_url(database.url).database or "")
    return sorted(p for p in path.parent.iterdir() if p.name.startswith(path.name))


async def postgres_pages(database: Database) -> dict[str, bytes]:
    """Every page of every table, index and TOAST table in the test's schema, raw."""
    pages: dict[str, bytes] = {}
    async with database.read() as session:
        await session.execute(text("CREATE EXTENSION IF NOT EXISTS pageinspect SCHEMA public"))
        await session.commit()
        relations = await session.execute(
            text(
                "SELECT c.oid::regclass::text, c.relkind, pg_relation_size(c.oid) / 8192 "
                "FROM pg_class c WHERE c.relkind IN ('r', 'i', 't') AND ("
                " c.relnamespace = current_schema()::regnamespace OR c.oid IN ("
                "  SELECT reltoastrelid FROM pg_class WHERE relnamespace ="
                "  current_schema()::regnamespace))"
            )
        )
        for name, _kind, count in list(relations):
            for number in range(int(count)):
                raw = await session.scalar(
                    text("SELECT public.get_raw_page(:name, :n)"), {"name": name, "n": number}
                )
                pages[f"{name} page {number}"] = bytes(raw)
    return pages


async def table_names(database: Database) -> list[str]:
    async with database.read() as session:
        if database.dialect == "postgresql":
            rows = await session.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            )
        else:
            rows = await session.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'table'")
            )
        return sorted(str(name) for (name,) in rows)


#: Where completed responses are stored: released, and (when the design has one) held.
RESPONSE_TABLES = ("responses", "held_responses")


async def times_beside_responses(database: Database) -> list[str]:
    """PostgreSQL: each time of day in a row written by a transaction that wrote a response.

    Rows written together share ``xmin``; a timestamp among them is the response's time.
    """
    if database.dialect != "postgresql":
        return []
    tables = await table_names(database)
    found = []
    async with database.read() as session:
        xmins: set[str] = set()
        for table in RESPONSE_TABLES:
            if table in tables:
                rows = await session.execute(text(f"SELECT xmin::text FROM {table}"))
                xmins.update(str(x) for (x,) in rows)
        columns = await session.execute(
            text(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND data_type LIKE 'timestamp%'"
            )
        )
        for table, column in list(columns):
            if table in RESPONSE_TABLES:
                continue
            rows = await session.execute(
                text(f'SELECT "{column}" FROM "{table}" WHERE xmin::text = ANY(:xmins)'),
                {"xmins": sorted(xmins)},
            )
            found.extend(f"{table}.{column} = {value}" for (value,) in rows)
    return found
