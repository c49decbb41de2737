"""Concept word lists: which words of a text mean "a person", "hit", "die", "food" …

Each language has ``data/concepts_<language>.txt``, lines ``CONCEPT: entry, entry, …``
(see ``data/README.md``). An entry is normalised like the text (:mod:`.normalise`), so a
list written in plain words matches its variants. A word of the text has a concept when:

* one of its keys (the word, its English stem, its Polish stem) is an entry's key —
  an English entry's key is its English stem, a Polish one's its Polish stem, and an
  entry written ``=word`` matches that word exactly, unstemmed ("=help me" is not
  "helped me"); or
* it starts with an entry written ``word*`` (Punjabi and Urdu, which have no stemmer,
  and words run together); or
* it is an English word that begins with an English entry's stem of five letters or
  more and adds at most three letters a stemmer did not know ("overdosin"), or a stem
  of four and a slip on "-ing" ("harmimg" -> "harm"); or
* it is one edit from an entry of seven letters or more that starts with the same three
  letters (two edits from ten letters): "suicidel", "strangeled". Shorter words are
  too close to other words to guess at ("raging" is not "raping").

An entry of several words ("self harm", "trap house") matches those words in a row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import Levenshtein
from wordfreq import zipf_frequency

from surveys.safeguarding.normalise import (
    DATA_DIR,
    Token,
    english_stem,
    polish_stem,
    squeeze,
    words,
)

__all__ = ["LANGUAGES", "Lexicon", "lexicon", "prepare"]

LANGUAGES = ("en", "pa", "ur", "pl")
#: Letters an unknown English ending may add to a known stem ("harm" + "img").
_MAX_EXTRA_LETTERS = 3
_MIN_PREFIX_STEM = 4
_MIN_FREE_PREFIX_STEM = 5
_MIN_FUZZY = 7
_MIN_SQUEEZED_PREFIX = 5
_MIN_POLISH_STEM = 3
_FUZZY_SAME_START = 3
#: How common (Zipf, wordfreq) an English word is before a prefix entry stops reaching into
#: it: "dandelion" 2.9, "jalapeno" 2.6; romanised forms such as "saadi" 2.3, "danda" 1.8.
_ENGLISH_ZIPF = 2.5


class LexiconError(ValueError):
    """A concept file says something this loader cannot read."""


@dataclass(eq=False)
class Lexicon:
    """Every language's concept entries, indexed for lookup."""

    single: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    prefixes: dict[str, list[tuple[str, str, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    fuzzy: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    #: several-word entries by their first word's key: (the other words' keys, concept).
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    concepts: set[str] = field(default_factory=set)

    def add(self, language: str, concept: str, entry: str) -> None:
        prefix = entry.endswith("*")
        exact = entry.startswith("=")
        entry_words = words(entry.rstrip("*").lstrip("="))
        if not entry_words:
            raise LexiconError(f"{language}: {concept}: {entry!r} has no words")
        self.concepts.add(concept)
        keys = [word if exact else _entry_key(language, word) for word in entry_words]
        if len(keys) > 1:
            if prefix:
                # "ghar nahi aa*": the last word is a prefix ("aayi", "aaya").
                keys[-1] = "*" + entry_words[-1]
            self.phrases[keys[0]].append((tuple(keys[1:]), concept))
            return
        key = keys[0]
        if prefix:
            # Squeezed, "maar*" also reads "mar dega"; but a short squeezed prefix
            # ("satt*" -> "sat") would catch English words, so those match as written.
            written = entry_words[0]
            start = squeeze(written)
            start = start if len(start) >= _MIN_SQUEEZED_PREFIX else ""
            self.prefixes[written[:2]].append((written, start, concept))
            if start and start[:2] != written[:2]:
                self.prefixes[start[:2]].append((written, start, concept))
            return
        self.single[key].add(concept)
        if exact:
            return
        stem = key.removeprefix("en:")
        word = entry_words[0]
        if len(word) >= _MIN_FUZZY and language in ("en", "pl"):
            self.fuzzy[word[:_FUZZY_SAME_START]].append((word, concept))
            if language == "en" and stem != word and len(stem) >= _MIN_FUZZY:
                # "strangeling" is two slips from "strangle" but one from its stem.
                self.fuzzy[stem[:_FUZZY_SAME_START]].append((stem, concept))

    def phrases_at(self, first: Token, second: Token) -> list[tuple[tuple[str, ...], str]]:
        """Several-word entries whose first two words are ``first`` and ``second``."""
        found: list[tuple[tuple[str, ...], str]] = []
        for key in first.keys:
            candidates = self.phrases.get(key)
            if not candidates:
                continue
            by_second = _by_second(self, key)
            for second_key in (*second.keys, *english_prefixes(second.word)):
                found.extend(by_second.get(second_key, ()))
            for rest, concept in by_second.get("*", ()):
                if starts(rest[0], second):
                    found.append((rest, concept))
        return found

    def concepts_of(self, item: Token) -> frozenset[str]:
        """The concepts one word carries on its own."""
        return _concepts_of(self, item)


def _entry_key(language: str, word: str) -> str:
    """An entry word's key: its stem in the language the list is written in."""
    if language == "en":
        return "en:" + english_stem(word)
    if language == "pl":
        # Polish stems can be very short ("myszy" -> "my"), and a short one meets English
        # words' Polish stems ("my"): those entries match as written.
        stem = polish_stem(word)
        return "pl:" + stem if len(stem) >= _MIN_POLISH_STEM else word
    squeezed = squeeze(word)
    # Squeezed short words collide with English ("latt" -> "lat"): those match as written.
    return "sq:" + squeezed if len(squeezed) >= _MIN_SQUEEZED_PREFIX else word


@lru_cache(maxsize=4_096)
def _by_second(lex: Lexicon, key: str) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """A first word's several-word entries, by their second word's key ("*" for a prefix)."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for rest, concept in lex.phrases.get(key, ()):
        index["*" if rest[0].startswith("*") else rest[0]].append((rest, concept))
    return dict(index)


def english_prefixes(word: str) -> tuple[str, ...]:
    """English stems a misspelt ending may hide: "harmimg" -> "en:harm" (see the module
    docstring for which endings count)."""
    if not word.isascii() or len(word) < _MIN_PREFIX_STEM + 1:
        return ()
    found = []
    for extra in range(1, _MAX_EXTRA_LETTERS + 1):
        stem = word[:-extra]
        if len(stem) >= _MIN_FREE_PREFIX_STEM or (
            len(stem) == _MIN_PREFIX_STEM and word[len(stem)] == "i"
        ):
            found.append("en:" + stem)
    return tuple(found)


def starts(want: str, got: Token) -> bool:
    """Whether a word of the text begins with a prefix entry's ``*start``."""
    start = want[1:]
    return got.word.startswith(start) or squeeze(got.word).startswith(squeeze(start))


@lru_cache(maxsize=65_536)
def _english_word(word: str) -> bool:
    """A word English writers use often (wordfreq): a romanised Punjabi or Urdu prefix entry
    reads what follows it as an ending ("maar*" -> "maarta"), never as an English word."""
    return word.isascii() and zipf_frequency(word, "en") >= _ENGLISH_ZIPF


@lru_cache(maxsize=65_536)
def _cached(item: Token) -> frozenset[str]:
    return _lookup(lexicon(), item)


def _concepts_of(lex: Lexicon, item: Token) -> frozenset[str]:
    return _cached(item) if lex is lexicon() else _lookup(lex, item)


def _lookup(lex: Lexicon, item: Token) -> frozenset[str]:
    found: set[str] = set()
    for key in item.keys:
        found |= lex.single.get(key, set())
    word = item.word
    squeezed = item.keys[-1].removeprefix("sq:")
    for start in {word[:2], squeezed[:2]}:
        for written, short, concept in lex.prefixes.get(start, ()):
            if word.startswith(written) or (short and squeezed.startswith(short)):
                if word != written and _english_word(word):
                    continue  # "dand*" (a stick, in Punjabi) does not reach into "dandelion"
                found.add(concept)
    if found or len(word) < _MIN_PREFIX_STEM or not word.isascii():
        return frozenset(found)
    for key in english_prefixes(word):
        found |= lex.single.get(key, set())
    if found or len(word) < _MIN_FUZZY or _english_word(word):
        # A common word spelled right is not a slip for a risk word ("growing", "groping").
        return frozenset(found)
    stem = item.keys[1].removeprefix("en:")
    for typed in dict.fromkeys((word, stem)):
        allowed = 1 if len(typed) < 10 else 2
        for entry, concept in lex.fuzzy.get(typed[:_FUZZY_SAME_START], ()):
            if abs(len(entry) - len(typed)) <= allowed and (
                Levenshtein.distance(typed, entry, score_cutoff=allowed) <= allowed
            ):
                found.add(concept)
    return frozenset(found)


def _read(language: str, lex: Lexicon) -> None:
    path = DATA_DIR / f"concepts_{language}.txt"
    for number, raw in enumerate(path.read_text("utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        concept, colon, entries = line.partition(":")
        if not colon or not concept.strip().isupper():
            raise LexiconError(f"concepts_{language}.txt:{number}: a line reads 'CONCEPT: a, b'")
        for entry in entries.split(","):
            if entry.strip():
                lex.add(language, concept.strip(), entry.strip())


def prepare() -> None:
    """Load the word lists, the text-speak table and wordfreq's English list now."""
    lexicon()
    words("x")
    _english_word("the")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Every language's concept lists, loaded once."""
    lex = Lexicon()
    for language in LANGUAGES:
        _read(language, lex)
    return lex
