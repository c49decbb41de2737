"""Revision 0003 on a database with answers in it: nothing lost, no order of arrival kept."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import text

from storage import keys
from storage.database import Database

RESPONSES = 12
QUESTIONS = ("listened", "helped", "in-your-words")
STORY_STATUSES = ("pending", "approved", "rejected")


async def _fill_at_0002(db: Database) -> None:
    """Responses, answers and story reviews as revision 0002 stored them: ids counting up."""
    async with db.engine.begin() as connection:
        for n in range(RESPONSES):
            await connection.execute(
                text(
                    "INSERT INTO responses (id, survey_id, survey_version, audience, touchpoint,"
                    " agency, team, language, completed_on, flagged, flag_reasons,"
                    " flag_followed_up, withdrawal_hash) VALUES (:id, 'parent-carer-review', 1,"
                    " 'parent-carer', 'review', 'CSC', NULL, 'en', :day, :flagged, NULL, :no,"
                    " :hash)"
                ),
                {
                    "id": f"{(n * 7919) % 1000:032x}",  # not in the order they arrive
                    "day": date(2026, 11, 2 + n % 3),
                    "flagged": n % 4 == 0,
                    "no": False,
                    "hash": f"{n:064x}",
                },
            )
            for question in QUESTIONS:
                story = question == "in-your-words"
                await connection.execute(
                    text(
                        "INSERT INTO answers (response_id, question_id, indicator, codes,"
                        " number, text, skipped, counted, positive, story, consent_to_quote)"
                        " VALUES (:response, :question, :indicator, :codes, NULL, :text,"
                        " :no, :counted, :positive, :story, :story)"
                    ),
                    {
                        "response": f"{(n * 7919) % 1000:032x}",
                        "question": question,
                        "indicator": None if story else f"{question}-indicator",
                        "codes": None if story else "agree",
                        "text": f"story number {n}" if story else None,
                        "no": False,
                        "counted": None if story else True,
                        "positive": None if story else n % 2 == 0,
                        "story": story,
                    },
                )
            if n % 2 == 0:
                await connection.execute(
                    text(
                        "INSERT INTO story_reviews (answer_id, status, reviewer_key) SELECT id,"
                        " :status, :reviewer FROM answers WHERE response_id = :response"
                        " AND question_id = 'in-your-words'"
                    ),
                    {
                        "status": STORY_STATUSES[n % 3],
                        "reviewer": f"reviewer-{n}",
                        "response": f"{(n * 7919) % 1000:032x}",
                    },
                )


async def _rows(db: Database, sql: str) -> list[tuple[Any, ...]]:
    async with db.engine.connect() as connection:
        return [tuple(row) for row in await connection.execute(text(sql))]


_ANSWERS = (
    "SELECT response_id, question_id, indicator, codes, text, skipped, counted, positive,"
    " story, consent_to_quote FROM answers ORDER BY response_id, question_id"
)
_REVIEWS = (
    "SELECT a.response_id, a.question_id, s.status, s.reviewer_key FROM story_reviews AS s"
    " JOIN answers AS a ON a.id = s.answer_id ORDER BY a.response_id"
)


@pytest.fixture
async def migrated(database_url: str, secret: str) -> Any:
    """A database filled at 0002, with what it held before, then brought to the head."""
    db = Database(database_url, secret=secret)
    await db.upgrade("0002")
    await _fill_at_0002(db)
    before = {
        "responses": await _rows(db, "SELECT * FROM responses ORDER BY id"),
        "answers": await _rows(db, _ANSWERS),
        "reviews": await _rows(db, _REVIEWS),
        # Old id order within each response is the order the questions were answered in.
        "arrival": await _rows(db, "SELECT response_id, question_id FROM answers ORDER BY id"),
    }
    await db.upgrade()
    try:
        yield db, before
    finally:
        await db.dispose()


async def test_every_response_answer_and_story_review_survives(migrated: Any) -> None:
    db, before = migrated
    assert await _rows(db, "SELECT * FROM responses ORDER BY id") == before["responses"]
    assert await _rows(db, _ANSWERS) == before["answers"]
    assert await _rows(db, _REVIEWS) == before["reviews"]
    assert len(before["answers"]) == RESPONSES * len(QUESTIONS)
    assert len(before["reviews"]) == RESPONSES // 2


async def test_positions_keep_each_responses_order_and_ids_no_longer_count_up(
    migrated: Any,
) -> None:
    db, before = migrated
    by_position = await _rows(
        db, "SELECT response_id, question_id FROM answers ORDER BY response_id, position"
    )
    expected = sorted(before["arrival"], key=lambda row: row[0])  # stable: keeps arrival
    assert by_position == expected
    positions = await _rows(db, "SELECT DISTINCT position FROM answers ORDER BY position")
    assert positions == [(0,), (1,), (2,)]
    by_id = await _rows(db, "SELECT response_id, question_id FROM answers ORDER BY id")
    assert by_id != before["arrival"]  # 36 answers keep their order by chance 1 in 36!
    ids = await _rows(db, "SELECT response_id, id, position FROM answers")
    assert min(answer_id for _, answer_id, _ in ids) > RESPONSES * len(QUESTIONS)
    # As new answers get them: one random prefix per response, then the answer's place.
    prefixes = {(response, answer_id >> keys.POSITION_BITS) for response, answer_id, _ in ids}
    assert len(prefixes) == len({prefix for _, prefix in prefixes}) == RESPONSES
    assert all(answer_id % (1 << keys.POSITION_BITS) == place for _, answer_id, place in ids)


async def test_cascades_and_new_completions_work_on_the_migrated_tables(migrated: Any) -> None:
    db, before = migrated
    first = before["responses"][0][0]
    async with db.engine.begin() as connection:
        await connection.execute(text("DELETE FROM responses WHERE id = :id"), {"id": first})
    left = await _rows(db, "SELECT COUNT(*) FROM answers WHERE response_id = '" + first + "'")
    assert left == [(0,)]
    reviews = await _rows(db, _REVIEWS)
    assert [row for row in reviews if row[0] == first] == []
    assert len(reviews) == len(before["reviews"]) - 1  # the first response (n = 0) had one


async def test_sqlite_responses_have_no_rowid_and_answers_are_keyed_by_their_random_id(
    sqlite_url: str, secret: str
) -> None:
    db = Database(sqlite_url, secret=secret)
    try:
        await db.upgrade("0002")
        await _fill_at_0002(db)
        await db.upgrade()
        schema = await _rows(db, "SELECT sql FROM sqlite_master WHERE name = 'responses'")
        assert "WITHOUT ROWID" in schema[0][0]
        with pytest.raises(Exception, match="rowid"):
            await _rows(db, "SELECT rowid FROM responses")
        assert await _rows(db, "SELECT COUNT(*) FROM answers WHERE rowid != id") == [(0,)]
        # Nothing of the copies is left behind.
        tables = await _rows(db, "SELECT name FROM sqlite_master WHERE type = 'table'")
        assert not [name for (name,) in tables if name.startswith("_")]
        assert await _rows(db, "PRAGMA foreign_key_check") == []
        assert await _rows(db, "PRAGMA integrity_check") == [("ok",)]
    finally:
        await db.dispose()
