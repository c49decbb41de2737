"""Inline keyboards and the ``callback_data`` they carry.

Every survey button carries the session's nonce and step number,
``"a:<nonce>:<step>:<index>"``. The nonce is random per survey session and lives only as
long as the session row, so a button left over from an earlier survey (stopped, finished or
purged) never answers a newer one, however its step numbers line up; the step makes a tap
on an old message of this survey, or a second tap on the same button, stale. Editing one
message into the next question (one live card) keeps the nonce and moves the step on.
Options travel as their index, not their code: always short, whatever the code, and well
inside Telegram's 64-byte limit (at most ``l:`` + 6 + ``:`` + 9 + ``:`` + 3 = 22 bytes).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.texts import LANGUAGE_NAMES, text

#: Telegram allows up to 8 buttons a row; a phone shows about 30 characters across.
MAX_BUTTONS_PER_ROW = 8
ONE_ROW_MAX_CHARS = 24
ONE_ROW_MAX_LABEL = 8
#: Long labels are cut here; Telegram itself would cut them less kindly.
MAX_LABEL = 60
CALLBACK_DATA_LIMIT = 64

ANSWER = "a"
TOGGLE = "t"
DONE = "d"
BACK = "b"
SKIP = "k"
LANGUAGE = "l"
STORY_APPROVE = "sa"
STORY_REJECT = "sr"
#: "Remove this conversation from my phone": ``x:<first message id>:<kept ids>``, the help
#: lines' ids joined by "."; ``X:<first message id>`` removes the help lines too.
REMOVE = "x"
REMOVE_ALL = "X"
#: One message per question from now on (offered under the welcome).
SCREEN_READER = "v"
#: A /settings toggle: ``p:<which>:<0|1>``.
PREFERENCE = "p"
LAYOUT_PREFERENCE = 0
REMOVAL_PREFERENCE = 1
KINDS = frozenset(
    {
        ANSWER,
        TOGGLE,
        DONE,
        BACK,
        SKIP,
        LANGUAGE,
        STORY_APPROVE,
        STORY_REJECT,
        REMOVE,
        REMOVE_ALL,
        SCREEN_READER,
        PREFERENCE,
    }
)
#: Telegram message ids are 32-bit: at most 10 digits. Four kept ids fit in 64 bytes.
_MESSAGE_ID = "[1-9][0-9]{0,9}"
MAX_KEPT = 4

#: What may follow each kind's step, as this bot writes it: an option's index, a language
#: code, or nothing. Callback data is whatever a client sends, so a tap is read by these
#: and nothing else: ASCII digits only ("²".isdigit() is true and int("²") raises) and
#: bounded lengths.
_ARGUMENTS: dict[str, str] = {
    ANSWER: "0|[1-9][0-9]{0,2}",
    TOGGLE: "0|[1-9][0-9]{0,2}",
    LANGUAGE: "[a-z]{2,3}",
    DONE: "",
    BACK: "",
    SKIP: "",
    STORY_APPROVE: "",
    STORY_REJECT: "",
    REMOVE: rf"(?:{_MESSAGE_ID}(?:\.{_MESSAGE_ID}){{0,{MAX_KEPT - 1}}})?",
    REMOVE_ALL: "",
    SCREEN_READER: "",
    PREFERENCE: "[01]",
}
#: A survey's step counts its turns; a story card's "step" is its answer id (up to 63 bits);
#: a removal's "step" is a message id.
_STEP_DIGITS = {STORY_APPROVE: 19, STORY_REJECT: 19, REMOVE: 10, REMOVE_ALL: 10}
#: Story cards belong to an admin, not to a survey session: they carry no nonce. Nor do the
#: removal buttons (they outlive the session: the survey is over when they are tapped) or
#: the settings (a chat's, not a survey's).
_UNNONCED = frozenset({STORY_APPROVE, STORY_REJECT, REMOVE, REMOVE_ALL, SCREEN_READER, PREFERENCE})
#: The shape of :func:`storage.keys.new_session_nonce`: six URL-safe base64 characters.
NONCE_PATTERN = "[A-Za-z0-9_-]{6}"
_TAPS = {
    kind: re.compile(
        kind
        + ("" if kind in _UNNONCED else rf":(?P<nonce>{NONCE_PATTERN})")
        + rf":(?P<step>0|[1-9][0-9]{{0,{_STEP_DIGITS.get(kind, 9) - 1}}})"
        + (rf"(?::(?P<argument>{argument}))?" if kind == REMOVE else "")
        + (rf":(?P<argument>{argument})" if argument and kind != REMOVE else ""),
        re.ASCII,
    )
    for kind, argument in _ARGUMENTS.items()
}
_NONCE = re.compile(NONCE_PATTERN, re.ASCII)


@dataclass(frozen=True)
class Tap:
    """A parsed ``callback_data``: what was tapped, in which survey session (its nonce),
    from which step, with what argument."""

    kind: str
    step: int
    argument: str = ""
    nonce: str = ""


def encode(kind: str, step: int, argument: str | int = "", *, nonce: str = "") -> str:
    """The callback data for a button; survey buttons need their session's ``nonce``."""
    if (kind in _UNNONCED) != (nonce == "") or (nonce and not _NONCE.fullmatch(nonce)):
        raise ValueError(f"a {kind!r} button needs {'no' if kind in _UNNONCED else 'a'} nonce")
    head = f"{kind}:{nonce}:{step}" if nonce else f"{kind}:{step}"
    data = f"{head}:{argument}" if argument != "" else head
    if len(data.encode()) > CALLBACK_DATA_LIMIT:
        raise ValueError(f"callback data over {CALLBACK_DATA_LIMIT} bytes: {data[:20]}...")
    return data


def decode(data: str | None) -> Tap | None:
    """The tap ``data`` describes, or ``None`` for anything this bot did not make."""
    if not data or len(data) > CALLBACK_DATA_LIMIT:
        return None
    kind = data.partition(":")[0]
    pattern = _TAPS.get(kind)
    found = pattern.fullmatch(data) if pattern else None
    if found is None:
        return None
    parts = found.groupdict()
    return Tap(kind, int(found["step"]), parts.get("argument") or "", parts.get("nonce") or "")


def shorten(label: str, limit: int = MAX_LABEL) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def option_rows(labels: Sequence[str], *, emoji_only: bool) -> list[list[int]]:
    """How to lay out option indexes in rows: one row where it fits a phone, else one each."""
    count = len(labels)
    if not count:
        return []
    if emoji_only and count <= MAX_BUTTONS_PER_ROW:
        return [list(range(count))]
    fits = (
        count <= MAX_BUTTONS_PER_ROW
        and sum(len(label) for label in labels) <= ONE_ROW_MAX_CHARS
        and max(len(label) for label in labels) <= ONE_ROW_MAX_LABEL
    )
    if fits:
        return [list(range(count))]
    if all(len(label) <= 3 for label in labels):
        # e.g. a 0-10 rating: two even rows of numbers
        half = (count + 1) // 2
        return [list(range(half)), list(range(half, count))]
    return [[index] for index in range(count)]


def question_keyboard(
    *,
    nonce: str,
    step: int,
    labels: Sequence[str],
    emoji: Sequence[str | None],
    language: str,
    multi: bool = False,
    selected: Sequence[int] = (),
    can_back: bool = False,
    can_skip: bool = False,
) -> InlineKeyboardMarkup | None:
    """The keyboard under a question. Emoji scales show only the emoji, one row.

    PTB's objects cannot be changed once made, so each is built once and reused for a
    re-send of the same step (building one was a tenth of the bot's own CPU per tap under
    load). The nonce makes a keyboard one session's own.
    """
    return _question_keyboard(
        nonce,
        step,
        tuple(labels),
        tuple(emoji),
        language,
        multi,
        tuple(selected),
        can_back,
        can_skip,
    )


@functools.lru_cache(maxsize=4096)
def _question_keyboard(
    nonce: str,
    step: int,
    labels: tuple[str, ...],
    emoji: tuple[str | None, ...],
    language: str,
    multi: bool,
    selected: tuple[int, ...],
    can_back: bool,
    can_skip: bool,
) -> InlineKeyboardMarkup | None:
    emoji_only = bool(labels) and all(emoji) and not multi
    shown = [
        e if emoji_only and e else shorten(label) for label, e in zip(labels, emoji, strict=True)
    ]
    if multi:
        shown = [("☑️ " if i in selected else "▫️ ") + label for i, label in enumerate(shown)]
    kind = TOGGLE if multi else ANSWER
    rows = [
        [
            InlineKeyboardButton(shown[i], callback_data=encode(kind, step, i, nonce=nonce))
            for i in row
        ]
        for row in option_rows(shown, emoji_only=emoji_only)
    ]
    controls = []
    if can_back:
        controls.append(
            InlineKeyboardButton(
                text(language, "button_back"), callback_data=encode(BACK, step, nonce=nonce)
            )
        )
    if can_skip:
        controls.append(
            InlineKeyboardButton(
                text(language, "button_skip"), callback_data=encode(SKIP, step, nonce=nonce)
            )
        )
    if multi:
        controls.append(
            InlineKeyboardButton(
                text(language, "button_done"), callback_data=encode(DONE, step, nonce=nonce)
            )
        )
    if controls:
        rows.append(controls)
    return InlineKeyboardMarkup(rows) if rows else None


def language_keyboard(
    *, nonce: str, step: int, languages: Sequence[str], preselected: str
) -> InlineKeyboardMarkup:
    """One button per language, each in its own words; the phone's language first and ticked."""
    ordered = sorted(languages, key=lambda code: code != preselected)
    buttons = [
        InlineKeyboardButton(
            ("✅ " if code == preselected else "") + LANGUAGE_NAMES.get(code, code),
            callback_data=encode(LANGUAGE, step, code, nonce=nonce),
        )
        for code in ordered
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return InlineKeyboardMarkup(rows)


def screen_reader_row(language: str) -> list[InlineKeyboardButton]:
    """Under the welcome: one message per question instead of one card, for screen readers
    (some do not announce an edited message)."""
    return [
        InlineKeyboardButton(
            text(language, "screen_reader_button"), callback_data=encode(SCREEN_READER, 0)
        )
    ]


def removal_keyboard(*, first: int, kept: Sequence[int], language: str) -> InlineKeyboardMarkup:
    """ "Remove this conversation from my phone", keeping the help lines (``kept``); and, when
    help lines were shown, a second button that removes them too."""
    rows = []
    if len(kept) <= MAX_KEPT:
        argument = ".".join(str(message_id) for message_id in kept)
        rows.append(
            [
                InlineKeyboardButton(
                    text(language, "remove_button"), callback_data=encode(REMOVE, first, argument)
                )
            ]
        )
    if kept:
        rows.append(
            [
                InlineKeyboardButton(
                    text(language, "remove_all_button"), callback_data=encode(REMOVE_ALL, first)
                )
            ]
        )
    return InlineKeyboardMarkup(rows)


def settings_keyboard(
    *, one_message_per_question: bool, offer_removal: bool, language: str
) -> InlineKeyboardMarkup:
    """The two /settings toggles, each saying what a tap will change it to."""
    layout = "settings_to_card" if one_message_per_question else "settings_to_messages"
    removal = "settings_removal_off" if offer_removal else "settings_removal_on"
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    text(language, layout),
                    callback_data=encode(
                        PREFERENCE, LAYOUT_PREFERENCE, int(not one_message_per_question)
                    ),
                )
            ],
            [
                InlineKeyboardButton(
                    text(language, removal),
                    callback_data=encode(PREFERENCE, REMOVAL_PREFERENCE, int(not offer_removal)),
                )
            ],
        ]
    )


def story_keyboard(answer_id: int, *, language: str = "en") -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    text(language, "story_approve"), callback_data=encode(STORY_APPROVE, answer_id)
                ),
                InlineKeyboardButton(
                    text(language, "story_reject"), callback_data=encode(STORY_REJECT, answer_id)
                ),
            ]
        ]
    )
