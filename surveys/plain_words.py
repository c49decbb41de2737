"""Is wording for children and young people short and plain?

Two clear rules a writer can act on, rather than a readability score: a sentence
of more than 15 words (children) or 20 (young people), and words of more than 12
or 14 letters. Readability formulas (textstat and the like) are built for passages
of 100 words or more and swing wildly on a one-line question; they would add a
dependency and give warnings nobody could fix with confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from surveys.errors import Code


@dataclass(frozen=True)
class Limits:
    who: str  # as it reads in a message: "children"
    sentence_words: int
    word_letters: int


LIMITS = {
    "child": Limits("children", sentence_words=15, word_letters=12),
    "young_person": Limits("young people", sentence_words=20, word_letters=14),
}

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


@dataclass(frozen=True)
class WordingIssue:
    code: Code
    details: dict[str, Any]


def wording_issues(text: str, audience: str) -> list[WordingIssue]:
    """Warnings for ``text`` (English) aimed at ``audience``; none for adults."""
    limits = LIMITS.get(audience)
    if limits is None:
        return []
    issues: list[WordingIssue] = []
    for sentence in _SENTENCE_END.split(text):
        count = len(_WORD.findall(sentence))
        if count > limits.sentence_words:
            issues.append(
                WordingIssue(
                    Code.LONG_SENTENCE,
                    {
                        "count": count,
                        "audience": limits.who,
                        "limit": limits.sentence_words,
                        "sentence": sentence.strip(),
                    },
                )
            )
    long_words = sorted(
        {word for word in _WORD.findall(text) if len(word) > limits.word_letters}, key=str.lower
    )
    if long_words:
        words = ", ".join(f"'{word}'" for word in long_words)
        issues.append(WordingIssue(Code.LONG_WORDS, {"words": words, "audience": limits.who}))
    return issues
