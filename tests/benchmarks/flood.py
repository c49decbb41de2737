"""One chat flooding the bot must not slow anybody else down.

    python tests/benchmarks/flood.py [--flood 1000] [--surveys 6] [--rounds 3]

A calm parent takes the review survey ``--surveys`` times, tapping "Agree" as soon as each
question arrives; every tap is timed to the next question. In each round they do it twice:
once alone (the baseline) and once while another chat sends ``--flood`` messages at once.
The bot runs as in the tests (the real ``Application`` over HTTP on the emulator, SQLite,
Telegram's 30 messages a second for the whole bot, a short per-chat pacing).

Target: the calm parent's tap-to-reply p95 under the flood is at most twice their p95
alone, measured in the same round; the median of the rounds' ratios is judged. Prints a
``target`` line and exits 1 when it is missed.

Before the fix, each of the flood's updates held one of PTB's update slots while it waited
for its chat's turn, and everybody else's updates queued behind them.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # for tests.bot._helpers

from bot.emulator import Emulator
from bot.emulator.user import EmulatedUser
from storage.database import Database
from tests.bot._helpers import new_invite, running_bot

SURVEY = "parent-carer-review"
QUESTIONS = 6
TARGET_RATIO = 2.0


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


async def take_surveys(parent: EmulatedUser, db: Database, surveys: int) -> list[float]:
    latencies: list[float] = []
    for _ in range(surveys):
        await parent.send(f"/start {await new_invite(db, SURVEY)}")
        welcome = await parent.next_message(timeout=60)
        await parent.tap(welcome, "✅ English")
        question = await parent.next_message(timeout=60)
        for _ in range(QUESTIONS):
            tapped = time.perf_counter()
            await parent.tap(question, "Agree")
            question = await parent.next_message(timeout=60)
            latencies.append(time.perf_counter() - tapped)
        await parent.tap(question, "Skip ➡️")
        await parent.next_message(timeout=60)  # thanks
    return latencies


async def one_round(
    emulator: Emulator, db: Database, round_no: int, args: argparse.Namespace
) -> float:
    async with running_bot(emulator, db):
        alone = await take_surveys(emulator.user(10_000 + round_no, "Calm"), db, args.surveys)
        flooder = emulator.user(20_000 + round_no, "Flood")
        flood = asyncio.gather(*(flooder.send(f"spam {n}") for n in range(args.flood)))
        flooded = await take_surveys(emulator.user(30_000 + round_no, "Calm"), db, args.surveys)
        await flood
    ratio = p95(flooded) / p95(alone)
    print(
        f"round {round_no}: p95 alone {p95(alone) * 1000:.1f} ms, "
        f"under a {args.flood}-message flood {p95(flooded) * 1000:.1f} ms: {ratio:.2f}x "
        f"({len(flooded)} taps each; flooder got {len(flooder.messages)} replies)"
    )
    return ratio


async def main(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(
            f"sqlite+aiosqlite:///{folder}/flood.db", secret="benchmark-secret-" + "x" * 32
        )
        await db.upgrade()
        try:
            async with Emulator() as emulator:
                ratios = [await one_round(emulator, db, n, args) for n in range(1, args.rounds + 1)]
        finally:
            await db.dispose()
    ratio = statistics.median(ratios)
    met = ratio <= TARGET_RATIO
    print(
        f"target     calm p95 under a flood at most {TARGET_RATIO:.0f}x its p95 alone: "
        f"{ratio:.2f}x (median of {len(ratios)} rounds) — {'met' if met else 'NOT MET'}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flood", type=int, default=1000, help="messages the flooding chat sends")
    parser.add_argument("--surveys", type=int, default=6, help="surveys the calm parent takes")
    parser.add_argument("--rounds", type=int, default=3)
    sys.exit(asyncio.run(main(parser.parse_args())))
