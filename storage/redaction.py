"""Take names and contact details out of free text before it is stored.

``redact(text)`` replaces each personal detail with a readable tag, so "my worker Sarah
rang me on 07700 900123" becomes "my worker [name] rang me on [phone]". It is
deterministic and idempotent (``redact(redact(x)) == redact(x)``), its time grows
linearly with the text, and text with nothing personal in it comes back exactly as it was.

The passes, widest shape first (an email holds a domain, a date holds digits a phone
pattern would take, a street holds words a name rule would take):

- :mod:`storage.redaction_shapes`: emails (typed, or read out: "s dot bains at gmail dot
  com"), links, handles (``@name``, or after a platform word: "my snap is kezza_b"), NHS and
  NI numbers, dates, postcodes, phone numbers;
- :mod:`storage.redaction_places`: street addresses by a grammar of UK address words and
  house numbers ("5 Hill Top", "flat 3 Lyng House", not "40 minute drive"), named schools;
- :mod:`storage.redaction_names`: names from shipped lists, ``wordfreq`` and context.

A miss is still possible: :func:`name_words_left` lists the name-list words left in a text,
so a person reviewing a story before it is quoted can look at them.
"""

from __future__ import annotations

from storage.redaction_names import name_words_left, redact_names
from storage.redaction_places import redact_places, redact_school_after_verb
from storage.redaction_shapes import nhs_check_digit_ok, redact_contacts, redact_numbers

__all__ = ["TAGS", "name_words_left", "nhs_check_digit_ok", "prepare", "redact"]

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
    "[school]",
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


#: Words that reach every lazily loaded part of redaction: the name lists, wordfreq's
#: tables (English, Polish, Romanian), phonenumbers' UK metadata, the address grammar.
_WARM_UP = (
    "Sarah rang me on 07700 900123 from flat 3, 5 Hill Top, LS1 4AB (s.bains@example.com); "
    "pani Kasia była bardzo miła"
)


def prepare() -> None:
    """Load what redaction reads now, not on the first answer after a restart.

    Loaded lazily, the lists made that answer take about half a second while the person
    waited. The bot calls this at start-up, with the safeguarding check's ``prepare``.
    """
    from storage.redaction_name_lists import name_lists
    from storage.redaction_words import polish_or_romanian_words

    name_lists()
    polish_or_romanian_words()
    redact(_WARM_UP)


def _redact_once(text: str) -> str:
    text = redact_contacts(text)
    text = redact_numbers(text)
    text = redact_places(text)
    text = redact_names(text)
    return redact_school_after_verb(text)
