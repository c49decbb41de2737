"""Revision 0005 on a database in use: the holding area appears, update ids keep their day,
and on PostgreSQL the responses already stored stop being ordered by ``xmin``."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import text

from storage.database import Database

RESPONSES = 6


async def _fill_at_0004(db: Database) -> None:
    """Responses written one transaction each (as before 0005) and remembered updates."""
    for n in range(RESPONSES):
        async with db.engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO responses (id, survey_id, survey_version, audience, touchpoint,"
                    " agency, team, language, completed_on, flagged, flag_reasons,"
                    " flag_followed_up, withdrawal_hash) VALUES (:id, 'parent-carer-review', 1,"
                    " 'parent-carer', 'review', 'CSC', NULL, 'en', :day, :no, NULL, :no, :hash)"
                ),
                {"id": f"{n:032x}", "day": date(2026, 11, 2), "no": False, "hash": f"{n:064x}"},
            )
            await connection.execute(
                text(
                    "INSERT INTO answers (id, response_id, question_id, skipped, story,"
                    " consent_to_quote, position) VALUES (:id, :response, 'listened', :no, :no,"
                    " :no, 0)"
                ),
                {"id": 1000 + n, "response": f"{n:032x}", "no": False},
            )
            await connection.execute(
                text("INSERT INTO processed_updates (update_id, seen_at) VALUES (:id, :at)"),
                {"id": 500 + n, "at": datetime(2026, 11, 2, 14, n, 7)},
            )


async def test_0005_keeps_everything_and_drops_the_moment(database_url: str, secret: str) -> None:
    db = Database(database_url, secret=secret)
    try:
        await db.upgrade("0004")
        await _fill_at_0004(db)
        await db.upgrade("0005")
        async with db.engine.connect() as connection:
            responses = (await connection.execute(text("SELECT count(*) FROM responses"))).scalar()
            answers = (await connection.execute(text("SELECT count(*) FROM answers"))).scalar()
            days = {
                str(day)
                for (day,) in await connection.execute(
                    text("SELECT seen_on FROM processed_updates")
                )
            }
            held = (await connection.execute(text("SELECT count(*) FROM held_responses"))).scalar()
            columns = [
                str(row[1]) if db.dialect == "sqlite" else str(row[0])
                for row in await connection.execute(
                    text("PRAGMA table_info(processed_updates)")
                    if db.dialect == "sqlite"
                    else text(
                        "SELECT column_name FROM information_schema.columns WHERE "
                        "table_name = 'processed_updates' AND table_schema = current_schema()"
                    )
                )
            ]
            if db.dialect == "postgresql":
                xmins = {
                    str(x)
                    for (x,) in await connection.execute(text("SELECT xmin::text FROM responses"))
                }
                assert len(xmins) == 1, "each stored response kept a transaction id of its own"
        assert (responses, answers, held) == (RESPONSES, RESPONSES, 0)
        assert days == {"2026-11-02"}
        assert "seen_at" not in columns and "seen_on" in columns
        await db.downgrade("0004")
        await db.upgrade("head")
    finally:
        await db.dispose()
