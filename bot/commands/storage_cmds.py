"""``betteroff db``, ``purge``, ``export``, ``invite``, ``staff`` and ``admin``.

Each command reads the settings, opens the database, does one thing and says what it did
in a sentence. Anything a script may consume (links, codes, CSV) goes to stdout alone;
everything meant for the person at the terminal goes to stderr.
"""

from __future__ import annotations

import asyncio
import difflib
import getpass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from bot.commands.common import (
    Refused,
    check_out_file,
    check_writable,
    load_settings,
    with_database,
)
from bot.commands.common import fail as _fail
from bot.commands.common import say as _say
from bot.commands.common import shown_url as _shown_url

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from bot.settings import Settings
    from storage.database import Database

T = TypeVar("T")

db_app = typer.Typer(
    name="db",
    help="Create or update the database tables.\n\nExample: betteroff db upgrade",
    no_args_is_help=True,
)
export_app = typer.Typer(
    name="export",
    help="Export stored data for other tools.\n\nExample: betteroff export answers --out a.csv",
    no_args_is_help=True,
)
invite_app = typer.Typer(
    name="invite",
    help=(
        "Make invite links (and QR codes) for families.\n\n"
        "Example: betteroff invite create --survey parent-carer-review --agency CSC"
    ),
    no_args_is_help=True,
)
staff_app = typer.Typer(
    name="staff",
    help="Codes staff send to the bot to receive pulse surveys.\n\n"
    "Example: betteroff staff join-code --agency POL",
    no_args_is_help=True,
)
agency_app = typer.Typer(
    name="agency",
    help=(
        "The partnership's agencies, by the code invites and join codes carry.\n\n"
        'Example: betteroff agency add CSC "Children\'s social care"'
    ),
    no_args_is_help=True,
)
admin_app = typer.Typer(
    name="admin",
    help="Who may use the bot's admin commands.\n\nExample: betteroff admin add 123456789",
    no_args_is_help=True,
)


#: Join codes stop working after this many days unless --expires says otherwise.
DEFAULT_JOIN_CODE_DAYS = 30


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


def _settings() -> Settings:
    return load_settings()


@db_app.command("upgrade")
def upgrade() -> None:
    """Create the tables, or bring them up to date; safe to run any number of times.

    Example: betteroff db upgrade
    """
    settings = _settings()

    async def work(db: Database) -> tuple[str | None, str | None]:
        before = await db.revision()
        await db.upgrade()
        return before, await db.revision()

    before, after = with_database(settings, work, create=True)
    where = _shown_url(settings)
    if before is None:
        _say(f"Created the tables of the database at {where}.", style="green")
    elif before != after:
        _say(f"Brought the database at {where} up to date ({before} -> {after}).", style="green")
    else:
        _say(f"The database at {where} was already up to date.", style="green")


def purge(
    dry_run: bool = typer.Option(False, "--dry-run", help="Only count what would go."),
) -> None:
    """Release finished days' responses; delete surveys abandoned part-way and responses
    past the retention period; scrub what went from the database files.

    Periods come from BETTEROFF_ABANDON_AFTER_DAYS (7) and BETTEROFF_RETENTION_DAYS (1095).

    Example: betteroff purge --dry-run
    """
    from rich.console import Console
    from rich.table import Table

    from storage import purge as retention

    settings = _settings()

    today = datetime.now(UTC).date()  # the day completions are stored under

    async def work(db: Database) -> tuple[int, retention.PurgeReport]:
        from storage.release import held_before, release_finished_days
        from storage.scrub import scrub

        if dry_run:
            async with db.read() as session:
                released = await held_before(session=session, before=today)
        else:
            released = await release_finished_days(db, today=today)
        async with db.write() as session:
            report = await retention.purge(
                session=session,
                now=datetime.now(UTC),
                today=today,
                abandon_after=timedelta(days=settings.abandon_after_days),
                retention_days=settings.retention_days,
                dry_run=dry_run,
            )
        if not dry_run:
            await scrub(db)
        return released, report

    released, report = with_database(settings, work)
    verb = "would be deleted" if dry_run else "deleted"
    table = Table(title=f"Purge ({verb})")
    table.add_column("what")
    table.add_column("how many", justify="right")
    table.add_row("responses released from finished days", str(released))
    table.add_row(
        f"surveys abandoned over {settings.abandon_after_days:g} days",
        str(report.abandoned_sessions),
    )
    table.add_row(
        f"responses older than {settings.retention_days} days", str(report.expired_responses)
    )
    table.add_row("remembered update ids over a day old", str(report.old_updates))
    table.add_row("invites long expired", str(report.expired_invites))
    table.add_row("wrong-code counts whose hour is over", str(report.old_wrong_codes))
    table.add_row("thank-yous kept in case they were lost", str(report.unsent_thanks))
    Console(stderr=True).print(table)


@export_app.command("answers")
def export_answers(
    format: ExportFormat | None = typer.Option(
        None, "--format", help="csv or xlsx; default: from --out's suffix, else csv."
    ),
    out: Path | None = typer.Option(
        None, "--out", metavar="FILE", help="File to write; default: stdout (csv)."
    ),
    precise_dates: bool = typer.Option(
        False, "--precise-dates", help="Give completed_on as a day, not a month (audited)."
    ),
    include_private: bool = typer.Option(
        False,
        "--include-private",
        help="Also give words whose author asked to keep them private (audited).",
    ),
) -> None:
    """One row per stored answer, with the Contract's columns; cells are spreadsheet-safe.

    completed_on is YYYY-MM unless --precise-dates; text is empty where its author declined
    to share it, unless --include-private. Every export is written to the audit log.

    Example: betteroff export answers --format xlsx --out answers.xlsx
    """
    from storage.audit import record_audit
    from storage.export import answer_rows, write_csv, write_xlsx

    chosen = format or (ExportFormat.xlsx if out and out.suffix == ".xlsx" else ExportFormat.csv)
    if chosen is ExportFormat.xlsx and out is None:
        raise _fail("A spreadsheet cannot go to the terminal: add --out FILE.xlsx.")
    settings = _settings()
    detail = " ".join(
        [f"answers {chosen.value}"]
        + ["precise-dates"] * precise_dates
        + ["include-private"] * include_private
    )

    async def work(db: Database) -> list[dict[str, str | int | float]]:
        # Logged before the rows are read, so an export is never missing from the log.
        async with db.write() as session:
            await record_audit(
                session=session,
                actor_key=db.auditor_key(f"cli:{getpass.getuser()}"),
                action="export",
                detail=detail,
                now=datetime.now(UTC),
            )
        async with db.read() as session:
            return await answer_rows(
                session=session, precise_dates=precise_dates, include_private=include_private
            )

    if out is not None:
        check_out_file(out, option="--out")
    rows = with_database(settings, work, keyed=True)
    try:
        if chosen is ExportFormat.xlsx:
            assert out is not None
            write_xlsx(rows, out)
        elif out is None:
            import sys

            write_csv(rows, sys.stdout)
        else:
            with out.open("w", encoding="utf-8", newline="") as stream:
                write_csv(rows, stream)
    except OSError as error:
        raise _fail(
            f"Could not write {out}: {error.strerror or error}. Choose another --out."
        ) from None
    where = f" to {out}" if out else ""
    _say(f"Exported {len(rows)} answers{where} ({detail}; noted in the audit log).")


def _check_survey(survey_id: str) -> None:
    try:
        from surveys.catalog import shipped_surveys
    except ImportError:  # the catalog ships with the survey definitions
        return
    known = shipped_surveys()
    if survey_id in known:
        return
    near = difflib.get_close_matches(survey_id, known, n=1)
    hint = f" Did you mean {near[0]}?" if near else ""
    raise _fail(
        f"There is no survey {survey_id!r}.{hint} "
        f"Known surveys: {', '.join(sorted(known)) or 'none'} (see `betteroff surveys list`)."
    )


def _bot_username(settings: Settings) -> str:
    from bot.invites import InviteError, bot_username

    try:
        return asyncio.run(bot_username(settings))
    except InviteError as error:
        raise _fail(str(error)) from None


@invite_app.command("create")
def invite_create(
    survey: str = typer.Option(
        ..., "--survey", metavar="ID", help="The survey id (betteroff surveys list)."
    ),
    agency: str = typer.Option(..., "--agency", metavar="CODE", help="The agency code, e.g. CSC."),
    team: str | None = typer.Option(None, "--team", metavar="CODE", help="The team code, if any."),
    touchpoint: str | None = typer.Option(
        None,
        "--touchpoint",
        metavar="WHEN",
        help="assessment, review or closure; default: the survey's own.",
    ),
    uses: int = typer.Option(
        1, "--uses", min=1, metavar="N", help="How many surveys each invite can start."
    ),
    unlimited: bool = typer.Option(
        False, "--unlimited", help="Any number of uses until it expires (a poster)."
    ),
    expires: int = typer.Option(
        14, "--expires", min=1, metavar="DAYS", help="Days until it stops working."
    ),
    count: int = typer.Option(
        1, "--count", min=1, max=10_000, metavar="N", help="How many invites."
    ),
    qr: Path | None = typer.Option(
        None, "--qr", metavar="DIR", help="Also write a QR code PNG per invite here."
    ),
) -> None:
    """Print one invite link per line: https://t.me/BOT?start=TOKEN (BOT: the bot's username).

    Invites carry survey, touchpoint, agency, team, expiry and uses; never a case or a person.
    The links are shown only now: the database keeps a hash of each token.

    Example: betteroff invite create --survey parent-carer-review --agency CSC --count 20 --qr qr/
    """
    from bot.qr import deep_link
    from storage.invites import create_invites
    from surveys.model import TOUCHPOINTS

    if touchpoint is not None and touchpoint not in TOUCHPOINTS:
        raise _fail(f"Unknown touchpoint {touchpoint!r}: use one of {', '.join(TOUCHPOINTS)}.")
    settings = _settings()  # first: BETTEROFF_SURVEYS_DIR decides which surveys exist
    _check_survey(survey)
    username = _bot_username(settings)
    now = datetime.now(UTC)

    if qr is not None:
        _prepare_qr_folder(qr)

    async def work(db: Database) -> list[str]:
        async with db.write() as session:
            await _require_agency(session, agency)
            tokens = await create_invites(
                session=session,
                survey_id=survey,
                agency=agency,
                team=team,
                touchpoint=touchpoint,
                uses=None if unlimited else uses,
                expires_at=now + timedelta(days=expires),
                count=count,
                now=now,
            )
            if qr is not None:  # inside the transaction: no QR code, no invite
                _write_qr_codes(qr, survey, agency, [deep_link(username, t) for t in tokens])
            return tokens

    tokens = with_database(settings, work)
    links = [deep_link(username, token) for token in tokens]
    for link in links:
        print(link)
    kind = "unlimited" if unlimited else f"{uses}-use"
    saved = f"; QR codes in {qr}" if qr else ""
    _say(
        f"{len(links)} {kind} invite{_s(len(links))} for {survey}, valid until "
        f"{_until(now, expires)}{saved}."
    )


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def _until(now: datetime, days: int) -> str:
    """``4 January 2027 (14 days)``: when something made now stops working."""
    end = now + timedelta(days=days)
    return f"{end.day} {end:%B %Y} ({days} day{_s(days)})"


def _prepare_qr_folder(qr: Path) -> None:
    """Make the --qr folder and try writing in it, before any invite exists."""
    try:
        qr.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise _fail(f"{qr} is a file, not a folder: give --qr a folder.") from None
    except OSError as error:
        raise _fail(
            f"Cannot make the folder {qr} ({error.strerror or error}): choose another --qr."
        ) from None
    check_writable(qr, option="--qr")


def _write_qr_codes(qr: Path, survey: str, agency: str, links: list[str]) -> None:
    """One PNG per link; raises Refused (so the invites are not kept) if one cannot be."""
    from bot.qr import qr_png

    for number, link in enumerate(links, start=1):
        target = qr / f"{survey}-{agency}-{number:03d}.png"
        try:
            target.write_bytes(qr_png(link))
        except OSError as error:
            raise Refused(
                f"Could not write {target} ({error.strerror or error}), so no invite was "
                "kept: choose another --qr and run the command again."
            ) from None


async def _require_agency(session: AsyncSession, code: str) -> None:
    """Refuse an agency code nobody registered, with the nearest registered one."""
    from storage.agencies import list_agencies

    known = {agency.code: agency for agency in await list_agencies(session=session)}
    if code in known:
        return
    add = f'betteroff agency add {code} "Full name"'
    if not known:
        raise Refused(
            f"No agencies are registered yet. Add {code!r} with `{add}` (see "
            "`betteroff agency --help`), then run this again."
        )
    same = [k for k in known if k.lower() == code.lower()]
    near = same or difflib.get_close_matches(code, list(known), n=1, cutoff=0.5)
    hint = f" Did you mean {near[0]} ({known[near[0]].name or 'no name'})?" if near else ""
    raise Refused(
        f"There is no agency {code!r}.{hint} Registered: {', '.join(sorted(known))} "
        f"(`betteroff agency list`). A new agency? Add it first: `{add}`."
    )


@staff_app.command("join-code")
def staff_join_code(
    agency: str = typer.Option(..., "--agency", metavar="CODE", help="The agency code, e.g. POL."),
    team: str | None = typer.Option(None, "--team", metavar="CODE", help="The team code, if any."),
    role: str = typer.Option(
        "practitioner", "--role", metavar="ROLE", help="practitioner or manager."
    ),
    expires: int = typer.Option(
        DEFAULT_JOIN_CODE_DAYS, "--expires", min=1, metavar="DAYS", help="Days it stays valid."
    ),
) -> None:
    """Print a code staff send to the bot as /join CODE to receive pulse rounds.

    The agency must be registered (betteroff agency add). The code stops working after
    --expires days (30 by default).

    Example: betteroff staff join-code --agency POL --team mash --expires 30
    """
    from storage.staff import create_join_code

    settings = _settings()
    now = datetime.now(UTC)

    async def work(db: Database) -> str:
        async with db.write() as session:
            await _require_agency(session, agency)
            return await create_join_code(
                session=session,
                agency=agency,
                team=team,
                role=role,
                secret=db.secret,
                now=now,
                expires_at=now + timedelta(days=expires),
            )

    print(with_database(settings, work, keyed=True))
    _say(
        f"Staff send this to the bot as /join CODE, until {_until(now, expires)}. "
        "It is shown only now."
    )


@agency_app.command("add")
def agency_add(
    code: str = typer.Argument(..., help="A short code, e.g. CSC, POL, HEALTH."),
    name: str = typer.Argument(..., help="The agency's name, as reports should show it."),
) -> None:
    """Register an agency (or rename one) so invites and join codes may name it.

    Example: betteroff agency add CSC "Children's social care"
    """
    from storage.agencies import CODE_SHAPE, add_agency

    if not CODE_SHAPE.match(code):
        raise _fail(
            f"{code!r} cannot be an agency code: use up to 32 letters, digits, - and _, "
            "starting with a letter or digit, e.g. CSC."
        )
    if not name.strip():
        raise _fail(
            'Give the agency a name too, e.g. betteroff agency add CSC "Children\'s social care".'
        )
    settings = _settings()

    async def work(db: Database) -> bool:
        async with db.write() as session:
            return await add_agency(session=session, code=code, name=name.strip(),
                                    now=datetime.now(UTC))  # fmt: skip

    added = with_database(settings, work)
    verb = "Registered" if added else "Renamed"
    _say(f"{verb} agency {code}: {name.strip()}.", style="green")


@agency_app.command("list")
def agency_list() -> None:
    """List the registered agencies: code, name, when added.

    Example: betteroff agency list
    """
    from rich.console import Console
    from rich.table import Table

    from storage.agencies import list_agencies

    settings = _settings()

    async def work(db: Database) -> list[Any]:
        async with db.read() as session:
            return list(await list_agencies(session=session))

    agencies = with_database(settings, work)
    if not agencies:
        _say('No agencies are registered yet: betteroff agency add CSC "Children\'s social care".')
        return
    table = Table(title="Agencies")
    table.add_column("code", no_wrap=True)
    table.add_column("name")
    table.add_column("added", no_wrap=True)
    for agency in agencies:
        table.add_row(agency.code, agency.name or "", f"{agency.created_at:%Y-%m-%d}")
    Console(soft_wrap=False).print(table)


@admin_app.command("add")
def admin_add(
    user_id: int = typer.Argument(..., help="The Telegram user id (a number)."),
) -> None:
    """Let a Telegram user use the bot's admin commands (/summary, /stories, /flags …).

    Example: betteroff admin add 123456789
    """
    from storage.staff import add_admin

    settings = _settings()

    async def work(db: Database) -> bool:
        async with db.write() as session:
            return await add_admin(session=session, user_id=user_id, now=datetime.now(UTC))

    added = with_database(settings, work)
    _say(f"{user_id} {'is now' if added else 'was already'} an admin.", style="green")


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.add_typer(db_app)
    app.command("purge")(purge)
    app.add_typer(export_app)
    app.add_typer(invite_app)
    app.add_typer(agency_app)
    app.add_typer(staff_app)
    app.add_typer(admin_app)
