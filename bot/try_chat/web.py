"""The page's server: aiohttp on 127.0.0.1, the static page and a small JSON API.

``GET /api/setup`` says who can be played and which invites to open; per person,
``GET /api/chat/{person}?version=V`` answers at once with a changed chat or waits (long
polling) until the bot does something; ``POST`` ``send`` (text or a /command), ``tap``
(an inline button) and ``open`` (a deep link's ``/start TOKEN``) act as that person does
in Telegram, through the emulator, and answer with the chat as it then stands.

Only the page may drive it: the ``Host`` must be this server's own address (no DNS
rebinding) and a POST must be JSON (which a form on another site cannot send without a
preflight this server never grants).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from dataclasses import asdict, dataclass
from importlib import resources
from typing import Any

from aiohttp import web

from bot.emulator import EmulatedUser, Emulator
from bot.emulator.model import ChatMessage, StoredFile
from bot.try_chat.people import BY_KEY, PEOPLE, Person
from bot.try_chat.seed import Seed
from bot.try_chat.view import chat_view

#: How long a long poll waits for the bot before answering "nothing new".
LONG_POLL_SECONDS = 20.0
#: Telegram's own limit on one message.
MAX_TEXT = 4096
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
STATIC_FILES = {
    "/": ("index.html", "text/html"),
    "/static/try.css": ("try.css", "text/css"),
    "/static/try.js": ("try.js", "text/javascript"),
}
#: Nothing but this server: no fonts, scripts or pictures from anywhere else.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
#: A document the bot sent (the HTML report) opens with no scripts and nothing external.
DOCUMENT_POLICY = (
    "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:"
)

CONTEXT_KEY = web.AppKey("try_context", object)


@dataclass
class TryContext:
    """What the handlers need: the emulator, its bot's name, and the run's seed."""

    emulator: Emulator
    bot_name: str
    bot_username: str
    seed: Seed
    allowed_hosts: frozenset[str] = frozenset()

    def user(self, person: Person) -> EmulatedUser:
        return self.emulator.user(person.user_id, person.first_name, language_code="en")


def _context(request: web.Request) -> TryContext:
    found = request.app[CONTEXT_KEY]
    assert isinstance(found, TryContext)
    return found


def _problem(status: int, message: str) -> web.Response:
    """A JSON error the page shows as it is: a sentence a person can act on."""
    return web.json_response({"error": message}, status=status)


def _person(request: web.Request) -> Person:
    person = BY_KEY.get(request.match_info["person"])
    if person is None:
        raise web.HTTPNotFound(text="No such person on this page.")
    return person


@web.middleware
async def _guard(request: web.Request, handler: Any) -> web.StreamResponse:
    allowed = _context(request).allowed_hosts
    if allowed and request.host not in allowed:
        return _problem(403, "This page only answers on its own 127.0.0.1 address.")
    if request.method == "POST" and request.content_type != "application/json":
        return _problem(415, "Send JSON.")
    response = await handler(request)
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


async def _static(request: web.Request) -> web.Response:
    name, content_type = STATIC_FILES[request.path]
    body = resources.files("bot.try_chat").joinpath("static", name).read_bytes()
    response = web.Response(body=body, content_type=content_type, charset="utf-8")
    response.headers["Content-Security-Policy"] = PAGE_POLICY
    return response


async def setup(request: web.Request) -> web.Response:
    """Who can be played, which invites there are, and the practitioner's join code."""
    context = _context(request)
    return web.json_response(
        {
            "bot": {"name": context.bot_name, "username": context.bot_username},
            "people": [asdict(person) for person in PEOPLE],
            "invites": [asdict(invite) for invite in context.seed.invites],
            "join_code": context.seed.join_code,
        }
    )


async def chat(request: web.Request) -> web.Response:
    """The chat as it stands, or (given the ``version`` the page has) the next change."""
    context = _context(request)
    user = context.user(_person(request))
    seen = request.query.get("version")
    person = request.match_info["person"]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + LONG_POLL_SECONDS
    while True:
        changed = user.chat.changed  # taken before reading, so no change slips between
        view = chat_view(user.chat, person=person, bot_username=context.bot_username)
        remaining = deadline - loop.time()
        if view["version"] != seen or remaining <= 0:
            return web.json_response(view)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(changed.wait(), remaining)


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise web.HTTPBadRequest(text="The request was not JSON.") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="The request was not a JSON object.")
    return body


def _current(context: TryContext, user: EmulatedUser, person: Person) -> web.Response:
    return web.json_response(
        chat_view(user.chat, person=person.key, bot_username=context.bot_username)
    )


async def send(request: web.Request) -> web.Response:
    """The person types a message (or a /command) and sends it."""
    context, person = _context(request), _person(request)
    text = str((await _body(request)).get("text", "")).strip()
    if not text:
        return _problem(400, "Type a message first.")
    if len(text) > MAX_TEXT:
        return _problem(400, f"That is longer than Telegram allows ({MAX_TEXT} characters).")
    user = context.user(person)
    await user.send(text)
    return _current(context, user, person)


async def tap(request: web.Request) -> web.Response:
    """The person taps an inline button on one of the bot's messages."""
    context, person = _context(request), _person(request)
    body = await _body(request)
    user = context.user(person)
    message = _bot_message(user, body.get("message_id"))
    data = body.get("data")
    if (
        message is None
        or not isinstance(data, str)
        or not any(b.callback_data == data for row in message.buttons for b in row)
    ):
        return _problem(409, "That button has gone: the bot changed the message.")
    await user.forge_tap(message, data)
    return _current(context, user, person)


async def open_invite(request: web.Request) -> web.Response:
    """The person opens a deep link: Telegram sends the bot ``/start TOKEN``."""
    context, person = _context(request), _person(request)
    token = str((await _body(request)).get("token", ""))
    if not _TOKEN.match(token):
        return _problem(400, "That is not an invite link this bot made.")
    user = context.user(person)
    await user.send(f"/start {token}")
    return _current(context, user, person)


def _bot_message(user: EmulatedUser, message_id: object) -> ChatMessage | None:
    if not isinstance(message_id, int):
        return None
    message = user.chat.messages.get(message_id)
    if message is None or message.deleted or not message.from_bot:
        return None
    return message


async def file(request: web.Request) -> web.Response:
    """A photo (a QR code) or a document (the HTML report) the bot sent this person."""
    context, person = _context(request), _person(request)
    try:
        message_id = int(request.match_info["message_id"])
    except ValueError:
        raise web.HTTPNotFound(text="No such message.") from None
    message = _bot_message(context.user(person), message_id)
    stored = None if message is None else (message.photo or message.document)
    if stored is None:
        raise web.HTTPNotFound(text="That file is not in this chat (any more).")
    response = web.Response(body=stored.data, content_type=_content_type(stored))
    response.headers["Content-Security-Policy"] = DOCUMENT_POLICY
    if message is not None and message.document is not None and stored.file_name:
        quoted = stored.file_name.replace('"', "")
        response.headers["Content-Disposition"] = f'inline; filename="{quoted}"'
    return response


def _content_type(stored: StoredFile) -> str:
    """What the file is, for the browser: PTB uploads photos with no useful type."""
    if stored.data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if stored.data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if stored.mime_type and stored.mime_type != "application/octet-stream":
        return stored.mime_type
    if (stored.file_name or "").lower().endswith((".html", ".htm")):
        return "text/html"
    return "application/octet-stream"


def make_web_app(context: TryContext) -> web.Application:
    app = web.Application(middlewares=[_guard], client_max_size=64 * 1024)
    app[CONTEXT_KEY] = context
    for path in STATIC_FILES:
        app.router.add_get(path, _static)
    app.router.add_get("/api/setup", setup)
    app.router.add_get("/api/chat/{person}", chat)
    app.router.add_post("/api/chat/{person}/send", send)
    app.router.add_post("/api/chat/{person}/tap", tap)
    app.router.add_post("/api/chat/{person}/open", open_invite)
    app.router.add_get("/api/file/{person}/{message_id}", file)
    return app
