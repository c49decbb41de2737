"""Take a survey in the terminal, through the real engine (``betteroff surveys preview``).

For whoever writes or checks a survey: it shows each question as a respondent would
meet it, plus what the respondent does not see — which indicator an answer feeds and
whether an option counts as positive — and, at the end, the answer records storage
would receive. Nothing is stored.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from surveys.engine import Ask, Changed, Command, Done, Signpost, Step, answer, collect, start
from surveys.engine_texts import progress_text
from surveys.model import AnswerRecord, CompletedSurvey, Question, Survey

_KEYS_HELP = (
    "Type an option's number, or your answer for a number or text question.\n"
    "b = back   s = skip   q = quit.   Several answers at once (tick-all-that-apply): "
    "numbers with commas, like 1,3."
)
_COMMANDS = {"b": Command.BACK, "s": Command.SKIP, "q": Command.STOP}


def run_preview(
    survey: Survey,
    language: str = "en",
    *,
    console: Console | None = None,
    input_func: Callable[[str], str] = input,
    local_help: str | None = None,
) -> None:
    """Walk ``survey`` in ``language`` on the terminal until done, quit, or end of input.

    ``local_help`` is the partnership's front-door line (``BETTEROFF_LOCAL_HELP``), shown
    with the help lines when a risk phrase is typed.
    """
    console = console or Console()
    state, step = start(survey, language)
    shown_language = state["language"]
    intro = Panel(Text(survey.intro.get(shown_language)), title=survey.title.get(shown_language))
    # Panels and tables must wrap even on a soft-wrap console, or they crop their text.
    console.print(intro, soft_wrap=False)
    if shown_language != language:
        console.print(Text(f"This survey has no {language!r} text, so it is shown in English."))
    console.print(Text(_KEYS_HELP, style="dim"))
    current: Step = step
    while True:
        if isinstance(current, Signpost):
            _show_signpost(console, current, shown_language, local_help)
            current = current.then
        if isinstance(current, Changed):
            console.print(Text(f"The survey state could not be carried on: {current.reason}."))
            return
        if isinstance(current, Done):
            _show_end(console, survey, collect(survey, state), current, shown_language)
            return
        _show_question(console, current, shown_language)
        try:
            typed = input_func("> ")
        except (EOFError, KeyboardInterrupt):
            console.print(Text("\nPreview ended. Nothing was stored."))
            return
        state, current = answer(survey, state, _to_value(current, typed))


def _to_value(ask: Ask, typed: object) -> object:
    """What the bot would send the engine for this line; odd lines go as typed."""
    if not isinstance(typed, str):
        return typed
    words = typed.strip()
    if words.lower() in _COMMANDS:
        return _COMMANDS[words.lower()]
    if not ask.options:
        return typed
    numbers = [part.strip() for part in words.split(",")]
    if not all(part.isdecimal() and part.isascii() and len(part) < 5 for part in numbers):
        return typed  # the engine also understands a label typed out
    codes = [ask.options[int(n) - 1][0] for n in numbers if 1 <= int(n) <= len(ask.options)]
    if len(codes) != len(numbers):
        return typed  # a number with no option: the engine asks again kindly
    if ask.question.kind == "multi":
        return codes
    return codes[0] if len(codes) == 1 else typed


def _show_question(console: Console, ask: Ask, language: str) -> None:
    question = ask.question
    console.print()
    heading = Text(progress_text(language, ask.position, ask.total), style="bold cyan")
    heading.append(f"   {question.id} ({question.kind})", style="dim")
    console.print(heading)
    if ask.reprompt:
        console.print(Text(ask.reprompt, style="yellow"))
    console.print(Text(ask.text, style="bold"))
    if question.help:
        console.print(Text(question.help.get(language), style="italic"))
    console.print(_indicator_line(question))
    for number, (code, label) in enumerate(ask.options, start=1):
        line = Text(f"  {number}. {label}")
        line.append(f"  [{code}]{_option_note(question, code)}", style="dim")
        console.print(line)
    if question.kind == "number" and (question.min is not None or question.max is not None):
        low = "" if question.min is None else question.min
        high = "" if question.max is None else question.max
        console.print(Text(f"  a number {low}–{high}", style="dim"))
    if question.kind == "text":
        console.print(Text("  free text, up to 2,000 characters", style="dim"))
    hints = [hint for hint, ok in (("b back", ask.can_back), ("s skip", ask.can_skip)) if ok]
    console.print(Text("  " + "   ".join([*hints, "q quit"]), style="dim"))


def _indicator_line(question: Question) -> Text:
    if not question.indicator:
        return Text("  feeds no indicator", style="dim")
    line = Text("  feeds indicator ", style="dim")
    line.append(question.indicator, style="bold magenta")
    if question.positive:
        line.append(f"; counts as positive: {', '.join(question.positive)}", style="dim")
    return line


def _option_note(question: Question, code: str) -> str:
    if not question.indicator:
        return ""
    option = question.option(code)
    if option is not None and not option.counted:
        return "  not counted (left out of n)"
    return "  positive" if code in question.positive else "  not positive"


def _show_signpost(
    console: Console, signpost: Signpost, language: str, local_help: str | None
) -> None:
    # Imported here so a preview of a survey without text questions needs nothing more.
    from surveys.signposting import signpost_message

    body = Text(signpost_message(language, local_help=local_help))
    title = Text(f"Signposting shown at once (flag: {signpost.category})")
    console.print(Panel(body, title=title, border_style="red"), soft_wrap=False)


def _show_end(
    console: Console, survey: Survey, completed: CompletedSurvey, done: Done, language: str
) -> None:
    console.print()
    if done.stopped:
        console.print(Text("Stopped before the end. These are the answers given so far:"))
    else:
        console.print(Panel(Text(survey.thanks.get(language))), soft_wrap=False)
        console.print(Text("The answer records storage would receive:"))
    table = Table(caption="Free text is shown as typed; storage redacts it before writing.")
    for column in ("question", "answer", "indicator", "counted", "positive", "story"):
        table.add_column(column)
    for record in completed.answers:
        table.add_row(*(Text(cell) for cell in _row(record)))
    console.print(table, soft_wrap=False)
    flags = ", ".join(completed.flags) if completed.flags else "none"
    console.print(Text(f"Safeguarding flags: {flags}"))


def _row(record: AnswerRecord) -> tuple[str, ...]:
    if record.skipped:
        shown = "(skipped)"
    elif record.codes:
        shown = ", ".join(record.codes)
    elif record.number is not None:
        shown = f"{record.number:g}"
    else:
        shown = record.text or ""
    story = ""
    if record.story:
        story = "yes, may quote" if record.consent_to_quote else "yes, not to quote"
    return (
        record.question_id,
        shown,
        record.indicator or "",
        _yes_no(record.counted),
        _yes_no(record.positive),
        story,
    )


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")
