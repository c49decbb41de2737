"""How fast the bot answers taps, beside a bare PTB bot on the same emulator in the same run.

    python tests/benchmarks/bot_throughput.py --respondents 200

N simulated respondents each take the five-question staff pulse (one tap per question,
the next tap as soon as the next question arrives, or after ``--think`` seconds). For
every tap we time tap -> next question. The bare bot makes the same Telegram calls per tap
(answer the callback, edit the message, send the next question) with no engine and no
database, so the ratio of the two rates is our own overhead.

The emulator and the simulated people run in a second process (the second core), the bot
in this one, as they would be in production: Telegram is not on the bot's machine.

Both bots run with the per-chat pacing off (``--chat-interval 0``) and no bot-wide cap, so
the figures measure the code, not Telegram's flood limits: with the real one message a
second per chat, a respondent who taps instantly waits up to a second by design. Pass
``--chat-interval 1`` to see that.

Both cap the requests in flight at the connection pool (ours in ``bot.ratelimit``, the bare
one with :class:`CappedRequest`); ``--no-cap`` shows stock PTB, where httpcore's own queue
scan costs more than the requests once hundreds wait. ``--waves N`` runs the crowd N
times for steadier figures; ``--only bare|ours`` runs one bot (for a profiler). The CPU
per answer of each process says which one is the bottleneck: the bot's process near one
second of CPU per second means the bot is.

Without reading time every respondent always has a tap waiting, so latency is simply
respondents / rate (200 at 130 a second: 1.5 s, for the bare bot too). ``--think 2``
gives each person about two seconds to read a question, as people do; p95 then says how
long a tap waits at that load.

Targets: at least 70% of the bare bot's rate, at least 300 answers a second on 2 cores with
SQLite, p95 at most 100 ms with 200 respondents at once.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import multiprocessing
import random
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)
from telegram.request import HTTPXRequest

from bot.app import build_application
from bot.emulator import Emulator
from bot.emulator.user import EmulatedUser
from bot.ratelimit import ChatRateLimiter
from bot.settings import Settings
from storage import invites
from storage.database import Database

OUR_TOKEN = "111111:benchmark-betteroff"
BARE_TOKEN = "222222:benchmark-bare"
SURVEY = "practitioner-pulse"
QUESTIONS = 5
LABELS = ("Always", "Often", "Sometimes", "Rarely", "Never")


@dataclass
class Result:
    name: str
    answers: int
    seconds: float
    latencies: list[float]
    cpu: float = 0.0  # seconds of this process's CPU (the bot's) during the run
    emulator_cpu: float = 0.0  # and of the other's (the emulator and the people)

    @property
    def rate(self) -> float:
        return self.answers / self.seconds

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000

    def line(self) -> str:
        return (
            f"{self.name:<10} {self.answers:>6} answers in {self.seconds:6.2f} s = "
            f"{self.rate:7.1f} answers/s   p50 {statistics.median(self.latencies) * 1000:6.1f} ms"
            f"   p95 {self.percentile(0.95):6.1f} ms"
            f"   CPU per answer: bot {self.cpu / max(1, self.answers) * 1000:5.2f} ms,"
            f" emulator {self.emulator_cpu / max(1, self.answers) * 1000:5.2f} ms"
        )


# --- the bare bot: same calls per tap, nothing else ---------------------------------


def _keyboard(step: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=f"a:{step}:{i}")]
            for i, label in enumerate(LABELS)
        ]
    )


async def _bare_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, "Welcome")
    await context.bot.send_message(
        update.effective_chat.id, f"1 of {QUESTIONS}\nQuestion", reply_markup=_keyboard(1)
    )


async def _bare_tap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None and update.effective_chat is not None
    step = int(query.data.split(":")[1])
    side = asyncio.gather(
        query.answer(), query.edit_message_text("Question\n\n✅ chosen"), return_exceptions=True
    )
    if step < QUESTIONS:
        text, markup = f"{step + 1} of {QUESTIONS}\nQuestion", _keyboard(step + 1)
    else:
        text, markup = "Thank you", None
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)
    await side


class CappedRequest(HTTPXRequest):
    """PTB's HTTPX request with at most ``cap`` requests in flight, as our rate limiter does.

    So the bare bot is spared httpcore's queue scan exactly as ours is (see bot.ratelimit).
    """

    def __init__(self, cap: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._cap = asyncio.Semaphore(cap)

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        async with self._cap:
            return await super().do_request(*args, **kwargs)


def bare_application(base_url: str, pool: int, cap: bool) -> Application:  # type: ignore[type-arg]
    builder = ApplicationBuilder().token(BARE_TOKEN).base_url(base_url)
    if cap:
        builder = builder.request(CappedRequest(pool, connection_pool_size=pool))
    else:
        builder = builder.connection_pool_size(pool)
    application = builder.concurrent_updates(256).job_queue(None).build()
    application.add_handler(CommandHandler("start", _bare_start))
    application.add_handler(CallbackQueryHandler(_bare_tap))
    return application


# --- respondents --------------------------------------------------------------------


async def respond(user: EmulatedUser, start: str, latencies: list[float], think: float) -> None:
    reading = random.Random(user.user_id)
    await user.send(start)
    await user.next_message(timeout=60)  # welcome
    question = await user.next_message(timeout=60)
    for _ in range(QUESTIONS):
        if think:
            await asyncio.sleep(reading.uniform(0.5, 1.5) * think)
        tapped = time.perf_counter()
        await user.tap(question, question.buttons[0][0].text)
        question = await user.next_message(timeout=60)
        latencies.append(time.perf_counter() - tapped)


def emulator_process(connection: Connection) -> None:
    """The emulator and the simulated people, in their own process (the second core)."""

    async def serve() -> None:
        async with Emulator(token=[OUR_TOKEN, BARE_TOKEN]) as emulator:
            connection.send(emulator.base_url)
            while True:
                order = await asyncio.to_thread(connection.recv)
                if order is None:
                    return
                token, first_user, starts, at_once, think = order
                users = [emulator.user(first_user + i, token=token) for i in range(len(starts))]
                latencies: list[float] = []
                began, cpu = time.perf_counter(), time.process_time()
                for wave in range(0, len(starts), at_once):
                    crowd = zip(
                        users[wave : wave + at_once], starts[wave : wave + at_once], strict=True
                    )
                    await asyncio.gather(*(respond(u, s, latencies, think) for u, s in crowd))
                seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
                connection.send((seconds, latencies, cpu))

    asyncio.run(serve())


async def run_crowd(
    name: str,
    application: Application,  # type: ignore[type-arg]
    connection: Connection,
    order: tuple[str, int, list[str], int, float],
    prepare: Callable[[], Awaitable[None]] | None = None,
) -> Result:
    await application.initialize()
    if prepare is not None:
        await prepare()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0, timeout=1)
    try:
        cpu = time.process_time()
        connection.send(order)
        seconds, latencies, emulator_cpu = await asyncio.to_thread(connection.recv)
        cpu = time.process_time() - cpu
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
    return Result(name, len(latencies), seconds, latencies, cpu, emulator_cpu)


async def main(
    respondents: int,
    chat_interval: float,
    database_url: str | None,
    pool: int,
    only: str | None = None,
    waves: int = 1,
    cap: bool = True,
    think: float = 0.0,
) -> None:
    logging.basicConfig(level=logging.WARNING)
    ours_end, emulator_end = multiprocessing.Pipe()
    child = multiprocessing.get_context("spawn").Process(
        target=emulator_process, args=(emulator_end,), daemon=True
    )
    child.start()
    base_url = await asyncio.to_thread(ours_end.recv)
    with tempfile.TemporaryDirectory() as folder:
        url = database_url or f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        db = Database(url, secret="benchmark-secret")
        await db.upgrade()
        now = datetime.now(UTC)
        async with db.write() as session:
            tokens = await invites.create_invites(
                session=session,
                survey_id=SURVEY,
                agency="BENCH",
                now=now,
                expires_at=now + timedelta(hours=1),
                count=respondents * waves,
            )
        results: list[Result] = []
        if only != "ours":
            results.append(
                await run_crowd(
                    "bare PTB",
                    bare_application(base_url, pool, cap),
                    ours_end,
                    (BARE_TOKEN, 10_000, ["/start"] * respondents * waves, respondents, think),
                )
            )
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            telegram_token=SecretStr(OUR_TOKEN),
            telegram_base_url=base_url,
            database_url=url,
            secret=SecretStr("benchmark-secret"),
        )
        ours_app = build_application(
            settings, db=db, chat_interval=chat_interval, overall_max_rate=0,
            connection_pool_size=pool, start_scheduler=False,
        )  # fmt: skip
        limiter = ours_app.bot.rate_limiter
        assert isinstance(limiter, ChatRateLimiter)
        # What bot.app should pass as max_in_flight: its connection pool size.
        limiter.max_in_flight = pool if cap else 0

        async def post_init() -> None:
            assert ours_app.post_init is not None
            await ours_app.post_init(ours_app)

        if only != "bare":
            results.append(
                await run_crowd(
                    "Better Off",
                    ours_app,
                    ours_end,
                    (OUR_TOKEN, 100_000, [f"/start {t}" for t in tokens], respondents, think),
                    post_init,
                )
            )
        await db.dispose()
    ours_end.send(None)
    child.join(10)
    print(
        f"{respondents} respondents at once ({waves} waves), {QUESTIONS} taps each, "
        f"{f'about {think} s reading before each, ' if think else 'no reading time, '}"
        f"chat interval {chat_interval} s, connection pool {pool}"
        f"{', requests in flight capped at the pool' if cap else ', no cap on requests in flight'}"
    )
    for result in results:
        print(result.line())
    if len(results) == 2:
        bare, ours = results
        print(f"ratio      {ours.rate / bare.rate:6.0%} of the bare bot's rate")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--respondents", type=int, default=200)
    parser.add_argument("--chat-interval", type=float, default=0.0)
    parser.add_argument(
        "--pool", type=int, default=256, help="PTB connection pool size, for both bots"
    )
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="seconds a person reads before each tap (on average; 0 taps at once)",
    )
    parser.add_argument(
        "--no-cap",
        action="store_true",
        help="let httpx queue requests beyond the pool itself (stock PTB) in both bots",
    )
    parser.add_argument(
        "--waves", type=int, default=1, help="run the crowd this many times, one after another"
    )
    parser.add_argument(
        "--only", choices=("bare", "ours"), default=None, help="run one bot (for profiling)"
    )
    arguments = parser.parse_args()
    asyncio.run(
        main(
            arguments.respondents,
            arguments.chat_interval,
            arguments.database_url,
            arguments.pool,
            arguments.only,
            arguments.waves,
            not arguments.no_cap,
            arguments.think,
        )
    )
