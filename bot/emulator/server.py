"""The HTTP side: tornado handlers for ``/bot<TOKEN>/<method>`` and ``/file/bot<TOKEN>/<path>``.

The token is in every path, so nothing here logs a path: tornado's access log is
replaced and uncaught errors are logged by method name only.
"""

from __future__ import annotations

import inspect
import json
import logging
import time
from typing import TYPE_CHECKING, Any

import tornado.web

from bot.emulator.errors import NOT_FOUND, UNAUTHORIZED, ApiError
from bot.emulator.model import CallRecord
from bot.emulator.params import Upload, coerce_params

if TYPE_CHECKING:
    from bot.emulator.emulator import Emulator

logger = logging.getLogger(__name__)


def _quiet_log(handler: tornado.web.RequestHandler) -> None:
    """Replaces tornado's access log, which would write the token (it is in the URL)."""


class _JSONHandler(tornado.web.RequestHandler):
    def initialize(self, emulator: Emulator) -> None:
        self.emulator = emulator

    def compute_etag(self) -> None:
        return None

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        # tornado's default prints the request line, token included; the traceback does not.
        logger.error("Emulator request failed", exc_info=(typ, value, tb))

    def reply(self, status: int, body: dict[str, Any]) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body, ensure_ascii=False))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.reply(
            status_code, {"ok": False, "error_code": status_code, "description": self._reason}
        )


class NotFoundHandler(_JSONHandler):
    async def get(self, *args: str) -> None:
        self.reply(404, NOT_FOUND.payload())

    post = get


class ApiHandler(_JSONHandler):
    async def get(self, token: str, method: str) -> None:
        started = time.monotonic()
        bot = self.emulator.bots.get(token)
        if bot is None:
            self.reply(401, UNAUTHORIZED.payload())
            return
        entry = self.emulator.methods.get(method.lower())
        if entry is None:
            self.reply(404, NOT_FOUND.payload())
            return
        name, handler = entry
        params: dict[str, Any] = {}
        try:
            params = coerce_params(self._raw_params())
            self.emulator.check_faults(bot, name)
            self.emulator.check_flood(bot, name, params.get("chat_id"))
            result = handler(bot, params, self._uploads())
            if inspect.isawaitable(result):
                result = await result
            status, body = 200, {"ok": True, "result": result}
        except ApiError as error:
            status, body = error.status, error.payload()
        self.emulator.record(
            CallRecord(
                bot_id=bot.bot_id,
                method=name,
                chat_id=params.get("chat_id"),
                at=started,
                status=status,
            )
        )
        self.reply(status, body)

    post = get

    def _raw_params(self) -> dict[str, Any]:
        raw: dict[str, Any] = {
            name: values[-1].decode("utf-8")
            for name, values in self.request.query_arguments.items()
        }
        content_type = self.request.headers.get("Content-Type", "")
        if content_type.startswith("application/json"):
            try:
                body = json.loads(self.request.body or b"{}")
            except ValueError as error:
                raise ApiError(400, "Bad Request: can't parse JSON object") from error
            if isinstance(body, dict):
                raw.update(body)
        else:
            raw.update(
                (name, values[-1].decode("utf-8"))
                for name, values in self.request.body_arguments.items()
            )
        return raw

    def _uploads(self) -> dict[str, Upload]:
        return {
            name: Upload(
                data=parts[0].body,
                file_name=parts[0].filename or None,
                mime_type=parts[0].content_type or None,
            )
            for name, parts in self.request.files.items()
            if parts
        }


class FileHandler(_JSONHandler):
    async def get(self, token: str, file_path: str) -> None:
        bot = self.emulator.bots.get(token)
        if bot is None:
            self.reply(401, UNAUTHORIZED.payload())
            return
        stored = bot.files_by_path.get(file_path)
        if stored is None:
            self.reply(404, NOT_FOUND.payload())
            return
        self.set_header("Content-Type", stored.mime_type or "application/octet-stream")
        self.finish(stored.data)


def make_app(emulator: Emulator) -> tornado.web.Application:
    context = {"emulator": emulator}
    return tornado.web.Application(
        [
            (r"/bot([^/]+)/([A-Za-z_]+)/?", ApiHandler, context),
            (r"/file/bot([^/]+)/(.+)", FileHandler, context),
        ],
        default_handler_class=NotFoundHandler,
        default_handler_args=context,
        log_function=_quiet_log,
        compress_response=False,
    )
