"""A separate process answering surveys, for the multi-process storage tests.

python storage_worker.py surveys URL SECRET WORKER COUNT GO_FILE
    Wait for GO_FILE, then take COUNT surveys at once, every answer and the
    completion sent twice at the same moment (a repeated update); print a JSON summary.
python storage_worker.py burst URL SECRET WORKER
    Complete surveys until killed, printing each response id once it is committed.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from storage_sample import answer_all, finish, start

from storage.database import Database


async def take_survey(db: Database, chat_id: int, repeats: int) -> str:
    """The whole survey, every answer and the completion sent ``repeats`` times at once."""
    key = await start(db, chat_id, team=f"team{chat_id % 3}")
    await answer_all(db, key, repeats=repeats)
    receipts = await asyncio.gather(*(finish(db, key) for _ in range(repeats)))
    stored = [receipt.response_id for receipt in receipts if receipt is not None]
    if len(stored) != 1:
        raise AssertionError(f"completed {len(stored)} times")
    return stored[0]


async def surveys(url: str, secret: str, worker: int, count: int, go_file: str) -> None:
    db = Database(url, secret=secret)
    async with db.read() as session:  # connect before the start line
        await session.connection()
    print("ready", flush=True)
    while not Path(go_file).exists():
        time.sleep(0.01)
    errors: list[str] = []

    async def one(chat_id: int) -> None:
        try:
            await take_survey(db, chat_id, repeats=2)
        except Exception:
            errors.append(traceback.format_exc(limit=3))

    await asyncio.gather(*(one(worker * 10_000 + i) for i in range(count)))
    await db.dispose()
    print(json.dumps({"worker": worker, "errors": errors}), flush=True)


async def burst(url: str, secret: str, worker: int) -> None:
    db = Database(url, secret=secret)
    chat_id = worker * 1_000_000

    async def lane(lane_id: int) -> None:
        nonlocal chat_id
        while True:
            chat_id += 1
            response_id = await take_survey(db, chat_id, repeats=1)
            print(f"ack {response_id}", flush=True)

    await asyncio.gather(*(lane(i) for i in range(4)))


if __name__ == "__main__":
    mode, url, secret, worker, *rest = sys.argv[1:]
    if mode == "surveys":
        asyncio.run(surveys(url, secret, int(worker), int(rest[0]), rest[1]))
    else:
        asyncio.run(burst(url, secret, int(worker)))
