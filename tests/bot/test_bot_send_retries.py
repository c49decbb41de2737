"""Bot API failures while sending: timeouts and 5xx are retried with backoff, and the
person's place is kept; a 4xx other than 429 is not retried (issue 18)."""

from __future__ import annotations

import asyncio

import pytest
from telegram.error import BadRequest, TimedOut
from telegram.request import BaseRequest, RequestData

from bot.emulator import Emulator
from bot.retry import RetryingRequest
from storage.database import Database
from tests.bot._helpers import new_invite, running_bot

REVIEW = "parent-carer-review"


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_a_server_error_while_sending_the_next_question_is_retried(
    emulator: Emulator, database: Database, status: int
) -> None:
    parent = emulator.user(9811, "Retry")
    async with running_bot(emulator, database):
        await parent.send(f"/start {await new_invite(database, REVIEW)}")
        await parent.tap(await parent.next_message(), "✅ English")
        first = await parent.next_message()
        emulator.fail_next("sendMessage", status, count=2)
        await parent.tap(first, "Agree")
        second = await parent.next_message(timeout=10)
        assert second.content.startswith("2 of 8"), second.content
        await asyncio.sleep(0.3)
        assert not any(m.content.startswith("Sorry, something went wrong") for m in parent.messages)
        await parent.tap(second, "Agree")
        assert (await parent.next_message()).content.startswith("3 of 8")


async def test_a_bad_request_is_not_retried(emulator: Emulator, database: Database) -> None:
    parent = emulator.user(9812, "Once")
    async with running_bot(emulator, database):
        await parent.send(f"/start {await new_invite(database, REVIEW)}")
        await parent.tap(await parent.next_message(), "✅ English")
        first = await parent.next_message()
        sent_before = len(emulator.calls_for(chat_id=9812, methods=["sendMessage"]))
        emulator.fail_next("sendMessage", 400, count=1, description="Bad Request: no")
        await parent.tap(first, "Agree")
        await asyncio.sleep(1.0)
        sends = emulator.calls_for(chat_id=9812, methods=["sendMessage"])[sent_before:]
        # The failed question once, then the kind "sorry" from the error handler: no retry.
        assert len(sends) == 2, sends


class _Flaky(BaseRequest):
    """Fails the first ``failures`` calls with ``error`` (or a status), then answers 200."""

    def __init__(self, failures: int, error: Exception | None = None, status: int = 500) -> None:
        self.failures, self.error, self.status, self.calls = failures, error, status, 0

    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, **_: object
    ) -> tuple[int, bytes]:
        self.calls += 1
        if self.calls <= self.failures:
            if self.error is not None:
                raise self.error
            return self.status, b'{"ok": false, "description": "x"}'
        return 200, b'{"ok": true, "result": true}'


async def test_timeouts_are_retried_with_growing_waits() -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    inner = _Flaky(3, TimedOut("slow"))
    request = RetryingRequest(inner, attempts=4, first_wait=0.5, sleep=sleep)
    assert await request.do_request("http://x/botT/sendMessage", "POST") == (
        200,
        b'{"ok": true, "result": true}',
    )
    assert inner.calls == 4 and waits == [0.5, 1.0, 2.0]


async def test_retries_give_up_and_say_so() -> None:
    async def sleep(seconds: float) -> None:
        return None

    inner = _Flaky(10, status=503)
    request = RetryingRequest(inner, attempts=3, sleep=sleep)
    assert (await request.do_request("http://x/botT/sendMessage", "POST"))[0] == 503
    assert inner.calls == 3
    four_hundred = _Flaky(10, status=400)
    assert (await RetryingRequest(four_hundred, sleep=sleep).do_request("u", "POST"))[0] == 400
    assert four_hundred.calls == 1
    bad = _Flaky(10, BadRequest("no"))
    with pytest.raises(BadRequest):
        await RetryingRequest(bad, sleep=sleep).do_request("u", "POST")
    assert bad.calls == 1
