"""Which words are everyday words, from ``wordfreq``'s word lists (shipped in its wheel).

A name that is also a common word ("will", "hope", "bill") must not be redacted on sight,
and a lower-case token is a name only if it is no common word. ``wordfreq`` measures
"common" across many sources (subtitles, news, web, social media), so we need not keep our
own list of every English word. Polish and Romanian are there too: families write in them,
and "nie" or "ma" must not be taken for the names they also are.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from wordfreq import get_frequency_dict, zipf_frequency

from surveys.folding import fold_letters

#: A Zipf frequency (log10 of uses per billion words): 3 is once in a million words, the
#: bottom of wordfreq's small lists, which are all we load.
_FLOOR = 3.0


@lru_cache(maxsize=8)
def _zipf_table(language: str) -> dict[str, float]:
    frequencies = get_frequency_dict(language, wordlist="small")
    return {word: math.log10(freq) + 9 for word, freq in frequencies.items() if freq > 0}


@lru_cache(maxsize=8)
def _folded_table(language: str) -> dict[str, float]:
    """Zipf by folded spelling: Polish typed without its letters ("moj" for "mój")."""
    table: dict[str, float] = {}
    for word, value in _zipf_table(language).items():
        key = fold_letters(word)
        table[key] = max(value, table.get(key, 0.0))
    return table


def zipf(word: str, language: str = "en") -> float:
    """``word``'s Zipf frequency in ``language``; below 3 reads as 0 (rare or unknown)."""
    return _zipf_table(language).get(word.casefold(), 0.0)


def is_everyday_english(word: str, threshold: float = 3.5) -> bool:
    """Whether ``word`` is common enough in English to be an ordinary word first."""
    return zipf(word) >= max(threshold, _FLOOR)


@lru_cache(maxsize=1)
def _elsewhere_table() -> dict[str, float]:
    """Polish and Romanian together, folded: a word's higher Zipf of the two."""
    table = dict(_folded_table("pl"))
    for key, value in _folded_table("ro").items():
        table[key] = max(value, table.get(key, 0.0))
    return table


@lru_cache(maxsize=1)
def polish_or_romanian_words() -> frozenset[str]:
    """Folded words that are everyday in Polish or Romanian (Zipf 5+) and no English
    word: two of them in a text say it is written in one of those languages."""
    return frozenset(
        key for key, value in _elsewhere_table().items() if value >= 5.0 and zipf(key) < 3.0
    )


def common_elsewhere_key(key: str, threshold: float) -> bool:
    """:func:`common_elsewhere` for a word already folded (a token's key): no folding."""
    return _elsewhere_table().get(key, 0.0) >= threshold


def common_elsewhere(word: str, threshold: float = 4.8, *, folded: bool = True) -> bool:
    """Whether ``word`` is an everyday word in Polish or Romanian ("nie", "jest", "acum"):
    spelt as typed, or (``folded``) with its accents taken off ("moj" for "mój")."""
    if not folded:
        word = word.casefold()
        return any(_zipf_table(language).get(word, 0.0) >= threshold for language in ("pl", "ro"))
    return common_elsewhere_key(fold_letters(word.casefold()), threshold)


#: In wordfreq's large English list, misspellings people type ("realy" 2.8, "probly" 2.2,
#: "dnt" 2.3) sit above this; surnames of other countries ("mutasa" 1.3, "okonkwo" 1.9)
#: below it.
_RARE_ZIPF = 2.0


@lru_cache(maxsize=4096)
def rare_in_english(word: str) -> bool:
    """Whether ``word`` is rarer in English than its common misspellings, by wordfreq's
    large list (loaded on first use: only a rule that needs it asks)."""
    return zipf_frequency(word, "en", wordlist="large") < _RARE_ZIPF


_LATIN_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=64)
def latin_words(text: str) -> frozenset[str]:
    """The lower-case Latin words of ``text``: a quick test of whether a slow pattern,
    which needs one of a few words ("snap", "academy", "june"), can match at all.

    Cached: each pass of redaction asks about the same text several times."""
    return frozenset(_LATIN_WORD.findall(text.lower()))
