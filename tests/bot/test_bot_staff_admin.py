"""Staff join, the pulse round, /invite with its QR code, and admin commands refused to others."""

from __future__ import annotations

import io
import logging
from datetime import UTC, date, datetime

import pytest
from PIL import Image
from sqlalchemy import func, select

from bot.emulator import Emulator
from bot.scheduler import send_pulse_round
from storage import staff as staff_store
from storage.database import Database
from storage.models import Delivery, Invite, Response, Staff
from surveys.model import AnswerRecord, CompletedSurvey
from tests.bot._helpers import ADMIN_ID, running_bot
from tests.released import release_all


async def _join_code(database: Database, agency: str = "SCT", team: str | None = "east") -> str:
    async with database.write() as session:
        return await staff_store.create_join_code(
            session=session, agency=agency, team=team, secret=database.secret, now=datetime.now(UTC)
        )


async def test_staff_join_and_leave(emulator: Emulator, database: Database) -> None:
    code = await _join_code(database)
    worker = emulator.user(8001, "Pat")
    async with running_bot(emulator, database):
        await worker.send("/join WRONG123")
        assert "didn't work" in (await worker.next_message()).content
        await worker.send(f"/join {code.lower()}")  # typed in lower case still works
        assert "signed up" in (await worker.next_message()).content
        async with database.read() as session:
            member = await session.get(Staff, 8001)
        assert member is not None and (member.agency, member.team) == ("SCT", "east")
        await worker.send("/leave")
        assert "won't get" in (await worker.next_message()).content
    async with database.read() as session:
        assert await session.get(Staff, 8001) is None


async def test_pulse_round_sent_once_when_job_runs_twice(
    emulator: Emulator, database: Database
) -> None:
    code = await _join_code(database)
    workers = [emulator.user(8100 + i, f"W{i}") for i in range(3)]
    async with running_bot(emulator, database) as application:
        for worker in workers:
            await worker.send(f"/join {code}")
            await worker.next_message()
        first = await send_pulse_round(application, period="2026-03")
        second = await send_pulse_round(application, period="2026-03")
        assert (first.sent, second.sent) == (3, 0)
        for worker in workers:
            intro = await worker.next_message()
            assert "pulse" in intro.content
            question = await worker.next_message()
            assert question.content.startswith("1 of 5")
        # A pulse is answered like any survey; the response keeps no link to the person.
        worker = workers[0]
        for _ in range(5):
            last = worker.last_message
            assert last is not None
            await worker.tap(last, last.buttons[0][0].text)
            await worker.next_message()
        assert "/withdraw" in (worker.last_message.content if worker.last_message else "")
    await release_all(database)  # a day later
    async with database.read() as session:
        deliveries = await session.scalar(select(func.count()).select_from(Delivery))
        response = (await session.scalars(select(Response))).one()
    assert deliveries == 3
    # Three in "east", under the threshold of 10: stored with its agency only.
    assert (response.survey_id, response.agency, response.team) == (
        "practitioner-pulse",
        "SCT",
        None,
    )
    assert sum(1 for m in workers[1].messages if m.content.startswith("It's time")) == 1


async def test_invite_returns_link_and_qr(emulator: Emulator, database: Database) -> None:
    code = await _join_code(database)
    worker = emulator.user(8200, "Max")
    async with running_bot(emulator, database):
        await worker.send("/invite parent-carer-review")
        assert "staff who have joined" in (await worker.next_message()).content
        await worker.send(f"/join {code}")
        await worker.next_message()
        asked = await worker.send("/invite parent-carer-review")
        sent = await worker.next_message()
        emulator.repeat_update(asked["update_id"])  # a repeat makes no second invite
        assert sent.photo_bytes is not None
        assert Image.open(io.BytesIO(sent.photo_bytes)).format == "PNG"
        assert "https://t.me/betteroff_test_bot?start=" in sent.content
        link = sent.content.split("https://t.me/betteroff_test_bot?start=")[1].split()[0]

        # The family opens it: the invite works once.
        family = emulator.user(8201, "Fam")
        await family.send(f"/start {link}")
        assert "anonymous" in (await family.next_message()).content
        other = emulator.user(8202, "Oth")
        await other.send(f"/start {link}")
        assert "doesn't work" in (await other.next_message()).content

        await worker.send("/invite forum 30")
        forum = await worker.next_message()
        assert forum.photo_bytes is not None and "30 minutes" in forum.content
    async with database.read() as session:
        invites = (await session.scalars(select(Invite).order_by(Invite.id))).all()
    assert [(i.survey_id, i.multi_use, i.agency) for i in invites] == [
        ("parent-carer-review", False, "SCT"),
        ("practitioner-forum", True, "SCT"),
    ]


async def _store_flagged(database: Database) -> None:
    from storage import responses, sessions
    from surveys.catalog import get_survey

    survey = get_survey("parent-carer-review")
    assert survey is not None
    now = datetime.now(UTC)
    async with database.write() as session:
        key = database.chat_key(1)
        await sessions.start_session(
            session=session, chat_key=key, survey=survey, language="en", state={}, now=now,
            agency="SCT", team="north", touchpoint="review",
        )  # fmt: skip
        await responses.complete_survey(
            session=session,
            chat_key=key,
            completed=CompletedSurvey(
                survey_id=survey.id,
                survey_version=survey.version,
                audience=survey.audience,
                touchpoint="review",
                language="en",
                answers=(
                    AnswerRecord("in-your-words", text="I am scared at home, call 07700 900123"),
                ),
                flags=("physical_abuse",),
            ),
            today=date(2026, 3, 4),
            secret=database.secret,
        )
    await release_all(database)  # as the purge job does once the day is over


async def test_admin_commands_refused_to_others_and_logged_without_text(
    emulator: Emulator, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await _store_flagged(database)
    stranger = emulator.user(8300, "Nosy")
    admin = emulator.user(ADMIN_ID, "Admin")
    async with running_bot(emulator, database):
        for command in ("/summary 2026-Q1", "/report", "/stories", "/flags secret-words"):
            await stranger.send(command)
            assert (await stranger.next_message()).content == "Sorry, that is not available."
        await admin.send("/flags")
        flags = await admin.next_message()
        assert "parent-carer-review" in flags.content and "2026-03-04" in flags.content
        assert "physical abuse" in flags.content  # the category the check found
        assert "07700" not in flags.content and "SCT" not in flags.content
        await admin.send("/summary 2026-Q1")
        summary = await admin.next_message()
        assert summary.content.startswith("Better Off summary, 1 Jan – 31 Mar 2026")
        await admin.send("/report 2026-Q1")
        report = await admin.next_message()
        assert report.document_bytes is not None and b"<html" in report.document_bytes.lower()
    refusals = [r for r in caplog.records if "Refused" in r.getMessage()]
    assert len(refusals) == 4
    assert all(
        "secret-words" not in r.getMessage() and "8300" not in r.getMessage() for r in refusals
    )
    assert all(r.levelno == logging.WARNING for r in refusals)


async def test_unfinished_survey_gets_one_reminder_then_expires(
    emulator: Emulator, database: Database
) -> None:
    from datetime import timedelta

    from sqlalchemy import update

    from bot.scheduler import purge_expired, send_reminders
    from storage.models import SurveySession
    from tests.bot._helpers import new_invite

    token = await new_invite(database, "parent-carer-review")
    parent = emulator.user(8400, "Rem")
    async with running_bot(emulator, database) as application:
        await parent.send(f"/start {token}")
        await parent.tap(await parent.next_message(), "✅ English")
        first = await parent.next_message()
        await parent.tap(first, "Agree")
        await parent.next_message()
        async with database.write() as session:
            await session.execute(
                update(SurveySession).values(last_activity=datetime.now(UTC) - timedelta(hours=25))
            )
        assert await send_reminders(application) == 1
        assert await send_reminders(application) == 0  # once only
        reminder = await parent.next_message()
        assert reminder.content.startswith("Hello again")
        again = await parent.next_message()
        assert again.content.startswith("2 of 8")
        await parent.tap(again, "Agree")  # the reminded question works
        assert (await parent.next_message()).content.startswith("3 of 8")

        async with database.write() as session:
            await session.execute(
                update(SurveySession).values(last_activity=datetime.now(UTC) - timedelta(days=8))
            )
        report = await purge_expired(application)
        assert report.abandoned_sessions == 1
