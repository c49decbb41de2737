"""How long `report` takes over a million answers, against raw SQL over the same answers.

    python tests/benchmarks/report_scale.py [--answers 1000000] [--keep DIR]

1. Builds an SQLite database with the real migrations and fills it with synthetic
   responses (10 answers each, spread over four quarters, several surveys, touchpoints
   and agencies, a few stories and unfinished surveys).
2. In a fresh child process (so its peak memory is the report's own), after the
   imports: times a raw ``GROUP BY`` count over the same answers, then the report
   (``build_report`` + ``render(..., "html")``), and prints both, their ratio and the
   peak resident memory.

Targets (from the issue): at most 3x the raw GROUP BY, at most 10 s, at most 1 GB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

#: (survey id, audience, touchpoint, [(question id, indicator)])
SURVEYS = [
    ("parent-carer-review", "parent_carer", "review",
     ["listened", "plan", "together", "better", "respect", "strengths", "culture", "adults",
      "know-help", "safe"]),
    ("parent-carer-assessment", "parent_carer", "assessment",
     ["listened", "respect", "strengths", "culture", "adults", "plan", "together", "better",
      "know-help", "safe"]),
    ("young-person-review", "young_person", "review",
     ["listened", "plan", "safe-area", "together", "talk", "better", "respect", "strengths",
      "culture", "adults"]),
    ("child-closure", "child", "closure",
     ["listened", "safe-home", "ask-for-help", "talk", "better", "respect", "strengths",
      "culture", "adults", "plan"]),
]  # fmt: skip
INDICATORS = {
    "listened": "felt-listened-to", "plan": "understood-plan",
    "together": "helpers-worked-together",
    "better": "family-better-off", "respect": "treated-with-respect",
    "strengths": "worker-saw-strengths", "culture": "culture-understood",
    "adults": "all-adults-involved", "know-help": "knows-how-to-get-help",
    "safe": "feels-safe-at-home", "safe-area": "feels-safe-in-area", "talk": "can-talk-to-worker",
    "safe-home": "feels-safe-at-home", "ask-for-help": "knows-how-to-get-help",
}  # fmt: skip
AGENCIES = ["CSC", "HLT", "POL", "EDU", "VOL"]
FIRST_DAY = date(2025, 10, 1)
DAYS = (date(2026, 9, 30) - FIRST_DAY).days + 1
RAW_SQL = """
SELECT a.indicator, r.audience, r.touchpoint, count(*), sum(a.positive)
FROM answers a JOIN responses r ON r.id = a.response_id
WHERE a.counted = 1 AND a.indicator IS NOT NULL AND r.completed_on BETWEEN ? AND ?
GROUP BY a.indicator, r.audience, r.touchpoint
"""
PLAIN_SQL = "SELECT indicator, count(*) FROM answers GROUP BY indicator"


def build_database(path: Path, answers: int) -> None:
    from storage.database import Database

    async def migrate() -> None:
        db = Database(f"sqlite+aiosqlite:///{path}", secret="benchmark")
        await db.upgrade()
        await db.dispose()

    asyncio.run(migrate())
    rng = random.Random(20260930)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = OFF")
    now = "2026-10-01 09:00:00.000000"
    connection.executemany(
        "INSERT INTO agencies (code, name, created_at) VALUES (?, ?, ?)",
        [(a, a, now) for a in AGENCIES],
    )
    responses = answers // 10
    response_rows: list[tuple[object, ...]] = []
    answer_rows: list[tuple[object, ...]] = []
    story_rows: list[tuple[object, ...]] = []
    for index in range(responses):
        survey_id, audience, touchpoint, questions = SURVEYS[index % len(SURVEYS)]
        response_id = f"{rng.getrandbits(128):032x}"  # random, as the bot makes them
        prefix = rng.getrandbits(53) << 10  # the answers' ids, as storage.keys makes them
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        agency = AGENCIES[rng.randrange(len(AGENCIES))]
        response_rows.append(
            (response_id, survey_id, 1, audience, touchpoint, agency, None, "en",
             day.isoformat(), 0, None, 0, f"w{index:063x}")
        )  # fmt: skip
        leaning = rng.random()
        for position, question in enumerate(questions):
            answer_id = prefix | position
            counted = rng.random() > 0.05
            positive = counted and rng.random() < 0.55 + 0.4 * leaning
            answer_rows.append(
                (answer_id, response_id, question, INDICATORS[question],
                 "agree" if positive else ("disagree" if counted else "dont_know"),
                 None, None, 0, int(counted), int(positive) if counted else None, 0, 0,
                 position)
            )  # fmt: skip
        if index % 500 == 0:
            answer_id = prefix | len(questions)
            answer_rows.append(
                (answer_id, response_id, "in-your-words", None, None, None,
                 f"Synthetic story number {index}: <b>they listened</b> =1+1", 0, None, None,
                 1, 1, len(questions))
            )  # fmt: skip
            story_rows.append((answer_id, "approved" if index % 1000 == 0 else "pending"))
    connection.executemany(
        "INSERT INTO responses (id, survey_id, survey_version, audience, touchpoint, agency, team,"
        " language, completed_on, flagged, flag_reasons, flag_followed_up, withdrawal_hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        response_rows,
    )
    connection.executemany(
        "INSERT INTO answers (id, response_id, question_id, indicator, codes, number, text,"
        " skipped, counted, positive, story, consent_to_quote, position)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        answer_rows,
    )
    connection.executemany(
        "INSERT INTO story_reviews (answer_id, status) VALUES (?, ?)", story_rows
    )
    connection.executemany(
        "INSERT INTO invites (token_hash, survey_id, touchpoint, agency, multi_use, created_at,"
        " uses_left) VALUES (?, ?, ?, ?, 0, ?, 1)",
        [
            (f"t{i:063x}", SURVEYS[i % 4][0], SURVEYS[i % 4][2], AGENCIES[i % 5],
             f"2026-{7 + i % 3:02d}-{1 + i % 28:02d} 10:00:00.000000")
            for i in range(responses // 3)
        ],
    )  # fmt: skip
    connection.commit()
    connection.execute("ANALYZE")
    connection.close()


def measure(path: Path) -> dict[str, float]:
    """Runs in the child process: raw SQL, then the report, then peak memory."""
    from analytics.periods import parse_period
    from analytics.render import render
    from analytics.report import build_report
    from storage.database import Database

    period = parse_period("2026-Q3")
    first = period.history(4)[0].start.isoformat()
    connection = sqlite3.connect(path)
    started = time.perf_counter()
    connection.execute(RAW_SQL, (first, period.end.isoformat())).fetchall()
    raw = time.perf_counter() - started
    started = time.perf_counter()
    connection.execute(PLAIN_SQL).fetchall()
    plain = time.perf_counter() - started
    connection.close()

    async def report() -> int:
        db = Database(f"sqlite+aiosqlite:///{path}", secret="benchmark")
        try:
            built = await build_report(db, period=period, min_responses=10)
            return len(render(built, "html"))
        finally:
            await db.dispose()

    started = time.perf_counter()
    size = asyncio.run(report())
    elapsed = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "raw": raw,
        "plain": plain,
        "report": elapsed,
        "peak_mib": peak_kib / 1024,
        "html_bytes": size,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="Directory to keep the database in.")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.measure:
        print(json.dumps(measure(options.measure)))
        return 0
    folder = options.keep or Path(tempfile.mkdtemp(prefix="betteroff-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "bench.db"
    if not path.exists():
        started = time.perf_counter()
        build_database(path, options.answers)
        print(f"Generated {options.answers:,} answers ({options.answers // 10:,} responses) "
              f"in {time.perf_counter() - started:.1f} s: {path}")  # fmt: skip
    child = subprocess.run(
        [sys.executable, __file__, "--measure", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if child.returncode != 0:
        print(child.stderr, file=sys.stderr)
        return 1
    result = json.loads(child.stdout.strip().splitlines()[-1])
    ratio = result["report"] / result["raw"]
    print(f"raw SQL GROUP BY (join, four quarters):  {result['raw']:.3f} s")
    print(f"plain GROUP BY indicator (answers only): {result['plain']:.3f} s")
    print(f"report to HTML:                          {result['report']:.3f} s "
          f"({result['html_bytes'] / 1024:.0f} KiB)")  # fmt: skip
    print(f"ratio report / raw GROUP BY:             {ratio:.2f}x  (target <= 3x)")
    print(f"peak memory of the report process:       {result['peak_mib']:.0f} MiB (target <= 1024)")
    ok = ratio <= 3 and result["report"] <= 10 and result["peak_mib"] <= 1024
    print("within targets" if ok else "OUTSIDE the targets")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
