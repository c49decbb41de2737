"""Street addresses and named schools, for :mod:`storage.redaction`.

An address is a house number (``12``, ``14a``, ``no 8``), a flat or room (``flat 3``,
``apt 14``, ``Room 7``) or both, then one to three words of a street or building name and a
UK address word (Road, Rd, Lane, Close, Court, House, Top …): "5 Hill Top",
"flat 3 Lyng House", "22 Bearwood Rd". A number before an ordinary noun is not an address,
so "40 minute drive", "3 step approach" and "10 minute walk" stay: words that count things
(minute, step, mile, week …) or are common English words before a weak address word (Walk,
Drive, Approach, Park …) stop the match.

A house with a name and no number is an address by a word that names only a home ("Ivy
Cottage", "The Old Granary"), or, for words that name places of work too (House, Farm,
Mill, Lodge), where someone lives there or gives it as their address ("we moved into
Brambly Farm", "our address is Heron Mill").

A school is a name before a school word ("Brook Lane Academy", "Ferndale junior", "St
Marys RC"), a saint's or "Holy" name ("St Michaels", "Holy Trinity"), or a capitalised name
after a verb that takes a school ("goes to Shireland", "attends Causeway Green"), or a
lower-case word no English list holds after one ("excluded from perryhill").
"""

from __future__ import annotations

import re

from storage.redaction_name_lists import name_lists
from storage.redaction_words import is_everyday_english, latin_words, rare_in_english

# Address words that name only streets and buildings: any words may come before them.
_STRONG = (
    r"street|st|road|rd|lane|ln|avenue|ave|close|cl|crescent|cres|terrace|tce|grove|gardens"
    r"|gdns|mews|court|ct|crt|croft|fold|boulevard|drove|wharf|heights|chase|embankment|house"
    r"|lodge|mansions|buildings|villas|cottages|towers?|estate|parade|precinct|rise|vale"
    r"|hurst|dene|glade|grange|spinney|wynd|meadows"
)
# Address words that are ordinary nouns too ("a 10 minute walk", "a 3 step approach").
_WEAK = (
    r"drive|dr|way|place|pl|hill|park|row|walk|square|sq|view|green|mount|gate|yard|meadow"
    r"|approach|circus|top|bank|hall|point|end|side|field|fields|cross|common|brook|dale"
    r"|heath|moor|manor|quay|bridge|crest|hollow|knoll|nook|orchard|paddock|path|ridge"
    r"|turn|farm|mill|wood|woods|leys|lea|hey|link|loop|passage|alley|centre|walkway"
)
_TOWNS = (
    r"Smethwick|Oldbury|Tipton|Wednesbury|West Bromwich|West Brom|Brom|Rowley Regis|Tividale"
    r"|Cradley Heath|Great Barr|Langley|Bearwood|Blackheath|Warley|Halesowen|Dudley|Walsall"
    r"|Birmingham|Wolverhampton|Sandwell|Handsworth|Quinton|Winson Green|Stone Cross|Hill Top"
    r"|Princes End"
)
_NUMBER = r"(?:(?i:no\.?|number|num)\s*)?\d{1,4}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?"
_UNIT = r"(?i:flat|apartment|apt|unit|room|block|maisonette)\.?\s*\d{1,4}[A-Za-z]?"
_WORD = r"[A-Za-z][A-Za-z'’\-]*"


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_DIRECTION = r"(?:\s+(?i:north|south|east|west|upper|lower))?"
ADDRESS = re.compile(
    r"(?<![\w£$.,:/])"
    rf"(?:(?P<unit>{_UNIT}),?\s+(?:{_NUMBER},?\s+)?|(?P<number>{_NUMBER}),?\s+)"
    rf"(?P<street>(?:{_WORD}\s+){{1,3}}?)"
    rf"(?P<kind>(?i:{_STRONG})|(?i:{_WEAK}))\b"
    # "Rounds Green Court": a second address word; "Bridge Street West"; ", Tipton".
    rf"(?:\s+(?i:{_STRONG}|{_WEAK})\b)?{_DIRECTION}"
    r"(?:,?\s+(?i:hostel|flats|estate))?"
    # The town in any case: "7 wharf st tipton".
    rf"(?:,?\s+(?i:{_TOWNS})\b)?"
)
# "we live on Maple Grove", "moved to Foxglove Avenue": a street with no house number,
# after a word that says someone lives there; not "the Hope Street Centre".
# Words for a home that are places of work too: an address only where someone lives.
_HOME = r"house|lodge|farm|mill|hall|manor|barn|cottage|bungalow|farmhouse|rectory|vicarage"
STREET_WHERE_SOMEONE_LIVES = re.compile(
    r"(?i:\b(?:(?:live|lives|lived|living|moved|move|moving|stay|stays|staying|stayed)"
    r"\s+(?:on|in|at|to|into|off)|address\s+(?:is|was|:))\s+)"
    rf"(?P<street>(?:The\s+)?[A-Z][a-z'’]+(?:\s+[A-Z][a-z'’]+){{0,2}}\s+(?i:{_STRONG}|{_HOME})\b)"
    r"(?!\s+(?i:centre|center|hub|clinic|hospital|school|surgery|library|station|church"
    r"|mosque|gurdwara|temple|park|shops?|academy|primary|nursery)\b)"
)
_LIVING_WORDS = _word_set(
    "live lives lived living moved move moving stay stays staying stayed address"
)
# "Ivy Cottage", "The Old Granary": a named house with no number, by a word that names only
# a home, capitalised as a name is.
HOUSE_NAME = re.compile(
    r"(?<![\w\[])(?:The\s+)?(?:[A-Z][a-z'’]+\s+){1,3}"
    r"(?:Cottages?|Bakehouse|Granary|Barn|Farmhouse|Coach House|Rectory|Vicarage)\b"
)
_HOME_WORDS = _word_set("cottage cottages bakehouse granary barn farmhouse rectory vicarage")
# "30 Kingsway, Tipton": a number and one capitalised word, then a town.
NUMBERED_BEFORE_TOWN = re.compile(
    r"(?<!year )(?<!Year )(?<!yr )(?<!room )(?<!Room )"  # "year 8 Westfield Sandwell"
    rf"(?<![\w£$.,:/]){_NUMBER}\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?,?\s+(?:{_TOWNS})\b"
)

#: Words that show "3 times down the road" or "a 40 minute drive" is not an address.
_NOT_STREET = _word_set(
    """the a an my our your his her their its this that these those down up on in at to from
    of off over by for with and or but times time minute minutes min mins hour hours hr hrs
    second seconds sec secs mile miles metre metres meter meters km yard yards foot feet inch
    inches step steps point points star stars page pages person people bed beds bedroom
    bedrooms room rooms door doors storey storeys floor floors seater piece pieces part parts
    course courses session sessions week weeks day days year years yr yrs month months kid
    kids children child car cars bus buses train trains stop stops house houses shop shops
    across along round around near past into onto other different new same next last first
    second third every each more less few many some all than then was were is are be been
    go went walk walked walking drive drove driving am pm o'clock percent pounds quid grand
    out times way ways lap laps mum mums dad dads minute's hour's am i it we they he she you
    who which what when where there here very too so just only about"""
)

_SCHOOL_WORD = (
    r"primary|academy|infants?|juniors?|nursery|school|college|high school|grammar"
    r"|secondary|rc|ce|c of e|c ?of ?e|pru|sixth form|church school|collegiate"
    # "Perryfields High", "westfield high": a school only after a word no one uses every
    # day (see _schools), and never "High Street".
    r"|high(?!\s+(?i:street|st|road|rd|school|needs|level|risk|support|five|5)\b)"
)
SCHOOL_WORD = re.compile(rf"(?i)\b(?:{_SCHOOL_WORD})\b")
_WORD_BEFORE = re.compile(r"([A-Za-z0-9][A-Za-z0-9'’\-]*)\s+$")
SAINT = re.compile(r"\b(?:St\.?|Saint|Holy)\s+[A-Z][a-z]+(?:['’]?s)?\b(?:\s+(?i:rc|ce|c of e)\b)?")
# "goes Shireland", "attends Causeway Green", "kicked out of Stuart Bathurst".
AFTER_SCHOOL_VERB = re.compile(
    r"\b(?i:goes to|go to|goes|go|attends|attend|attended|attending"
    r"|kicked out of|excluded from|expelled from|moved schools? to)\s+"
    r"(?P<name>[A-Z][A-Za-z0-9'’\-]+(?:\s+[A-Z][A-Za-z0-9'’\-]+){0,2})"
)
# "excluded from perryhill", "goes to brockwood": the same verbs, then a lower-case name
# that is no English word, not even a rare one ("goes to bed", "excluded from lessons").
LOWER_AFTER_SCHOOL_VERB = re.compile(
    r"\b(?i:goes to|go to|attends|attend|attended|attending"
    r"|kicked out of|excluded from|expelled from|moved schools? to)\s+(?:the\s+)?"
    r"(?P<name>[a-z][a-z'’\-]{3,}(?:\s+[a-z][a-z'’\-]{3,})?)\b"
)
_NAME_WORDS = r"[A-Za-z][A-Za-z0-9'’\-]*(?:\s+[A-Za-z][A-Za-z0-9'’\-]*){0,2}"
# Words that show a school without its school word: joined to a school already found
# ("[school] and Hollyhurst"), the subject of what only schools do ("Thornbury excluded
# him", "X put her in isolation"), or after a school's staff ("the senco at Marlbrook").
AFTER_SCHOOL_TAG = re.compile(rf"\[school\],?\s+(?:and|or|&|then|n)\s+(?P<name>{_NAME_WORDS})")
# These two find their cue, then read the name back from it: a pattern that began with
# the name would try every word of the text.
BEFORE_SCHOOL_TAG = re.compile(r"\s+(?:and|or|&|n)\s+\[school\]")
SCHOOL_SUBJECT = re.compile(
    r"\s+(?i:excluded|suspended|expelled|excludes|isolated|kicked (?:him|her|them|me|us) out"
    r"|(?:put|puts|kept|keeps|sent|sends) (?:him|her|them|me|us|my \w+) (?:in|into|to) "
    r"(?:isolation|detention|inclusion|the unit|internal exclusion)"
    r"|gave (?:him|her|them|me|us) (?:a |an )?(?:detentions?|exclusion|isolation))\b"
)
SCHOOL_STAFF_AT = re.compile(
    r"\b(?i:teachers?|senco|headteacher|head teacher|headmaster|headmistress|head of year"
    r"|pastoral(?: team| lead)?|form tutor|teaching assistants?|dinner ladies|tas?)\s+"
    rf"(?i:at|from|in)\s+(?P<name>{_NAME_WORDS})"
)
_SCHOOL_VERB_WORDS = _word_set(
    "goes go attends attend attended attending kicked excluded expelled moved"
)
_SCHOOL_CUES = _word_set(
    """excluded suspended expelled excludes isolated isolation detention detentions
    exclusion kicked teacher teachers senco head headteacher headmaster headmistress pastoral
    tutor ta tas ladies"""
)
#: Capitalised words after "goes to" that are places, services or people's roles.
_NOT_SCHOOL = _word_set(
    """sandwell smethwick oldbury tipton wednesbury west bromwich rowley regis tividale
    birmingham dudley walsall wolverhampton halesowen england uk poland romania india
    pakistan bangladesh nigeria zimbabwe jamaica camhs nhs mash police court church mosque
    gurdwara temple work college uni university hospital gp school nursery the my his her
    our their a an i early help social services youth club asda tesco aldi lidl primark
    mcdonalds kfc home bed town city family hub sunday monday tuesday wednesday thursday
    friday saturday january february march april may june july august september october
    november december christmas easter eid diwali ramadan"""
)
#: A "school" whose first word is one of these is no named school ("my school", "high school").
_NOT_SCHOOL_NAME = _word_set(
    """the a an my our your his her their this that new old same other previous current
    local big little high primary secondary special boarding infant junior nursery sixth
    form faith sunday summer forest driving private state free grammar at to from
    in of for and or but so because when if whole every each any no one which what
    mainstream proper good bad last next first after before i he she they we you it
    school schools nursery college academy"""
)


_DIGIT = re.compile(r"\d")
#: Faith words in a school's name, typed in lower case too: "st judes catholic primary".
_FAITH = _word_set("catholic church methodist islamic sikh jewish christian rc ce")
_SCHOOL_WORDS = _word_set(
    "primary academy infant infants junior juniors nursery school college grammar "
    "secondary rc ce pru collegiate high"
)
_NAME_ADJECTIVES = _word_set("little big new old young bright great happy busy")
_MAYBE_SAINT = re.compile(r"\b(?:St|Saint|Holy)\b")
_C_OF_E = frozenset({"c", "of", "e"})
# "st annes", "st marys rc": a saint's name with its possessive, in lower case.
LOWER_SAINT = re.compile(
    r"(?<![\w\[])(?:st|saint)\.?\s+(?P<saint>[a-z]+?)(?:['’]s|s)\b(?:\s+(?:rc|ce|c of e)\b)?"
)


def redact_places(text: str) -> str:
    """Street addresses become ``[address]``, named schools ``[school]``."""
    # Cheap searches first: an address needs a digit, a school its word or a saint.
    if _DIGIT.search(text):
        text = ADDRESS.sub(_address, text)
        text = NUMBERED_BEFORE_TOWN.sub("[address]", text)
    if not _LIVING_WORDS.isdisjoint(latin_words(text)):
        text = STREET_WHERE_SOMEONE_LIVES.sub(_street, text)
    if not _HOME_WORDS.isdisjoint(latin_words(text)):
        text = HOUSE_NAME.sub("[address]", text)
    words = latin_words(text)
    if not _SCHOOL_WORDS.isdisjoint(words) or words >= _C_OF_E:
        text = _schools(text)
    if _MAYBE_SAINT.search(text):
        text = SAINT.sub("[school]", text)
    if "st" in words or "saint" in words:
        text = LOWER_SAINT.sub(_lower_saint, text)
    return text


def _lower_saint(match: re.Match[str]) -> str:
    # "st annes", "st michael's": a saint's school typed in lower case, if the saint is a
    # listed first name ("st" before any other word is a street or a stone).
    saint, first_names = match.group("saint"), name_lists().first_names
    return "[school]" if saint in first_names or saint + "s" in first_names else match.group(0)


# A school word or a town after a school's name is the school's: "[school] Academy",
# "[school] Great Barr".
SCHOOL_TAIL = re.compile(rf"\[school\](?:\s+(?i:{_SCHOOL_WORD}|{_TOWNS})\b)+")


def redact_school_after_verb(text: str) -> str:
    """ "goes to Shireland", "Thornbury excluded him", "[school] and Hollyhurst": run after
    names, so "goes to Sarah" and "Sarah excluded him" were names first."""
    words = latin_words(text)
    if not _SCHOOL_VERB_WORDS.isdisjoint(words):
        text = AFTER_SCHOOL_VERB.sub(_after_school_verb, text)
        text = LOWER_AFTER_SCHOOL_VERB.sub(_lower_after_school_verb, text)
    if "[school]" in text:
        text = AFTER_SCHOOL_TAG.sub(_school_words, text)
        text = _school_before(text, BEFORE_SCHOOL_TAG)
    if "[school]" in text:
        text = SCHOOL_TAIL.sub("[school]", text)
    if _SCHOOL_CUES.isdisjoint(latin_words(text)):
        return text  # most answers: no cue word, so no pattern below can match
    text = _school_before(text, SCHOOL_SUBJECT)
    return SCHOOL_STAFF_AT.sub(_school_words, text)


_LAST_WORD = re.compile(r"([A-Za-z0-9][A-Za-z0-9'’\-]*)\s*$")


def _school_before(text: str, cue: re.Pattern[str]) -> str:
    """Each school's name just before ``cue``: up to three words of a school's name."""
    spans: list[tuple[int, int]] = []
    for found in cue.finditer(text):
        start, taken = found.start(), list[str]()
        while len(taken) < 3:
            word = _LAST_WORD.search(text, max(0, start - 40), start)
            if word is None or not _school_word_ok(word.group(1)):
                break
            taken.append(word.group(1))
            start = word.start(1)
        if taken and not all(_only_school_word(w) for w in taken):
            spans.append((start, found.start()))
    for start, end in reversed(spans):
        text = text[:start] + "[school]" + text[end:]
    return text


def _only_school_word(word: str) -> bool:
    return word.casefold() in _SCHOOL_WORDS or word.casefold() == "high"


def _school_word_ok(word: str) -> bool:
    """A word of a school's name: capitalised and no place or service ("Thornbury", not
    "Sandwell"), or a word no one uses every day ("greenvale"), or a school word."""
    folded = word.casefold().strip("'’")
    if folded in _NOT_SCHOOL or folded in _NOT_SCHOOL_NAME - _SCHOOL_WORDS - {"high"}:
        return False
    if folded in _SCHOOL_WORDS or folded == "high":
        return True
    if word[0].isupper() or any(c.isdigit() for c in word):
        return not (word.isupper() and len(word) <= 5 and not word[-1].isdigit())
    return not is_everyday_english(word, 3.5)


def _school_words(match: re.Match[str]) -> str:
    """Replace the school's words at the start of ``name``, after a cue before it."""
    name = match.group("name")
    kept: list[str] = []
    for word in name.split():
        if not _school_word_ok(word):
            break
        kept.append(word)
    if not kept or all(_only_school_word(w) for w in kept):
        return match.group(0)
    whole = match.group(0)
    offset = match.start("name") - match.start()
    # Find where the kept words end in the name, keeping its spacing as typed.
    position = 0
    for word in kept:
        position = name.index(word, position) + len(word)
    return whole[:offset] + "[school]" + whole[offset + position :]


def _street(match: re.Match[str]) -> str:
    whole = match.group(0)
    return whole[: match.start("street") - match.start()] + "[address]"


def _address(match: re.Match[str]) -> str:
    if not match.group("number") and not match.group("unit"):
        return match.group(0)  # "Oak House": a building's name without a number is no address
    words = match.group("street").split()
    if not words and not match.group("unit"):
        return match.group(0)
    kind = match.group("kind").casefold()
    if words == ["The"] and match.group("kind")[0].isupper():
        return "[address]"  # "3 The Crescent", "12 The Green"
    if words == ["the"] and kind in _STRONG.split("|") and match.group("number"):
        return "[address]"  # "number 9 the crescent": a street word that is only that
    if any(word.casefold().strip("'’") in _NOT_STREET for word in words):
        return match.group(0)
    if words and match.group("kind").casefold() not in _STRONG.split("|"):
        # A weak address word wants a street's name before it: capitalised ("Hill Top")
        # or no everyday word ("5 pennyhill top"), never "2 big park".
        named = any(w[0].isupper() for w in words) or not any(
            is_everyday_english(w, 5.0) for w in words
        )
        if not named:
            return match.group(0)
    if not words and not match.group("number"):
        return match.group(0)  # "room 4 hall"? a unit needs a building name
    return "[address]"


def _schools(text: str) -> str:
    """Each school word with the name before it: up to three capitalised words, or words
    that are no everyday English ("corngreaves academy"), and "St"/"Holy" before them."""
    spans: list[tuple[int, int]] = []
    for found in SCHOOL_WORD.finditer(text):
        start = found.start()
        # Lower-case names only before a word that is always a school's ("corngreaves
        # academy"); "mere bete ko school" is Urdu, not a school called "bete ko".
        plain_ok = found.group(0).casefold() != "school"
        high = found.group(0).casefold() == "high"
        taken = 0
        previous_capital = False
        while taken < 3:
            before = _WORD_BEFORE.search(text, max(0, start - 40), start)
            if before is None:
                break
            word = before.group(1)
            folded = word.casefold().strip("'’")
            # "Little Angels nursery", "New Horizons academy": a capitalised adjective
            # that begins a capitalised name is part of it; "the little nursery" is not.
            named_adjective = (
                taken and word[0].isupper() and previous_capital and folded in _NAME_ADJECTIVES
            )
            if folded in _NOT_SCHOOL_NAME and not named_adjective:
                break
            previous_capital = word[0].isupper()
            plain = plain_ok and (folded in _FAITH or not is_everyday_english(word, 4.0))
            if high and (taken or is_everyday_english(word, 3.5)):
                break  # "Sky high", "too high": one rare word before "high", no more
            if not (word[0].isupper() or word[0].isdigit() or plain):
                break
            start = before.start(1)
            taken += 1
        if taken:
            saint = re.search(r"(?i)\b(?:St\.?|Saint|Holy)\s+$", text[max(0, start - 8) : start])
            if saint:
                start -= len(saint.group(0))
            spans.append((start, found.end()))
    out: list[str] = []
    position = 0
    for start, end in spans:
        out.append(text[position:start])
        out.append("[school]")
        position = end
    out.append(text[position:])
    return "".join(out)


def _after_school_verb(match: re.Match[str]) -> str:
    name = match.group("name")
    words = name.split()
    if words[0].casefold() in _NOT_SCHOOL or all(
        is_everyday_english(w, 4.5) and w.casefold() in _NOT_SCHOOL for w in words
    ):
        return match.group(0)
    if all(is_everyday_english(w, 4.0) for w in words):
        return match.group(0)  # "goes Swimming"
    return match.group(0)[: match.start("name") - match.start()] + "[school]"


def _lower_after_school_verb(match: re.Match[str]) -> str:
    kept: list[str] = []
    for word in match.group("name").split():
        bare = word.strip("'’-")
        if bare in _NOT_SCHOOL or is_everyday_english(bare, 3.0) or not rare_in_english(bare):
            break
        kept.append(word)
    if not kept:
        return match.group(0)
    whole, offset = match.group(0), match.start("name") - match.start()
    end = whole.index(kept[-1], offset) + len(kept[-1])
    return whole[:offset] + "[school]" + whole[end:]
