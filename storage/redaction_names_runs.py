"""Runs of name words, for :mod:`storage.redaction_names`: the words beside a name that
belong to it ("Sarah WILLIAMSON", "ellie patel", "[name] okonkwo", "Grace Brown"), and the
rewrite of each run to one ``[name]``."""

from __future__ import annotations

import re

from storage.redaction_name_lists import CAPITALISED, NOT_A_NAME, NameLists
from storage.redaction_names_context import MONTHS, NOT_NAMES, VERB_NAMES, Token
from storage.redaction_words import common_elsewhere, rare_in_english, zipf

__all__ = ["adjacent", "extend", "rewrite"]


def adjacent(tokens: list[Token], low: int, high: int, text: str) -> bool:
    return text[tokens[low].end : tokens[high].start] in (" ", "-")


def _rare_word(token: Token, lists: NameLists) -> bool:
    """A word of no list that is no everyday word in any language we see ("Kendall")."""
    return (
        lists.class_of(token.key) == NOT_A_NAME
        and len(token.key) > 2
        and token.key not in lists.not_names
        and zipf(token.key) < 4.0
        and not common_elsewhere(token.key, 3.5)
    )


def extend(tokens: list[Token], flagged: list[bool], text: str, lists: NameLists) -> None:
    """Words beside a name are part of it: "Sarah WILLIAMSON", "ellie patel", "Grace Okafor"."""
    for i in range(len(tokens) - 1):
        if not (flagged[i] or tokens[i].text == "[name]"):
            continue
        nxt = tokens[i + 1]
        if flagged[i + 1] or nxt.tag or not adjacent(tokens, i, i + 1, text):
            continue
        if nxt.lower in NOT_NAMES or nxt.starts_sentence(tokens, i + 1, text):
            continue
        kind = lists.class_of(nxt.key)
        surname = nxt.key in lists.surnames or "-" in nxt.key
        if (
            nxt.capitalised
            or (nxt.shouted and kind != NOT_A_NAME)
            or (surname and kind >= CAPITALISED)
            or (surname and _everyday_surname(tokens, i + 1, lists))
            or _unknown_surname(nxt, lists)
        ):
            # "[name] okonkwo" from an earlier pass: the tag joins the run it starts.
            flagged[i] = flagged[i + 1] = True
    for i in range(len(tokens) - 1, 0, -1):
        token = tokens[i - 1]
        if (
            flagged[i]
            and not flagged[i - 1]
            and token.capitalised
            and adjacent(tokens, i - 1, i, text)
            and token.key in lists.first_names
            and token.key not in lists.not_names
            and token.lower not in NOT_NAMES
        ):
            flagged[i - 1] = True
    # A listed everyday-word first name followed by a listed surname ("Grace Brown") or
    # a capitalised word no list or language knows ("Autumn Pettifer").
    for i in range(len(tokens) - 1):
        this, nxt = tokens[i], tokens[i + 1]
        if (
            not flagged[i]
            and this.capitalised
            and nxt.capitalised
            and this.key in lists.first_names
            and (nxt.key in lists.surnames or _rare_word(nxt, lists))
            and this.key not in lists.not_names
            and nxt.key not in lists.not_names
            and this.lower not in NOT_NAMES
            and nxt.lower not in NOT_NAMES
            and this.key not in MONTHS
            and adjacent(tokens, i, i + 1, text)
        ):
            flagged[i] = flagged[i + 1] = True


#: Surnames that are everyday words, which after a name are still the word: "[name] said".
_WORDS_AFTER_NAMES = frozenset(
    re.findall(r"\w+", "said will may can long little young best good more rich well just")
)


_VOWELS = frozenset("aeiouy")


def _unknown_surname(token: Token, lists: NameLists) -> bool:
    """ "tendai mutasa", "[name] okoro": after a name, a lower-case word no list and no
    language we see knows, shaped like a word (five letters or more, two vowels), is its
    surname. Text-speak and misspellings after a name ("dnt", "realy") are in wordfreq's
    large list; surnames of other countries are rarer there."""
    key = token.key
    return (
        len(key) >= 5
        and sum(letter in _VOWELS for letter in key) >= 2
        and key.isalpha()
        and lists.class_of(key) == NOT_A_NAME
        and key not in lists.not_names
        and zipf(key) == 0.0
        and not common_elsewhere(key, 3.0)
        and rare_in_english(key)
    )


def _everyday_surname(tokens: list[Token], index: int, lists: NameLists) -> bool:
    """ "ellie brown", "[name] turner": a listed surname that is an everyday word, in
    lower case after a name, if it is not among the most common words and no word of
    function follows that would make it a verb or an adjective ("[name] said")."""
    token = tokens[index]
    return (
        token.key not in _WORDS_AFTER_NAMES
        and token.key not in VERB_NAMES
        and token.key not in lists.not_names
        and zipf(token.key) < 5.4
    )


def rewrite(text: str, tokens: list[Token], flagged: list[bool]) -> str:
    """Replace flagged runs of words with one ``[name]``, keeping a possessive "'s"."""
    out: list[str] = []
    position = 0
    i = 0
    while i < len(tokens):
        if not flagged[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and flagged[j + 1] and adjacent(tokens, j, j + 1, text):
            j += 1
        out.append(text[position : tokens[i].start])
        out.append("[name]" + tokens[j].text[len(tokens[j].base) :])
        position = tokens[j].end
        i = j + 1
    out.append(text[position:])
    return "".join(out)
