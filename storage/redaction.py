"""Take names and contact details out of free text before it is stored.

``redact(text)`` replaces each personal detail with a readable tag, so "my worker Sarah
rang me on 07700 900123" becomes "my worker [name] rang me on [phone]". It is
deterministic and idempotent (``redact(redact(x)) == redact(x)``), and text with nothing
personal in it comes back exactly as it was.

No library does UK names offline, so names come from the shipped lists in ``names/``
plus context: a listed name that is not also an everyday word is redacted when
capitalised anywhere; any capitalised word is redacted after a context such as "my
worker", "Mrs" or "called"; and names that are everyday words ("Will", "Hope", "May")
only with such a context or beside another name ("Grace Okafor").

Gurmukhi and Urdu script have no capitals, so there a listed name is redacted wherever it
stands, any word after a title ("ਸ੍ਰੀਮਤੀ", "جناب") or after "name" ("میرا نام … ہے"), and any
word before "صاحب" or "نامی" ("… صاحب", "… نامی لڑکا").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import phonenumbers

# A name's lookup key, folded as safeguarding folds its phrases: "Łukasz" and "lukasz",
# "كاشف" (an Arabic keyboard) and "کاشف", "ਗਿੱਲ" and "ਗਿਲ" are one name.
from surveys.folding import fold_letters as fold

__all__ = ["TAGS", "redact"]

NAMES_DIR = Path(__file__).parent / "names"

TAGS = (
    "[name]",
    "[phone]",
    "[email]",
    "[postcode]",
    "[nhs number]",
    "[ni number]",
    "[date]",
    "[link]",
    "[handle]",
    "[address]",
)


def _word_set(words: str) -> frozenset[str]:
    """Words to compare with a token's ``key`` or ``lower``: folded as :func:`fold` does."""
    return frozenset(fold(word) for word in words.split())


# --- shapes -----------------------------------------------------------------------------

EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_TLDS = (
    r"(?:com|co\.uk|org\.uk|org|net|uk|io|gov\.uk|nhs\.uk|ac\.uk"
    r"|info|biz|me|tv|ly|app|dev|eu|pl|pk|in)"
)
URL = re.compile(
    r"(?i)\b(?:https?://|www\.)[^\s<>\"\[\]]+"
    r"|\b[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\." + _TLDS + r"\b(?:/[^\s<>\"\[\]]*)?"
)
# At least one letter, so "@ 10" and "@10" stay.
HANDLE = re.compile(r"(?<![\w@.])@(?=[\w.]*[A-Za-z])[A-Za-z0-9_.]{2,30}(?<!\.)")
NHS_NUMBER = re.compile(r"(?<![\d+])\d{3}[ \-]?\d{3}[ \-]?\d{4}(?!\d)")
NI_NUMBER = re.compile(r"(?i)\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b")
POSTCODE = re.compile(r"(?i)\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b")

# "May" and "March" are ordinary words too: only capitalised do they start a date.
_MONTH = (
    r"(?:(?i:january|february|april|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)|May|MAY|March|MARCH)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:(?i:mon|tues|wednes|thurs|fri|satur|sun)day,? )?"
DATE_PATTERNS = (
    re.compile(r"(?<![\d/.\-])\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})(?![\d/.\-]\d)"),
    re.compile(r"(?<![\d\-])\d{4}-\d{1,2}-\d{1,2}(?![\d\-])"),
    re.compile(rf"\b{_WEEKDAY}(?:the )?{_DAY}(?: of)? {_MONTH}(?:,? \d{{4}})?(?!\w)"),
    re.compile(rf"\b{_WEEKDAY}{_MONTH} (?:the )?{_DAY}(?:,? \d{{4}})?(?!\w)"),
    re.compile(rf"\b{_MONTH} \d{{4}}(?!\w)"),
)

#: Public help lines a respondent may quote; they identify nobody.
HELPLINE_DIGITS = frozenset({"08001111", "08088005000", "116123", "111", "999", "85258"})
_SEP = r"[ \-]?"
_DIGIT_RUN = re.compile(r"\d(?:[ \-().]{0,3}\d){6}")
PHONE_FALLBACKS = (
    # UK national: 07700 900123, 0121 496 0000, (0121) 4960000, 020 7946 0000
    (
        re.compile(rf"(?<![\w+])\(?0\d{{2,4}}\)?{_SEP}\d{{3,4}}{_SEP}\d{{3,4}}(?!\d)"),
        frozenset({10, 11}),
    ),
    # UK international: +44 7700 900123, +44 (0)121 496 0000, 0044 7700 900123
    (
        re.compile(
            rf"(?:\+|(?<![\w+])00)44{_SEP}(?:\(0\))?{_SEP}\d{{2,4}}{_SEP}\d{{3,4}}{_SEP}\d{{3,4}}(?!\d)"
        ),
        frozenset({12, 13}),
    ),
    # Anything else in international form: +48 512 345 678, 0048 512 345 678
    (re.compile(r"(?:\+|(?<![\w+])00)\d{1,3}(?:[ \-]?\d){6,13}(?!\d)"), frozenset(range(8, 16))),
)

_STREET_TYPES = (
    r"Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Close|Drive|Dr|Way|Court|Ct|Crescent|Cres|Place|Pl"
    r"|Grove|Gardens|Gdns|Terrace|Tce|Hill|Park|Row|Walk|Square|Sq|Mews|View|Rise|Green"
    r"|Parade|Mount|Vale|Croft|Fold|Gate|Boulevard|Drove|Wharf|Yard|Heights|Meadows?|Chase"
    r"|Approach|Circus|Embankment"
)
ADDRESS = re.compile(
    r"(?:\b(?i:flat|apartment|apt|unit) \d+[A-Za-z]?,? )?"
    r"(?<![\w£$.,:/])\d{1,4}[A-Za-z]?,? "
    r"(?P<street>(?:[A-Za-z][A-Za-z'’\-]* ){1,3})"
    rf"(?i:{_STREET_TYPES})\b(?P<after>\.?)"
)
#: Words that show "3 times down the road" is not an address.
ADDRESS_STOP_WORDS = _word_set(
    """the a an my our your his her their its this that these those down up on in at to from
    of off over by for with and or but times minutes mins hours hrs miles metres meters yards
    weeks days years months people kids children cars houses doors shops steps across along
    round around near past into onto other different new same next last first second every
    each more less few many some all than then was were is are be been go went walk walked
    drive drove"""
)

# Each pass only turns text into tags, so a few passes always settle; usually one does.
_MAX_PASSES = 8


def redact(text: str) -> str:
    """``text`` with names and contact details replaced by tags such as ``[name]``."""
    if not text:
        return text
    for _ in range(_MAX_PASSES):
        redacted = _redact_once(text)
        if redacted == text:
            break
        text = redacted
    return text


def _redact_once(text: str) -> str:
    # Order matters: wider shapes first (an email holds a domain, a date holds digits a
    # phone pattern would take), and streets before names ("12 Sarah Street").
    text = EMAIL.sub("[email]", text)
    text = URL.sub(_link, text)
    text = HANDLE.sub("[handle]", text)
    text = NHS_NUMBER.sub(_nhs_number, text)
    text = NI_NUMBER.sub("[ni number]", text)
    for pattern in DATE_PATTERNS:
        text = pattern.sub("[date]", text)
    text = POSTCODE.sub("[postcode]", text)
    text = _phones(text)
    text = ADDRESS.sub(_address, text)
    return _names(text)


# --- identifiers ------------------------------------------------------------------------


def _link(match: re.Match[str]) -> str:
    # A sentence's full stop or closing bracket is not part of the address.
    url = match.group(0)
    trimmed = url.rstrip(".,;:!?)]}'\"")
    return "[link]" + url[len(trimmed) :]


def nhs_check_digit_ok(digits: str) -> bool:
    """Whether ten digits are a valid NHS number (modulus 11 check digit)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * weight for d, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _nhs_number(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return "[nhs number]" if nhs_check_digit_ok(digits) else match.group(0)


def _replace_spans(text: str, spans: list[tuple[int, int]], tag: str) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + tag + text[end:]
    return text


def _phones(text: str) -> str:
    if not _DIGIT_RUN.search(text):
        return text  # no run of seven digits: no phone number, so skip the slow matcher
    spans: list[tuple[int, int]] = []
    for number in phonenumbers.PhoneNumberMatcher(text, "GB"):
        if re.sub(r"\D", "", number.raw_string) not in HELPLINE_DIGITS:
            spans.append((number.start, number.end))
    # phonenumbers rejects some UK shapes (the drama ranges such as 07700 900xxx, numbers
    # typed in odd groupings); these patterns catch what it leaves.
    for pattern, sizes in PHONE_FALLBACKS:
        for found in pattern.finditer(text):
            digits = re.sub(r"\D", "", found.group(0))
            if found.group(0).startswith("00"):
                digits = digits[2:]  # 0044 is +44 dialled from a phone without a + key
            overlaps = any(found.start() < end and start < found.end() for start, end in spans)
            if len(digits) in sizes and digits not in HELPLINE_DIGITS and not overlaps:
                spans.append((found.start(), found.end()))
    return _replace_spans(text, spans, "[phone]")


def _address(match: re.Match[str]) -> str:
    street_words = match.group("street").split()
    if any(word.casefold() in ADDRESS_STOP_WORDS for word in street_words):
        return match.group(0)  # "3 times down the road", not an address
    return "[address]" + match.group("after")


# --- names ------------------------------------------------------------------------------


def _read_names(filename: str) -> frozenset[str]:
    lines = (NAMES_DIR / filename).read_text("utf-8").splitlines()
    return frozenset(
        fold(line.split("#", 1)[0].strip()) for line in lines if line.split("#", 1)[0].strip()
    )


@lru_cache(maxsize=1)
def name_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(first names, surnames, names that are also everyday words), folded."""
    return (
        _read_names("first_names.txt"),
        _read_names("surnames.txt"),
        _read_names("common_words.txt"),
    )


# Titles: the next word is a name whatever it is ("Mrs Grace", "Mr J").
_TITLES = _word_set(
    """mr mrs ms miss mx dr prof sir dame
    ਸ੍ਰੀ ਸ਼੍ਰੀ ਸ੍ਰੀਮਤੀ ਸ਼੍ਰੀਮਤੀ ਸਰਦਾਰ ਮਿਸਟਰ ਮਿਸਿਜ਼ ਮਿਸ
    جناب محترم محترمہ مسٹر مسز"""
)
# "called Sarah", "named Hope": the next word is a name if it looks like one. In Urdu and
# Punjabi "name" itself: "میرا نام سارہ ہے", "ਮੇਰਾ ਨਾਮ ਹਰਪ੍ਰੀਤ ਹੈ".
_NAMING = _word_set("called named name's names nicknamed نام ਨਾਮ ਨਾਂ")
# Words that follow a name in Urdu: "احمد صاحب" (Mr Ahmed), "احمد نامی لڑکا" (a boy named
# Ahmed). Not "جی" or "ਜੀ": "ہاں جی" is "yes".
_AFTER_NAME = _word_set("صاحب صاحبہ نامی")
_NAMING_PAIRS = frozenset({("name", "is"), ("known", "as"), ("name", "was")})
# People a respondent mentions: the next capitalised word is their name.
_RELATIONS = _word_set(
    """worker workers keyworker practitioner visitor therapist counsellor counselor mentor
    advocate officer nurse doctor gp teacher manager carer coach son daughter brother sister
    mum mom mam dad mother father husband wife partner boyfriend girlfriend friend baby child
    kid grandson granddaughter nephew niece stepdad stepmum stepson stepdaughter cousin uncle
    aunt auntie aunty nan nana nanna gran grandma grandad grandpa boss colleague neighbour
    lawyer solicitor sw psychologist psychiatrist midwife paediatrician headteacher head
    senco tutor guardian foster
    ਵਰਕਰ ਪੁੱਤਰ ਪੁੱਤ ਧੀ ਭਰਾ ਭੈਣ ਪਤੀ ਪਤਨੀ ਮਾਂ ਪਿਤਾ ਮੰਮੀ ਡੈਡੀ ਬਾਪੂ ਅਧਿਆਪਕ ਟੀਚਰ ਡਾਕਟਰ ਨਰਸ ਦੋਸਤ
    ਚਾਚਾ ਮਾਮਾ ਮਾਸੀ ਭੂਆ ਨਾਨੀ ਦਾਦੀ ਨਾਨਾ ਦਾਦਾ
    ورکر بیٹا بیٹی بھائی بہن شوہر خاوند بیوی امی ابو والد والدہ ماں باپ استاد استانی ٹیچر
    ڈاکٹر نرس دوست چچا ماموں خالہ پھوپھی نانی دادی نانا دادا کزن"""
)
# Capitalised words that are not names even straight after a context ("my worker Was…").
_NOT_NAMES = _word_set(
    """i i'm i've i'd i'll the a an and but or so is was has had who which that this it he she
    they we you my our your their his her not also then thanks thank because when if always
    never really very says told came comes helped helps listened is are were would
    could should can did does do just too who's it's and mr mrs ms miss mx dr prof sir dame
    monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december today yesterday tomorrow team
    service services council school nhs"""
)
# Urdu and Punjabi words that follow "name" but are not one: "نام نہیں بتایا" (did not
# say the name), "ਨਾਮ ਯਾਦ ਨਹੀਂ" (cannot remember the name), "کے نام سے".
_NOT_NAMES_CASELESS = _word_set(
    """ہے ہیں تھا تھی تھے کیا نہیں کا کی کے سے کو میں بھی ہی اور پر تو یاد بتایا بتا پوچھا
    لکھا لیا لے بدل ہاں جی
    ਹੈ ਹਨ ਸੀ ਕੀ ਨਹੀਂ ਦਾ ਦੀ ਦੇ ਨੂੰ ਤੋਂ ਵਿੱਚ ਵੀ ਹੀ ਅਤੇ ਤੇ ਯਾਦ ਦੱਸਿਆ ਪੁੱਛਿਆ ਲਿਖਿਆ ਲਿਆ ਲੈ ਹਾਂ ਜੀ"""
)

# A word's letters, with the vowel signs and other combining marks Gurmukhi (and
# decomposed Latin) writes inside a word, which Python's \w leaves out, and the zero-width
# (non-)joiners typed inside Urdu words.
_MARKS = "".join(
    chr(code) for code in range(0x0300, 0x10000) if unicodedata.category(chr(code))[0] == "M"
)
_LETTER = rf"(?:[^\W\d_]|[{_MARKS}\u200c\u200d])"
_TOKEN = re.compile(rf"\[[a-z ]+\]|{_LETTER}+(?:['’\-]{_LETTER}+)*")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?:^|[.!?:;\"“(\n]\s*)$")


class _Token:
    __slots__ = ("base", "capitalised", "caseless", "end", "key", "lower", "start", "tag", "text")

    def __init__(self, match: re.Match[str]) -> None:
        self.text = match.group(0)
        self.start, self.end = match.span()
        self.tag = self.text.startswith("[")
        self.base = _POSSESSIVE.sub("", self.text)
        self.key = fold(self.base)
        self.lower = self.text.casefold()
        first = self.base[:1]
        self.capitalised = first.isupper() and not (len(self.base) > 1 and self.base.isupper())
        #: Gurmukhi, Urdu script and others without capitals: lists and context decide.
        self.caseless = not self.tag and self.base.upper() == self.base.lower()


def _context(tokens: list[_Token], index: int, text: str) -> str | None:
    """'title', 'naming' or 'relation' when the words just before ``index`` name someone."""
    if index == 0:
        return None
    previous = tokens[index - 1]
    gap = text[previous.end : tokens[index].start]
    if gap.strip() not in ("", ",", ".") or (gap.strip() == "." and previous.key not in _TITLES):
        return None
    if previous.tag:
        return None
    if previous.key in _TITLES:
        return "title"
    if previous.key in _NAMING:
        return "naming"
    if index >= 2 and (tokens[index - 2].key, previous.key) in _NAMING_PAIRS:
        return "naming"
    if previous.key in _RELATIONS:
        return "relation"
    return None


def _before_a_name_word(tokens: list[_Token], index: int, text: str) -> bool:
    """Whether the word after ``index`` says it was a name ("احمد صاحب", "احمد نامی")."""
    if index + 1 >= len(tokens) or text[tokens[index].end : tokens[index + 1].start] != " ":
        return False
    key = tokens[index].key
    return tokens[index + 1].key in _AFTER_NAME and not (
        key in _RELATIONS or key in _TITLES or key in _NAMING or key in _AFTER_NAME
    )


def _is_name(tokens: list[_Token], index: int, text: str) -> bool:
    token = tokens[index]
    if token.tag or token.lower in _NOT_NAMES:
        return False
    if token.caseless:
        return _is_caseless_name(tokens, index, text)
    first_names, surnames, common = name_lists()
    parts = token.key.split("-")
    listed = token.key in first_names or token.key in surnames
    # Double-barrelled: "Anne-Marie", "Smith-Jones".
    listed = listed or all(part in first_names or part in surnames for part in parts)
    everyday = token.key in common or len(token.key) <= 2
    context = _context(tokens, index, text)
    if context == "title":
        return token.capitalised or listed
    if context == "naming":
        # "called jo": after a naming word even a two-letter listed name is a name.
        return token.capitalised or (listed and token.key not in common)
    if context == "relation":
        return token.capitalised or (listed and not everyday)
    return token.capitalised and listed and not everyday


def _is_caseless_name(tokens: list[_Token], index: int, text: str) -> bool:
    """:func:`_is_name` for a script without capitals, where only lists and context tell."""
    token = tokens[index]
    if token.key in _NOT_NAMES_CASELESS:
        return False
    first_names, surnames, common = name_lists()
    listed = token.key in first_names or token.key in surnames
    context = _context(tokens, index, text)
    if context in ("title", "naming") or _before_a_name_word(tokens, index, text):
        return True
    if context == "relation":
        return listed
    return listed and token.key not in common


def _next_to(tokens: list[_Token], index: int, other: int, text: str) -> bool:
    """Whether two tokens are adjacent words of one name ("Grace Okafor", "Anne-Marie")."""
    low, high = sorted((index, other))
    return text[tokens[low].end : tokens[high].start] in (" ", "-") and not tokens[other].tag


def _names(text: str) -> str:
    tokens = [_Token(m) for m in _TOKEN.finditer(text)]
    if not tokens:
        return text
    first_names, surnames, _ = name_lists()
    flagged = [_is_name(tokens, i, text) for i in range(len(tokens))]
    # A capitalised word beside a name is part of it: surnames after ("Sarah Blenkinsop"),
    # everyday-word first names before ("Grace Okafor", "Will Smith").
    for i in range(len(tokens)):
        if not flagged[i]:
            continue
        for j in range(i + 1, min(i + 3, len(tokens))):
            nxt = tokens[j]
            if not (_next_to(tokens, j - 1, j, text) and flagged[j - 1] and nxt.capitalised):
                break
            if nxt.lower in _NOT_NAMES or _SENTENCE_END.search(text[: nxt.start]):
                break
            flagged[j] = True
    for i in range(len(tokens) - 1, 0, -1):
        token = tokens[i - 1]
        if (
            flagged[i]
            and not flagged[i - 1]
            and token.capitalised
            and _next_to(tokens, i - 1, i, text)
            and token.key in first_names
            and token.lower not in _NOT_NAMES
        ):
            flagged[i - 1] = True
    # A listed everyday-word first name followed by a listed surname: "Grace Brown".
    for i in range(len(tokens) - 1):
        this, nxt = tokens[i], tokens[i + 1]
        if (
            not flagged[i]
            and this.capitalised
            and nxt.capitalised
            and this.key in first_names
            and nxt.key in surnames
            and this.lower not in _NOT_NAMES
            and _next_to(tokens, i, i + 1, text)
        ):
            flagged[i] = flagged[i + 1] = True
    return _rewrite(text, tokens, flagged)


def _rewrite(text: str, tokens: list[_Token], flagged: list[bool]) -> str:
    """Replace flagged runs of words with one ``[name]``, keeping a possessive "'s"."""
    out: list[str] = []
    position = 0
    i = 0
    while i < len(tokens):
        if not flagged[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and flagged[j + 1] and _next_to(tokens, j, j + 1, text):
            j += 1
        out.append(text[position : tokens[i].start])
        out.append("[name]" + tokens[j].text[len(tokens[j].base) :])
        position = tokens[j].end
        i = j + 1
    out.append(text[position:])
    return "".join(out)
