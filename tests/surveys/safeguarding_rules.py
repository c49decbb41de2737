"""What the word lists alone read in a text, for tests at the layer the rules live in.

The check leaves texts of nine words or more to the classifier, so a test that a rule
still reads a longer disclosure (and so still decides it when the text is short, when
the model file is missing, or when the classifier is retrained) asks the rules directly.
"""

from __future__ import annotations

from surveys.safeguarding import tagged, word_list_hits
from surveys.safeguarding.normalise import words_and_breaks


def rules_read(text: str) -> set[str]:
    """The categories the rules and fixed phrases find in ``text``, before any model."""
    rule_hits, phrase_hits = word_list_hits(*tagged(*words_and_breaks(text)))
    return {c for hit in rule_hits for c in hit.rule.categories} | {
        c for hit in phrase_hits for c in hit.categories
    }
