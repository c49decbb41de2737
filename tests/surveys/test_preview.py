"""The terminal preview, driven by scripted input through the real engine."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

import pytest
from rich.console import Console

from bot.preview import run_preview
from surveys.model import Option, Question, Survey, Text

RISK_PHRASE = "my dad hits me and I want to kill myself"


def _words(en: str) -> Text:
    return Text({"en": en})


def _options(*codes: str, uncounted: str = "") -> tuple[Option, ...]:
    return tuple(Option(code, _words(code.title()), counted=code != uncounted) for code in codes)


def _question(qid: str, kind: str, **fields: object) -> Question:
    return Question(id=qid, kind=kind, text=_words(f"Question [b]{qid}[/b]?"), **fields)  # type: ignore[arg-type]


SURVEY = Survey(
    id="preview-me",
    version=1,
    title=_words("Preview me"),
    audience="parent_carer",
    touchpoint="review",
    content_areas=("core-safeguarding",),
    languages=("en",),
    intro=_words("Hello there"),
    thanks=_words("Thank you so much"),
    questions=(
        _question(
            "listened",
            "choice",
            options=_options("agree", "disagree", "dont_know", uncounted="dont_know"),
            indicator="felt-listened-to",
            positive=("agree",),
        ),
        _question("worries", "multi", options=_options("money", "housing", "school")),
        _question("how-many", "number", min=1, max=10),
        _question("in-your-words", "text", story=True),
        _question("share", "share"),
    ),
)


def _script(lines: Iterable[str]) -> Callable[[str], str]:
    queue = list(lines)

    def fake_input(prompt: str) -> str:
        if not queue:
            raise EOFError
        return queue.pop(0)

    return fake_input


def _preview(lines: Iterable[str], language: str = "en", *, width: int = 120) -> str:
    output = io.StringIO()
    # soft_wrap as the `betteroff` command's console has it: panels must still wrap.
    console = Console(file=output, width=width, color_system=None, soft_wrap=True)
    run_preview(SURVEY, language, console=console, input_func=_script(lines))
    return output.getvalue()


def test_a_full_walk_shows_progress_indicators_and_the_records() -> None:
    shown = _preview(["1", "1,3", "4", "It went well", "1"])
    assert "1 of 5" in shown and "5 of 5" in shown
    assert "feeds indicator felt-listened-to" in shown
    assert "counts as positive: agree" in shown
    assert "not counted (left out of n)" in shown
    assert "Question [b]listened[/b]?" in shown  # survey text is never read as markup
    assert "Thank you so much" in shown
    assert "money, school" in shown
    assert "yes, may quote" in shown


def test_a_risk_phrase_shows_the_signposting_and_the_flag() -> None:
    from surveys.signposting import signpost_message

    shown = _preview(["1", "s", "s", RISK_PHRASE, "2"], width=60)
    assert "Signposting shown at once" in shown
    shown_words = " ".join(shown.replace("│", " ").split())
    for line in signpost_message("en").strip().splitlines():
        assert " ".join(line.split()) in shown_words  # all of it, wrapped, never cropped
    assert "Safeguarding flags: none" not in shown


def test_back_skip_and_quit() -> None:
    shown = _preview(["1", "b", "2", "s", "q"])
    assert shown.count("Question [b]listened[/b]?") == 2
    assert "Stopped before the end" in shown
    assert "(skipped)" in shown


@pytest.mark.parametrize(
    "odd", ["", "0", "99", "1,99", "9" * 5000, "\x00", "😀", "-1", "1,,2", " , "]
)
def test_odd_lines_reprompt_and_never_traceback(odd: str) -> None:
    shown = _preview([odd, odd, odd])
    assert "Preview ended" in shown


@pytest.mark.parametrize("error", [EOFError, KeyboardInterrupt])
def test_end_of_input_and_ctrl_c_end_quietly(error: type[BaseException]) -> None:
    def broken(prompt: str) -> str:
        raise error

    output = io.StringIO()
    run_preview(SURVEY, console=Console(file=output, width=100), input_func=broken)
    assert "Nothing was stored" in output.getvalue()


def test_an_unknown_language_is_shown_in_english_and_says_so() -> None:
    shown = _preview([], language="zz")
    assert "shown in English" in shown and "Question [b]listened[/b]?" in shown
