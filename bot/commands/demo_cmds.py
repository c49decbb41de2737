"""``betteroff demo``: the whole loop offline — and a check that the whole system works."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from bot.demo import DemoResult


def demo(
    respondents: int = typer.Option(
        300, "--respondents", "-n", min=10, help="How many synthetic people take part."
    ),
    seed: int = typer.Option(1, "--seed", help="Same seed, same people and answers."),
    out: Path = typer.Option(
        Path("betteroff-demo"), "--out", help="Folder for betteroff.db and the reports."
    ),
    force: bool = typer.Option(
        False, "--force", help="Replace a demo database already in the folder."
    ),
    chat_interval: float = typer.Option(
        1.0,
        "--chat-interval",
        min=0.0,
        hidden=True,
        help="Least seconds between two messages to one chat (Telegram asks for 1).",
    ),
) -> None:
    """Run the real bot against a local Telegram emulator with synthetic families and staff.

    No token and no network: a fresh database at DIR/betteroff.db, invites, hundreds of
    people tapping and typing through the surveys over HTTP, staff answering the pulse,
    an admin approving stories; then the HTML, Markdown and XLSX reports in DIR. If any
    part of the bot, storage or reports is broken, it says what, and exits 1.

    Example: betteroff demo --respondents 300 --out /tmp/demo
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from bot.demo import DemoFailure, DemoOptions, run_demo

    console = Console(highlight=False)
    errors = Console(stderr=True, highlight=False)
    console.print(
        f"[bold]Better Off demo[/]: {respondents} synthetic people through the real bot, "
        "on a local Telegram emulator. No token, no network: nothing leaves 127.0.0.1."
    )
    options = DemoOptions(
        respondents=respondents, seed=seed, out=out, force=force, chat_interval=chat_interval
    )
    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("Starting the bot", total=None)

        def advance(label: str, done: int, total: int) -> None:
            progress.update(task, description=label, completed=done, total=total)

        try:
            result = asyncio.run(run_demo(options, progress=advance))
        except DemoFailure as failure:
            progress.stop()
            errors.print(f"[bold red]The demo failed:[/] {failure}")
            raise typer.Exit(1) from None
        except Exception as error:  # a bug: still a sentence, not a traceback
            progress.stop()
            errors.print(
                f"[bold red]The demo broke unexpectedly:[/] {type(error).__name__}: {error}"
            )
            raise typer.Exit(1) from None
    _print_result(console, result)


def _print_result(console: Console, result: DemoResult) -> None:
    from rich.markup import escape

    tally, stored = result.tally, result.stored
    console.print(
        f"\n[bold]Headline[/] — {result.period.label} so far, compared with "
        f"{result.previous.label}:"
    )
    for line in result.headline:
        # The same lines as the bot's /summary, which points at /report for the rest.
        line = line.replace("(/report)", f"({result.files['html'].name})")
        console.print(f"  {escape(line)}")
    console.print(
        f"\n{stored.responses} responses stored ({stored.flagged} flagged for priority "
        f"review, each shown the help lines at once); {tally.stopped} stopped with /stop and "
        f"{tally.quiet} left unfinished; {tally.withdrawn} withdrawn with their code. "
        f"{stored.stories} stories shared: the admin approved {stored.approved} and rejected "
        f"{stored.rejected} in /stories. {result.compared} of {result.statements} statements "
        f"compare with the quarter before; {result.suppressed} had fewer than 10 responses."
    )
    console.print(
        f"[dim]Dates are simulated: the bot stamps today, so the demo moved the first "
        f"wave's {result.moved.get('previous', 0)} responses onto days in "
        f"{result.previous.label} and the second wave's onto days this quarter "
        "(synthetic data only).[/]"
    )
    console.print(f"\nFiles in {result.out.resolve()}:")
    for path in (*result.files.values(), result.database):
        console.print(f"  {path.name}")
    console.print(
        "Look again with: "
        f"BETTEROFF_DATABASE_URL={result.database_url} betteroff report "
        f"--period {result.period.code}",
        soft_wrap=True,
    )
    console.print(
        f"\n[green]Finished in {result.elapsed:.1f} s[/]: invites, the bot, storage, "
        "redaction, safeguarding and reports all worked."
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("demo")(demo)
