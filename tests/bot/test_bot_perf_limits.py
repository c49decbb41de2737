"""The rate limiter's cap on requests in flight (what keeps httpcore's queue empty)."""

from __future__ import annotations

import asyncio

from bot.ratelimit import ChatRateLimiter


async def _crowd(limiter: ChatRateLimiter, endpoints: list[tuple[str, int]]) -> int:
    """Send every (endpoint, chat) at once; the most requests that were on the wire together."""
    on_the_wire = 0
    peak = 0

    async def call(endpoint: str) -> bool:
        nonlocal on_the_wire, peak
        on_the_wire += 1
        peak = max(peak, on_the_wire)
        await asyncio.sleep(0.01)
        on_the_wire -= 1
        return True

    async def request(endpoint: str, chat_id: int) -> object:
        data = {"chat_id": chat_id}
        return await limiter.process_request(call, (endpoint,), {}, endpoint, data, None)

    results = await asyncio.gather(*(request(e, c) for e, c in endpoints))
    assert results == [True] * len(endpoints)
    return peak


async def test_no_more_requests_in_flight_than_the_cap() -> None:
    limiter = ChatRateLimiter(chat_interval=0, overall_max_rate=0, max_in_flight=3)
    crowd = [("sendMessage", chat) for chat in range(1, 21)] + [("answerCallbackQuery", 0)] * 5
    assert await _crowd(limiter, crowd) == 3


async def test_zero_means_no_cap() -> None:
    limiter = ChatRateLimiter(chat_interval=0, overall_max_rate=0, max_in_flight=0)
    assert await _crowd(limiter, [("sendMessage", chat) for chat in range(1, 21)]) == 20


async def test_waiting_for_the_chat_interval_holds_no_place() -> None:
    # One slot: the second message to chat 1 waits 0.3 s for its interval, and chat 2's
    # message must not wait behind it.
    limiter = ChatRateLimiter(chat_interval=0.3, overall_max_rate=0, max_in_flight=1)
    loop = asyncio.get_running_loop()
    sent: dict[int, list[float]] = {1: [], 2: []}

    async def call(chat_id: int) -> bool:
        sent[chat_id].append(loop.time())
        return True

    async def message(chat_id: int, after: float) -> object:
        await asyncio.sleep(after)
        data = {"chat_id": chat_id}
        return await limiter.process_request(call, (chat_id,), {}, "sendMessage", data, None)

    started = loop.time()
    await asyncio.gather(message(1, 0), message(1, 0), message(2, 0.05))
    assert sent[1][1] - sent[1][0] >= 0.29
    assert sent[2][0] - started < 0.2
