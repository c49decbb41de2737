"""A chat's preferences: how its surveys are shown, whether removal is always offered.

Kept by :func:`storage.keys.preference_key`, a keyed hash of the chat for this purpose
alone: never a survey's key, so a preference cannot be joined to a survey in progress, and
with no time column, so it cannot be lined up with a response's day. A response never
records which layout it was answered in.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, insert, select

from storage.models import ChatPreference
from storage.sql import Executor


@dataclass(frozen=True)
class Preferences:
    one_message_per_question: bool = False
    offer_removal: bool = False


async def load_preferences(*, session: Executor, preference_key: str) -> Preferences:
    row = (
        await session.execute(
            select(ChatPreference.one_message_per_question, ChatPreference.offer_removal).where(
                ChatPreference.preference_key == preference_key
            )
        )
    ).first()
    return Preferences() if row is None else Preferences(bool(row[0]), bool(row[1]))


async def save_preferences(
    *, session: Executor, preference_key: str, preferences: Preferences
) -> None:
    """Store the chat's preferences; the defaults are stored as no row at all."""
    await session.execute(
        delete(ChatPreference).where(ChatPreference.preference_key == preference_key)
    )
    if preferences != Preferences():
        await session.execute(
            insert(ChatPreference).values(
                preference_key=preference_key,
                one_message_per_question=preferences.one_message_per_question,
                offer_removal=preferences.offer_removal,
            )
        )
