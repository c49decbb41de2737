"""One spelling for letters that people type in several ways.

Safeguarding phrases and the names redaction looks for are compared after
:func:`fold_letters`, so "Łukasz" matches "lukasz", Urdu typed on an Arabic keyboard
("كاشف") matches Urdu's own letters ("کاشف"), and Gurmukhi with or without its nasal
marks and addak ("ਗਿੱਲ", "ਗਿਲ") reads the same.
"""

from __future__ import annotations

import unicodedata

__all__ = ["fold_letters"]

# Letters NFKD does not split into base + accent.
_FOLD = str.maketrans(
    {
        "ł": "l",
        "đ": "d",
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        # Urdu typed on Arabic or Persian keyboards: one form of yeh, kaf and heh.
        "ي": "ی",
        "ى": "ی",
        "ك": "ک",
        "ه": "ہ",
        "ھ": "ہ",
        "ة": "ہ",
        "ۀ": "ہ",
        "ۂ": "ہ",
    }
)


def _is_dropped_mark(char: str) -> bool:
    code = ord(char)
    return (
        0x0300 <= code <= 0x036F  # Latin accents (after NFKD)
        or 0x064B <= code <= 0x065F  # Urdu short vowels, often left out
        or code == 0x0670
        or code in (0x0A01, 0x0A02, 0x0A3C, 0x0A70, 0x0A71)  # Gurmukhi nasals, nukta, addak
    )


def fold_letters(text: str) -> str:
    """``text`` casefolded, accents and the marks above dropped, one form of each letter."""
    if text.isascii():
        return text.lower()  # nothing to decompose, drop or translate
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    return "".join(char for char in decomposed if not _is_dropped_mark(char)).translate(_FOLD)
