"""Acceptance audit, staff and admins: the forum link's life, stories, flags, summary, report.

End to end through the real Application over HTTP on the Bot API emulator.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from bot.emulator import Emulator
from storage import responses, sessions
from storage import staff as staff_store
from storage.database import Database
from storage.models import Invite, Response, StoryReview
from surveys.catalog import get_survey
from surveys.model import AnswerRecord, CompletedSurvey
from tests.bot._helpers import ADMIN_ID, new_invite, running_bot
from tests.released import release_all

REVIEW = "parent-carer-review"


async def _join_code(database: Database) -> str:
    async with database.write() as session:
        return await staff_store.create_join_code(
            session=session, agency="SCT", team="east", secret=database.secret,
            now=datetime.now(UTC),
        )  # fmt: skip


async def _store(
    database: Database,
    chat_id: int,
    answers: tuple[AnswerRecord, ...],
    *,
    flags: tuple[str, ...] = (),
    today: date = date(2026, 3, 4),
) -> None:
    """A completed review, through storage as the bot stores one (redaction included)."""
    survey = get_survey(REVIEW)
    assert survey is not None
    async with database.write() as session:
        key = database.chat_key(chat_id)
        await sessions.start_session(
            session=session, chat_key=key, survey=survey, language="en", state={},
            now=datetime.now(UTC), agency="SCT", team="north", touchpoint="review",
        )  # fmt: skip
        await responses.complete_survey(
            session=session,
            chat_key=key,
            completed=CompletedSurvey(
                survey_id=survey.id, survey_version=survey.version, audience=survey.audience,
                touchpoint="review", language="en", answers=answers, flags=flags,
            ),
            today=today,
            secret=database.secret,
        )  # fmt: skip
    await release_all(database)  # as the purge job does once the day is over


def _story(words: str) -> AnswerRecord:
    return AnswerRecord("in-your-words", text=words, story=True, consent_to_quote=True)


async def test_forum_link_is_multi_use_and_closes_after_its_minutes(
    emulator: Emulator, database: Database
) -> None:
    code = await _join_code(database)
    worker = emulator.user(9401, "Ria")
    async with running_bot(emulator, database):
        await worker.send(f"/join {code}")
        await worker.next_message()
        asked_at = datetime.now(UTC)
        await worker.send("/invite forum 45")
        forum = await worker.next_message()
        assert forum.photo_bytes is not None and "45 minutes" in forum.content
        token = forum.content.split("?start=")[1].split()[0]
        async with database.read() as session:
            invite = (await session.scalars(select(Invite))).one()
        assert invite.multi_use and invite.expires_at is not None
        lifetime = invite.expires_at - asked_at
        assert timedelta(minutes=44) < lifetime <= timedelta(minutes=45, seconds=5)

        # Several people at the forum use the same link.
        for chat_id in (9402, 9403, 9404):
            member = emulator.user(chat_id, f"F{chat_id}")
            await member.send(f"/start {token}")
            assert "anonymous" in (await member.next_message()).content
        # Once its minutes are up, it is closed.
        async with database.write() as session:
            await session.execute(
                update(Invite).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
            )
        late = emulator.user(9405, "Late")
        await late.send(f"/start {token}")
        assert "doesn't work" in (await late.next_message()).content

        for bad in ("/invite forum", "/invite forum soon", "/invite forum 0"):
            await worker.send(bad)
            assert "/invite forum 30" in (await worker.next_message()).content


async def test_stories_one_at_a_time_with_approve_and_reject(
    emulator: Emulator, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    await _store(database, 1, (_story("My worker Sarah Jones listened to us."),))
    await _store(database, 2, (_story("Nobody called back for weeks."),), today=date(2026, 3, 9))
    admin = emulator.user(ADMIN_ID, "Ada")
    stranger = emulator.user(9410, "Nosy")
    async with running_bot(emulator, database):
        await admin.send("/stories")
        first = await admin.next_message()
        assert first.content.startswith("Story 1 of 2 — parent-carer-review, review, March 2026")
        assert "listened to us" in first.content and "Sarah" not in first.content  # redacted
        assert "2026-03-04" not in first.content and "SCT" not in first.content
        assert first.button_texts == ["✅ Approve", "❌ Reject"]

        # Someone else tapping the card (a forwarded keyboard) is refused, nothing decided.
        await stranger.tap(first, "✅ Approve")
        refusal = await stranger.wait_for_answer()
        assert refusal.text == "Sorry, that is not available."

        await admin.tap(first, "✅ Approve")
        decided = await admin.wait_for(lambda m: m.message_id == first.message_id and m.edited)
        assert decided.buttons == [] and decided.content.endswith("Approved.")
        second = await admin.next_message()
        assert second.content.startswith("Story 1 of 1 — parent-carer-review, review")
        assert "Nobody called back" in second.content
        await admin.tap(second, "❌ Reject")
        await admin.wait_for(lambda m: m.message_id == second.message_id and m.edited)
        done = await admin.next_message()
        assert done.content == "There are no stories waiting for a decision."
    async with database.read() as session:
        statuses = sorted((await session.scalars(select(StoryReview.status))).all())
    assert statuses == ["approved", "rejected"]
    refusals = [r.getMessage() for r in caplog.records if "Refused" in r.getMessage()]
    assert refusals and all("9410" not in r for r in refusals)


async def test_flags_show_redacted_text_survey_touchpoint_and_date_and_nothing_else(
    emulator: Emulator, database: Database
) -> None:
    await _store(
        database,
        1,
        (
            AnswerRecord("listened", indicator="felt-listened-to", codes=("agree",)),
            AnswerRecord("in-your-words", text="Sarah Jones hits me, ring 07700 900123"),
        ),
        flags=("physical_abuse",),
    )
    admin = emulator.user(ADMIN_ID, "Ada")
    async with running_bot(emulator, database):
        await admin.send("/flags")
        flags = await admin.next_message()
    async with database.read() as session:
        response = (await session.scalars(select(Response))).one()
    lines = flags.content.split("\n")
    assert lines[0] == "Flagged responses (most recent first):"
    # The category the check found is shown in words (issue 13), the rest as before.
    assert lines[1] == "• 2026-03-04 — parent-carer-review, review — physical abuse"
    assert "[phone]" in lines[2] and "07700" not in lines[2] and "Sarah" not in lines[2]
    assert len(lines) == 3
    for private in ("SCT", "north", "physical_abuse", "agree", response.id, "parent_carer"):
        assert private not in flags.content


async def test_summary_and_report_come_from_the_same_analytics(
    emulator: Emulator, database: Database
) -> None:
    listened = AnswerRecord(
        "listened", indicator="felt-listened-to", codes=("agree",), counted=True, positive=True
    )
    for chat_id in range(12):
        await _store(database, 100 + chat_id, (listened,), today=date(2026, 2, 10))
    admin = emulator.user(ADMIN_ID, "Ada")
    async with running_bot(emulator, database):
        await admin.send("/summary 2026-Q1")
        summary = await admin.next_message()
        await admin.send("/summary 2026-Q9")
        assert "didn't understand that period" in (await admin.next_message()).content
        await admin.send("/report 2026-Q1")
        report = await admin.next_message()
    assert summary.content.startswith("Better Off summary, 1 Jan – 31 Mar 2026")
    assert "12 responses completed." in summary.content
    assert (
        "100% of parents and carers said they felt their worker listened to them "
        "(12 of 12 at review)" in summary.content
    )
    assert report.document is not None
    assert report.document.file_name == "betteroff-report-2026-Q1.html"
    assert report.content == "Better Off report, 1 Jan – 31 Mar 2026."
    assert report.document_bytes is not None
    assert b"(12 of 12 at review)" in report.document_bytes


async def test_a_flagged_survey_is_in_flags_at_once_not_after_its_day_is_released(
    emulator: Emulator, database: Database
) -> None:
    parent = emulator.user(9420, "Risk")
    admin = emulator.user(ADMIN_ID, "Ada")
    async with running_bot(emulator, database):
        await parent.send(f"/start {await new_invite(database, 'parent-carer-review')}")
        await parent.tap(await parent.next_message(), "✅ English")
        for _ in range(6):
            await parent.tap(await parent.next_message(), "Agree")
        await parent.next_message()  # in your own words
        await parent.send("my partner hits me when the kids are in bed")
        share = await parent.wait_for(lambda m: "quote" in m.content, timeout=10)
        await parent.tap(share, "No, please keep it private")
        await parent.wait_for(lambda m: "/withdraw" in m.content, timeout=10)
        await admin.send("/flags")
        flags = await admin.next_message()
    lines = flags.content.split("\n")
    assert lines[0] == "Flagged responses (most recent first):"
    assert "parent-carer-review, review" in lines[1]
    assert "partner hits me" in lines[2]
