"""The shapes of contact details and identifiers, for :mod:`storage.redaction`.

Each ``redact_*`` function takes text and gives it back with one kind of detail replaced
by its tag. Names are in :mod:`storage.redaction_names`; the order of the passes is in
:func:`storage.redaction.redact`.
"""

from __future__ import annotations

import re

import phonenumbers

from storage.redaction_words import is_everyday_english, latin_words

EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_TLDS = (
    r"(?:com|co\.uk|org\.uk|org|net|uk|io|gov\.uk|nhs\.uk|ac\.uk"
    r"|info|biz|me|tv|ly|app|dev|eu|pl|pk|in|ee|be|gl|gd|ng|ro)"
)
URL = re.compile(
    r"(?i)\b(?:https?://|www\.)[^\s<>\"\[\]]+"
    r"|\b[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\." + _TLDS + r"\b(?:/[^\s<>\"\[\]]*)?"
)

# "s dot bains at gmail dot com", "kaurfam (at) gmail (dot) com", "jo underscore b at
# yahoo dot co dot uk": an email read out. The domain must end in a mail ending, so "at
# home dot" is nothing. The local part is one word joined by dots or underscores, spoken
# or typed.
_SAID_DOT = r"(?:\s*[(\[]dot[)\]]\s*|\s+dot\s+|\.)"
_SAID_JOIN = r"(?:\s*[(\[]dot[)\]]\s*|\s+(?:dot|underscore|dash|hyphen)\s+|[._\-])"
_SAID_AT = r"(?:\s*[(\[]at[)\]]\s*|\s+at\s+|\s*@\s*)"
_MAIL_END = r"(?:com|co" + _SAID_DOT + r"uk|org(?:" + _SAID_DOT + r"uk)?|net|uk|pl|ro|ie)"
# "jaz_k at gmail": a mail provider named, its ending left off.
PROVIDER_EMAIL = re.compile(
    r"(?i)(?<![\w.@])[a-z0-9][a-z0-9+]*(?:"
    + _SAID_JOIN
    + r"[a-z0-9+]+)*"
    + _SAID_AT
    + r"(?:gmail|googlemail|hotmail|yahoo|outlook|icloud|live|btinternet|aol|msn|proton(?:mail)?)"
    + r"\b(?!"
    + _SAID_DOT
    + r")"
)
WRITTEN_EMAIL = re.compile(
    r"(?i)(?<![\w.@])[a-z0-9][a-z0-9+]*(?:" + _SAID_JOIN + r"[a-z0-9+]+)*"
    + _SAID_AT
    + r"[a-z0-9][a-z0-9\-]*(?:" + _SAID_DOT + r"[a-z0-9\-]+)*?"
    + _SAID_DOT + _MAIL_END + r"\b"
)  # fmt: skip

# At least one letter, so "@ 10" and "@10" stay.
HANDLE = re.compile(r"(?<![\w@.])@(?=[\w.]*[A-Za-z])[A-Za-z0-9_.]{2,30}(?<!\.)")
_PLATFORM = (
    r"snap|snapchat|sc|insta|instagram|ig|tiktok|tik\s?tok|tt|discord|roblox|fb|facebook"
    r"|twitter|x|threads|twitch|youtube|yt|xbox|psn|playstation|fortnite|minecraft|steam"
    r"|gamertag|username|user\s?name|handle|kik|telegram|whatsapp|bbm"
)
# "my snap is kezza_b", "add me on insta jaz_kaur09", "discord: shadowfox#4410": after a
# platform word and up to three little words, the next word is the handle if it looks like
# one (a digit, dot, underscore or #) or is no English word.
PLATFORM_HANDLE = re.compile(
    rf"(?i)\b(?:{_PLATFORM})\b(?P<gap>(?:\s*[:=\-]\s*|\s+)"
    r"(?:(?:is|its|it's|it’s|im|i'm|me|name|names|name's|called|on|at|as|add|=|:|-|username|user"
    r"|handle|account|@)(?:\s*[:=\-]\s*|\s+)){0,3})"
    r"(?P<handle>@?[A-Za-z0-9_.#]{2,32}(?<![.]))"
)
# "add kezza_b on snap": a handle-shaped word just before "on <platform>".
HANDLE_BEFORE_PLATFORM = re.compile(
    rf"(?i)(?<![\w@.#\[])(?P<handle>[A-Za-z0-9_.#]{{3,32}}(?<![.]))(?=\s+on\s+(?:{_PLATFORM})\b)"
)
# A username typed anywhere: letters joined by an underscore ("mummy_of_4_smethwick"), or
# by two dots or more ("pink.princess.moyo"), which no sentence has.
UNDERSCORED = re.compile(r"(?<![\w@.#\[])(?=[\w.]*[A-Za-z])[A-Za-z0-9.]*_[A-Za-z0-9_.]*(?<![._])")
DOTTED = re.compile(
    r"(?<![\w@.#\[/])(?=[\w.]*[A-Za-z]{3})[A-Za-z0-9]+(?:\.[A-Za-z0-9]+){2,}(?![\w/@]|\.\w)"
)

# Not after "+44 (0)" or "+44 ": "+44 (0)121 496 0014" is a phone whose last ten digits
# may pass the NHS check.
NHS_NUMBER = re.compile(r"(?<![\d+)])(?<!\+44 )(?<!\b0 )\d{3}[ \-]?\d{3}[ \-]?\d{4}(?!\d)")
# Also typed "728674 7762" and "1230 234 772": any grouping of ten digits.
NHS_LOOSE = re.compile(r"(?<![\d+\-/.])\d(?:[ \-]?\d){9}(?![\d\-/])")
NI_NUMBER = re.compile(r"(?i)\b[A-Z]{2}[ \-]?\d{2}[ \-]?\d{2}[ \-]?\d{2}[ \-]?[A-D]\b")
# "my NI is QQ 12 34 56": the suffix letter left off, after the words that name it.
NI_AFTER_WORDS = re.compile(
    r"(?i)(?P<words>\b(?:ni|n\.i\.|national insurance)(?: number| no\.?)?(?: is)?:? )"
    r"[A-Z]{2}[ \-]?\d{2}[ \-]?\d{2}[ \-]?\d{2}\b"
)
POSTCODE = re.compile(r"(?i)\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b")

# "May" and "March" are ordinary words too: only capitalised do they start a date.
_MONTH = (
    r"(?:(?i:january|february|april|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)|May|MAY|March|MARCH)\.?"
)
_MONTH_AFTER_DAY = r"(?:" + _MONTH + r"|(?i:may|march))"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:(?i:mon|tues|wednes|thurs|fri|satur|sun)day,? )?"
# Dates in figures: "12/03/2011", "3.5.09", "2011-03-12", "12 06 2013".
NUMERIC_DATES = (
    re.compile(r"(?<![\d/.\-])\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})(?![\d/.\-]\d)"),
    re.compile(r"(?<![\d\-])\d{4}-\d{1,2}-\d{1,2}(?![\d\-])"),
    re.compile(r"(?<![\d/.\-])\d{1,2} \d{1,2} (?:19|20)\d{2}(?![\d/.\-])"),
)
# "on 14/6", "from 3/11 to 9/11": a day and month after a word that takes a date; not
# "24/7", "9/10" or "2/3 of".
SHORT_DATE = re.compile(
    r"(?i)(?P<before>\b(?:on|from|since|till|until|to|by|before|after|due|dated)\s+)"
    r"(?!24/7|(?:10|0?\d)/10\b)"  # "24/7", and "on 7/10" is a score
    r"(?:[12]\d|3[01]|0?[1-9])/(?:1[0-2]|0?[1-9])(?![\d/.\-%]|\s+of\b)"
)
# Dates in words.
WORDED_DATES = (
    # "3rd of may", "the 9th of march 2016": after a day number a month is a month.
    re.compile(
        rf"(?i:\b{_WEEKDAY}(?:the )?){_DAY}(?: of)? {_MONTH_AFTER_DAY}(?:,? \d{{4}})?(?!\w)"
    ),
    re.compile(rf"\b{_WEEKDAY}{_MONTH} (?:the )?{_DAY}(?:,? \d{{4}})?(?!\w)"),
    re.compile(rf"\b{_MONTH} \d{{4}}(?!\w)"),
    re.compile(r"(?i)\b(?:christmas|boxing) day,? \d{4}\b"),
    # "may 2016": a year after it makes a lower-case month a month.
    re.compile(r"(?i)\b(?:may|march) (?:19|20)\d{2}\b"),
    # "may 5th", "march 3rd": with an ordinal after it, a lower-case month is a month.
    re.compile(r"(?i)\b(?:may|march) (?:the )?\d{1,2}(?:st|nd|rd|th)(?:,? \d{4})?(?!\w)"),
)
# "thursday 9th", "on friday the 3rd": a weekday and an ordinal make a date.
WEEKDAY_DATE = re.compile(
    r"(?i)\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?"
    r"\.?,? (?:the )?\d{1,2}(?:st|nd|rd|th)\b(?! (?:of )?(?:time|week|floor|place|year))"
)
_ORDINAL = re.compile(r"(?i)\d(?:st|nd|rd|th)\b")
DATE_PATTERNS = (*NUMERIC_DATES, *WORDED_DATES, WEEKDAY_DATE)

# Dates in words need a month's (or a festival's) name: most answers have none.
_MONTH_WORDS = frozenset(
    re.findall(
        r"\w+",
        """january february march april may june july august september october november
        december jan feb mar apr jun jul aug sep sept oct nov dec christmas boxing""",
    )
)

#: Public help lines a respondent may quote; they identify nobody.
HELPLINE_DIGITS = frozenset({"08001111", "08088005000", "116123", "111", "999", "85258"})
_SEP = r"[ \-]?"
_DIGIT_RUN = re.compile(r"\d(?:[ \-().]{0,3}\d){6}")
PHONE_FALLBACKS = (
    # UK national: 07700 900123, 0121 496 0000, (0121) 4960000, 077009 00145
    (
        # "07 700 900 123", "07 7009 00321": the 0 and the 7 apart, then any groups.
        re.compile(r"(?<![\w+])\(?0 ?\d{1,5}\)?(?:[ \-]?\d{2,5}){1,4}(?!\d)"),
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


# Cheap searches that say whether a slower pattern can match at all: most answers have no
# email, platform word or digit, and skipping those patterns keeps redaction near 0.1 ms.
_MAYBE_EMAIL = re.compile(
    r"(?i)@|\bat\b[^\n]{1,80}?(?:\bdot\b\W*|\.)\s*(?:com|co|org|net|uk|pl|ro|ie)\b"
)
_MAYBE_PROVIDER = re.compile(
    r"(?i)gmail|hotmail|yahoo|outlook|icloud|\blive\b|btinternet|\baol\b|msn|proton"
)
# The same tests by word, from the cached set of a text's words: a set lookup is cheaper
# than a case-blind search of the whole text.
_MAIL_ENDS = frozenset({"com", "co", "org", "net", "uk", "pl", "ro", "ie"})
_PROVIDERS = frozenset(
    re.findall(
        r"\w+", "gmail googlemail hotmail yahoo outlook icloud live btinternet aol msn proton"
    )
)
_MAYBE_URL = re.compile(r"(?i)\w\.[a-z]|www|https?:")
_PLATFORM_WORDS = frozenset(re.sub(r"\\s\?|\\s", "|", _PLATFORM).split("|"))


def redact_contacts(text: str) -> str:
    """Emails, links and handles: the widest shapes, before anything takes their parts."""
    words = latin_words(text)
    if ("@" in text or ("at" in words and not _MAIL_ENDS.isdisjoint(words))) and (
        _MAYBE_EMAIL.search(text)
    ):
        text = EMAIL.sub("[email]", text)
        text = WRITTEN_EMAIL.sub(_written_email, text)
    if not _PROVIDERS.isdisjoint(words) or ("@" in text and _MAYBE_PROVIDER.search(text)):
        text = PROVIDER_EMAIL.sub(_provider_email, text)
    if "." in text and _MAYBE_URL.search(text):
        text = URL.sub(_link, text)
    if "@" in text:
        text = HANDLE.sub("[handle]", text)
    if not _PLATFORM_WORDS.isdisjoint(latin_words(text)):
        text = PLATFORM_HANDLE.sub(_platform_handle, text)
        text = HANDLE_BEFORE_PLATFORM.sub(_handle_before_platform, text)
    if "_" in text:
        text = UNDERSCORED.sub("[handle]", text)
    if "." in text:
        text = DOTTED.sub("[handle]", text)
    return text


_DIGIT = re.compile(r"\d")
_SIX_DIGITS = re.compile(r"\d(?:[ \-]?\d){5}")


# A phone number typed with the letter o for zero: "o79oo 9oo 456", "0770O9OO418". It
# starts with 0 or o, holds 10 or 11 of digits and o's, and has an o beside a digit.
O_PHONE = re.compile(r"(?<![\w+])[0oO](?:[ \-]?[\doO]){9,10}(?![\w])")


def _o_beside_a_digit(text: str) -> bool:
    """Whether an o touches a digit: a loop over the few digits beats a pattern that
    tries every letter o of the text."""
    last = len(text) - 1
    for digit in _DIGIT.finditer(text):
        at = digit.start()
        if (at and text[at - 1] in "oO") or (at < last and text[at + 1] in "oO"):
            return True
    return False


def _o_phone(match: re.Match[str]) -> str:
    typed = match.group(0)
    digits = re.sub(r"[ \-]", "", typed).translate(str.maketrans("oO", "00"))
    real = sum(c.isdigit() for c in typed)
    # A UK number: 01, 02, 03, 07 or 08 after the 0; most of it typed as digits.
    if digits[1] in "12378" and real >= 5 and digits not in HELPLINE_DIGITS:
        return "[phone]"
    return typed


def redact_numbers(text: str) -> str:
    """NHS and NI numbers, dates, postcodes and phone numbers."""
    if not _DIGIT.search(text):
        return text  # every shape here holds a digit
    if _o_beside_a_digit(text):
        text = O_PHONE.sub(_o_phone, text)
    # NHS, NI and phone numbers hold six digits or more in a row (give or take spaces).
    long_numbers = _SIX_DIGITS.search(text) is not None
    if long_numbers:
        text = NHS_NUMBER.sub(_nhs_number, text)
        text = NI_NUMBER.sub("[ni number]", text)
        text = NI_AFTER_WORDS.sub(r"\g<words>[ni number]", text)
    for pattern in NUMERIC_DATES:
        text = pattern.sub("[date]", text)
    if "/" in text:
        text = SHORT_DATE.sub(r"\g<before>[date]", text)
    if not _MONTH_WORDS.isdisjoint(latin_words(text)):
        for pattern in WORDED_DATES:
            text = pattern.sub("[date]", text)
    if _ORDINAL.search(text):
        text = WEEKDAY_DATE.sub("[date]", text)
    text = POSTCODE.sub("[postcode]", text)
    if not long_numbers:
        return text
    text = _phones(text)
    text = LOCAL_PHONE.sub(_local_phone, text)
    # After phones: "+44 7700 900 238" holds ten digits that do not start with 0.
    return NHS_LOOSE.sub(_ten_digits, text)


def _written_email(match: re.Match[str]) -> str:
    found = match.group(0)
    # "at" and "dot" read out: a typed address ("jo@x.com") was EMAIL's, and a plain
    # "ring me at home.com" is not an email.
    if "@" in found or re.search(r"(?i)\bdot\b|[(\[]", found) or "." in found.split()[0]:
        return "[email]"
    if not _PROVIDERS.isdisjoint(latin_words(found)):
        return "[email]"  # "jbrown at hotmail.com": a mail provider is no home page
    return found


def _provider_email(match: re.Match[str]) -> str:
    # "jaz_k at gmail", not "i live at gmail": the name before "at" must look like one.
    local = re.split(r"(?i)\s*[(\[]?at[)\]]?\s+|\s*@", match.group(0))[0]
    return "[email]" if _looks_like_handle(local) else match.group(0)


def _link(match: re.Match[str]) -> str:
    # A sentence's full stop or closing bracket is not part of the address.
    url = match.group(0)
    trimmed = url.rstrip(".,;:!?)]}'\"")
    return "[link]" + url[len(trimmed) :]


def _looks_like_handle(word: str) -> bool:
    if word.startswith("[") or not re.search(r"[A-Za-z]", word):
        return False
    if re.search(r"[\d_.#@]", word):
        return True
    return not is_everyday_english(word)


def _platform_handle(match: re.Match[str]) -> str:
    handle = match.group("handle")
    if not _looks_like_handle(handle):
        return match.group(0)
    return match.group(0)[: match.start("handle") - match.start()] + "[handle]"


def _handle_before_platform(match: re.Match[str]) -> str:
    handle = match.group("handle")
    return (
        "[handle]" if re.search(r"[\d_.#]", handle) and re.search(r"[A-Za-z]", handle) else handle
    )


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


def _ten_digits(match: re.Match[str]) -> str:
    # Ten digits not starting 0 are no UK phone number: an NHS number (people mistype
    # its check digit) or some other reference that points at one person.
    digits = re.sub(r"\D", "", match.group(0))
    return "[nhs number]" if digits[0] != "0" or nhs_check_digit_ok(digits) else match.group(0)


def _replace_spans(text: str, spans: list[tuple[int, int]], tag: str) -> str:
    out: list[str] = []
    position = 0
    for start, end in sorted(spans):
        if start < position:
            continue
        out.append(text[position:start])
        out.append(tag)
        position = end
    out.append(text[position:])
    return "".join(out)


# Where a phone number may be: a run of digits and the separators people type in one. The
# full phonenumbers matcher is slow, so it reads only these windows, not the whole text.
_PHONE_CANDIDATE = re.compile(r"(?:\+|\(|\b)\d[\d \-().]{5,22}\d")


# "ring 496 0123": a local number with no area code, after a word that says it is one.
LOCAL_PHONE = re.compile(
    r"(?i)\b(?:ring|call|phone|tel|mob|mobile|landline|number|no|text|contact|whatsapp)\b"
    r"[^\d\n\[]{0,12}?(?P<number>(?<!\d)\d{3,4}[ \-]?\d{4})(?![\d/.\-]?\d)"
)


def _local_phone(match: re.Match[str]) -> str:
    return match.group(0)[: match.start("number") - match.start()] + "[phone]"


def _phones(text: str) -> str:
    if not _DIGIT_RUN.search(text):
        return text  # no run of seven digits: no phone number, so skip the slow matcher
    spans: list[tuple[int, int]] = []
    for candidate in _PHONE_CANDIDATE.finditer(text):
        start = max(0, candidate.start() - 1)
        window = text[start : candidate.end() + 1]
        for number in phonenumbers.PhoneNumberMatcher(window, "GB"):
            if re.sub(r"\D", "", number.raw_string) not in HELPLINE_DIGITS:
                spans.append((start + number.start, start + number.end))
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
