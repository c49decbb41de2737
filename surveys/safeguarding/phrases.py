"""Fixed phrases per language, in a tiny pattern language a native speaker can review.

The first layer the check had, kept for what concepts do not say well: idioms of each
language ("nie chce mi się żyć", "jaan se maar dega"), written in
``data/phrases_<language>.txt`` (see ``data/README.md`` for the pattern language). Text
and phrases go through the same :func:`surveys.safeguarding.normalise.words`.

A file's sections are the categories a phrase stands for; three older sections stand for
a family of categories (``suicide_self_harm``, ``abuse``, ``exploitation``), and the
classifier picks which member the words read as. Each file may list ``exclude`` phrases
(idioms such as "killed myself laughing") that are blanked out before matching.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from surveys.safeguarding.normalise import DATA_DIR, squeeze, words

__all__ = ["SECTIONS", "PhraseError", "PhraseHit", "find"]

LANGUAGES = ("en", "pa", "ur", "pl")

#: What each section of a phrase file stands for.
SECTIONS: dict[str, tuple[str, ...]] = {
    "immediate_danger": ("immediate_danger",),
    "suicide_self_harm": ("suicidal", "self_harm"),
    "domestic_abuse": ("domestic_abuse",),
    "abuse": ("physical_abuse", "sexual_abuse"),
    "exploitation": ("exploitation_criminal", "exploitation_sexual", "exploitation_online"),
    "missing": ("missing",),
    "neglect": ("neglect",),
}


@dataclass(frozen=True)
class PhraseHit:
    categories: tuple[str, ...]
    section: str
    start: int
    end: int  # inclusive positions of the words that matched


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
    words_ = [squeeze(w) for w in words(alt.rstrip("*").replace("_", " "))]
    if not words_:
        raise PhraseError(f"{where}: {alt!r} has no words once normalised")
    body = " ".join(re.escape(word) for word in words_)
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
    by_section: tuple[tuple[str, re.Pattern[str]], ...]


def _read_sections(code: str) -> dict[str, list[tuple[int, str]]]:
    """The phrase file's sections: ``{section: [(line number, text), ...]}``."""
    sections: dict[str, list[tuple[int, str]]] = {}
    current: list[tuple[int, str]] | None = None
    path = DATA_DIR / f"phrases_{code}.txt"
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1].strip(), [])
        elif current is None:
            raise PhraseError(f"phrases_{code}.txt:{number}: text before a [section]")
        else:
            current.append((number, line))
    return sections


def _load_language(code: str) -> _Language:
    sections = _read_sections(code)
    unknown = set(sections) - {"macros", "exclude"} - set(SECTIONS)
    if unknown:
        raise PhraseError(f"phrases_{code}.txt: unknown sections {sorted(unknown)}")
    # Macros may use earlier macros, so they compile in file order; a repeated name adds
    # alternatives.
    macro_parts: dict[str, list[str]] = {}
    macros: dict[str, str] = {}
    for number, line in sections.get("macros", []):
        where = f"phrases_{code}.txt:{number}"
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
            _compile_phrase(line, macros, f"phrases_{code}.txt:{number}") for number, line in lines
        )
        return re.compile(r"(?<= )(?:" + body + ")")

    by_section = []
    for section in SECTIONS:
        pattern = compile_section(section)
        if pattern is not None:
            by_section.append((section, pattern))
    return _Language(exclude=compile_section("exclude"), by_section=tuple(by_section))


@lru_cache(maxsize=1)
def _languages() -> tuple[_Language, ...]:
    return tuple(_load_language(code) for code in LANGUAGES)


# --- finding ----------------------------------------------------------------------------


def find(normalised_words: list[str]) -> list[PhraseHit]:
    """Every section with a phrase in ``normalised_words`` (all languages' phrases)."""
    languages = _languages()
    # Phrases were written for words with no double letters ("maar" and "mar" alike).
    padded = " " + " ".join(squeeze(word) for word in normalised_words) + " "
    for language in languages:
        if language.exclude is not None:
            # A blanked idiom leaves marker words no phrase can match.
            padded = language.exclude.sub(lambda m: "~ " * m.group(0).count(" "), padded)
    hits: dict[str, PhraseHit] = {}
    for language in languages:
        for section, pattern in language.by_section:
            if section in hits:
                continue
            found = pattern.search(padded)
            if found:
                first = padded.count(" ", 0, found.start()) - 1
                last = padded.count(" ", 0, found.end()) - 2
                hits[section] = PhraseHit(SECTIONS[section], section, first, max(first, last))
    return list(hits.values())
