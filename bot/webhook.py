"""Webhook mode on an aiohttp server of ours, so an update the bot cannot read is skipped.

PTB's own webhook server answers an update it cannot parse with 400 and logs its whole
body at CRITICAL; Telegram then retries it, and the retries hold up that chat. This server
follows PTB's documented custom-webhook pattern instead: it checks Telegram's secret
header, parses each update with :func:`bot.updates.parse`, puts what it can read on the
application's update queue, and answers 200 either way. It logs no update's content.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from http import HTTPStatus

from aiohttp import web
from telegram import Update

from bot.context import BotApplication
from bot.updates import parse

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


async def start_webhook_server(
    application: BotApplication,
    *,
    listen: str,
    port: int,
    url_path: str,
    webhook_url: str,
    secret_token: str | None,
) -> web.AppRunner:
    """Serve ``/url_path`` on ``listen:port`` and point Telegram's webhook at ``webhook_url``.

    The application must be started. Clean up with ``await runner.cleanup()``.
    """

    async def receive(request: web.Request) -> web.Response:
        if secret_token and request.headers.get(SECRET_HEADER) != secret_token:
            return web.Response(status=HTTPStatus.FORBIDDEN)
        try:
            data = await request.json()
            update = parse(data, application.bot)
        except ValueError:  # not JSON, or no update_id: nothing Telegram could resend usefully
            return web.Response(status=HTTPStatus.BAD_REQUEST)
        if update is not None:
            await application.update_queue.put(update)
        return web.Response(status=HTTPStatus.OK)

    server = web.Application()
    server.router.add_post("/" + url_path.lstrip("/"), receive)
    runner = web.AppRunner(server, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, listen, port).start()
    try:
        await application.bot.set_webhook(
            webhook_url,
            secret_token=secret_token,
            allowed_updates=Update.ALL_TYPES,
            drop_pending_updates=False,
        )
    except BaseException:
        await runner.cleanup()
        raise
    return runner


async def run_webhook(
    application: BotApplication,
    *,
    listen: str,
    port: int,
    url_path: str,
    webhook_url: str,
    secret_token: str | None,
) -> None:
    """What ``Application.run_webhook`` does, on our server: run until SIGINT or SIGTERM,
    then handle the updates already taken before stopping."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # not on Windows' default loop
            loop.add_signal_handler(stop_signal, stop.set)
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        runner = await start_webhook_server(
            application,
            listen=listen,
            port=port,
            url_path=url_path,
            webhook_url=webhook_url,
            secret_token=secret_token,
        )
        try:
            await stop.wait()
        finally:
            await runner.cleanup()
            await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
    finally:
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
