"""Real surveys through the real bot on the emulator, for the intruder to pick over.

Each family takes ``parent-carer-review`` (six taps, a few words, the share question);
its words carry a marker of its own, so a test can tell which response is whose and in
what order they arrived without anything the database should keep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.emulator import Emulator
from bot.emulator.model import ChatMessage
from bot.emulator.user import EmulatedUser
from storage.database import Database
from tests.bot._helpers import new_invite

SURVEY = "parent-carer-review"
SCALE_QUESTIONS = 6
_CODE = re.compile(r"/withdraw\s+([A-Za-z0-9]+)")
_NAVIGATION = ("⬅️ Back", "Skip ➡️")
SHARE_YES = "Yes, you can share it"
SHARE_NO = "No, please keep it private"

#: Words no redaction touches and no two families share, one per family in order.
MARKERS = (
    "aardvark", "buttercup", "cinnamon", "dandelion", "elderflower",
    "foxglove", "gooseberry", "hollyhock", "ivybridge", "juniper",
)  # fmt: skip


@dataclass
class Family:
    """One respondent: who they are to Telegram, and what they wrote."""

    user: EmulatedUser
    marker: str
    words: str
    withdrawal_code: str | None = None
    sent: list[ChatMessage] = field(default_factory=list)

    @property
    def chat_id(self) -> int:
        return self.user.chat_id


def words_for(marker: str) -> str:
    return f"The {marker} visits helped us a lot this spring"


async def _options(message: ChatMessage) -> list[str]:
    return [b for b in message.button_texts if b not in _NAVIGATION]


async def take_survey(
    emulator: Emulator,
    database: Database,
    chat_id: int,
    marker: str,
    *,
    pick: int = 0,
    share: bool = True,
    until: str = "end",
) -> Family:
    """Take the survey from an invite; ``until`` is ``"end"``, ``"share"`` (then /stop)
    or ``"leave"`` (stop answering at the share question, as someone who walks away)."""
    token = await new_invite(database, SURVEY)
    family = Family(emulator.user(chat_id, f"Parent {marker}", language_code="en-GB"), marker,
                    words_for(marker))  # fmt: skip
    user = family.user
    await user.send(f"/start {token}")
    welcome = await user.next_message()
    await user.tap(welcome, "✅ English")
    for _ in range(SCALE_QUESTIONS):
        question = await user.next_message()
        options = await _options(question)
        await user.tap(question, options[min(pick, len(options) - 1)])
    await user.next_message()  # the free-text question
    await user.send(family.words)
    share_question = await user.next_message()
    if until == "share":
        await user.send("/stop")
        await user.next_message()
        return family
    if until == "leave":
        return family
    await user.tap(share_question, SHARE_YES if share else SHARE_NO)
    thanks = await user.next_message()
    found = _CODE.search(thanks.content)
    assert found, f"no withdrawal code in {thanks.content!r}"
    family.withdrawal_code = found.group(1)
    return family
