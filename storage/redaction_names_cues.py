"""Cues that show a word is a person, for names the list-and-context rules leave.

:mod:`storage.redaction_names` flags names by their lists and the word just before them.
These rules read a little more of the sentence, each a way people talk about people
whatever the name is, so they hold for names nobody here has seen:

- beside "me": "me and joy", "me n bill", "rose and me": a listed name, in any case;
- a kinship word as a title, with no "my" before it: "nanny pat", "uncle rob";
- where a worker sits: "Dawn on reception", "April at the front desk";
- who they are, after the name: "Jade my eldest", "Zorka the romanian lady", "May was my
  support worker" (a month too, when the rest says it is a person);
- an age: "Honey is only 5", "Sky is 7";
- two words that take a person before it: "thank u Crystal", "ask for Robin";
- a capitalised listed name in mid-sentence that is no very common word ("we love Crystal"):
  phone typing capitalises names, rarely everyday words;
- a nickname's first word: "Big Kel", "Lil Jay";
- in lower case, what only a person does: a verb whose object is a person ("ask grace",
  "can u ring jo"), talking ("spoke to holly"), being asked to ring ("can amber ring me");
  a verb after a relation and a listed word ("my cousin june drove me", through "brother
  in law"); a verb after a listed word opening a sentence ("jade helped me", "amber was so
  kind", not "patience is key"); a place of work ("pat at the foodbank"); a relation after
  a possessive, with or without its apostrophe ("ruby's mum", "jacks nan"); a relation
  beside it ("my son and jade"); two listed words, then whose they are or a verb ("faith
  and mercy are my nieces", "holly and jade go"); the romanised Punjabi and Urdu "'s"
  ("sonia di mummy", "pinky ka bhai");
- capitalised, where a child is: "Harmony is in year 4", "Destiny is at [school]".

A listed word here is one the name lists hold; months, seasons, auxiliaries, words of
other languages and words as common as "hope" (Zipf 5) need more than these cues.

Each rule reads a fixed number of words around one token, so the pass stays linear.
"""

from __future__ import annotations

import re

from storage.redaction_name_lists import EVERYDAY, NOT_A_NAME, NameLists
from storage.redaction_names_context import (
    AUXILIARIES,
    BARE_VERBS,
    BEFORE_A_VERB,
    CHILD_PLACES,
    COMING,
    COMING_WHERE,
    CONTACTED,
    CONTACTING,
    COPULAS,
    GREETING_PAIRS,
    GREETINGS,
    KIN_TITLES,
    MODALS,
    MONTHS,
    NICKNAME_PREFIXES,
    NOT_NAMES,
    OF_WORDS,
    PEOPLE_NOUNS,
    PERSON_ADJECTIVES,
    PERSON_BEFORE_PAIRS,
    PERSON_OBJECT_NOUN_VERBS,
    PERSON_OBJECT_VERBS,
    PLACES_OF_WORK,
    PLURAL_VERBS,
    POSTS,
    RELATIONS,
    ROMAN_KIN,
    SEASONS,
    SERVICES,
    SHORT_NAMES,
    TALK_PREPOSITIONS,
    TALK_VERBS,
    TIME_UNITS,
    VERB_NAMES,
    VERBS_AFTER_SUBJECT,
    Token,
)
from storage.redaction_words import zipf

__all__ = ["flag_people"]

_DETERMINERS = frozenset(
    {"the", "a", "an", "this", "that", "his", "her", "their", "our", "your", "my", "its"}
)
_AND = frozenset({"and", "n", "&"})
_POSSESSIVES = frozenset({"my", "our", "his", "her", "their", "your"})
_CUES_BEFORE = (
    _AND
    | KIN_TITLES
    | RELATIONS
    | GREETINGS
    | PERSON_OBJECT_VERBS
    | PERSON_OBJECT_NOUN_VERBS
    | MODALS
    | TALK_PREPOSITIONS
    | {"u", "you", "ya", "is", "was", "law"}
)
_AND_OR_COMING = _AND | COMING | OF_WORDS | {"is", "was", "from", "s", "at", "on"}
_IN_LAW = frozenset({"in", "n"})
#: After a relation, a name that is a verb too is a name if a verb follows it: "my mate
#: rob is a laugh", not "my son drew a picture".
_VERB_AFTER_NAME = frozenset({"is", "was", "has", "had", "and", "said", "rang", "came", "who"})
_SO = frozenset({"so", "really", "very", "always", "never", "proper", "well", "too"})
_IS = frozenset({"is", "was", "s", "turned", "turns", "turning"})
_ONLY = frozenset({"only", "just", "nearly", "almost", "about", "now", "still"})
#: A capitalised listed name in mid-sentence this common is a word as often as a name.
_MID_SENTENCE_ZIPF = 4.5


def flag_people(tokens: list[Token], flagged: list[bool], text: str, lists: NameLists) -> None:
    """Flag, in place, the words the cues above show are people."""
    keys = [token.key for token in tokens]
    keys.append("")  # keys[-1] and keys[len]: no word before the first or after the last
    for i, token in enumerate(tokens):
        if flagged[i] or token.tag or token.caseless:
            continue
        if not token.capitalised and not (
            keys[i - 1] in _CUES_BEFORE
            or keys[i + 1] in _AND_OR_COMING
            or keys[i + 1] in PLURAL_VERBS
            or keys[i + 1].endswith("ed")
            or keys[i + 1] in RELATIONS
            or token.text != token.base
        ):
            continue  # most words: lower case with no cue beside them, so no rule applies
        # "May was my worker", "my cousin june drove me"
        month = token.key in MONTHS and (token.capitalised or keys[i - 1] in RELATIONS)
        if token.lower in NOT_NAMES and not month:
            continue
        kind = lists.class_of(token.key)
        if kind != NOT_A_NAME and token.key in lists.not_names:
            continue
        beside = kind != NOT_A_NAME and (
            _beside_me(tokens, i, text)
            or _after_kin(tokens, i, text)
            or _comes_round(tokens, i, text)
            or _verb_name_after_relation(tokens, i, text)
            or _greeted(tokens, i, text, lists)
            or _lower_case_who(tokens, i, text, lists)
            or _relation_is(tokens, i, text, lists)
            or _object_of_a_person_verb(tokens, i, text, lists)
            or _relation_then_verb(tokens, i, text, lists)
            or _lower_case_at_a_post(tokens, i, text)
            or _pair_then_whose(tokens, i, text, lists)
            or _romanised_possessive(tokens, i, text)
            or _sentence_subject(tokens, i, text, lists)
            or _possessive_relation(tokens, i, text, lists)
            or _talked_to(tokens, i, text, lists)
            or _asked_to_contact(tokens, i, text, lists)
            or _beside_a_relation(tokens, i, text, lists)
        )
        if (
            beside
            or (token.capitalised and _person_cue(tokens, i, text, kind))
            or _possessive_without_apostrophe(tokens, i, text, lists)
        ):
            flagged[i] = True
    for i in range(len(tokens) - 1):
        token = tokens[i]
        if (
            flagged[i + 1]
            and not flagged[i]
            and token.capitalised
            and token.key in NICKNAME_PREFIXES
            and _spaced(tokens, i, text)
        ):
            flagged[i] = True  # "Big Kel", "Lil Jay"


def _spaced(tokens: list[Token], index: int, text: str) -> bool:
    """Whether only a space lies between token ``index`` and the next."""
    return index + 1 < len(tokens) and text[tokens[index].end : tokens[index + 1].start] == " "


def _key(tokens: list[Token], index: int) -> str:
    return tokens[index].key if 0 <= index < len(tokens) else ""


def _beside_me(tokens: list[Token], i: int, text: str) -> bool:
    token = tokens[i]
    if token.key in MONTHS and not token.capitalised:
        return False
    if (
        i >= 2
        and _key(tokens, i - 2) == "me"
        and _key(tokens, i - 1) in _AND
        and _spaced(tokens, i - 2, text)
        and _spaced(tokens, i - 1, text)
    ):
        return _key(tokens, i + 1) not in BARE_VERBS  # not "me and will be there"
    return (
        _key(tokens, i + 1) in _AND
        and _key(tokens, i + 2) == "me"
        and _spaced(tokens, i, text)
        and _spaced(tokens, i + 1, text)
    )


def _after_kin(tokens: list[Token], i: int, text: str) -> bool:
    if i == 0 or _key(tokens, i - 1) not in KIN_TITLES or not _spaced(tokens, i - 1, text):
        return False
    if i >= 2 and _key(tokens, i - 2) in _DETERMINERS:
        return False  # "my nan will": with "my" the kin word is no title
    token = tokens[i]
    if token.capitalised:
        return True
    # "uncle said": a very common word in lower case is that word, not Said.
    return token.key not in AUXILIARIES and token.key not in MONTHS and zipf(token.key) < 5.5


def _comes_round(tokens: list[Token], i: int, text: str) -> bool:
    """ "frank came round", "kez popped over": at a sentence's start or after "and"."""
    if _key(tokens, i + 1) not in COMING or _key(tokens, i + 2) not in COMING_WHERE:
        return False
    return tokens[i].starts_sentence(tokens, i, text) or _key(tokens, i - 1) in _AND


def _verb_name_after_relation(tokens: list[Token], i: int, text: str) -> bool:
    return (
        i > 0
        and _key(tokens, i - 1) in RELATIONS
        and tokens[i].key in VERB_NAMES
        and _key(tokens, i + 1) in _VERB_AFTER_NAME
        and _spaced(tokens, i - 1, text)
    )


def _plain_name(token: Token, lists: NameLists) -> bool:
    """A listed name that is, in lower case, no very common word ("jess", "grace", not
    "will" or "may")."""
    return (
        token.key not in MONTHS
        and token.key not in AUXILIARIES
        and (len(token.key) > 2 or token.key in SHORT_NAMES)
        and (lists.class_of(token.key) != EVERYDAY or zipf(token.key) < 5.0)
    )


def _greeted(tokens: list[Token], i: int, text: str, lists: NameLists) -> bool:
    """ "thanks jess", "cheers kel", "luv u grace", "thank you sam"."""
    if i == 0 or not _spaced(tokens, i - 1, text) or not _plain_name(tokens[i], lists):
        return False
    if _key(tokens, i - 1) in GREETINGS:
        return True
    return (
        i >= 2
        and (_key(tokens, i - 2), _key(tokens, i - 1)) in GREETING_PAIRS
        and _spaced(tokens, i - 2, text)
    )


def _lower_case_who(tokens: list[Token], i: int, text: str, lists: NameLists) -> bool:
    """A listed name opening a sentence in lower case, then who they are: "ruby is my
    sister", "will is my brother", "amber from the nursery"."""
    token = tokens[i]
    if token.capitalised or not token.starts_sentence(tokens, i, text):
        return False
    if token.key in MONTHS:
        return False  # "march was my worst month"
    following = _key(tokens, i + 1)
    if following == "from":
        k = i + 3 if _key(tokens, i + 2) == "the" else i + 2
        return _key(tokens, k) in SERVICES and zipf(token.key) < 5.5
    if following not in ("is", "was", "s"):
        return False
    if _key(tokens, i + 2) in _POSSESSIVES:
        return any(_key(tokens, k) in RELATIONS for k in range(i + 3, i + 6))
    # "grace is the best worker we had": a person noun a few words after "the".
    return (
        _key(tokens, i + 2) == "the"
        and zipf(token.key) < 5.0
        and any(_key(tokens, k) in RELATIONS for k in range(i + 3, i + 7))
    )


def _relation_is(tokens: list[Token], i: int, text: str, lists: NameLists) -> bool:
    """ "my caseworker is jo", "her worker was grace": a worker or relation, then a name."""
    return (
        i >= 2
        and _key(tokens, i - 1) in ("is", "was", "s")
        and _key(tokens, i - 2) in RELATIONS
        and _spaced(tokens, i - 1, text)
        and _plain_name(tokens[i], lists)
        and tokens[i].key not in VERB_NAMES
        # "the health visitor was lovely": a word that says how someone was.
        and tokens[i].key not in PERSON_ADJECTIVES
        and (lists.class_of(tokens[i].key) != EVERYDAY or zipf(tokens[i].key) < 4.7)
    )


def _person_cue(tokens: list[Token], i: int, text: str, kind: int) -> bool:
    """Cues for a capitalised word: a listed everyday name, a month, or a word no list
    and no language knows."""
    token = tokens[i]
    if kind == NOT_A_NAME:
        # A word of no list: a name only by who it is ("Lincoln was my worker") or an
        # age, and only if it is no very common word ("Music was my favourite lesson").
        rare = len(token.key) > 2 and zipf(token.key) < 4.2
        return rare and (_who_after(tokens, i, text) or _age_after(tokens, i, text))
    if _after_pair(tokens, i, text) or _post_after(tokens, i, text):
        return True
    if token.key in MONTHS:
        return _who_after(tokens, i, text)
    if _who_after(tokens, i, text) or _age_after(tokens, i, text) or _child_place(tokens, i):
        return True
    if token.key in SEASONS or zipf(token.key) >= 5.0:
        return False  # "Summer was lovely", "Will was great" could be words
    return _judged_after(tokens, i) or (kind == EVERYDAY and _mid_sentence(tokens, i, text))


def _judged_after(tokens: list[Token], i: int) -> bool:
    """ "Ross was brilliant", "Sue was so rude to me": only a person is."""
    if _key(tokens, i + 1) not in ("was", "is", "s", "were"):
        return False
    k = i + 2
    if _key(tokens, k) in _SO:
        k += 1
    return _key(tokens, k) in PERSON_ADJECTIVES


def _after_pair(tokens: list[Token], i: int, text: str) -> bool:
    return (
        i >= 2
        and (_key(tokens, i - 2), _key(tokens, i - 1)) in PERSON_BEFORE_PAIRS
        and _spaced(tokens, i - 2, text)
        and _spaced(tokens, i - 1, text)
    )


def _post_after(tokens: list[Token], i: int, text: str) -> bool:
    """ "Dawn on reception", "April at the front desk", "Bill on the duty desk"."""
    if _key(tokens, i + 1) not in ("on", "at") or not _spaced(tokens, i, text):
        return False
    return any(_key(tokens, k) in POSTS for k in range(i + 2, i + 5))


def _who_after(tokens: list[Token], i: int, text: str) -> bool:
    """ "Jade my eldest", "Zorka the romanian lady", "May was my support worker"."""
    start = i + 1
    if _key(tokens, start) in ("was", "is"):
        start += 1
    if _key(tokens, start) not in _DETERMINERS or not _spaced(tokens, i, text):
        return False
    # "Memory is the best family support worker": who they are, up to five words on.
    return any(_key(tokens, k) in PEOPLE_NOUNS for k in range(start + 1, start + 6))


def _age_after(tokens: list[Token], i: int, text: str) -> bool:
    """ "Honey is only 5", "Sky is 7 and": not "Summer is 3 weeks away"."""
    if _key(tokens, i + 1) not in _IS:
        return False
    k = i + 2
    if _key(tokens, k) in _ONLY:
        k += 1
    end = tokens[k - 1].end if k - 1 < len(tokens) else len(text)
    rest = text[end : end + 12].lstrip()
    digits = len(rest) - len(rest.lstrip("0123456789"))
    if not 1 <= digits <= 2 or int(rest[:digits]) > 19:
        return False
    if rest[digits : digits + 2].casefold() in ("st", "nd", "rd", "th"):
        return False  # "May is 10th": a date
    after = rest[digits:].lstrip().split(" ", 1)[0].strip(".,!").casefold()
    return after not in TIME_UNITS and not after.startswith(("/", ":", "%"))


def _mid_sentence(tokens: list[Token], i: int, text: str) -> bool:
    """ "we love Crystal she is the best": a listed name capitalised where a sentence does
    not start, no very common word, between two words not capitalised ("Crystal Palace",
    "the Summer Term" are names of things)."""
    token = tokens[i]
    if token.starts_sentence(tokens, i, text) or token.key in MONTHS or token.key in SEASONS:
        return False
    if zipf(token.key) >= _MID_SENTENCE_ZIPF:
        return False
    previous = tokens[i - 1]
    if previous.capitalised or previous.key in _DETERMINERS:
        return False
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    return following is None or not (following.capitalised or following.shouted)


def _object_of_a_person_verb(tokens: list[Token], i: int, text: str, lists: NameLists) -> bool:
    """ "ask grace", "tell rob i said", "can u ring jo": a listed name after a verb whose
    object is a person, in any case; not "my phone bill" or "tell will"."""
    token = tokens[i]
    if i == 0 or not _spaced(tokens, i - 1, text) or token.key in MONTHS:
        return False
    if token.key in AUXILIARIES or (len(token.key) <= 2 and token.key not in SHORT_NAMES):
        return False
    verb = _key(tokens, i - 1)
    if verb in PERSON_OBJECT_NOUN_VERBS:
        if i < 2 or _key(tokens, i - 2) not in BEFORE_A_VERB:
            return False
    elif verb not in PERSON_OBJECT_VERBS:
        return False
    return token.key not in lists.not_names and zipf(token.key) < 5.5


def _relation_then_verb(tokens: list[Token], i: int, text: str, lists: NameLists) -> bool:
    """ "my cousin june drove me", "my stepdad rob wont", "my sister in law precious came":
    after a relation, a listed word is a name when a verb follows it, even a month or a
    very common word."""
    if i == 0 or not _spaced(tokens, i - 1, text) or not _spaced(tokens, i, text):
        return False
    before = _key(tokens, i - 1)
    if before == "law":
        if not (_key(tokens, i - 2) in _IN_LAW and _key(tokens, i - 3) in RELATIONS):
            return False
    elif before not in RELATIONS:
        return False
    token = tokens[i]
    if token.key in AUXILIARIES or token.key in VERBS_AFTER_SUBJECT:
        return False  # "my son got told", "my worker said said"
    if token.key in lists.not_names or zipf(token.key) >= 6.0:
        return False
    following = _key(tokens, i + 1)
    return following in VERBS_AFTER_SUBJECT or (
        len(following) > 4 and following.endswith("ed") and zipf(following) >= 3.0
    )


def _lower_case_at_a_post(tokens: list[Token], i: int, text: str) -> bool:
    """ "pat at the foodbank", "dawn on reception": a listed name opening a sentence in
    lower case, at a place where people work; not "summer at the park"."""
    token = tokens[i]
    if token.capitalised or not token.starts_sentence(tokens, i, text):
        return False
    if token.key in MONTHS or token.key in SEASONS or _key(tokens, i + 1) not in ("at", "on"):
        return False
    return any(_key(tokens, k) in PLACES_OF_WORK for k in range(i + 2, i + 5))


def _pair_then_whose(tokens: list[Token], i: int, text: str, lists: NameLists) -> bool:
    """ "faith and mercy are my nieces", "grace and joy my girls": two listed words joined
    by "and", then whose they are, opening a sentence (not "the polish charity and jo her
    colleague"). Flags the first; the second is flagged from its side."""
    for first in (i, i - 2):
        if first < 0 or _key(tokens, first + 1) not in _AND:
            continue
        if not tokens[first].starts_sentence(tokens, first, text):
            continue
        pair = (tokens[first], tokens[first + 2]) if first + 2 < len(tokens) else None
        if pair is None or not all(
            lists.class_of(t.key) != NOT_A_NAME
            and t.key not in lists.not_names
            and t.key not in MONTHS
            for t in pair
        ):
            continue
        k = first + 3
        if _key(tokens, k) in ("are", "were", "r"):
            k += 1
        if _key(tokens, k) in _POSSESSIVES and (
            _key(tokens, k + 1) in RELATIONS or _key(tokens, k + 2) in RELATIONS
        ):
            return True
        # "jade and ruby love it": two listed words of no great frequency, then a verb.
        if k == first + 3 and _key(tokens, k) in PLURAL_VERBS and _key(tokens, k) not in COPULAS:
            return all(_name_not_word(t.key, lists) for t in pair)
    return False


def _name_not_word(key: str, lists: NameLists) -> bool:
    """A listed word (a token's key) that, with a cue, reads as a name first: no month,
    season or auxiliary, no word of another language, and no very common English word."""
    return (
        lists.class_of(key) != NOT_A_NAME
        and key not in MONTHS
        and key not in SEASONS
        and key not in AUXILIARIES
        and key not in lists.not_names
        and (len(key) > 2 or key in SHORT_NAMES)
        and zipf(key) < 5.0
    )


def _sentence_subject(tokens: list[Token], i: int, text: str, lists: NameLists) -> bool:
    """ "jade helped me", "daisy has autism", "amber was lovely", "princess is 4": a listed
    word opening a sentence in lower case, then what a person does or is. Not "patience
    is key" or "summer was long": after "is" only a person's quality or age counts."""
    token = tokens[i]
    if token.capitalised or not token.starts_sentence(tokens, i, text):
        return False
    if not _name_not_word(token.key, lists) or token.key in VERBS_AFTER_SUBJECT:
        return False
    if not _spaced(tokens, i, text):
        return False
    following = _key(tokens, i + 1)
    if following in COPULAS:
        return _judged_after(tokens, i) or _age_after(tokens, i, text)
    if following in VERBS_AFTER_SUBJECT:
        return following not in ("from", "at")  # "grace from the start": a word
    return len(following) > 4 and following.endswith("ed") and zipf(following) >= 3.0


def _possessive_relation(tokens: list[Token], i: int, text: str, lists: NameLists) -> bool:
    """ "ruby's mum", "jade's dad": a listed word with "'s", then a relation."""
    token = tokens[i]
    return (
        token.text != token.base
        and _name_not_word(token.key, lists)
        and _key(tokens, i + 1) in RELATIONS
        and _spaced(tokens, i, text)
    )


_COUNTING = frozenset(
    re.findall(r"\w+", "two three four five six some many few all past last several those these")
)


def _possessive_without_apostrophe(
    tokens: list[Token], i: int, text: str, lists: NameLists
) -> bool:
    """ "jacks nan", "marks dad": an everyday-word name with an "s" and no apostrophe, then
    a relation; not after "the" or "my" ("the marks teacher", "my hopes")."""
    key = tokens[i].key
    if len(key) < 4 or not key.endswith("s") or _key(tokens, i + 1) not in RELATIONS:
        return False
    if i > 0 and (_key(tokens, i - 1) in _DETERMINERS or _key(tokens, i - 1) in _COUNTING):
        return False  # "the marks teacher", "two summers dad was away"
    # A season is a name here too: no one writes "summers mum" about the season.
    name = key[:-1]
    as_word = name in SEASONS and lists.class_of(name) != NOT_A_NAME
    return _spaced(tokens, i, text) and (as_word or _name_not_word(name, lists))


def _talked_to(tokens: list[Token], i: int, text: str, lists: NameLists) -> bool:
    """ "spoke to jade", "ask for amber", "chatted with ruby"."""
    return (
        i >= 2
        and _key(tokens, i - 1) in TALK_PREPOSITIONS
        and _key(tokens, i - 2) in TALK_VERBS
        and _spaced(tokens, i - 2, text)
        and _spaced(tokens, i - 1, text)
        and _name_not_word(tokens[i].key, lists)
    )


def _asked_to_contact(tokens: list[Token], i: int, text: str, lists: NameLists) -> bool:
    """ "can amber ring me", "could jade call us back"."""
    return (
        i >= 1
        and _key(tokens, i - 1) in MODALS
        and _key(tokens, i + 1) in CONTACTING
        and _key(tokens, i + 2) in CONTACTED
        and _spaced(tokens, i - 1, text)
        and _name_not_word(tokens[i].key, lists)
    )


def _beside_a_relation(tokens: list[Token], i: int, text: str, lists: NameLists) -> bool:
    """ "my son and jade", "ruby and my daughter": a listed word joined to a relation."""
    if not _name_not_word(tokens[i].key, lists):
        return False
    before = (
        i >= 3
        and _key(tokens, i - 1) in _AND
        and _key(tokens, i - 2) in RELATIONS
        and _key(tokens, i - 3) in _POSSESSIVES
    )
    after = (
        _key(tokens, i + 1) in _AND
        and _key(tokens, i + 2) in _POSSESSIVES
        and _key(tokens, i + 3) in RELATIONS
    )
    return before or after


def _romanised_possessive(tokens: list[Token], i: int, text: str) -> bool:
    """ "sonia di mummy", "pinky ka bhai", "ali ke abbu": a listed name, then the
    romanised Punjabi or Urdu "'s", then a person."""
    return (
        _key(tokens, i + 1) in OF_WORDS
        and _key(tokens, i + 2) in ROMAN_KIN
        and _spaced(tokens, i, text)
        and _spaced(tokens, i + 1, text)
    )


def _child_place(tokens: list[Token], i: int) -> bool:
    """ "Harmony is in year 4", "Destiny is at [school]": where a child is."""
    if _key(tokens, i + 1) not in _IS or _key(tokens, i + 2) not in ("in", "at"):
        return False
    k = i + 4 if _key(tokens, i + 3) == "the" else i + 3
    return k < len(tokens) and (tokens[k].text == "[school]" or tokens[k].key in CHILD_PLACES)
