"""``betteroff surveys``: validate, list and preview survey definitions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from surveys.errors import Problem

surveys_app = typer.Typer(
    name="surveys",
    help=("Check, list and try out the survey definitions.\n\nExample: betteroff surveys validate"),
    no_args_is_help=True,
    rich_markup_mode="rich",
)


def _console(*, stderr: bool = False) -> Console:
    from rich.console import Console

    # soft_wrap: a FILE:LINE: message stays on one line however narrow the terminal
    return Console(highlight=False, soft_wrap=True, stderr=stderr)


def _print_problems(console: Console, problems: list[Problem]) -> None:
    from rich.text import Text

    for problem in problems:
        style = "red" if problem.is_error else "yellow"
        console.print(Text(str(problem), style=style))


@surveys_app.command("validate")
def validate(
    paths: list[Path] = typer.Argument(
        None,
        help="Files or directories to check (a directory means its *.yaml). "
        "Default: the shipped framework, scales and definitions.",
        show_default=False,
    ),
) -> None:
    """Check survey files and report every problem at once, one FILE:LINE line each.

    Exits 0 when there are no errors (warnings are printed but do not fail), 1 otherwise.

    Example: betteroff surveys validate surveys/definitions/child-review.yaml
    """
    from rich.text import Text

    from surveys.catalog import expand_paths, validate_paths

    given = list(paths or [])
    problems = validate_paths(given)
    console = _console()
    _print_problems(console, problems)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    files = len(expand_paths(given))
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    noted = f"{warnings} warning{'s' if warnings != 1 else ''}"
    if errors:
        summary = f"{checked}: {errors} error{'s' if errors != 1 else ''}, {noted}."
        console.print(Text(summary, style="bold red"))
        raise typer.Exit(1)
    console.print(Text(f"{checked}: no errors, {noted}.", style="bold green"))


@surveys_app.command("list")
def list_surveys() -> None:
    """List the shipped surveys: id, version, who, when, languages, questions, title.

    Example: betteroff surveys list
    """
    from rich.table import Table

    from surveys.catalog import shipped_surveys
    from surveys.errors import DefinitionError

    console = _console()
    try:
        surveys = shipped_surveys()
    except DefinitionError as error:
        _print_problems(console, [p for p in error.problems if p.is_error])
        console.print("The shipped surveys have errors; run `betteroff surveys validate`.")
        raise typer.Exit(1) from None
    table = Table(title="Shipped surveys")
    for column in ("id", "version", "audience", "touchpoint", "languages", "questions", "title"):
        table.add_column(
            column,
            justify="right" if column in ("version", "questions") else "left",
            no_wrap=column == "id",  # an id is what people copy into `preview`
        )
    for survey in surveys.values():
        table.add_row(
            survey.id,
            str(survey.version),
            survey.audience,
            survey.touchpoint,
            ", ".join(survey.languages),
            str(len(survey.questions)),
            str(survey.title),
        )
    console.print(table)


@surveys_app.command("preview")
def preview(
    survey_id: str = typer.Argument(
        ..., help="The survey's id, as `betteroff surveys list` shows."
    ),
    language: str = typer.Option(
        "en", "--language", "-l", help="Language code to take it in, e.g. pa, ur or pl."
    ),
) -> None:
    """Take a survey in the terminal, as a respondent would see it in Telegram.

    Type an option's number to answer, b to go back, s to skip, q to quit. Each answer
    shows the indicator it feeds; a risk phrase shows the signposting. Nothing is stored.

    Example: betteroff surveys preview child-review --language pa
    """
    from surveys.catalog import shipped_surveys
    from surveys.errors import DefinitionError, closest

    console = _console()
    try:
        from bot.preview import run_preview
    except ModuleNotFoundError as error:
        if error.name != "bot.preview":
            raise
        console.print("The survey preview is not available yet in this version of Better Off.")
        raise typer.Exit(1) from None
    try:
        surveys = shipped_surveys()
    except DefinitionError:
        console.print("The shipped surveys have errors; run `betteroff surveys validate`.")
        raise typer.Exit(1) from None
    survey = surveys.get(survey_id)
    if survey is None:
        near = closest(survey_id, surveys)
        hint = f" Did you mean '{near}'?" if near else " See `betteroff surveys list`."
        console.print(f"There is no survey '{survey_id}'.{hint}", markup=False)
        raise typer.Exit(1)
    if language not in survey.languages:
        console.print(
            f"'{survey_id}' is not written in '{language}'. Its languages are: "
            f"{', '.join(survey.languages)}.",
            markup=False,
        )
        raise typer.Exit(1)
    from bot.commands.common import load_settings

    run_preview(survey, language, console=console, local_help=load_settings().local_help)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.add_typer(surveys_app)
