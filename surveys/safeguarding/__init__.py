"""Spot risk in free text, in every shipped language, so the bot can signpost help at once.

``check(text, language)`` returns a :class:`Match` (truthy) naming the category found and
the rule or score behind it, or ``None``. It never raises, whatever it is given.

Three layers, each explained in its module:

1. :mod:`.normalise` — shared by every language: case and accent folding, text-speak and
   contractions, repeated letters, Snowball stems (English, Polish);
2. :mod:`.concepts` (word lists in :mod:`.lexicon`) — "a harm word within a few words of
   a person", in any order, any subject, with bounded fuzzy matching for misspellings —
   and :mod:`.phrases`, each language's fixed idioms;
3. :mod:`.classifier` — a linear model on character and word n-grams (and the concepts
   the word lists find) trained from the labelled corpus beside this file
   (``python -m surveys.safeguarding.train``).

The word lists decide texts of fewer than nine words, where the model has too little to
read; the classifier decides longer ones, alone, at its threshold, and picks the category
when a rule could mean several. On text nobody working on the check had seen it
generalised better than the rules' safe contexts did.

Every language's lists are checked whatever ``language`` says: people mix languages, and
English or romanised Urdu and Punjabi turn up in any survey.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from surveys.safeguarding import classifier, concepts, phrases
from surveys.safeguarding.normalise import Token, normalise, token, words_and_breaks

__all__ = [
    "CATEGORIES",
    "LABELS",
    "Category",
    "Match",
    "category_label",
    "check",
    "normalise",
    "prepare",
]

log = logging.getLogger(__name__)

#: Telegram messages are at most 4,096 characters, so anything past this many did not
#: come from a chat; reading only this much keeps a pasted novel from stalling the bot.
MAX_CHARS = 100_000
#: Long text is read in overlapping windows of words, so a rule on a window's edge is
#: still seen whole and no rule's search grows with the square of the text.
_WINDOW_WORDS = 400
_OVERLAP_WORDS = 40
#: Contexts that make a fixed phrase safe, as they do a rule: a game, an accident, a pet,
#: a past said as over, or food that is fine. (Not IDIOM: the phrases are the fallback for
#: words a rule could not read, and a stemmed idiom's loose match must not silence them.)
_PHRASE_SAFE = ("PLAY", "ACCIDENT", "ANIMAL", "RESOLVED", "PAST", "FOOD_OK")
#: The fewest words the classifier alone may flag; short disclosures are the rules' job
#: (on four words it gives "I want 2 days off" 0.98 and "cut again last night" 0.99).
_CLASSIFIER_MIN_WORDS = 6
#: Texts shorter than this are the word lists' call; longer ones are the classifier's,
#: except a sentence too short for the classifier to read on its own (fewer than
#: :data:`_CLASSIFIER_MIN_WORDS`). Until the tenth round the rules decided everything and
#: the classifier only agreed; then the classifier came first, and a rule's match in a
#: longer text still stood if the classifier gave it (or its clause, or the twelve words
#: either side) at least 0.4. In the sixteenth round, scored on the ninth to twelfth parts
#: by models trained without them, that floor caught 0.6 more English disclosures in a
#: hundred than leaving longer texts to the classifier, and cost 1.6 points of false
#: alarms (98.3% and 3.7% against 97.7% and 2.1%): the rules' safe contexts do not carry
#: over to new writers, and in nine words or more the model has enough to read. In fewer
#: it has too little ("we are not safe", "my boyfriend is going to kill me"). Put to the
#: twenty-first part, written after the choice: with the floor 98.7% and 2.9%, without
#: 98.0% and 0.7%. On the fifteenth to eighteenth, written from an older brief, the
#: floor's price and gain were both about two points (97.2% and 4.3% against 94.8% and
#: 2.1%); the README has the whole trade.
_RULES_DECIDE_BELOW = 9


class Category(StrEnum):
    """The framework's safeguarding categories (the corpus's labels, less ``none``)."""

    exploitation_criminal = "exploitation_criminal"
    exploitation_sexual = "exploitation_sexual"
    exploitation_online = "exploitation_online"
    sexual_abuse = "sexual_abuse"
    physical_abuse = "physical_abuse"
    neglect = "neglect"
    domestic_abuse = "domestic_abuse"
    self_harm = "self_harm"
    suicidal = "suicidal"
    harmful_practices = "harmful_practices"
    radicalisation = "radicalisation"
    missing = "missing"
    parent_at_risk = "parent_at_risk"
    immediate_danger = "immediate_danger"


CATEGORIES: tuple[str, ...] = tuple(category.value for category in Category)

#: How /flags and reports name each category, in the framework's words.
LABELS: dict[str, str] = {
    "exploitation_criminal": "criminal exploitation",
    "exploitation_sexual": "sexual exploitation",
    "exploitation_online": "online exploitation or grooming",
    "sexual_abuse": "sexual abuse",
    "physical_abuse": "physical abuse",
    "neglect": "neglect",
    "domestic_abuse": "domestic abuse",
    "self_harm": "self-harm",
    "suicidal": "suicidal thoughts",
    "harmful_practices": "harmful practices (FGM, forced marriage, honour-based abuse)",
    "radicalisation": "radicalisation",
    "missing": "missing or running away",
    "parent_at_risk": "a parent at risk",
    "immediate_danger": "immediate danger",
}


def category_label(category: str) -> str:
    """A category in words; a flag stored under an older name is shown as stored."""
    return LABELS.get(category, category.replace("_", " "))


@dataclass(frozen=True)
class Match:
    """What was found, and why.

    ``layer`` is ``rule``, ``phrase`` or ``classifier``; ``reason`` is the rule (as
    written in ``rules.txt``, with its line), the phrase file's section, or the
    classifier's score; ``words`` are the normalised words that matched (empty for the
    classifier, which reads the whole text); ``score`` is the classifier's probability
    for the category, when it was consulted.
    """

    category: Category
    layer: str
    reason: str
    words: str = ""
    score: float | None = None

    def __bool__(self) -> bool:
        return True

    def explain(self) -> str:
        """One line for people: category, layer and reason."""
        said = f" — “{self.words}”" if self.words else ""
        return f"{self.category.value}: {self.layer} {self.reason}{said}"


def _as_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        text = value
    elif isinstance(value, bytes | bytearray | memoryview):
        text = bytes(value).decode("utf-8", errors="replace")
    else:
        try:
            text = str(value)
        except Exception:  # an object whose __str__ fails is simply not text
            return None
    # Lone surrogates (no keyboard sends them) are replaced so the rest can be read.
    return text[:MAX_CHARS].encode("utf-8", "replace").decode("utf-8")


def _clauses(length: int, where: dict[str, list[int]]) -> list[tuple[int, int]]:
    """The spans (start, end exclusive) from each sentence break or "but" to the end.

    As with the rules, what comes before a break does not reach past it, and what comes
    after still counts: "the baby doesnt sleep and im tired but my family help loads".
    """
    cuts = {*where.get(concepts.BREAK, ()), *(p + 1 for p in where.get("BUT", ()))}
    return [(start, length) for start in sorted(cuts) if 0 < start < length]


def _sentences(length: int, where: dict[str, list[int]]) -> list[tuple[int, int]]:
    """The spans (start, end exclusive) between sentence breaks."""
    breaks = where.get(concepts.BREAK, ())
    return list(pairwise(sorted({0, *(b for b in breaks if 0 < b < length), length})))


def word_list_hits(
    items: list[Token], where: dict[str, list[int]]
) -> tuple[list[concepts.RuleHit], list[phrases.PhraseHit]]:
    """What the word lists alone read in tagged words: the rules' matches, and the fixed
    phrases' where no rule matched (whether they decide is :func:`_check_window`'s call)."""
    rule_hits = concepts.find(items, where)
    # The phrase files are the fallback: a concept rule is the more specific, and the
    # phrases carry no context of their own (staff writing about "FGM awareness
    # training" is not a disclosure, whatever phrase it contains).
    phrase_hits = (
        [] if rule_hits or "TOPIC" in where else phrases.find([item.word for item in items])
    )
    # A phrase near a game or a sleeping child is as safe as a rule near one.
    phrase_hits = [
        hit
        for hit in phrase_hits
        if not any(concepts.context_near(where, safe, hit.start, hit.end) for safe in _PHRASE_SAFE)
    ]
    return rule_hits, phrase_hits


def tagged(window: list[str], breaks: list[int]) -> tuple[list[Token], dict[str, list[int]]]:
    """A window's words as tokens, and where each concept (and each sentence break) is."""
    items = [token(word) for word in window]
    where = concepts.tag(items)
    if breaks:
        where[concepts.BREAK] = breaks
    return items, where


def _rule_match(
    items: list[Token],
    where: dict[str, list[int]],
    scores: classifier.Scores | None,
    within: list[tuple[int, int]] | None = None,
) -> Match | None:
    """The word lists' match (starting ``within`` these spans, if given); the classifier,
    if any, picks the category when a rule could mean several ("he hurt me")."""
    rule_hits, phrase_hits = word_list_hits(items, where)
    if within is not None:
        rule_hits = [h for h in rule_hits if any(a <= h.start < b for a, b in within)]
        phrase_hits = [h for h in phrase_hits if any(a <= h.start < b for a, b in within)]
    candidates = tuple(
        dict.fromkeys(
            [c for hit in rule_hits for c in hit.rule.categories]
            + [c for hit in phrase_hits for c in hit.categories]
        )
    )
    if not candidates:
        return None
    chosen, score = scores.best(candidates) if scores else (candidates[0], None)
    for rule_hit in rule_hits:
        if chosen in rule_hit.rule.categories:
            matched = " ".join(i.word for i in items[rule_hit.start : rule_hit.end + 1])
            reason = f"rules.txt:{rule_hit.rule.line} {rule_hit.rule}"
            return Match(Category(chosen), "rule", reason, matched, score)
    for phrase_hit in phrase_hits:
        if chosen in phrase_hit.categories:
            reason = f"phrases [{phrase_hit.section}]"
            matched = " ".join(i.word for i in items[phrase_hit.start : phrase_hit.end + 1])
            return Match(Category(chosen), "phrase", reason, matched, score)
    return None


def _check_window(window: list[str], breaks: list[int]) -> Match | None:
    items, where = tagged(window, breaks)
    model = classifier.model()
    scores = model.scores(" ".join(item.word for item in items), where) if model else None
    if model is None or scores is None:
        return _rule_match(items, where, None)
    # A short text, or a sentence too short for the classifier to read on its own, is
    # the word lists' call: "ok. ok. ... nobody feeds us". (Clauses after "but" as well
    # made no difference on the ninth to twelfth parts, and on the fifteenth to
    # twenty-first cost 4 false alarms and caught nothing more.)
    short = [
        (start, end)
        for start, end in _sentences(len(items), where)
        if end - start < _CLASSIFIER_MIN_WORDS
    ]
    found = _rule_match(items, where, scores, None if len(items) < _RULES_DECIDE_BELOW else short)
    if found is not None:
        return found
    # The classifier flags at its threshold. A sentence or a clause after "but" is read
    # on its own too: "the session was good. my stepdad hits me" is two things said. Nor
    # does it flag a text too short to read as more than its few words ("mujhe kutta"):
    # those are the rules' call.
    for start, end in [(0, len(items)), *_clauses(len(items), where)]:
        if end - start < _CLASSIFIER_MIN_WORDS:
            continue
        said = (
            scores
            if (start, end) == (0, len(items))
            else model.scores(
                " ".join(item.word for item in items[start:end]),
                [c for c, found in where.items() if any(start <= p < end for p in found)],
            )
        )
        risk = said.risk()
        if risk >= model.threshold:
            chosen, score = said.best()
            part = "" if (start, end) == (0, len(items)) else f" (words {start + 1}-{end})"
            reason = f"risk {risk:.2f} >= threshold {model.threshold:.2f}{part}"
            return Match(Category(chosen), "classifier", reason, "", score)
    return None


def prepare() -> None:
    """Load every word list, the phrase lists and the model now, not on the first check.

    Loaded lazily, they made the first check after a restart take about half a second
    (mostly the model and compiling the phrase lists), and a person's message waited on
    it. The bot calls this at start-up, before it freezes what it holds out of the
    garbage collector's full passes.
    """
    from surveys.safeguarding import lexicon

    lexicon.prepare()
    concepts.rules()
    phrases.find([])
    classifier.model()


def check(text: object, language: str = "en") -> Match | None:
    """The risk in ``text``, or ``None``.

    ``language`` is the respondent's chosen language; every shipped language's lists are
    checked regardless, because people mix languages. Never raises: a failure inside the
    check is logged (by type only, never the words) and reads as no match.
    """
    del language  # accepted for the contract; all languages are always checked
    try:
        raw = _as_text(text)
        if not raw:
            return None
        all_words, breaks = words_and_breaks(raw)
        step = _WINDOW_WORDS - _OVERLAP_WORDS
        for start in range(0, max(len(all_words), 1), step):
            inside = [b - start for b in breaks if start < b < start + _WINDOW_WORDS]
            found = _check_window(all_words[start : start + _WINDOW_WORDS], inside)
            if found is not None:
                return found
            if start + _WINDOW_WORDS >= len(all_words):
                break
        return None
    except Exception as error:  # the promise is "never raises"; see the docstring
        log.warning("The safeguarding check failed: %s", type(error).__name__)
        return None
