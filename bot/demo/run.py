"""``betteroff demo``: the whole loop, offline, as a check that the whole system works.

1. A fresh SQLite database in the output folder, migrated like any other.
2. The real bot (:func:`bot.app.build_application`, real pacing of one message a second
   per chat) against the local Bot API emulator on 127.0.0.1, with a made-up token.
3. Synthetic families, children, young people and staff arrive by deep links, tap and
   type their way through the shipped surveys; staff ``/join`` and answer the pulse the
   scheduler's job sends; a facilitator makes a forum link with ``/invite``; the admin
   approves or rejects stories with ``/stories``. It runs in two waves — the previous
   quarter, then this one — and each wave's answers are moved onto days in its quarter
   (:mod:`bot.demo.history`), because the bot always stamps today.
4. The database is checked against what was driven (:mod:`bot.demo.checks`), then the
   HTML, Markdown and XLSX reports for this quarter so far are written beside it.

Anything that breaks raises :class:`~bot.demo.drive.DemoFailure` with one sentence.
"""

from __future__ import annotations

import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from analytics.periods import Period, quarter_containing
from bot.demo import checks
from bot.demo.botproc import BotConfig, BotProcess
from bot.demo.drive import DemoFailure, LogCapture, Stage, Tally
from bot.demo.people import ADMIN_ID, cast
from bot.demo.waves import DEMO_BOT, ErrorHints, Progress, Waves
from bot.emulator import Emulator
from storage.database import Database

#: Made up; the emulator takes any token of the right shape, and nothing leaves 127.0.0.1.
DEMO_TOKEN = "4242424242:betteroff-demo-not-a-real-token"
LOCAL_HELP = "Front door (synthetic): 0121 496 0000"
TIMEZONE = "Europe/London"
#: The suppression threshold the reports use (the default, as in production).
MIN_RESPONSES = 10
DB_NAME = "betteroff.db"
REPORTS = {"html": "report.html", "md": "report.md", "xlsx": "report.xlsx"}


@dataclass(frozen=True)
class DemoOptions:
    respondents: int = 300
    seed: int = 1
    out: Path = Path("betteroff-demo")
    force: bool = False
    #: Least gap between two messages to one chat; Telegram asks for one second.
    chat_interval: float = 1.0
    #: How many people answer at once (the pulse comes to staff whenever it comes).
    concurrency: int = 200
    #: How long a person waits for the bot's next message before the demo calls it broken.
    step_timeout: float = 30.0


@dataclass
class DemoResult:
    out: Path
    database: Path
    database_url: str
    files: dict[str, Path]
    period: Period
    previous: Period
    headline: list[str]
    stored: checks.Stored
    tally: Tally
    moved: dict[str, int]
    statements: int
    suppressed: int
    compared: int
    elapsed: float = 0.0
    notes: list[str] = field(default_factory=list)


def prepare_folder(out: Path, *, force: bool) -> Path:
    """The output folder with no old demo database in it (``force`` deletes one)."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DemoFailure(f"Could not create the folder {out}: {error.strerror}.") from None
    database = out / DB_NAME
    old = [database, *(database.with_name(DB_NAME + s) for s in ("-wal", "-shm", "-journal"))]
    if database.exists() and not force:
        raise DemoFailure(
            f"{database} already exists. Pass --force to replace it with a fresh demo, "
            "or choose another folder with --out."
        )
    for path in old:
        path.unlink(missing_ok=True)
    return database


async def run_demo(
    options: DemoOptions,
    *,
    progress: Progress | None = None,
    tweak_emulator: Callable[[Emulator], None] | None = None,
) -> DemoResult:
    """Run the whole demo; raises :class:`DemoFailure` saying what broke."""
    from storage.deployment import mark_demo
    from surveys.catalog import shipped_surveys

    began = time.perf_counter()
    database = prepare_folder(options.out, force=options.force)
    database_url = f"sqlite+aiosqlite:///{database.resolve()}"
    rng = random.Random(options.seed)
    people = cast(options.respondents, rng)
    now = datetime.now(UTC)
    today = now.astimezone(ZoneInfo(TIMEZONE)).date()
    secret = secrets.token_hex(32)
    db = Database(database_url, secret=secret)
    with LogCapture.capture() as logged:
        try:
            await db.upgrade()
            async with db.write() as session:  # synthetic people; its secret is thrown away
                await mark_demo(session=session, secret=secret, now=now)
            async with Emulator(token=DEMO_TOKEN, bot_username=DEMO_BOT) as emulator:
                if tweak_emulator is not None:
                    tweak_emulator(emulator)
                bot = BotProcess(
                    BotConfig(
                        token=DEMO_TOKEN, base_url=emulator.base_url, bot_username=DEMO_BOT,
                        database_url=database_url, secret=secret, admins=(ADMIN_ID,),
                        local_help=LOCAL_HELP, timezone=TIMEZONE,
                        chat_interval=options.chat_interval,
                    )
                )  # fmt: skip
                errors = ErrorHints(bot, logged)
                stage = Stage(
                    surveys=dict(shipped_surveys()),
                    local_help=LOCAL_HELP,
                    timeout=options.step_timeout,
                    errors=errors,
                )
                waves = Waves(
                    people, db, emulator, bot, stage, today,
                    since_day=min(today, now.date()),
                    progress=progress or (lambda *_: None),
                    seed=options.seed, concurrency=options.concurrency,
                )  # fmt: skip
                try:
                    await bot.start()
                    await waves.drive()
                finally:
                    await bot.stop()
                if bot.drain():
                    raise DemoFailure(f"The bot hit an error while handling an update.{bot.hint()}")
            stored = await checks.count_stored(db)
            checks.compare(stored, stage.tally)
            await checks.check_redaction(db, stage.tally.planted)
            result = await _write_reports(waves, options.out, stored, database, database_url)
        finally:
            await db.dispose()
    checks.check_file_bytes([database, database.with_name(DB_NAME + "-wal")], stage.tally.planted)
    result.elapsed = time.perf_counter() - began
    return result


async def _write_reports(
    waves: Waves, out: Path, stored: checks.Stored, database: Path, database_url: str
) -> DemoResult:
    from storage.audit import record_audit

    period = quarter_containing(waves.today)
    async with waves.db.write() as session:
        await record_audit(
            session=session,
            actor_key=waves.db.auditor_key("cli:demo"),
            action="report",
            detail=f"{period.code} demo",
            now=datetime.now(UTC),
        )
    try:
        from analytics.render import render
        from analytics.report import build_report, summary_lines

        report = await build_report(
            waves.db,
            period=period,
            min_responses=MIN_RESPONSES,
            timezone=TIMEZONE,
            today=waves.today,
        )
        documents = {format_: render(report, format_) for format_ in REPORTS}  # type: ignore[arg-type]
        headline = summary_lines(report, limit=8)
        statements = report.statements
        shown = statements[~statements["suppressed"].astype(bool)]
        compared = int(shown["previous_percent"].notna().sum())
    except Exception as error:  # the bot and storage checked out; say which part broke
        raise DemoFailure(
            "Everything the respondents did was stored correctly, but building the report "
            f"failed ({type(error).__name__}: {error}): a bug in the report code (analytics/)."
        ) from error
    files: dict[str, Path] = {}
    for format_, document in documents.items():
        path = out / REPORTS[format_]
        try:
            if isinstance(document, bytes):
                path.write_bytes(document)
            else:
                path.write_text(document, encoding="utf-8")
        except OSError as error:
            raise DemoFailure(f"Could not write {path}: {error.strerror}.") from None
        files[format_] = path
    return DemoResult(
        out=out,
        database=database,
        database_url=database_url,
        files=files,
        period=period,
        previous=period.previous(),
        headline=headline,
        stored=stored,
        tally=waves.stage.tally,
        moved=waves.moved,
        statements=len(statements),
        suppressed=len(statements) - len(shown),
        compared=compared,
        notes=list(report.notes),
    )
