"""Fixtures for the bot's tests: a started Bot API emulator and PTB applications on it.

``emulator`` yields a started ``bot.emulator.Emulator`` on the test's event loop;
``make_application`` builds PTB ``Application`` objects pointed at it and shuts down
whatever it started when the test ends.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable

import pytest
from telegram.ext import Application, ApplicationBuilder

from bot.emulator import DEFAULT_TOKEN, Emulator

BuildApplication = Callable[..., Application]  # type: ignore[type-arg]


@pytest.fixture
async def emulator() -> AsyncIterator[Emulator]:
    async with Emulator(token=DEFAULT_TOKEN) as started:
        yield started


@pytest.fixture
async def make_application(emulator: Emulator) -> AsyncIterator[BuildApplication]:
    """``make_application(configure=None, token=None)`` -> a built, not yet started app.

    ``configure`` gets the ``ApplicationBuilder`` first (to add a rate limiter, say).
    Apps are stopped and shut down after the test, whatever state they were left in.
    """
    built: list[Application] = []  # type: ignore[type-arg]

    def build(
        configure: Callable[[ApplicationBuilder], ApplicationBuilder] | None = None,  # type: ignore[type-arg]
        token: str | None = None,
    ) -> Application:  # type: ignore[type-arg]
        builder = emulator.application_builder(token)
        if configure is not None:
            builder = configure(builder)
        application = builder.build()
        built.append(application)
        return application

    yield build
    for application in built:
        with contextlib.suppress(Exception):
            if application.updater is not None and application.updater.running:
                await application.updater.stop()
            if application.running:
                await application.stop()
            await application.shutdown()
