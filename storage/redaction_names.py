"""Personal names in free text, for :mod:`storage.redaction`.

No library finds UK names offline, so names come from lists and context. Each listed name
gets a class once, when the lists load:

- ``ANY_CASE``: a name and no everyday word ("kacper", "tendai", "Sarah"): redacted in
  any case, with no context, because people type names in lower case;
- ``CAPITALISED``: a name that is also a word in some language we see ("Ali", "Marek" in
  Polish text): redacted capitalised, or lower-case after a context word;
- ``EVERYDAY``: a name that is an everyday English word ("Will", "Hope", "Bill"): redacted
  only with context, a cue after it ("Will from CAMHS", "Hope rang me", "Mark the
  manager", "Faith and Mercy") or a person word before it ("spoke to Mark").

The hand-kept lists (``first_names.txt``, ``surnames.txt``) hold names we checked, and
``common_words.txt`` those of them that are everyday words. The generated world lists
(``*_world.txt``) add breadth, and ``wordfreq`` decides their class: a world-list name as
common as "hope" in English is everyday. ``not_names.txt`` holds words of Romanised Urdu,
Punjabi and text-speak that the world lists took for names ("mera", "bhai", "bro").

Context: a title ("Mrs", "ਸ੍ਰੀਮਤੀ", "جناب"), a naming word ("called", "name is") or a
relation ("my worker", "my mate", "our kid", "my little girl") makes the next word a name if
it is capitalised or listed. A word beside a name is part of it: "Sarah WILLIAMSON", "ellie
patel", "[name] okonkwo". Gurmukhi and Urdu have no capitals: there lists and context decide.
"""

from __future__ import annotations

import re

from storage.redaction_name_lists import (
    ANY_CASE,
    CAPITALISED,
    EVERYDAY,
    NOT_A_NAME,
    NameLists,
    name_lists,
)
from storage.redaction_names_context import (
    ADJECTIVE_NAMES,
    AFTER_NAME,
    ANIMATE_AFTER,
    APPOSITION_STARTS,
    MONTHS,
    NAMING,
    NAMING_PAIRS,
    NOT_NAMES,
    NOT_NAMES_CASELESS,
    PERSON_AFTER,
    PERSON_BEFORE,
    RELATIONS,
    SHORT_NAMES,
    TITLES,
    VERB_NAMES,
    Token,
    tokenise,
)
from storage.redaction_names_cues import flag_people
from storage.redaction_names_runs import extend, rewrite
from storage.redaction_words import common_elsewhere, polish_or_romanian_words, zipf

_DETERMINERS = frozenset(
    re.findall(r"\w+", "the a an this that these those his her their our your my its")
)


def redact_names(text: str) -> str:
    """``text`` with personal names replaced by ``[name]``."""
    tokens = tokenise(text)
    if not tokens:
        return text
    lists = name_lists()
    foreign = _written_in_polish_or_romanian(tokens)
    flagged = [_is_name(tokens, i, text, lists, foreign) for i in range(len(tokens))]
    flag_people(tokens, flagged, text, lists)
    for _ in range(2):  # "Faith and Mercy": each side of "and" can tell the other
        _join_pairs(tokens, flagged, text, lists)
    _list_after_me(tokens, flagged, text, lists)
    extend(tokens, flagged, text, lists)
    return _initials(rewrite(text, tokens, flagged))


# An initial before a name is part of it: "P. [name]", "K [name]" ("A" and "I" alone are
# words). Two dotted initials are a name alone ("R.J."), unless they are a time, a country
# or an abbreviation everyone uses. These patterns start at their letters, not at a
# look-behind, which would be tried at every character of the text.
INITIAL_BEFORE_NAME = re.compile(r"[A-Z](?:\.\s*|\s)\[name\]")
DOTTED_INITIALS = re.compile(r"[A-Z]\.\s?[A-Z]\.")
# "[name].M.": a second initial after one taken for a name.
INITIAL_AFTER_NAME = re.compile(r"\[name\]((?:\.[A-Z])+\.?)")
_NOT_INITIALS = frozenset(
    re.findall(r"\w+", "AM PM UK US EU GP NB PS IE EG BC AD TV OK DR MR ST UN IT HR PE RE ID")
)


def _initials(text: str) -> str:
    if "[name]" in text:
        text = INITIAL_BEFORE_NAME.sub(_initial_before_name, text)
        if "[name]." in text:
            text = INITIAL_AFTER_NAME.sub(_initial_after_name, text)
    if "." in text:
        text = DOTTED_INITIALS.sub(_dotted_initials, text)
    return text


def _starts_a_word(match: re.Match[str]) -> bool:
    at = match.start()
    return at == 0 or not (match.string[at - 1].isalnum() or match.string[at - 1] in "._[")


def _initial_before_name(match: re.Match[str]) -> str:
    initial = match.group(0)[0]
    dotted = match.group(0)[1] == "."
    if _starts_a_word(match) and (dotted or initial not in "AI"):
        return "[name]"
    return match.group(0)


def _initial_after_name(match: re.Match[str]) -> str:
    end = match.end()
    if end < len(match.string) and (match.string[end].isalnum() or match.string[end] == "_"):
        return match.group(0)
    return "[name]"


def _dotted_initials(match: re.Match[str]) -> str:
    end = match.end()
    after = match.string[end] if end < len(match.string) else " "
    letters = re.sub(r"[^A-Z]", "", match.group(0))
    if not _starts_a_word(match) or after.isalnum() or after in "._" or letters in _NOT_INITIALS:
        return match.group(0)
    return "[name]"


def _context(tokens: list[Token], index: int, text: str) -> str | None:
    """'title', 'naming' or 'relation' when the words just before ``index`` name someone."""
    if index == 0:
        return None
    previous = tokens[index - 1]
    gap = text[previous.end : tokens[index].start].strip()
    if gap not in ("", ",", ".", ":", "-") or (gap == "." and previous.key not in TITLES):
        return None
    if previous.tag:
        return None
    if previous.key in TITLES:
        return "title"
    if previous.key in NAMING:
        return "naming"
    if index >= 2 and (tokens[index - 2].key, previous.key) in NAMING_PAIRS:
        return "naming"
    if previous.key in RELATIONS:
        return "relation"
    return None


def _is_name(
    tokens: list[Token], index: int, text: str, lists: NameLists, foreign: bool = False
) -> bool:
    token = tokens[index]
    if token.tag or token.lower in NOT_NAMES:
        return False
    if token.caseless:
        return _is_caseless_name(tokens, index, text, lists)
    kind = lists.class_of(token.key)
    if token.shouted and len(token.key) <= 3:
        kind = NOT_A_NAME  # "TAF", "PEP": a plan's initials, not a name
    capital = token.capitalised or (token.shouted and kind >= CAPITALISED)
    context = _context(tokens, index, text)
    if context == "title":
        # "mrs j": an initial, but not "miss a lot" or "miss u".
        initial = len(token.key) == 1 and token.key not in "aiu"
        return capital or kind != NOT_A_NAME or initial
    if context == "naming":
        # "called jo": after a naming word even a two-letter listed name is a name.
        return (
            capital or kind >= CAPITALISED or (kind == EVERYDAY and token.key not in lists.common)
        )
    if context == "relation":
        # "my daughter grace" in lower case: an everyday-word name that is no very common
        # word ("my daughter will be 5" and "my son may come" stay).
        return (
            capital
            or kind >= CAPITALISED
            or (
                kind == EVERYDAY
                and zipf(token.key) < 5.0
                and token.key not in lists.not_names
                and token.key not in VERB_NAMES
                and token.key not in ADJECTIVE_NAMES
            )
            # "my worker shirley": a first name that is a place too is the name here.
            or (token.key in lists.places and token.key in lists.hand and zipf(token.key) < 5.0)
        )
    if kind == ANY_CASE and (capital or token.shouted or not _foreign_word(token, foreign)):
        return True
    if kind >= CAPITALISED:
        # "stefan the new social worker": lower case, but a cue says a person
        return capital or _everyday_name_cue(tokens, index, text, capital, before=False)
    short_name = token.key in SHORT_NAMES and capital
    if kind == EVERYDAY and token.shouted and _shouted_alone(tokens, index):
        # "BROWN was the surname": one word in capitals among lower-case ones is a name
        # written as forms ask; not emphasis ("I WILL NOT") and not a very common word.
        return len(token.key) > 3 and zipf(token.key) < 5.1 and token.key not in lists.not_names
    if kind == EVERYDAY and (len(token.key) > 2 or short_name) and token.key not in lists.not_names:
        return _everyday_name_cue(tokens, index, text, capital)
    if kind == NOT_A_NAME and token.capitalised and _unknown_word(token, lists):
        # "Dusica from Early Help": a word of no list and no language, used as a person;
        # or capitalised in mid-sentence, which phones do not do to ordinary words.
        if not token.starts_sentence(tokens, index, text) and zipf(token.key) == 0.0:
            return True
        return _everyday_name_cue(tokens, index, text, capital, before=False)
    # "Rio is my boy": a word less common than "home", then who they are.
    return kind == NOT_A_NAME and token.capitalised and _is_my_relation(tokens, index, text)


def _is_my_relation(tokens: list[Token], index: int, text: str) -> bool:
    """ "X is my son", "X was our little girl": a capitalised word that is no common word,
    then a copula, a possessive and a relation (an adjective may come between)."""
    token = tokens[index]
    if len(token.key) < 3 or zipf(token.key) >= 4.5 or token.lower in NOT_NAMES:
        return False
    copula, owner = _word_after(tokens, index, text), _word_after(tokens, index, text, 2)
    if copula is None or owner is None or copula.key not in ("is", "was", "s"):
        return False
    if owner.key not in ("my", "our", "her", "his", "their"):
        return False
    for step in (3, 4):
        who = _word_after(tokens, index, text, step)
        if who is not None and who.key in RELATIONS:
            return True
    return False


def _shouted_alone(tokens: list[Token], index: int) -> bool:
    neighbours = tokens[max(0, index - 1) : index] + tokens[index + 1 : index + 2]
    return not any(other.shouted or other.lower == "i" for other in neighbours)


def _foreign_word(token: Token, foreign: bool) -> bool:
    """Whether a lower-case listed name is an everyday Polish or Romanian word in a text
    written in Polish or Romanian ("to było bardzo dobre", "mój mąż"). In an English text
    "mihai" or "andrei" is a name, though common in Romanian text too."""
    return foreign and common_elsewhere(token.lower, 4.0)


def _written_in_polish_or_romanian(tokens: list[Token]) -> bool:
    """Whether two words or more are everyday Polish or Romanian and no English word."""
    words = polish_or_romanian_words()
    hits = 0
    for token in tokens:
        if token.key in words:
            hits += 1
            if hits >= 2:
                return True
    return False


def _unknown_word(token: Token, lists: NameLists) -> bool:
    return (
        len(token.key) > 2
        and token.key not in lists.not_names
        and zipf(token.key) < 3.5
        and not common_elsewhere(token.key, 3.5)
    )


def _word_after(tokens: list[Token], index: int, text: str, step: int = 1) -> Token | None:
    """The token ``step`` words after ``index``, if only spaces or a comma come between."""
    for k in range(index, index + step):
        if k + 1 >= len(tokens) or text[tokens[k].end : tokens[k + 1].start].strip() not in (
            "",
            ",",
        ):
            return None
    return tokens[index + step]


def _everyday_name_cue(
    tokens: list[Token], index: int, text: str, capital: bool, *, before: bool = True
) -> bool:
    """Whether an everyday-word name ("Will", "Hope") is used as a name here."""
    token = tokens[index]
    if token.key in MONTHS:
        return False
    start = tokens[index].starts_sentence(tokens, index, text)
    if capital and token.text != token.base:
        return True  # "Will's mum"
    following = _word_after(tokens, index, text)
    if capital and _beside_itself(tokens, index, text):
        return True  # "Will will not", "we hope Hope gets": the name, then the word
    if capital and _signs_off(tokens, index, text):
        return True  # "thanks for everything, Will"
    if following is not None and (capital or start):
        if capital and following.key in PERSON_AFTER:
            return True  # "Hope rang me", "Will from CAMHS"
        if following.key in ANIMATE_AFTER and not (
            index > 0 and tokens[index - 1].key in _DETERMINERS
        ):
            return True  # "grace rang me", "bill said", not "the bill said"
        if following.key in APPOSITION_STARTS:
            # "Mark the manager", "bill my neighbour", "Joy the family support worker"
            for step in (2, 3, 4):
                later = _word_after(tokens, index, text, step)
                if later is not None and later.key in RELATIONS:
                    return True
        if capital and following.key in ("and", "n", "&"):
            # "Summer and her brother"
            owner, who = _word_after(tokens, index, text, 2), _word_after(tokens, index, text, 3)
            if (
                owner is not None
                and who is not None
                and owner.key in APPOSITION_STARTS
                and who.key in RELATIONS
            ):
                return True
        if capital and following.key in ("was", "is", "are", "were"):
            # "Rose was the best worker", "Dawn was the only worker we had"
            for step in (2, 3, 4, 5):
                later = _word_after(tokens, index, text, step)
                if later is not None and later.key in RELATIONS:
                    return True
    if capital and index >= 2 and tokens[index - 1].key == "of":
        # "the mum of Zeke", "dad of Will": a relation's "of", then a capitalised word.
        relation = tokens[index - 2]
        if relation.key in RELATIONS and text[relation.end : token.start] == " of ":
            return True
    if before and capital and not start and index > 0:
        previous = tokens[index - 1]
        gap = text[previous.end : token.start].strip()
        return gap == "" and previous.key in PERSON_BEFORE  # "I spoke to Mark yesterday"
    return False


def _beside_itself(tokens: list[Token], index: int, text: str) -> bool:
    """Whether the same word, in lower case, is just before or after a capitalised one."""
    token = tokens[index]
    for other in (index - 1, index + 1):
        if 0 <= other < len(tokens):
            low, high = sorted((index, other))
            neighbour = tokens[other]
            if (
                neighbour.key == token.key
                and neighbour.text.islower()
                and text[tokens[low].end : tokens[high].start] == " "
            ):
                return True
    return False


_SIGN_OFF_END = re.compile(r"[\s.!x]*$")


def _signs_off(tokens: list[Token], index: int, text: str) -> bool:
    """Whether a capitalised word closes the text after a comma or a line break, as a
    signature does: ", Will" or "\nHope" at the end."""
    if index == 0 or (index + 1 < len(tokens) and tokens[index + 1].key != "x"):
        return False
    if index + 2 < len(tokens):
        return False
    gap = text[tokens[index - 1].end : tokens[index].start]
    after = text[tokens[index].end :]
    return ("," in gap or "\n" in gap) and _SIGN_OFF_END.fullmatch(after) is not None


def _is_caseless_name(tokens: list[Token], index: int, text: str, lists: NameLists) -> bool:
    """:func:`_is_name` for a script without capitals, where only lists and context tell."""
    token = tokens[index]
    if token.key in NOT_NAMES_CASELESS:
        return False
    context = _context(tokens, index, text)
    if context in ("title", "naming") or _before_a_name_word(tokens, index, text):
        return True
    kind = lists.class_of(token.key)
    if context == "relation":
        return kind != NOT_A_NAME
    return kind >= CAPITALISED


def _before_a_name_word(tokens: list[Token], index: int, text: str) -> bool:
    """Whether the word after ``index`` says it was a name ("احمد صاحب", "احمد نامی")."""
    if index + 1 >= len(tokens) or text[tokens[index].end : tokens[index + 1].start] != " ":
        return False
    key = tokens[index].key
    return tokens[index + 1].key in AFTER_NAME and not (
        key in RELATIONS or key in TITLES or key in NAMING or key in AFTER_NAME
    )


def _join_pairs(tokens: list[Token], flagged: list[bool], text: str, lists: NameLists) -> None:
    """ "Faith and Mercy", "Mark and Sonia": a capitalised listed word beside "and" a name."""
    joins = ("and", "&", "or", "n")
    last = len(tokens) - 1
    for i, token in enumerate(tokens):
        if flagged[i] or token.lower in NOT_NAMES or token.key in MONTHS:
            continue
        if not ((i < last and tokens[i + 1].key in joins) or (i and tokens[i - 1].key in joins)):
            continue  # most words: no "and" beside them
        kind = lists.class_of(token.key)
        # Capitalised and listed, or lower case and no everyday word ("me and abi and [name]"),
        # or an everyday word not among the most common after a word that takes a person
        # ("with bob and [name]", not "the polish charity and [name]").
        everyday = (
            kind == EVERYDAY
            and zipf(token.key) < 5.0
            and token.key not in lists.not_names
            and (i == 0 or tokens[i - 1].key in PERSON_BEFORE or tokens[i - 1].key in joins)
        )
        short = token.capitalised and token.key in SHORT_NAMES  # "Al and [name]"
        # "[name] and Sim": a capitalised word of no list, mid-sentence, that is no
        # everyday word here or in Polish or Romanian.
        unknown = (
            kind == NOT_A_NAME
            and token.capitalised
            and len(token.key) > 2
            and token.key not in lists.not_names
            and zipf(token.key) < 4.0
            and not common_elsewhere(token.key, 4.0)
            and (
                not token.starts_sentence(tokens, i, text)
                # "Hevka and [name]" opening a sentence: no word in any list we load.
                or (zipf(token.key) == 0.0 and not common_elsewhere(token.key, 3.0))
            )
        )
        listed = (token.capitalised and kind) or kind >= CAPITALISED
        if not (listed or everyday or short or unknown):
            continue
        for other, middle in ((i + 2, i + 1), (i - 2, i - 1)):
            if 0 <= other < len(tokens) and tokens[middle].key in ("and", "&", "or", "n"):
                low, high = sorted((i, other))
                spaced = all(
                    text[tokens[k].end : tokens[k + 1].start] == " " for k in range(low, high)
                )
                named = flagged[other] or tokens[other].text == "[name]"
                # A tag from an earlier pass was a name as typed, whatever its case.
                as_typed = tokens[other].capitalised or tokens[other].tag
                if spaced and named and (as_typed or not token.capitalised):
                    flagged[i] = True
        # "Faith and Mercy are my girls": two everyday-word names, one cue after both.
        if i + 2 < len(tokens) and tokens[i + 1].key in ("and", "&"):
            pair = tokens[i + 2]
            if (
                pair.capitalised
                and lists.listed(pair.key)
                and pair.key not in lists.not_names
                and pair.key not in MONTHS
                and _everyday_name_cue(tokens, i + 2, text, True, before=False)
            ):
                flagged[i] = flagged[i + 2] = True


_JOINS = frozenset({"and", "n", "&"})


def _list_after_me(tokens: list[Token], flagged: list[bool], text: str, lists: NameLists) -> None:
    """ "me n [name] and jax": in a list of people after "me", one member a name, a
    lower-case word that is no common word and no relation is a name too."""
    for start, token in enumerate(tokens):
        if token.key != "me":
            continue
        members: list[int] = []
        k = start
        while k + 2 < len(tokens) and tokens[k + 1].key in _JOINS and len(members) < 4:
            if text[tokens[k].end : tokens[k + 2].start].strip() not in tokens[k + 1].text:
                break
            members.append(k + 2)
            k += 2
        if not any(flagged[m] or tokens[m].text == "[name]" for m in members):
            continue
        for m in members:
            member = tokens[m]
            if flagged[m] or member.tag or not member.text.islower():
                continue
            if (
                len(member.key) >= 3
                and zipf(member.key) < 4.0
                and member.key not in lists.not_names
                and member.lower not in NOT_NAMES
                and member.key not in RELATIONS
            ):
                flagged[m] = True


def name_words_left(text: str) -> list[str]:
    """Words of ``text`` that are on the name lists and could still be names, in order.

    For a reviewer's eye: capitalised listed words (even everyday ones such as "Rose")
    and any listed word in a script without capitals, each once.
    """
    lists = name_lists()
    seen: dict[str, None] = {}
    for token in tokenise(text):
        if token.tag or token.lower in NOT_NAMES or token.key in MONTHS:
            continue
        kind = lists.class_of(token.key)
        if kind == NOT_A_NAME or (kind == EVERYDAY and len(token.key) <= 2):
            continue
        if token.capitalised or token.caseless or token.shouted or kind == ANY_CASE:
            seen.setdefault(token.base, None)
    return list(seen)
