"""Telegram's parse modes: turn HTML or MarkdownV2 into plain text plus entities.

The real server refuses text it cannot parse (an unescaped ``<`` from a user's answer in
an HTML message, a bare ``.`` in MarkdownV2), which is a classic production-only bug;
the emulator refuses it the same way so the tests catch it first. Offsets and lengths
are in UTF-16 code units, as in the Bot API.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from bot.emulator.errors import ApiError, bad_request

Entity = dict[str, Any]

_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
    "span": "spoiler",
}


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _entities_error(detail: str) -> ApiError:
    return bad_request(f"can't parse entities: {detail}")


class _TelegramHTML(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self._source = source
        self._line_starts = [0]
        for index, char in enumerate(source):
            if char == "\n":
                self._line_starts.append(index + 1)
        self.parts: list[str] = []
        self.length = 0
        self.open: list[tuple[str, int, Entity]] = []
        self.entities: list[Entity] = []

    def _byte_offset(self) -> int:
        line, column = self.getpos()
        return len(self._source[: self._line_starts[line - 1] + column].encode())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        kind = _HTML_TAGS.get(tag)
        if kind is None or (tag == "span" and attributes.get("class") != "tg-spoiler"):
            raise _entities_error(
                f'Unsupported start tag "{tag}" at byte offset {self._byte_offset()}'
            )
        entity: Entity = {"type": kind}
        if tag == "a":
            entity["url"] = attributes.get("href") or ""
        if tag == "blockquote" and "expandable" in attributes:
            entity["type"] = "expandable_blockquote"
        if tag == "tg-emoji":
            entity["custom_emoji_id"] = attributes.get("emoji-id") or ""
        if tag == "code" and self.open and self.open[-1][0] == "pre":
            language = (attributes.get("class") or "").removeprefix("language-")
            if language:
                self.open[-1][2]["language"] = language
        self.open.append((tag, self.length, entity))

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1][0] != tag:
            raise _entities_error(f"Unexpected end tag at byte offset {self._byte_offset()}")
        _, start, entity = self.open.pop()
        if self.length > start:
            entity["offset"] = start
            entity["length"] = self.length - start
            self.entities.append(entity)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        self.length += utf16_len(data)


def parse_html(source: str) -> tuple[str, list[Entity]]:
    parser = _TelegramHTML(source)
    parser.feed(source)
    parser.close()
    if parser.open:
        raise _entities_error(
            f'Can\'t find end tag corresponding to start tag "{parser.open[-1][0]}"'
        )
    return "".join(parser.parts), sorted(parser.entities, key=lambda e: e["offset"])


_MDV2_RESERVED = set("_*[]()~`>#+-=|{}.!")
_MDV2_MARKERS = {
    "*": "bold",
    "_": "italic",
    "__": "underline",
    "~": "strikethrough",
    "||": "spoiler",
}


def parse_markdown_v2(source: str) -> tuple[str, list[Entity]]:
    out: list[str] = []
    length = 0
    entities: list[Entity] = []
    open_markers: list[tuple[str, int, int]] = []  # marker, utf16 start, byte offset
    link_start: int | None = None
    index = 0

    def byte_offset(at: int) -> int:
        return len(source[:at].encode())

    while index < len(source):
        char = source[index]
        if char == "\\" and index + 1 < len(source):
            out.append(source[index + 1])
            length += utf16_len(source[index + 1])
            index += 2
            continue
        if char == "`":
            fence = "```" if source.startswith("```", index) else "`"
            end = source.find(fence, index + len(fence))
            if end < 0:
                raise _entities_error(
                    f"Can't find end of {'Pre' if len(fence) == 3 else 'Code'} entity at"
                    f" byte offset {byte_offset(index)}"
                )
            body = source[index + len(fence) : end].replace("\\`", "`").replace("\\\\", "\\")
            entity: Entity = {"type": "pre" if len(fence) == 3 else "code"}
            if len(fence) == 3 and "\n" in body:
                language, _, rest = body.partition("\n")
                if language and " " not in language:
                    entity["language"] = language
                    body = rest
            if body:
                entities.append({**entity, "offset": length, "length": utf16_len(body)})
            out.append(body)
            length += utf16_len(body)
            index = end + len(fence)
            continue
        marker = source[index : index + 2] if source[index : index + 2] in ("__", "||") else char
        if marker in _MDV2_MARKERS:
            if open_markers and open_markers[-1][0] == marker:
                _, start, _ = open_markers.pop()
                if length > start:
                    entities.append(
                        {"type": _MDV2_MARKERS[marker], "offset": start, "length": length - start}
                    )
            else:
                open_markers.append((marker, length, byte_offset(index)))
            index += len(marker)
            continue
        if char == "[" and link_start is None:
            link_start = length
            index += 1
            continue
        if char == "]" and link_start is not None and source.startswith("(", index + 1):
            end = source.find(")", index + 2)
            if end < 0:
                raise _entities_error(f"Can't find end of a URL at byte offset {index + 1}")
            if length > link_start:
                url = source[index + 2 : end].replace("\\)", ")")
                entities.append(
                    {
                        "type": "text_link",
                        "offset": link_start,
                        "length": length - link_start,
                        "url": url,
                    }
                )
            link_start = None
            index = end + 1
            continue
        if char == ">" and (index == 0 or source[index - 1] == "\n"):
            index += 1  # a blockquote line; the entity itself is not needed by tests
            continue
        if char in _MDV2_RESERVED:
            raise _entities_error(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
        out.append(char)
        length += utf16_len(char)
        index += 1
    if open_markers:
        names = {
            "*": "Bold",
            "_": "Italic",
            "__": "Underline",
            "~": "Strikethrough",
            "||": "Spoiler",
        }
        marker, _, at = open_markers[-1]
        raise _entities_error(f"Can't find end of {names[marker]} entity at byte offset {at}")
    if link_start is not None:
        raise _entities_error("Can't find end of a TextUrl entity")
    return "".join(out), sorted(entities, key=lambda e: e["offset"])


def parse_markdown(source: str) -> tuple[str, list[Entity]]:
    """Legacy Markdown: only *bold*, _italic_, `code` and [links](url); no escaping rules."""
    out: list[str] = []
    length = 0
    entities: list[Entity] = []
    index = 0
    kinds = {"*": "bold", "_": "italic", "`": "code"}
    while index < len(source):
        char = source[index]
        if char in kinds:
            end = source.find(char, index + 1)
            if end < 0:
                raise _entities_error(
                    "Can't find end of the entity starting at byte offset"
                    f" {len(source[:index].encode())}"
                )
            body = source[index + 1 : end]
            if body:
                entities.append({"type": kinds[char], "offset": length, "length": utf16_len(body)})
            out.append(body)
            length += utf16_len(body)
            index = end + 1
            continue
        out.append(char)
        length += utf16_len(char)
        index += 1
    return "".join(out), entities


def parse_text(text: str, parse_mode: str | None) -> tuple[str, list[Entity]]:
    """Plain text and entities, as Telegram stores a message sent with ``parse_mode``."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        return parse_html(text)
    if mode == "markdownv2":
        return parse_markdown_v2(text)
    if mode == "markdown":
        return parse_markdown(text)
    return text, []
