"""Spot risk in free text, in every shipped language, so the bot can signpost help at once.

``check(text, language)`` returns a :class:`Match` (truthy) naming the most urgent
:class:`Category` found, or ``None``. It never raises, whatever it is given.

How it works, and why:

* Text and phrases go through the same :func:`normalise`: casefold, accents stripped
  (Polish typed without diacritics still matches), apostrophes dropped ("don't" ->
  "dont"), punctuation to spaces, text-speak expanded ("kms", "wanna", "im", "u"),
  common misspellings mended, and repeated letters squeezed ("sooo", "kil"). Because the
  phrases are normalised by the same function, a phrase file can be written in plain
  words and still match every variant the normaliser folds together.
* Phrases live in ``safeguarding_phrases/<language>.txt`` in a tiny pattern language
  (see that folder's README) so a native speaker can review them without reading regex.
* Phrases describe a person's own present risk ("he hits me", "i want to kill myself"),
  never a bare topic word, so staff writing "the training on neglect was useful" do not
  trigger it. Each file may also list ``exclude`` phrases (idioms such as "killed myself
  laughing") that are blanked out before matching.
* Every language's phrases are checked whatever ``language`` says: people mix languages,
  and English or romanised Urdu/Punjabi turn up in any survey.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from surveys.folding import fold_letters

__all__ = ["URGENCY", "Category", "Match", "check", "normalise"]

PHRASES_DIR = Path(__file__).parent / "safeguarding_phrases"
LANGUAGES = ("en", "pa", "ur", "pl")

#: Telegram messages are at most 4,096 characters, so anything past this many did not
#: come from a chat; reading only this much keeps a pasted novel from stalling the bot.
MAX_CHARS = 100_000
#: The text is read in overlapping windows of words, so a phrase on a window's edge is
#: still seen whole.
_WINDOW_WORDS = 4_000
_OVERLAP_WORDS = 40


class Category(StrEnum):
    immediate_danger = "immediate_danger"
    suicide_self_harm = "suicide_self_harm"
    abuse = "abuse"
    domestic_abuse = "domestic_abuse"
    neglect = "neglect"
    exploitation = "exploitation"
    going_missing = "going_missing"


#: Most urgent first. Domestic abuse ranks above abuse because its phrases are the more
#: specific ("my husband hits me" also reads as "… hits me").
URGENCY: tuple[Category, ...] = (
    Category.immediate_danger,
    Category.suicide_self_harm,
    Category.domestic_abuse,
    Category.abuse,
    Category.exploitation,
    Category.going_missing,
    Category.neglect,
)


@dataclass(frozen=True)
class Match:
    """What was found: the category and the (normalised) words that matched."""

    category: Category
    phrase: str

    def __bool__(self) -> bool:
        return True


# --- normalising ------------------------------------------------------------------------

# Apostrophes are dropped, not spaced, so "don't" and "dont" read the same.
_APOSTROPHES = dict.fromkeys(map(ord, "'\u2018\u2019\u02bc\u0060\u00b4\u2032"), None)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u0640"), None)
# Word characters: \w plus the vowel signs of Gurmukhi and Urdu (Python's \w skips marks).
_NON_WORD = re.compile(r"[^\w\u0A00-\u0A7F\u0610-\u061A\u06D6-\u06ED]+|_+")
_REPEATS = re.compile(r"([^\W\d_])\1+")


@lru_cache(maxsize=1)
def _speak() -> tuple[dict[str, str], dict[str, str]]:
    """Text-speak table from ``textspeak.txt``: as typed, and keyed by squeezed spelling."""
    table: dict[str, str] = {}
    for line in (PHRASES_DIR / "textspeak.txt").read_text("utf-8").splitlines():
        written, equals, read_as = line.split("#", 1)[0].partition("=")
        if equals:
            table[written.strip()] = read_as.strip()
    return table, {_REPEATS.sub(r"\1", key): value for key, value in table.items()}


def _fold(text: str) -> str:
    return fold_letters(text.translate(_APOSTROPHES).translate(_INVISIBLE))


def _tokens(folded: str) -> tuple[list[str], list[str], list[int]]:
    """Folded source tokens, the normalised words, and each word's source token index."""
    source = _NON_WORD.sub(" ", folded).split()
    speak, speak_squeezed = _speak()
    words: list[str] = []
    origin: list[int] = []
    for index, token in enumerate(source):
        expanded = speak.get(token)
        if expanded is None:
            squeezed = _REPEATS.sub(r"\1", token)
            expanded = speak_squeezed.get(squeezed, squeezed)
        for word in expanded.split():
            words.append(_REPEATS.sub(r"\1", word))
            origin.append(index)
    return source, words, origin


def _words(folded: str) -> list[str]:
    return _tokens(folded)[1]


def normalise(text: str) -> str:
    """Text folded for matching: lower case, no accents or punctuation, text-speak expanded."""
    return " ".join(_words(_fold(text)))


# --- the phrase language ----------------------------------------------------------------
# A phrase is words separated by spaces. A slot may be:
#   a|b|c       alternatives;  a_b  is two words inside one alternative
#   word*       any word starting with "word"
#   {macro}     one of the language's macro phrases
#   slot?       optional
#   ...         up to three words of anything
#   !a|b        not followed by a or b (consumes nothing)
# The compiled regex reads the normalised text as "word word word " and every piece
# ends by consuming one space, so pieces join without any glue.

_GAP = r"(?:[^ ]+ ){0,3}"


class PhraseError(ValueError):
    """A phrase file says something the pattern language cannot read."""


def _compile_alternative(alt: str, macros: dict[str, str], where: str) -> str:
    if alt.startswith("{") and alt.endswith("}"):
        name = alt[1:-1]
        if name not in macros:
            raise PhraseError(f"{where}: unknown macro {{{name}}}")
        return macros[name]
    prefix = alt.endswith("*")
    words = _words(_fold(alt.rstrip("*").replace("_", " ")))
    if not words:
        raise PhraseError(f"{where}: {alt!r} has no words once normalised")
    body = " ".join(re.escape(word) for word in words)
    return body + (r"[^ ]* " if prefix else " ")


def _compile_phrase(phrase: str, macros: dict[str, str], where: str) -> str:
    pieces: list[str] = []
    for slot in phrase.split():
        if slot == "...":
            pieces.append(_GAP)
            continue
        if slot.startswith("!"):
            # "not followed by": consumes nothing, so "kicked me !out" skips "kicked me out".
            ahead = [_compile_alternative(a, macros, where) for a in slot[1:].split("|") if a]
            pieces.append("(?!" + "|".join(ahead) + ")")
            continue
        optional = slot.endswith("?") and len(slot) > 1
        slot = slot.rstrip("?")
        alternatives = [_compile_alternative(a, macros, where) for a in slot.split("|") if a]
        if not alternatives:
            raise PhraseError(f"{where}: empty slot in {phrase!r}")
        group = "(?:" + "|".join(alternatives) + ")"
        pieces.append(group + "?" if optional else group)
    if not pieces:
        raise PhraseError(f"{where}: empty phrase")
    return "".join(pieces)


@dataclass(frozen=True)
class _Language:
    exclude: re.Pattern[str] | None
    by_category: tuple[tuple[Category, re.Pattern[str]], ...]


def _read_sections(code: str) -> dict[str, list[tuple[int, str]]]:
    """The phrase file's sections: ``{section: [(line number, text), ...]}``."""
    sections: dict[str, list[tuple[int, str]]] = {}
    current: list[tuple[int, str]] | None = None
    path = PHRASES_DIR / f"{code}.txt"
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1].strip(), [])
        elif current is None:
            raise PhraseError(f"safeguarding_phrases/{code}.txt:{number}: text before a [section]")
        else:
            current.append((number, line))
    return sections


def _load_language(code: str) -> _Language:
    sections = _read_sections(code)
    unknown = set(sections) - {"macros", "exclude"} - {c.value for c in Category}
    if unknown:
        raise PhraseError(f"safeguarding_phrases/{code}.txt: unknown sections {sorted(unknown)}")
    # Macros may use earlier macros, so they compile in file order; a repeated name adds
    # alternatives.
    macro_parts: dict[str, list[str]] = {}
    macros: dict[str, str] = {}
    for number, line in sections.get("macros", []):
        where = f"safeguarding_phrases/{code}.txt:{number}"
        name, equals, phrase = line.partition("=")
        if not equals:
            raise PhraseError(f"{where}: a macro line reads 'name = phrase'")
        parts = macro_parts.setdefault(name.strip(), [])
        parts.append(_compile_phrase(phrase, macros, where))
        macros[name.strip()] = "(?:" + "|".join(parts) + ")"

    def compile_section(name: str) -> re.Pattern[str] | None:
        lines = sections.get(name, [])
        if not lines:
            return None
        body = "|".join(
            _compile_phrase(line, macros, f"safeguarding_phrases/{code}.txt:{number}")
            for number, line in lines
        )
        return re.compile(r"(?<= )(?:" + body + ")")

    by_category = []
    for category in URGENCY:
        pattern = compile_section(category.value)
        if pattern is not None:
            by_category.append((category, pattern))
    return _Language(exclude=compile_section("exclude"), by_category=tuple(by_category))


@lru_cache(maxsize=1)
def _languages() -> tuple[_Language, ...]:
    return tuple(_load_language(code) for code in LANGUAGES)


# --- checking ---------------------------------------------------------------------------


def _as_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", errors="replace")
    try:
        return str(value)
    except Exception:  # an object whose __str__ fails is simply not text
        return None


def _windows(count: int) -> range:
    """Start indexes of overlapping word windows covering ``count`` words."""
    return range(0, max(count, 1), _WINDOW_WORDS - _OVERLAP_WORDS)


def _search(words: list[str]) -> tuple[Category, int, int] | None:
    """The most urgent category in ``words`` and the word span that matched it."""
    languages = _languages()
    padded = " " + " ".join(words) + " "
    for language in languages:
        if language.exclude is not None:
            # A blanked idiom leaves marker words no phrase can match.
            padded = language.exclude.sub(lambda m: "~ " * m.group(0).count(" "), padded)
    for category in URGENCY:
        for language in languages:
            for lang_category, pattern in language.by_category:
                if lang_category is not category:
                    continue
                found = pattern.search(padded)
                if found:
                    first = padded.count(" ", 0, found.start()) - 1
                    last = padded.count(" ", 0, found.end()) - 2
                    return category, first, last
    return None


def check(text: object, language: str = "en") -> Match | None:
    """The most urgent risk in ``text``, or ``None``.

    ``language`` is the respondent's chosen language; every shipped language's phrases
    are checked regardless, because people mix languages. Never raises.
    """
    del language  # accepted for the contract; all languages are always checked
    raw = _as_text(text)
    if not raw:
        return None
    source, words, origin = _tokens(_fold(raw[:MAX_CHARS]))
    best: tuple[Category, int, int] | None = None
    for start in _windows(len(words)):
        found = _search(words[start : start + _WINDOW_WORDS])
        if found is None:
            continue
        category, first, last = found
        if best is None or URGENCY.index(category) < URGENCY.index(best[0]):
            best = (category, start + first, start + last)
            if category is URGENCY[0]:
                break
    if best is None:
        return None
    category, first, last = best
    # Report the words as typed (folded), not squeezed: "feeds", not "feds".
    phrase = " ".join(source[origin[first] : origin[last] + 1])
    return Match(category=category, phrase=phrase)
