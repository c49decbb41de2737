"""Concept patterns: "a harm word within a few words of a person", in any order.

The rules live in ``data/rules.txt``, one a line::

    physical_abuse: HIT + VICTIM / 4 unless PLAY

reads "a word carrying HIT and a word carrying VICTIM at most 4 words apart, either way
round, with no PLAY word near them". Concepts come from every language's word lists
(:mod:`.lexicon`), so one rule serves "my step dad hits me", "my husband every day beats
me", "ojczym mnie bije" and "ਮੇਰਾ ਭਰਾ ਮੈਨੂੰ ਮਾਰਦਾ" alike; a subject is never required,
so first person, third person and a parent about a child all match.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from surveys.safeguarding.lexicon import (
    Lexicon,
    LexiconError,
    english_prefixes,
    lexicon,
    starts,
)
from surveys.safeguarding.normalise import DATA_DIR, Token

__all__ = ["BREAK", "Rule", "RuleHit", "context_near", "find", "rules", "tag"]

#: Not a word list: where :func:`surveys.safeguarding.normalise.words_and_breaks` says a
#: new sentence begins. A context does not reach across it, as it does not across "but".
BREAK = "BREAK"
#: Words either side of a match in which an ``unless`` concept cancels it.
UNLESS_REACH = 8
#: An idiom makes safe only the words it is made of, and the word either side of them:
#: "hit the roof" is no blow, but "hit the roof and then hit me" still is one. A joke
#: marker ("jk") speaks for the whole sentence, so it keeps the full reach.
_REACH: dict[str, int] = {"IDIOM": 1, "LAUGH": 16}
_ALSO: dict[str, tuple[str, ...]] = {"IDIOM": ("JOKE",), "RECOVERY": ("PAST",)}
#: A past said as over ("years ago, hes ok now", "teraz jesteśmy bezpieczne") makes every
#: rule's words safe, whatever its ``unless`` names: a threat or a stabbing told as
#: history, with the sentence saying it has ended, is feedback about a service that helped.
#: It is written narrowly (an ending, not merely a past), and does not reach across "but"
#: or a new sentence: "that was years ago but hes back" is still a disclosure.
ALWAYS_UNLESS = ("RESOLVED",)


@dataclass(frozen=True)
class Rule:
    #: The categories the rule may mean; the classifier picks when there are several.
    categories: tuple[str, ...]
    concepts: tuple[str, ...]
    window: int
    unless: tuple[str, ...]
    line: int

    def __str__(self) -> str:
        text = f"{' + '.join(self.concepts)} / {self.window}"
        return text + (f" unless {', '.join(self.unless)}" if self.unless else "")


@dataclass(frozen=True)
class RuleHit:
    rule: Rule
    start: int
    end: int  # inclusive word positions


#: Ages as people type them ("hes 23 and im 14"): a child's and an adult's.
_CHILD_AGES = range(8, 18)
_ADULT_AGES = range(18, 80)


def tag(items: list[Token], lex: Lexicon | None = None) -> dict[str, list[int]]:
    """Where each concept occurs: ``{concept: [word positions]}``."""
    lex = lex or lexicon()
    where: dict[str, list[int]] = defaultdict(list)
    for position, item in enumerate(items):
        if item.word.isdigit() and len(item.word) <= 2:
            age = int(item.word)
            if age in _CHILD_AGES:
                where["AGE_CHILD"].append(position)
            elif age in _ADULT_AGES:
                where["AGE_ADULT"].append(position)
        for concept in lex.concepts_of(item):
            where[concept].append(position)
        if position + 1 < len(items):
            for rest, concept in lex.phrases_at(item, items[position + 1]):
                following = items[position + 2 : position + 1 + len(rest)]
                if len(following) == len(rest) - 1 and all(
                    _same(want, got) for want, got in zip(rest[1:], following, strict=True)
                ):
                    # The phrase's words all carry it: "end it all" near "i" reads whole.
                    for offset in range(len(rest) + 1):
                        where[concept].append(position + offset)
    return where


def _same(want: str, got: Token) -> bool:
    """Whether a word of the text is a phrase's word (``*start`` for a prefix)."""
    if want.startswith("*"):
        return starts(want, got)
    return want in got.keys or want in english_prefixes(got.word)


def _match(rule: Rule, where: dict[str, list[int]]) -> RuleHit | None:
    lists = [where.get(concept) for concept in rule.concepts]
    if not all(lists):
        return None
    for anchor in lists[0] or ():
        low, high = anchor, anchor
        for positions in lists[1:]:
            near = [p for p in positions or () if abs(p - anchor) <= rule.window]
            if not near:
                break
            closest = min(near, key=lambda p: abs(p - anchor))
            low, high = min(low, closest), max(high, closest)
        else:
            # A phrase's words all carry its concept: report the whole phrase.
            first = set(lists[0] or ())
            while high + 1 in first:
                high += 1
            vetoes = (*rule.unless, *ALWAYS_UNLESS)
            if not any(context_near(where, concept, low, high) for concept in vetoes):
                return RuleHit(rule, low, high)
    return None


def context_near(where: dict[str, list[int]], concept: str, low: int, high: int) -> bool:
    """Whether ``concept`` (or a concept it stands for) is within its reach of low..high.

    A context before a "but" does not reach a match after it: "the session was good but
    my dad still hits me" is feedback, then a disclosure. A context after the match still
    does ("he hit me with a pillow but we were only playing").
    """
    barriers = where.get("BUT", ())
    # BREAK is the first word of a new sentence: the sentence before it does not reach.
    breaks = where.get(BREAK, ())

    def reaches(position: int) -> bool:
        return not any(position < barrier < low for barrier in barriers) and not any(
            position < first <= low for first in breaks
        )

    reach = _REACH.get(concept, UNLESS_REACH)
    if any(low - reach <= p <= high + reach and reaches(p) for p in where.get(concept, ())):
        return True
    return any(
        low - UNLESS_REACH <= p <= high + UNLESS_REACH and reaches(p)
        for also in _ALSO.get(concept, ())
        for p in where.get(also, ())
    )


def find(items: list[Token], where: dict[str, list[int]] | None = None) -> list[RuleHit]:
    """Each category's (or set of categories') first matching rule, in file order.

    ``where`` is :func:`tag` of ``items``, when the caller has it already.
    """
    where = tag(items) if where is None else where
    hits: list[RuleHit] = []
    seen: set[tuple[str, ...]] = set()
    for rule in rules():
        if rule.categories in seen:
            continue
        hit = _match(rule, where)
        if hit is not None:
            hits.append(hit)
            seen.add(rule.categories)
    return hits


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """The rules of ``data/rules.txt``, checked against the word lists' concepts."""
    known = lexicon().concepts | {"AGE_CHILD", "AGE_ADULT"}
    found: list[Rule] = []
    path = DATA_DIR / "rules.txt"
    for number, raw in enumerate(path.read_text("utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"rules.txt:{number}"
        category, colon, body = line.partition(":")
        body, _, unless = body.partition(" unless ")
        concepts, slash, window = body.partition("/")
        if not colon or not slash or not window.strip().isdigit():
            raise LexiconError(f"{where}: a rule reads 'category: A + B / N [unless C, D]'")
        names = tuple(c.strip() for c in concepts.split("+") if c.strip())
        vetoes = tuple(c.strip() for c in unless.split(",") if c.strip())
        missing = sorted(set(names + vetoes) - known)
        if missing:
            raise LexiconError(f"{where}: no word list defines {', '.join(missing)}")
        categories = tuple(c.strip() for c in category.split("|"))
        found.append(Rule(categories, names, int(window), vetoes, number))
    return tuple(found)
