"""The story queue, flagged responses, retention and the answers export."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from openpyxl import load_workbook
from sqlalchemy import func, select
from storage_sample import NOW, STATES, SURVEY, TODAY, completed, finish, start

from storage import keys
from storage.database import Database
from storage.export import EXPORT_COLUMNS, answer_rows, spreadsheet_safe, write_csv, write_xlsx
from storage.invites import create_invites
from storage.models import Answer, Invite, Response, StoryReview, SurveySession
from storage.purge import purge
from storage.responses import complete_survey, flagged_responses, mark_followed_up
from storage.sessions import start_session
from storage.stories import review_story, story_queue
from storage.updates import remember_update
from tests.released import release_all


async def _respond(db: Database, chat_id: int, **options: object) -> str:
    """Complete the sample survey and release it (as a day later); its released id."""
    receipt = await finish(db, await start(db, chat_id), **options)
    assert receipt is not None
    await release_all(db)
    hashed = keys.withdrawal_hash(db.secret, receipt.withdrawal_code)
    async with db.read() as session:
        released = await session.scalar(
            select(Response.id).where(Response.withdrawal_hash == hashed)
        )
    assert released is not None
    return released


async def test_a_story_is_reviewed_once_and_edits_are_redacted_too(database: Database) -> None:
    await _respond(database, 1)
    async with database.read() as session:
        [story] = await story_queue(session=session)
    assert story.status == "pending" and story.question_id == "story"
    assert "[email]" in story.text or "example.com" not in story.text
    reviewer = database.reviewer_key(99)
    async with database.write() as session:
        assert await review_story(
            session=session,
            answer_id=story.answer_id,
            approve=True,
            reviewer_key=reviewer,
            now=NOW,
            edited_text="My worker was kind. Mail jo.bloggs@example.com",
        )
        assert not await review_story(
            session=session,
            answer_id=story.answer_id,
            approve=False,
            reviewer_key=reviewer,
            now=NOW,
        )
    async with database.read() as session:
        assert await story_queue(session=session) == []
        [approved] = await story_queue(session=session, status="approved")
    assert approved.text.startswith("My worker was kind.")
    assert "jo.bloggs@example.com" not in approved.text


async def test_no_story_is_queued_without_consent(database: Database, secret: str) -> None:
    from dataclasses import replace

    no_consent = completed()
    no_consent = replace(
        no_consent,
        answers=tuple(
            replace(a, consent_to_quote=False) if a.story else a for a in no_consent.answers
        ),
    )
    key = database.chat_key(2)
    async with database.write() as session:
        await start_session(
            session=session, chat_key=key, survey=SURVEY, language="en", state=STATES[0], now=NOW
        )
        await complete_survey(
            session=session, chat_key=key, completed=no_consent, today=TODAY, secret=secret
        )
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(StoryReview)) == 0


async def test_flagged_responses_wait_until_followed_up(database: Database) -> None:
    await _respond(database, 1)
    flagged_id = await _respond(database, 2, flags=("self_harm", "physical_abuse"))
    async with database.read() as session:
        [flagged] = await flagged_responses(session=session)
    assert flagged.response_id == flagged_id
    assert flagged.reasons == ("self_harm", "physical_abuse")
    assert [question for question, _ in flagged.texts] == ["story"]
    async with database.write() as session:
        assert await mark_followed_up(session=session, response_id=flagged_id)
        assert not await mark_followed_up(session=session, response_id=flagged_id)
    async with database.read() as session:
        assert await flagged_responses(session=session) == []
        assert len(await flagged_responses(session=session, include_followed_up=True)) == 1


async def _count(db: Database, model: type) -> int:
    async with db.read() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_purge_removes_what_has_outlived_its_purpose(database: Database) -> None:
    await _respond(database, 1)  # completed TODAY
    async with database.write() as session:
        await start_session(
            session=session,
            chat_key=database.chat_key(3),
            survey=SURVEY,
            language="en",
            state=STATES[0],
            now=NOW,
        )
        await remember_update(session=session, update_id=1, now=NOW)
        await create_invites(
            session=session,
            survey_id="parent-review",
            agency="CSC",
            now=NOW,
            expires_at=NOW + timedelta(days=1),
        )
    nine_days = NOW + timedelta(days=9)
    three_years = TODAY + timedelta(days=3 * 365 + 1)
    async with database.write() as session:
        soon = await purge(session=session, now=NOW + timedelta(hours=1), today=TODAY)
    assert (soon.abandoned_sessions, soon.expired_responses, soon.old_updates) == (0, 0, 0)
    async with database.write() as session:
        dry = await purge(session=session, now=nine_days, today=three_years, dry_run=True)
    assert (dry.abandoned_sessions, dry.expired_responses, dry.old_updates) == (1, 1, 1)
    assert dry.expired_invites == 1 and dry.dry_run
    assert await _count(database, Response) == 1  # a dry run deletes nothing
    async with database.write() as session:
        done = await purge(session=session, now=nine_days, today=three_years)
    assert (done.abandoned_sessions, done.expired_responses, done.expired_invites) == (1, 1, 1)
    for model in (Response, Answer, StoryReview, SurveySession, Invite):
        assert await _count(database, model) == 0


async def test_retention_is_configurable(database: Database) -> None:
    await _respond(database, 1)
    async with database.write() as session:
        kept = await purge(session=session, now=NOW, today=TODAY + timedelta(days=30))
        gone = await purge(
            session=session, now=NOW, today=TODAY + timedelta(days=30), retention_days=29
        )
    assert (kept.expired_responses, gone.expired_responses) == (0, 1)


def test_spreadsheet_cells_cannot_become_formulas() -> None:
    for dangerous in ("=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\nx"):
        assert spreadsheet_safe(dangerous) == "'" + dangerous
    assert spreadsheet_safe("fine = ok") == "fine = ok"
    # Control characters an .xlsx cannot hold go first, so they cannot hide a formula.
    assert spreadsheet_safe("\x0b=1+1") == "'=1+1"
    assert spreadsheet_safe("a\x1b[31mb\x00") == "a[31mb"
    assert spreadsheet_safe("two\nlines\ttab") == "two\nlines\ttab"
    # A line inside the cell is neutralised too: a bare CR starts a row in a spreadsheet.
    assert spreadsheet_safe("ok\r=1+2") == "ok\r'=1+2"
    assert spreadsheet_safe("ok\r\n+1\n-2\n@x\n\tx") == "ok\r\n'+1\n'-2\n'@x\n'\tx"
    assert spreadsheet_safe("=a\n=b") == "'=a\n'=b"
    assert spreadsheet_safe(-3) == -3 and spreadsheet_safe(None) == ""


async def test_the_export_has_the_contract_columns_and_months_by_default(
    database: Database,
) -> None:
    response_id = await _respond(database, 1, story='=HYPERLINK("http://example.org","click")')
    async with database.read() as session:
        rows = await answer_rows(session=session)
        precise = await answer_rows(session=session, precise_dates=True)
    assert len(rows) == len(completed().answers)
    by_question = {row["question_id"]: row for row in rows}
    assert by_question["listened"] == {
        "response_id": response_id,
        "survey_id": "parent-review",
        "survey_version": 2,
        "audience": "parent_carer",
        "touchpoint": "review",
        "agency": "CSC",
        "team": "north",
        "completed_on": "2026-03",
        "language": "en",
        "question_id": "listened",
        "indicator": "felt-listened-to",
        "value": "agree",
        "text": "",
    }
    assert by_question["helped"]["value"] == "visits;calls"
    assert by_question["visits"]["value"] == 3
    assert str(by_question["story"]["text"]).startswith("'=")
    assert {row["completed_on"] for row in precise} == {"2026-03-14"}

    out = io.StringIO()
    write_csv(rows, out)
    parsed = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(parsed[0]) == EXPORT_COLUMNS and len(parsed) == len(rows)

    binary = io.BytesIO()
    write_xlsx(rows, binary)
    sheet = load_workbook(io.BytesIO(binary.getvalue())).active
    assert sheet is not None
    values = list(sheet.values)
    assert values[0] == EXPORT_COLUMNS
    story_cell = next(r for r in values[1:] if r[9] == "story")[12]
    assert str(story_cell).startswith("'=")


async def test_a_story_with_control_characters_exports_to_a_spreadsheet(
    database: Database,
) -> None:
    # Telegram delivers \x0b and escape codes as typed; openpyxl refused them mid-export.
    await _respond(database, 1, story="\x0b=1+1 and \x1b[31mred\x07")
    async with database.read() as session:
        rows = await answer_rows(session=session)
    binary = io.BytesIO()
    write_xlsx(rows, binary)
    values = list(load_workbook(io.BytesIO(binary.getvalue())).active.values)  # type: ignore[union-attr]
    story_cell = next(r for r in values[1:] if r[9] == "story")[12]
    assert story_cell == "'=1+1 and [31mred"


async def test_how_long_an_abandoned_survey_is_kept_is_configurable(database: Database) -> None:
    await start(database, 5)  # last active at NOW
    three_days = NOW + timedelta(days=3)
    async with database.write() as session:
        kept = await purge(session=session, now=three_days, today=TODAY, dry_run=True)
        gone = await purge(
            session=session, now=three_days, today=TODAY, abandon_after=timedelta(days=2)
        )
    assert (kept.abandoned_sessions, gone.abandoned_sessions) == (0, 1)
    assert await _count(database, SurveySession) == 0


async def test_an_update_id_is_remembered_for_a_day_then_purged(database: Database) -> None:
    """Kept by its day (not its moment): for the rest of that day and all of the next."""
    async with database.write() as session:
        assert await remember_update(session=session, update_id=77, now=NOW)
    async with database.write() as session:
        report = await purge(session=session, now=NOW + timedelta(hours=25), today=TODAY)
        assert report.old_updates == 0
        assert not await remember_update(session=session, update_id=77, now=NOW)
    async with database.write() as session:
        report = await purge(session=session, now=NOW + timedelta(days=2), today=TODAY)
        assert report.old_updates == 1
        assert await remember_update(session=session, update_id=77, now=NOW)


async def test_a_flagged_response_is_listed_for_review_before_its_day_is_released(
    database: Database,
) -> None:
    # Priority review cannot wait for the day to end: the held response is listed at once.
    receipt = await finish(database, await start(database, 3), flags=("self_harm",))
    assert receipt is not None
    await finish(database, await start(database, 4))  # not flagged: not listed
    async with database.read() as session:
        [held] = await flagged_responses(session=session)
    assert held.reasons == ("self_harm",)
    assert held.completed_on == TODAY and held.survey_id == "parent-review"
    assert [question for question, _ in held.texts] == ["story"]
    assert held.held
    # Followed up while held, it stays followed up once released.
    async with database.write() as session:
        assert await mark_followed_up(session=session, response_id=held.response_id)
        assert not await mark_followed_up(session=session, response_id=held.response_id)
    async with database.read() as session:
        assert await flagged_responses(session=session) == []
    await release_all(database)
    async with database.read() as session:
        assert await flagged_responses(session=session) == []
        [released] = await flagged_responses(session=session, include_followed_up=True)
    assert released.followed_up and not released.held
