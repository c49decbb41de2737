"""Normalisation shared by every language, for the text and for every word list alike.

Text and lexicon entries go through the same steps, so a list written in plain words
matches every variant the steps fold together:

1. case and accent folding (:func:`surveys.folding.fold_letters`): Polish typed without
   diacritics, Urdu typed on an Arabic keyboard and Gurmukhi with or without its nasal
   marks read the same;
2. apostrophes dropped ("don't" -> "dont"), punctuation to spaces;
3. text-speak and contractions expanded from ``data/textspeak.txt`` ("theyll" ->
   "they will", "2nite" -> "tonight", "kms" -> "kill myself");
4. repeated letters collapsed ("sooo", "pleeeease", "kil" and "kill" read alike);
5. each word's stems, English and Polish, from the Snowball stemmers (PyStemmer, the C
   build of Snowball): "jumping", "jumped" and "jumps" share one key, and so do "bije",
   "bił" and "bil". Punjabi and Urdu have no Snowball stemmer; their word lists use prefix
   entries ("maar*") instead, which also catch words run together ("mujhse").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import Stemmer

from surveys.folding import fold_letters

__all__ = [
    "DATA_DIR",
    "Token",
    "english_stem",
    "fold",
    "normalise",
    "polish_stem",
    "squeeze",
    "token",
    "tokens",
    "words",
    "words_and_breaks",
]

DATA_DIR = Path(__file__).parent / "data"

# Apostrophes are dropped, not spaced, so "don't" and "dont" read the same.
_APOSTROPHES = dict.fromkeys(map(ord, "'\u2018\u2019\u02bc\u0060\u00b4\u2032"), None)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u0640"), None)
# Word characters: \w plus the vowel signs of Gurmukhi and Urdu (Python's \w skips marks).
_NON_WORD = re.compile(r"[^\w\u0A00-\u0A7F\u0610-\u061A\u06D6-\u06ED]+|_+")
# Three or more of a letter become two ("sooo" -> "soo", "killll" -> "kill"): keeping
# two keeps "noose" apart from "nose" and "off" from "of"; a word typed with one letter
# too many or too few is left to fuzzy matching.
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")
_DOUBLES = re.compile(r"([^\W\d_])\1+")

# "2" and "4" are text-speak for "to" and "for" ("want 2 die", "4 u"), but as often a
# count or an age ("gone 2 days", "hes 2 and"): read as numbers before these words, before
# another number, and at the end.
_COUNTED_WORDS = (
    "day days night nights week weeks wk wks hour hours hr hrs h month months year years "
    "yr yrs min mins minute minutes sec secs time times am pm oclock kids children boys "
    "girls men lads people brothers sisters babies of and or yo yos old"
)
_COUNTED = frozenset(_COUNTED_WORDS.split())
_ENGLISH = Stemmer.Stemmer("english")
_POLISH = Stemmer.Stemmer("polish")


@lru_cache(maxsize=1)
def _speak() -> dict[str, tuple[str, ...]]:
    """The text-speak table, keyed by the written form and by it with no double letters."""
    table: dict[str, tuple[str, ...]] = {}
    singled: dict[str, tuple[str, ...]] = {}
    for line in (DATA_DIR / "textspeak.txt").read_text("utf-8").splitlines():
        written, equals, read_as = line.split("#", 1)[0].partition("=")
        if equals:
            meaning = tuple(read_as.split())
            table.setdefault(written.strip(), meaning)
            singled.setdefault(_DOUBLES.sub(r"\1", written.strip()), meaning)
    # "wannaaa" and "pleaseee" squeeze to "wannaa", "pleasee": look them up with no doubles.
    for key, meaning in singled.items():
        table.setdefault(key, meaning)
    # A meaning is read as written, once ("step mums" -> "step mum"), so normalising
    # normalised text changes nothing.
    return {
        key: tuple(word for part in meaning for word in table.get(part, (part,)))
        for key, meaning in table.items()
    }


def fold(text: str) -> str:
    """Case and accents folded, apostrophes and invisible characters dropped."""
    folded = fold_letters(text.translate(_APOSTROPHES).translate(_INVISIBLE))
    # Decomposing can uncover a capital ("𝓐" -> "A"), so fold what folding made; twice
    # is enough for any character, and on plain ASCII it is one lower(). It can uncover
    # an apostrophe or a tatweel too (a presentation form "ﹷ" is tatweel + fatha), so
    # those are dropped again.
    return fold_letters(folded).translate(_APOSTROPHES).translate(_INVISIBLE)


def words(text: str) -> list[str]:
    """The normalised words of ``text`` (steps 1-4 of the module docstring)."""
    speak = _speak()
    typed = _NON_WORD.sub(" ", fold(text)).split()
    # Read from the end, so whether a number is a count depends on the next word as it
    # is read (not as typed): that keeps normalising idempotent ("2 2 a" -> "to to a").
    read: list[tuple[str, ...]] = []
    following = ""
    for token in reversed(typed):
        squeezed = _REPEATS.sub(r"\1\1", token)
        if squeezed.isdigit() and _a_count(following):
            meaning: tuple[str, ...] = (squeezed,)
        else:
            expanded = speak.get(squeezed)
            if expanded is None and squeezed != token:
                expanded = speak.get(_DOUBLES.sub(r"\1", squeezed))
            meaning = expanded or (squeezed,)
        read.append(meaning)
        following = meaning[0] if meaning else following
    out: list[str] = []
    for meaning in reversed(read):
        out.extend(meaning)
    return out


# A sentence ends at . ! ? or ; before a space or the end ("2.30" and "x.com" go on), or at
# a line break.
_SENTENCE_END = re.compile(r"[.!?;]+(?=\s|$)|\n")


def words_and_breaks(text: str) -> tuple[list[str], list[int]]:
    """:func:`words` of ``text``, and where each sentence after the first begins.

    A survey answer is often feedback, then a full stop, then something else entirely;
    the check lets a context reach across a sentence no more than across a "but".
    """
    found: list[str] = []
    breaks: list[int] = []
    for sentence in _SENTENCE_END.split(text):
        said = words(sentence)
        if said and found:
            breaks.append(len(found))
        found.extend(said)
    return found, breaks


def _a_count(following: str) -> bool:
    """Whether a number followed by ``following`` (as read) is a count, not text-speak."""
    return not following or following.isdigit() or following in _COUNTED


def normalise(text: str) -> str:
    """``text`` as the check reads it: folded, expanded, repeats collapsed, one space apart.

    Idempotent: normalising the result again changes nothing.
    """
    return " ".join(words(text))


@dataclass(frozen=True, slots=True)
class Token:
    """One normalised word and the keys a word list can know it by."""

    word: str
    #: The word itself, ``en:`` its English stem, ``pl:`` its Polish stem and ``sq:`` it
    #: with no double letters (for Punjabi and Urdu): English lists meet English stems
    #: only, so "taxi" (Polish stem "tax") never reads as "taxed".
    keys: tuple[str, ...]


def english_stem(word: str) -> str:
    return str(_ENGLISH.stemWord(word))


def polish_stem(word: str) -> str:
    return str(_POLISH.stemWord(word))


@lru_cache(maxsize=65_536)
def token(word: str) -> Token:
    """The lookup keys of one normalised word (cached: people reuse their words)."""
    return Token(
        word,
        (
            word,
            "en:" + _ENGLISH.stemWord(word),
            "pl:" + _POLISH.stemWord(word),
            "sq:" + squeeze(word),
        ),
    )


def squeeze(word: str) -> str:
    """``word`` with no double letters: romanised Punjabi and Urdu spell vowels and
    consonants single or double at will ("maar", "mar"; "bhukh", "bhukkh")."""
    return _DOUBLES.sub(r"\1", word)


def tokens(text: str) -> list[Token]:
    """``text`` as tokens with their stems."""
    return [token(word) for word in words(text)]
