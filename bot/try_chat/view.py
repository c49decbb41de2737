"""What the page draws: a chat's messages as JSON, their text already safe HTML.

Bot messages are plain text (the bot sends no parse mode) or carry entities; either way
every character is escaped here, then links, deep links and /commands are made clickable
the way Telegram's apps do. The page only ever sets ``innerHTML`` from this module's output.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import re
import time
from collections.abc import Iterable
from typing import Any

from bot.emulator.model import Chat, ChatMessage, JSONDict

#: Bot API entity types and the tag each becomes (a type not here is shown as plain text).
_TAGS: dict[str, tuple[str, str]] = {
    "bold": ("<strong>", "</strong>"),
    "italic": ("<em>", "</em>"),
    "underline": ("<u>", "</u>"),
    "strikethrough": ("<s>", "</s>"),
    "spoiler": ('<span class="spoiler">', "</span>"),
    "code": ("<code>", "</code>"),
    "pre": ("<pre>", "</pre>"),
    "blockquote": ("<blockquote>", "</blockquote>"),
    "expandable_blockquote": ("<blockquote>", "</blockquote>"),
}
#: Inside these, Telegram's apps do not look for links or commands.
_NO_AUTOLINK = frozenset({"code", "pre", "text_link"})
_AUTOLINK = re.compile(
    r"(?P<url>https?://[^\s<>\"']+[^\s<>\"'.,;:!?)])|(?P<command>(?<![\w/])/[a-z][a-z0-9_]{0,31}\b)"
)
_DEEP_LINK = re.compile(r"^https://t\.me/(?P<bot>[A-Za-z0-9_]+)\?start=(?P<token>[A-Za-z0-9_-]+)$")


def _utf16_units(text: str) -> list[str]:
    """``text`` split so that item ``i`` is UTF-16 code unit ``i`` (astral chars pad with "")."""
    units: list[str] = []
    for char in text:
        units.append(char)
        if ord(char) > 0xFFFF:
            units.append("")  # the second half of a surrogate pair
    return units


def _linkify(plain: str, *, bot_username: str, commands: bool) -> str:
    out: list[str] = []
    at = 0
    for match in _AUTOLINK.finditer(plain):
        if match.group("command") and not commands:
            continue
        out.append(html.escape(plain[at : match.start()]))
        found = match.group(0)
        shown = html.escape(found)
        deep = _DEEP_LINK.match(found) if match.group("url") else None
        if deep and deep.group("bot").lower() == bot_username.lower():
            token = deep.group("token")
            out.append(f'<a href="{shown}" class="deep-link" data-start="{token}">{shown}</a>')
        elif match.group("url"):
            out.append(f'<a href="{shown}" target="_blank" rel="noopener noreferrer">{shown}</a>')
        else:
            out.append(f'<a href="#" class="command" data-command="{shown}">{shown}</a>')
        at = match.end()
    out.append(html.escape(plain[at:]))
    return "".join(out)


def message_html(
    text: str, entities: Iterable[JSONDict] = (), *, bot_username: str = "", commands: bool = True
) -> str:
    """``text`` with its Bot API ``entities`` (UTF-16 offsets) as escaped, nested HTML."""
    units = _utf16_units(text)
    spans = [
        (int(e["offset"]), int(e["offset"]) + int(e["length"]), index, e)
        for index, e in enumerate(entities)
        if e.get("type") in _TAGS or e.get("type") == "text_link"
    ]
    cuts = sorted({0, len(units), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    pieces: list[str] = []
    for start, end in itertools.pairwise(cuts):
        plain = "".join(units[start:end])
        if not plain:
            continue
        # Each piece is wrapped in every entity covering it, outermost first, so the
        # tags always nest properly (a link over two pieces becomes two links).
        active = sorted(
            (s for s in spans if s[0] <= start and end <= s[1]), key=lambda s: (s[0], -s[1], s[2])
        )
        types = {entity["type"] for _, _, _, entity in active}
        if types & _NO_AUTOLINK:
            body = html.escape(plain)
        else:
            body = _linkify(plain, bot_username=bot_username, commands=commands)
        for _, _, _, entity in reversed(active):
            if entity["type"] == "text_link":
                url = html.escape(str(entity.get("url", "")), quote=True)
                opening = f'<a href="{url}" target="_blank" rel="noopener noreferrer">'
                body = f"{opening}{body}</a>"
            else:
                opening, closing = _TAGS[entity["type"]]
                body = f"{opening}{body}{closing}"
        pieces.append(body)
    return "".join(pieces)


def _keyboard(message: ChatMessage) -> list[list[dict[str, Any]]]:
    return [
        [{"text": b.text, "data": b.callback_data, "url": b.url} for b in row]
        for row in message.buttons
    ]


def message_view(message: ChatMessage, *, person: str, bot_username: str) -> dict[str, Any]:
    """One message as the page draws it."""
    if message.text is not None:
        body = message_html(
            message.text, message.entities, bot_username=bot_username, commands=message.from_bot
        )
    else:
        body = message_html(
            message.caption or "",
            message.caption_entities,
            bot_username=bot_username,
            commands=message.from_bot,
        )
    view: dict[str, Any] = {
        "id": message.message_id,
        "from_bot": message.from_bot,
        "html": body,
        "edited": message.edit_date is not None,
        "time": time.strftime("%H:%M", time.localtime(message.date)),
        "keyboard": _keyboard(message),
    }
    if message.photo is not None:
        view["photo"] = {
            "src": f"/api/file/{person}/{message.message_id}",
            "width": message.photo.width,
            "height": message.photo.height,
        }
    if message.document is not None:
        view["document"] = {
            "src": f"/api/file/{person}/{message.message_id}",
            "name": message.document.file_name or "document",
            "size": len(message.document.data),
        }
    return view


def chat_view(chat: Chat, *, person: str, bot_username: str) -> dict[str, Any]:
    """Everything the page shows for one chat, and a ``version`` that changes when it does."""
    messages = [
        message_view(message, person=person, bot_username=bot_username)
        for _, message in sorted(chat.messages.items())
        if not message.deleted
    ]
    # What the bot said when answering a tap ("Saved", an alert): the page shows a toast.
    notices = [
        {"n": number, "text": answer.text, "alert": answer.show_alert}
        for number, answer in enumerate(chat.answered_callbacks, start=1)
        if answer.text
    ]
    body = {"messages": messages, "notices": notices, "taps": len(chat.answered_callbacks)}
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]
    return {"version": digest, **body}
