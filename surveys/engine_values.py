"""Turning what a respondent sent into an answer, or a kind reason to ask again.

Each reader takes any object at all — whatever a chat could deliver, and worse —
and returns either the answer to store or :class:`Rejected` with the sentence to show.
None of them raises.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Final

from surveys.engine_state import number_in_range, options_for
from surveys.engine_texts import MAX_TEXT_LENGTH, engine_text
from surveys.model import Question

#: Longer than any option code or label: no need to normalise a novel to compare it.
_LONGEST_CHOICE: Final = 200
#: Longer than any number a person would type; keeps Decimal and int() cheap.
_LONGEST_NUMBER: Final = 40
#: No count or rating in a survey comes near this; bigger values are typos or mischief.
_LARGEST_NUMBER: Final = Decimal(10) ** 12
_NUMBER_IN_TEXT: Final = re.compile(r"[-+]?\d+(?:[.,]\d+)?")
#: Format characters that mean something in what people type: the zero-width joiner and
#: non-joiner shape Gurmukhi and Urdu letters (and join emoji), and the tag characters
#: spell the flags of England, Scotland and Wales.
_MEANINGFUL_FORMAT: Final = frozenset({"\u200c", "\u200d"}) | frozenset(
    chr(c) for c in range(0xE0020, 0xE0080)
)
#: Only these say something on their own: letters, digits, punctuation and symbols (emoji).
_VISIBLE_CATEGORIES: Final = frozenset("LNPS")


@dataclass(frozen=True)
class Rejected:
    """Not an answer to this question; ``message`` says kindly what would be."""

    message: str


def _normalise(words: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", words).casefold().split())


def read_code(question: Question, value: object, language: str) -> str | None:
    """The option code ``value`` names: the code itself, or its label or emoji as typed."""
    if not isinstance(value, str) or len(value) > _LONGEST_CHOICE:
        return None
    options = options_for(question)
    if any(option.code == value for option in options):
        return value
    typed = _normalise(value)
    if not typed:
        return None
    matches = {
        option.code
        for option in options
        for name in (
            option.code,
            option.label.get(language),
            option.label.get("en"),
            option.display(language),
            option.emoji or "",
        )
        if name and _normalise(name) == typed
    }
    return matches.pop() if len(matches) == 1 else None


def read_codes(question: Question, value: object) -> tuple[str, ...] | None:
    """Several codes at once for a multi question, in the question's order; None if any is wrong."""
    if not isinstance(value, list | tuple) or not value:
        return None
    if not all(isinstance(code, str) for code in value):
        return None
    known = [option.code for option in options_for(question)]
    if any(code not in known for code in value):
        return None
    return tuple(code for code in known if code in value)


def allows_decimals(question: Question) -> bool:
    # The format has whole-number min / max only, so decimals are off unless a
    # definition opts in (a ``decimals`` field, if the model ever grows one).
    return bool(getattr(question, "decimals", False))


def read_number(question: Question, value: object, language: str) -> int | float | Rejected:
    """A number in the question's range, from a typed message like " 4 " or "about 3"."""
    parsed = _parse_number(value)
    if parsed is None:
        return Rejected(engine_text(language, "not_a_number"))
    number, with_comma = parsed
    # "2,5" is two and a half in Polish and "1,000" a thousand in English: a comma is
    # read as a decimal point, and a whole-number question asks again rather than guess.
    whole = number == number.to_integral_value() and not with_comma
    if not whole and not allows_decimals(question):
        return Rejected(engine_text(language, "whole_number"))
    result = int(number) if number == number.to_integral_value() else float(number)
    if not number_in_range(question, result):
        return Rejected(_range_message(question, language))
    return result


def _parse_number(value: object) -> tuple[Decimal, bool] | None:
    """The number sent and whether it had a comma; never a huge or infinite one."""
    if isinstance(value, bool):
        return None
    with_comma = False
    if isinstance(value, int):
        number = Decimal(value) if abs(value) <= _LARGEST_NUMBER else None
    elif isinstance(value, float):
        number = Decimal(value) if math.isfinite(value) else None
    elif isinstance(value, str) and len(value) <= _LONGEST_NUMBER * 4:
        token = _number_in_text(value)
        with_comma = token is not None and "," in token
        number = _decimal(token.replace(",", ".")) if token is not None else None
    else:
        return None
    if number is None or not number.is_finite() or abs(number) > _LARGEST_NUMBER:
        return None
    return number, with_comma


def _number_in_text(value: str) -> str | None:
    typed = unicodedata.normalize("NFKC", value).strip()
    found = _NUMBER_IN_TEXT.findall(typed)
    # "3", "I had 3" and "3 workers" all mean 3; "2 or 3" is a question back, not an answer.
    if len(found) != 1 or len(found[0]) > _LONGEST_NUMBER:
        return None
    return str(found[0])


def _decimal(token: str) -> Decimal | None:
    try:
        return Decimal(token)
    except InvalidOperation:
        return None


def _range_message(question: Question, language: str) -> str:
    if question.min is not None and question.max is not None:
        return engine_text(language, "number_range", min=question.min, max=question.max)
    if question.min is not None:
        return engine_text(language, "number_min", min=question.min)
    if question.max is not None:
        return engine_text(language, "number_max", max=question.max)
    return engine_text(language, "not_a_number")


def read_text(question: Question, value: object, language: str) -> str | Rejected:
    """Free text, kept as typed; blank or over the limit is asked again, never cut short."""
    if not isinstance(value, str):
        return Rejected(_type_answer(question, language))
    text = meaningful_text(value)
    if not any(unicodedata.category(c)[0] in _VISIBLE_CATEGORIES for c in text):
        return Rejected(_type_answer(question, language))
    if len(text) > MAX_TEXT_LENGTH:
        return Rejected(engine_text(language, "too_long"))
    if not _encodable(text):
        return Rejected(_type_answer(question, language))
    return text


def meaningful_text(typed: str) -> str:
    """``typed`` without the characters that carry no meaning in an answer.

    Control characters (a NUL that PostgreSQL refuses, a terminal's escape codes) and
    format characters (zero-width spaces, a right-to-left override that makes a stored
    answer read differently from what was stored) go; line breaks and tabs stay, a CR
    becomes a line break, and so do the joiners Gurmukhi, Urdu and emoji need.
    """
    typed = typed.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        c
        for c in typed
        if c in "\n\t" or c in _MEANINGFUL_FORMAT or unicodedata.category(c) not in ("Cc", "Cf")
    )


def _encodable(text: str) -> bool:
    """Lone surrogates cannot be stored as UTF-8; no real keyboard sends them."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _type_answer(question: Question, language: str) -> str:
    return engine_text(language, "type_answer_or_skip" if question.skippable else "type_answer")
