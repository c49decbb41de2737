"""Thank-yous not yet known to have reached the person (see :class:`UnsentThanks`).

A finished survey's thank-you carries its withdrawal code, shown once and never stored in
the clear. If the bot dies between completing the survey and sending it, this row lets
the person's next message or tap be told their answers were saved, with the code. It is
deleted as soon as a thank-you is sent, and every purge deletes all rows whatever their
state: a short-lived link between a chat and a code, never a lasting one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, bindparam, delete, select

from storage import keys
from storage.models import UnsentThanks
from storage.sql import Executor, dialect_name, insert_per_dialect, rowcount

_THANKS = cast(Table, UnsentThanks.__table__)
_PURPOSE = "unsent-thanks"
#: One statement: a row for the chat, or an older thank-you never delivered replaced.
_NOTE = insert_per_dialect(
    _THANKS,
    lambda insert: insert.on_conflict_do_update(
        index_elements=["chat_key"],
        set_={name: insert.excluded[name] for name in ("survey_id", "language", "sealed_code")},
    ),
)
_FORGET = delete(_THANKS).where(_THANKS.c.chat_key == bindparam("key"))
_FIND = select(_THANKS.c.survey_id, _THANKS.c.language, _THANKS.c.sealed_code).where(
    _THANKS.c.chat_key == bindparam("key")
)


@dataclass(frozen=True)
class Unsent:
    survey_id: str
    language: str
    withdrawal_code: str


async def note_unsent(
    *,
    session: Executor,
    chat_key: str,
    survey_id: str,
    language: str,
    withdrawal_code: str,
    secret: str | bytes,
) -> None:
    """Keep the thank-you until it is sent; in the transaction that completes the survey."""
    await session.execute(
        _NOTE[dialect_name(session)],
        {
            "chat_key": chat_key,
            "survey_id": survey_id,
            "language": language,
            "sealed_code": keys.seal_text(secret, _PURPOSE, withdrawal_code),
        },
    )


async def find_unsent(*, session: Executor, chat_key: str, secret: str | bytes) -> Unsent | None:
    row = (await session.execute(_FIND, {"key": chat_key})).first()
    if row is None:
        return None
    survey_id, language, sealed = row
    return Unsent(survey_id, language, keys.open_text(secret, _PURPOSE, sealed))


async def forget_unsent(*, session: Executor, chat_key: str) -> bool:
    """The thank-you reached them: drop the link; whether there was one."""
    return rowcount(await session.execute(_FORGET, {"key": chat_key})) > 0
