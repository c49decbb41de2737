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

import asyncio
import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from analytics.periods import Period, quarter_containing
from bot.demo import checks, history
from bot.demo.botproc import BotConfig, BotProcess
from bot.demo.drive import (
    DemoFailure,
    LogCapture,
    Stage,
    Tally,
    forum_link,
    join_staff,
    review_stories,
    take_survey,
)
from bot.demo.people import ADMIN_ID, AGENCIES, Cast, Journey, Quarter, cast
from bot.emulator import Emulator
from storage.database import Database

#: Made up; the emulator takes any token of the right shape, and nothing leaves 127.0.0.1.
DEMO_TOKEN = "4242424242:betteroff-demo-not-a-real-token"
DEMO_BOT = "betteroff_demo_bot"
LOCAL_HELP = "Front door (synthetic): 0121 496 0000"
TIMEZONE = "Europe/London"
#: The suppression threshold the reports use (the default, as in production).
MIN_RESPONSES = 10
DB_NAME = "betteroff.db"
REPORTS = {"html": "report.html", "md": "report.md", "xlsx": "report.xlsx"}
#: The forum link a facilitator makes stays open this long.
FORUM_MINUTES = 120
#: How many runs of the pulse job go at once (see :meth:`Run.wave`).
PULSE_WORKERS = 8
#: Seconds the pulse job may run before the families arrive.
PULSE_HEAD_START = 3.0
#: Unused invites, as a share of those handed out: not everyone opens the link.
UNOPENED = 0.1

Progress = Callable[[str, int, int], None]


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


class _Errors:
    """The bot's errors (from its process) first, then this process's."""

    def __init__(self, bot: BotProcess, logged: LogCapture) -> None:
        self.bot = bot
        self.logged = logged

    def hint(self) -> str:
        return self.bot.hint() or self.logged.hint()


def _first_failure(group: BaseExceptionGroup[BaseException]) -> BaseException:
    leaves: list[BaseException] = []

    def walk(error: BaseException) -> None:
        if isinstance(error, BaseExceptionGroup):
            for inner in error.exceptions:
                walk(inner)
        else:
            leaves.append(error)

    walk(group)
    failures = [leaf for leaf in leaves if isinstance(leaf, DemoFailure)]
    return (failures or leaves)[0]


@dataclass
class Run:
    """One demo run's moving parts, shared by the waves."""

    options: DemoOptions
    cast: Cast
    db: Database
    emulator: Emulator
    bot: BotProcess
    stage: Stage
    today: date
    since_day: date
    progress: Progress
    rng: random.Random
    done: int = 0
    #: Responses moved onto days in each quarter (see :mod:`bot.demo.history`).
    moved: dict[str, int] = field(default_factory=dict)

    def advance(self, label: str) -> None:
        self.done += 1
        self.progress(label, self.done, len(self.cast.journeys))

    async def join_codes(self) -> dict[tuple[str, str], str]:
        from storage.staff import create_join_code, ensure_agency

        now = datetime.now(UTC)
        codes: dict[tuple[str, str], str] = {}
        async with self.db.write() as session:
            for agency, (name, _) in AGENCIES.items():
                await ensure_agency(session=session, code=agency, name=name, now=now)
            for member in self.cast.pulse_staff:
                key = (member.agency, member.team)
                if key not in codes:
                    codes[key] = await create_join_code(
                        session=session, agency=member.agency, team=member.team,
                        secret=self.db.secret, now=now,
                    )  # fmt: skip
        return codes

    async def invite_links(self, journeys: list[Journey]) -> dict[int, str]:
        """One single-use invite per family and training journey, and a few never opened."""
        from bot.qr import deep_link
        from storage.invites import create_invites

        invited = [j for j in journeys if j.route in ("invite", "training")]
        unopened = self.rng.sample(invited, round(len(invited) * UNOPENED))
        now = datetime.now(UTC)
        links: dict[int, str] = {}
        async with self.db.write() as session:
            for journey in [*invited, *unopened]:
                survey = self.stage.surveys[journey.survey_id]
                (token,) = await create_invites(
                    session=session, survey_id=survey.id, agency=journey.agency,
                    team=journey.team, touchpoint=survey.touchpoint, uses=1, now=now,
                    expires_at=now + history.INVITE_LIFETIME,
                )  # fmt: skip
                links.setdefault(journey.number, deep_link(DEMO_BOT, token))
        return links

    async def one(self, journey: Journey, link: str | None, gate: asyncio.Semaphore) -> None:
        user = self.emulator.user(
            journey.user_id, journey.first_name, language_code=journey.language
        )
        label = "Previous quarter (simulated)" if journey.quarter == "previous" else "This quarter"
        if link is None:  # the pulse arrives when the job gets to this person
            await take_survey(self.stage, journey, user)
        else:
            async with gate:
                await take_survey(self.stage, journey, user, link=link)
        self.advance(label)

    async def wave(self, quarter: Quarter, to: history.Days, pulse_period: str) -> None:
        began = datetime.now(UTC)
        journeys = self.cast.of(quarter)
        links = await self.invite_links(journeys)
        if any(j.route == "forum" for j in journeys):
            facilitator = self.emulator.user(self.cast.facilitator.user_id, "Facilitator")
            link = await forum_link(self.stage, facilitator, FORUM_MINUTES)
            links.update({j.number: link for j in journeys if j.route == "forum"})
        gate = asyncio.Semaphore(self.options.concurrency)
        async with asyncio.TaskGroup() as group:
            pulse = group.create_task(self.bot.pulse(pulse_period, PULSE_WORKERS))
            # The job claims staff one at a time; once hundreds of families are tapping,
            # each claim waits its turn for the database. A head start keeps it brisk.
            await asyncio.wait({pulse}, timeout=PULSE_HEAD_START)
            for journey in journeys:
                group.create_task(self.one(journey, links.get(journey.number), gate))
        staff = len(self.cast.pulse_staff)
        if pulse.result() != staff:
            raise DemoFailure(
                f"The pulse job reached {pulse.result()} of the {staff} members of staff who "
                "joined; it should reach each of them once."
            )
        self.moved[quarter] = await history.move_wave(
            self.db, since_day=self.since_day, since=began, to=to, rng=self.rng
        )

    async def everything(self, all_driven: asyncio.Event) -> None:
        codes = await self.join_codes()
        async with asyncio.TaskGroup() as group:
            for member in self.cast.pulse_staff:
                user = self.emulator.user(member.user_id, "Staff")
                group.create_task(join_staff(self.stage, user, codes[(member.agency, member.team)]))
        current = quarter_containing(self.today)
        previous = current.previous()
        last_before = min(previous.end, self.since_day - timedelta(days=1))
        middle = previous.start + timedelta(days=40)
        await self.wave("previous", history.Days(previous.start, last_before), f"{middle:%Y-%m}")
        await self.wave("current", history.Days(current.start, self.today), f"{self.today:%Y-%m}")
        all_driven.set()


async def run_demo(
    options: DemoOptions,
    *,
    progress: Progress | None = None,
    tweak_emulator: Callable[[Emulator], None] | None = None,
) -> DemoResult:
    """Run the whole demo; raises :class:`DemoFailure` saying what broke."""
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
    bot: BotProcess | None = None
    with LogCapture.capture() as logged:
        try:
            await db.upgrade()
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
                errors = _Errors(bot, logged)
                stage = Stage(
                    surveys=dict(shipped_surveys()),
                    local_help=LOCAL_HELP,
                    timeout=options.step_timeout,
                    errors=errors,
                )
                run = Run(
                    options, people, db, emulator, bot, stage, today,
                    since_day=min(today, now.date()),
                    progress=progress or (lambda *_: None),
                    rng=random.Random(options.seed + 1),
                )  # fmt: skip
                try:
                    await bot.start()
                    await _drive(run, emulator)
                finally:
                    await bot.stop()
                if bot.drain():
                    raise DemoFailure(f"The bot hit an error while handling an update.{bot.hint()}")
            stored = await checks.count_stored(db)
            checks.compare(stored, stage.tally)
            await checks.check_redaction(db, stage.tally.planted)
            result = await _write_reports(run, stored, database, database_url)
        finally:
            await db.dispose()
    checks.check_file_bytes([database, database.with_name(DB_NAME + "-wal")], stage.tally.planted)
    result.elapsed = time.perf_counter() - began
    return result


async def _drive(run: Run, emulator: Emulator) -> None:
    admin = emulator.user(ADMIN_ID, "Admin", language_code="en")
    all_driven = asyncio.Event()
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(
                review_stories(run.stage, admin, random.Random(run.options.seed + 2), all_driven)
            )
            group.create_task(run.everything(all_driven))
    except BaseExceptionGroup as group_error:
        raise _first_failure(group_error) from None


async def _write_reports(
    run: Run, stored: checks.Stored, database: Path, database_url: str
) -> DemoResult:
    from analytics.render import render
    from analytics.report import build_report, summary_lines
    from storage.audit import record_audit

    period = quarter_containing(run.today)
    async with run.db.write() as session:
        await record_audit(
            session=session,
            actor_key=run.db.auditor_key("cli:demo"),
            action="report",
            detail=f"{period.code} demo",
            now=datetime.now(UTC),
        )
    try:
        report = await build_report(
            run.db,
            period=period,
            min_responses=MIN_RESPONSES,
            timezone=TIMEZONE,
            today=run.today,
        )
        documents = {format_: render(report, format_) for format_ in REPORTS}  # type: ignore[arg-type]
    except Exception as error:  # the bot and storage checked out; say which part broke
        raise DemoFailure(
            "Everything the respondents did was stored correctly, but building the report "
            f"failed ({type(error).__name__}: {error}): a bug in the report code (analytics/)."
        ) from error
    files: dict[str, Path] = {}
    for format_, document in documents.items():
        path = run.options.out / REPORTS[format_]
        try:
            if isinstance(document, bytes):
                path.write_bytes(document)
            else:
                path.write_text(document, encoding="utf-8")
        except OSError as error:
            raise DemoFailure(f"Could not write {path}: {error.strerror}.") from None
        files[format_] = path
    statements = report.statements
    shown = statements[~statements["suppressed"]] if len(statements) else statements
    compared = int(shown["previous_percent"].notna().sum()) if len(shown) else 0
    return DemoResult(
        out=run.options.out,
        database=database,
        database_url=database_url,
        files=files,
        period=period,
        previous=period.previous(),
        headline=summary_lines(report, limit=8),
        stored=stored,
        tally=run.stage.tally,
        moved=run.moved,
        statements=len(statements),
        suppressed=len(statements) - len(shown),
        compared=compared,
        notes=list(report.notes),
    )
