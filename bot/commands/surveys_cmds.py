"""``betteroff surveys``: validate, list and preview survey definitions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from surveys.errors import Problem
    from surveys.model import Survey

#: Below this many columns `surveys list` gives a block per survey instead of a table.
WIDE_ENOUGH = 120

surveys_app = typer.Typer(
    name="surveys",
    help=("Check, list and try out the survey definitions.\n\nExample: betteroff surveys validate"),
    no_args_is_help=True,
    rich_markup_mode="markdown",
)


def _console(*, stderr: bool = False) -> Console:
    from rich.console import Console

    # soft_wrap: a FILE:LINE: message stays on one line however narrow the terminal
    return Console(highlight=False, soft_wrap=True, stderr=stderr)


def pack_label() -> str:
    """The partnership's own surveys folder in use, or "" for the shipped set."""
    from surveys.catalog import pack_dir

    folder = pack_dir()
    return str(folder) if folder is not None else ""


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
        "Default: the framework, scales and definitions in use (BETTEROFF_SURVEYS_DIR, "
        "else the shipped ones).",
        show_default=False,
    ),
) -> None:
    """Check survey files and report every problem at once, one FILE:LINE line each.

    Exits 0 when there are no errors (warnings are printed but do not fail), 1 otherwise.

    Example: betteroff surveys validate surveys/definitions/child-review.yaml
    """
    from rich.text import Text

    from bot.commands.common import load_settings
    from surveys.catalog import expand_paths, validate_paths

    load_settings()  # BETTEROFF_SURVEYS_DIR
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
    """List the surveys: id, version, who, when, languages, questions, title.

    Example: betteroff surveys list
    """
    from rich.table import Table

    from bot.commands.common import load_settings
    from surveys.catalog import shipped_surveys
    from surveys.errors import DefinitionError

    load_settings()  # BETTEROFF_SURVEYS_DIR
    console = _console()
    try:
        surveys = shipped_surveys()
    except DefinitionError as error:
        _print_problems(console, [p for p in error.problems if p.is_error])
        console.print("The surveys in use have errors; run `betteroff surveys validate`.")
        raise typer.Exit(1) from None
    title = "Surveys" + (f" (from {pack_label()})" if pack_label() else "")
    if console.width < WIDE_ENOUGH:
        # A seven-column table at 80 columns cuts every heading; one block per survey reads.
        from rich.text import Text

        console.print(Text(title, style="bold"))
        for survey in surveys.values():
            line = Text()
            line.append(survey.id, style="bold")
            line.append(
                f"  v{survey.version} · {survey.audience} · {survey.touchpoint} · "
                f"{' '.join(survey.languages)} · {len(survey.questions)} questions"
            )
            console.print(line, soft_wrap=False, overflow="fold")
            console.print(Text(f"    {survey.title}"), soft_wrap=False, overflow="fold")
        return
    table = Table(title=title)
    for column in ("id", "version", "audience", "touchpoint", "languages", "questions", "title"):
        table.add_column(
            column,
            justify="right" if column in ("version", "questions") else "left",
            no_wrap=column != "title",  # an id is what people copy into `preview`
        )
    for survey in surveys.values():
        table.add_row(
            survey.id,
            str(survey.version),
            survey.audience,
            survey.touchpoint,
            " ".join(survey.languages),
            str(len(survey.questions)),
            str(survey.title),
        )
    console.print(table)


@surveys_app.command("preview")
def preview(
    survey_id: str = typer.Argument(
        ...,
        metavar="SURVEY",
        help="The survey's id, as `betteroff surveys list` shows, or the path of a file.",
    ),
    language: str = typer.Option(
        "en", "--language", "-l", help="Language code to take it in, e.g. pa, ur or pl."
    ),
) -> None:
    """Take a survey in the terminal, as a respondent would see it in Telegram.

    Type an option's number to answer, b to go back, s to skip, q to quit. Each answer
    shows the indicator it feeds; a risk phrase shows the signposting. Nothing is stored.

    Example: betteroff surveys preview child-review --language pa

    Example: betteroff surveys preview my-surveys/definitions/my-survey.yaml
    """
    from bot.commands.common import load_settings
    from bot.preview import run_preview

    settings = load_settings()  # BETTEROFF_SURVEYS_DIR
    console = _console()
    survey = _survey_from_file(console, Path(survey_id)) if _is_file(survey_id) else None
    if survey is None:
        survey = _survey_by_id(console, survey_id)
    if language not in survey.languages:
        console.print(
            f"'{survey.id}' is not written in '{language}'. Its languages are: "
            f"{', '.join(survey.languages)}.",
            markup=False,
        )
        raise typer.Exit(1)
    run_preview(survey, language, console=console, local_help=settings.local_help)


def _is_file(given: str) -> bool:
    return given.endswith((".yaml", ".yml")) or "/" in given or Path(given).is_file()


def _survey_from_file(console: Console, path: Path) -> Survey:
    from surveys.catalog import load_framework, load_scales, load_survey
    from surveys.errors import DefinitionError

    if not path.is_file():
        console.print(f"There is no file {path}. Check the path and the spelling.", markup=False)
        raise typer.Exit(1)
    try:
        return load_survey(path, framework=load_framework(), scales=load_scales())
    except DefinitionError as error:
        _print_problems(console, [p for p in error.problems if p.is_error])
        console.print(
            f"{path} has errors: fix them (`betteroff surveys validate {path}`) and try again.",
            markup=False,
        )
        raise typer.Exit(1) from None


def _survey_by_id(console: Console, survey_id: str) -> Survey:
    from surveys.catalog import shipped_surveys
    from surveys.errors import DefinitionError, closest

    try:
        surveys = shipped_surveys()
    except DefinitionError:
        console.print("The surveys in use have errors; run `betteroff surveys validate`.")
        raise typer.Exit(1) from None
    survey = surveys.get(survey_id)
    if survey is None:
        near = closest(survey_id, surveys)
        hint = f" Did you mean '{near}'?" if near else " See `betteroff surveys list`."
        console.print(f"There is no survey '{survey_id}'.{hint}", markup=False)
        raise typer.Exit(1)
    return survey


@surveys_app.command("init")
def init(
    folder: Path = typer.Argument(..., metavar="DIR", help="The folder to make (or fill)."),
) -> None:
    """Copy the shipped framework, scales and surveys into DIR, to start your own.

    Then set BETTEROFF_SURVEYS_DIR=DIR: every command and the bot read surveys from
    there. Remove what you do not change; missing parts come from the shipped set.

    Example: betteroff surveys init my-surveys
    """
    from surveys.catalog import copy_shipped_pack

    console = _console(stderr=True)
    if folder.exists() and not folder.is_dir():
        console.print(f"{folder} is a file: give `surveys init` a folder.", markup=False)
        raise typer.Exit(1)
    try:
        made = copy_shipped_pack(folder)
    except FileExistsError as error:
        console.print(
            f"{error} is already there, so nothing was copied (your own work is never "
            "overwritten). Choose a new folder.",
            markup=False,
        )
        raise typer.Exit(1) from None
    except OSError as error:
        console.print(
            f"Could not write in {folder} ({error.strerror or error}): choose another folder.",
            markup=False,
        )
        raise typer.Exit(1) from None
    surveys = sum(1 for path in made if path.parent.name == "definitions")
    console.print(
        f"Copied framework.yaml, scales.yaml and {surveys} surveys into {folder}.\n"
        "Next:\n"
        f"  1. add BETTEROFF_SURVEYS_DIR={folder.resolve()} to your .env file;\n"
        f"  2. write or change a survey in {folder / 'definitions'}\n"
        "     (the format: the README's 'Write a survey');\n"
        "  3. betteroff surveys validate, then betteroff surveys preview <id or file>.",
        markup=False,
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.add_typer(surveys_app)
