"""A story waiting for approval shows the admin any name-list words still in it (issue 14).

Redaction runs before a story is stored, but it can miss a name that is also an everyday
word ("Mark was there": "Mark" may be the verb or the man). The approval card lists such
words so the admin can reject the story before it is quoted. End to end through the real
Application on the emulator.
"""

from __future__ import annotations

from datetime import date

from bot.emulator import Emulator
from storage.database import Database
from tests.bot._helpers import ADMIN_ID, running_bot
from tests.bot.test_bot_audit_staff_admin import _store, _story

WARNING = "may be names"


async def test_story_card_lists_name_words_redaction_left(
    emulator: Emulator, database: Database
) -> None:
    await _store(database, 1, (_story("Mark was there and the summer group was great."),))
    await _store(database, 2, (_story("Nobody called back for weeks."),), today=date(2026, 3, 9))
    admin = emulator.user(ADMIN_ID, "Ada")
    async with running_bot(emulator, database):
        await admin.send("/stories")
        first = await admin.next_message()
        assert "Mark was there" in first.content
        warnings = [line for line in first.content.splitlines() if WARNING in line]
        assert len(warnings) == 1, first.content
        warning = warnings[0]
        # The capitalised name is shown; the everyday lower-case "summer" is not.
        assert "Mark" in warning and "summer" not in warning
        assert first.button_texts == ["✅ Approve", "❌ Reject"]

        await admin.tap(first, "❌ Reject")
        await admin.wait_for(lambda m: m.message_id == first.message_id and m.edited)
        second = await admin.next_message()
        assert "Nobody called back" in second.content
        assert WARNING not in second.content  # nothing name-like left: no warning
