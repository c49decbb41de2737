"""A practitioner forum scans the QR code together: how long each tap waits under Telegram's limits.

    python tests/benchmarks/forum.py [--people 100] [--workers 1|2] [--postgres URL]

``--people`` practitioners start the five-question staff pulse at once and tap the first
option as soon as each question shows; every tap is timed to the next question (or the
thanks). The bot runs as in production: one message a second per private chat, Telegram's
~30 calls a second for the bot (``bot.ratelimit``), and the emulator keeps Telegram's flood
limits (``bot.emulator.flood.TELEGRAM``), so a bot that asks for more than 30 a second meets
429s.

``--designs messages,card`` (the default) runs today's design — one message per question,
still the screen-reader layout — and the one live card, one after the other in the same run.
It reports, for each design it runs:

- total time from the first /start to the last thanks, p50 and p95 tap-to-next-question,
  and the number of 429s the emulator gave;
- **paced calls**: calls that name a chat (sends, edits, deletes), the ones Telegram counts
  towards the ~30 a second and PTB's ``AIORateLimiter`` paces. Callback answers are not;
- **the floor**: the paced calls the run needed ÷ 30 a second, the least time any bot could
  take; ``total / floor`` says how close to it this one came;
- **paced calls per tap**: a chat's paced calls from its first tap on, ÷ its taps.

``--workers 2`` runs two bot workers (two PTB ``Application``s, each with its own rate
limiter, HTTP pool and database pool) taking updates from one queue, as two processes
behind a load balancer would; with ``--postgres`` they share a PostgreSQL database (a fresh
schema, dropped afterwards).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # for tests.bot._helpers

from bot.app import build_application
from bot.context import BotApplication
from bot.emulator import EmulatedUser, Emulator
from bot.emulator.flood import TELEGRAM
from bot.emulator.model import ChatMessage
from storage.database import Database
from tests.bot._helpers import make_settings, new_invite

SURVEY = "practitioner-pulse"
QUESTIONS = 5
OVERALL_RATE = 30.0
SECRET = "forum-benchmark-secret-0123456789abcdef"
#: Today's design (before cards): one message per question, the answered one edited to
#: show the choice. It is still the screen-reader layout, so it runs beside the card.
DESIGNS = {"messages": "messages", "card": "card"}
#: Targets for the card (issue 17).
WITHIN_FLOOR = 1.15
P95_LIMIT = 4.0


@dataclass
class Result:
    design: str
    total: float
    latencies: list[float]
    refused: int
    paced_calls: int
    paced_per_tap: float
    max_rate: float
    stuck: int

    @property
    def floor(self) -> float:
        return self.paced_calls / OVERALL_RATE

    def lines(self) -> list[str]:
        if len(self.latencies) < 2:
            return [f"{self.design}: no taps answered; stuck {self.stuck}, 429s {self.refused}"]
        q = statistics.quantiles(self.latencies, n=20, method="inclusive")
        return [
            f"{self.design}: total {self.total:.1f} s, floor {self.floor:.1f} s "
            f"({self.paced_calls} paced calls / 30 a second): {self.total / self.floor:.2f}x",
            f"{self.design}: tap to next question p50 {statistics.median(self.latencies):.2f} s, "
            f"p95 {q[18]:.2f} s; 429s {self.refused}; paced calls per tap "
            f"{self.paced_per_tap:.2f}; most paced calls in any second {self.max_rate:.0f}; "
            f"stuck (nothing for {PATIENCE:.0f} s) {self.stuck}",
        ]


def is_paced(method: str, chat_id: object) -> bool:
    """Counted towards Telegram's ~30 a second: a call that names a chat."""
    return chat_id is not None and method not in ("getUpdates", "answerCallbackQuery")


def showing_question(person: EmulatedUser, position: int) -> ChatMessage | None:
    """The message with buttons that asks question ``position``, once it shows."""
    for message in reversed(person.messages):
        # On a card the progress follows the tick for the answer before it.
        if message.buttons and f"\n{position} of {QUESTIONS}\n" in f"\n{message.content}":
            return message
    return None


def showing_thanks(person: EmulatedUser) -> ChatMessage | None:
    for message in reversed(person.messages):
        if "/withdraw" in message.content:
            return message
    return None


#: A person who sees nothing for this long is counted as stuck (the bot lost their turn).
PATIENCE = 90.0


async def take_survey(
    person: EmulatedUser, invite: str, latencies: list[float], first_taps: dict[int, float]
) -> bool:
    """Whether they got to the thanks."""
    try:
        await _take_survey(person, invite, latencies, first_taps)
    except TimeoutError:
        return False
    return True


async def _take_survey(
    person: EmulatedUser, invite: str, latencies: list[float], first_taps: dict[int, float]
) -> None:
    await person.send(f"/start {invite}")
    question = await person.wait_for(lambda m: showing_question(person, 1) is m, timeout=PATIENCE)
    for position in range(1, QUESTIONS + 1):
        tapped = time.monotonic()
        first_taps.setdefault(person.chat_id, tapped)
        await person.tap(question, question.buttons[0][0].text)
        if position < QUESTIONS:
            after = position + 1
            question = await person.wait_for(
                lambda m, after=after: showing_question(person, after) is m, timeout=PATIENCE
            )
        else:
            await person.wait_for(lambda m: showing_thanks(person) is m, timeout=PATIENCE)
        latencies.append(time.monotonic() - tapped)


@contextlib.asynccontextmanager
async def workers(
    emulator: Emulator, db: Database, count: int, layout: str
) -> AsyncIterator[list[BotApplication]]:
    """``count`` bot workers; the first polls, and all take updates from its queue."""
    apps = [
        build_application(
            make_settings(emulator, db),
            db=db,
            chat_interval=1.0,
            start_scheduler=False,
            default_layout=layout,
        )
        for _ in range(count)
    ]
    for app in apps[1:]:
        app.update_queue = apps[0].update_queue  # one queue, several consumers
    for app in apps:
        await app.initialize()
        assert app.post_init is not None
        await app.post_init(app)
        await app.start()
    assert apps[0].updater is not None
    await apps[0].updater.start_polling(poll_interval=0.0, timeout=1)
    try:
        yield apps
    finally:
        with contextlib.suppress(Exception):
            await apps[0].updater.stop()
        for app in apps:
            with contextlib.suppress(Exception):
                await app.stop()
            await app.shutdown()
            if app.post_shutdown is not None:
                await app.post_shutdown(app)


async def run_design(design: str, people: int, worker_count: int, url: str) -> Result:
    db = Database(url, secret=SECRET)
    await db.upgrade()
    layout = DESIGNS[design]
    async with (
        Emulator(flood_limits=TELEGRAM) as emulator,
        workers(emulator, db, worker_count, layout),
    ):
        crowd = [emulator.user(50_000 + n, f"P{n}") for n in range(people)]
        invites = [await new_invite(db, SURVEY) for _ in crowd]
        latencies: list[float] = []
        first_taps: dict[int, float] = {}
        started = time.monotonic()
        finished = await asyncio.gather(
            *(take_survey(p, i, latencies, first_taps) for p, i in zip(crowd, invites, strict=True))
        )
        total = time.monotonic() - started - (PATIENCE if not all(finished) else 0)
        paced = [c for c in emulator.calls if c.status == 200 and is_paced(c.method, c.chat_id)]
        after_first_tap = sum(
            1 for c in paced if isinstance(c.chat_id, int) and c.at >= first_taps[c.chat_id]
        )
        per_second: dict[int, int] = {}
        for call in paced:
            per_second[int(call.at)] = per_second.get(int(call.at), 0) + 1
        result = Result(
            design=design,
            total=total,
            latencies=latencies,
            refused=emulator.refused(),
            paced_calls=len(paced),
            paced_per_tap=after_first_tap / (people * QUESTIONS),
            max_rate=max(per_second.values()),
            stuck=finished.count(False),
        )
    await db.dispose()
    return result


@contextlib.asynccontextmanager
async def database_url(postgres: str | None) -> AsyncIterator[str]:
    if postgres:
        from tests.conftest import _postgres_schema

        async for url in _postgres_schema(postgres):
            yield url
        return
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite+aiosqlite:///{Path(folder) / 'forum.db'}"


def targets(results: list[Result]) -> bool:
    """Print a target line for each of the card's targets; whether all were met."""
    by_design = {result.design: result for result in results}
    card = by_design.get("card")
    if card is None:
        return True
    if len(card.latencies) < 2:
        print("target card: MISSED (no taps answered)")
        return False
    q = statistics.quantiles(card.latencies, n=20, method="inclusive")
    checks = [
        (f"total within {WITHIN_FLOOR}x of the floor", card.total <= WITHIN_FLOOR * card.floor),
        (f"p95 under {P95_LIMIT:.0f} s", q[18] < P95_LIMIT),
        ("no 429", card.refused == 0),
        ("nobody stuck", card.stuck == 0),
    ]
    today = by_design.get("messages")
    if today is not None:
        ratio = card.paced_per_tap / today.paced_per_tap
        checks.append((f"about half today's paced calls per tap ({ratio:.2f}x)", ratio <= 0.55))
    for name, met in checks:
        print(f"target {name}: {'met' if met else 'MISSED'}")
    return all(met for _, met in checks)


async def main(args: argparse.Namespace) -> int:
    results = []
    # The bot logs each lost call (429 after its retries) with a traceback; the counts here
    # say the same in one line.
    logging.disable(logging.CRITICAL if not os.environ.get("FORUM_LOGS") else logging.NOTSET)
    for design in args.designs.split(","):
        async with database_url(args.postgres) as url:
            result = await run_design(design, args.people, args.workers, url)
        for line in result.lines():
            print(line, flush=True)
        results.append(result)
    return 0 if targets(results) else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BETTEROFF_TEST_POSTGRES_URL") if "--pg" in sys.argv else None,
    )
    parser.add_argument("--pg", action="store_true", help="PostgreSQL from the test URL")
    parser.add_argument(
        "--designs", default="messages,card", help="messages (today's design), card, or both"
    )
    sys.exit(asyncio.run(main(parser.parse_args())))
