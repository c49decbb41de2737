"""The name lists and each name's class, for :mod:`storage.redaction_names`.

The hand-kept lists (``names/first_names.txt``, ``names/surnames.txt``) hold names we
checked, and ``names/common_words.txt`` those of them that are everyday words. The
generated world lists (``names/*_world.txt``) add breadth, and ``wordfreq`` decides their
class. ``names/not_names.txt`` and ``names/places.txt`` hold words the lists took for
names that are words, places or organisations here. A word not on the lists can still
be a name by its shape: a possessive without an apostrophe ("Tylers"), a hyphenated name
("Lacey-Mai"), a Polish case of a listed name ("Tomkiem"), or a surname's ending
("Kovalchuk").
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from storage.redaction_names_context import RELATIONS, TITLES, fold
from storage.redaction_words import common_elsewhere, zipf

__all__ = ["ANY_CASE", "CAPITALISED", "EVERYDAY", "NOT_A_NAME", "NameLists", "name_lists"]

NAMES_DIR = Path(__file__).parent / "names"

NOT_A_NAME, EVERYDAY, CAPITALISED, ANY_CASE = 0, 1, 2, 3
#: A world-list name this common in English is an everyday word first ("bro", "baby").
_WORLD_EVERYDAY_ZIPF = 4.0
#: A world-list name this common in English is redacted only capitalised ("nepali"). Below
#: it, a name ranked among a country's most common is a name in lower case too ("stevie",
#: "kev", "georgie"); the English words among those are in ``not_names.txt``.
_WORLD_CAPITALISED_ZIPF = 3.5


#: Polish case endings (folded: ę is e, ą is a) and what the nominative ends in instead.
_POLISH_ENDINGS = (
    ("owi", ("", "a")),
    ("iem", ("",)),
    ("em", ("",)),
    ("ego", ("",)),
    ("emu", ("",)),
    ("iej", ("a",)),
    ("ej", ("a",)),
    ("im", ("i",)),
    ("ym", ("y",)),
    ("zie", ("a",)),
    ("ie", ("a", "ia", "")),
    ("y", ("a",)),
    ("i", ("ia", "a")),
    ("e", ("a", "ia")),
    ("a", ("",)),
    ("u", ("",)),
)


#: Endings that only surnames have, in the languages of the communities here: Ukrainian
#: (-enko, -chuk, -yk), Polish (-ski, -wicz), Serbian and Croatian (-ović), Romanian
#: (-escu, -eanu), Lithuanian (-auskas, -ienė, -aitė), Nigerian (Okonkwo is listed; -wale,
#: -tunde are first names). Matched folded, on words no language knows.
_SURNAME_SHAPE = re.compile(
    r"(?:enko|chuk|czuk|szczuk|[^aeiou]nyk|wicz|owicz|ovic|ovich|evic|evych|ovych|escu|eanu"
    r"|auskas|iauskas|evicius|avicius|iene|aite|ski|ska|skiego|skiej|sky|skyi|skyy|dzki|dzka"
    r"|cki|cka)$"
)


def _read(filename: str) -> frozenset[str]:
    lines = (NAMES_DIR / filename).read_text("utf-8").splitlines()
    return frozenset(fold(word) for line in lines for word in line.split("#", 1)[0].split())


class NameLists:
    """The lists, folded, and each name's class."""

    def __init__(self) -> None:
        hand_first, hand_surnames = _read("first_names.txt"), _read("surnames.txt")
        world_first, world_surnames = _read("first_names_world.txt"), _read("surnames_world.txt")
        self.first_names = hand_first | world_first
        self.surnames = hand_surnames | world_surnames
        self.common = _read("common_words.txt")
        # Words of other languages and places: names only with context.
        self.places = _read("places.txt")
        self.not_names = _read("not_names.txt") | self.places | RELATIONS | TITLES
        hand = hand_first | hand_surnames
        self.hand = hand
        self.classes: dict[str, int] = {}
        self._derived: dict[str, int] = {}
        for key in self.first_names | self.surnames:
            self.classes[key] = self._class_of(key, key in hand, self.not_names)

    def _class_of(self, key: str, hand: bool, not_names: frozenset[str]) -> int:
        if key in self.common or key in not_names or len(key) <= 2:
            return EVERYDAY
        if hand:
            # Checked names; a few are everyday words in Polish or Romanian ("Ale"). Names
            # themselves are common in those languages' text (Mihai 5.3), words more so.
            return CAPITALISED if common_elsewhere(key, 5.9) else ANY_CASE
        english = zipf(key)
        if english >= _WORLD_EVERYDAY_ZIPF:
            return EVERYDAY
        if english >= _WORLD_CAPITALISED_ZIPF or common_elsewhere(key, 4.0):
            return CAPITALISED  # "pracownik" (a worker, in Polish) is no name in lower case
        return ANY_CASE

    def class_of(self, key: str) -> int:
        """A token key's class; hyphenated names and "Tylers" (no apostrophe) included."""
        found = self.classes.get(key)
        if found is not None:
            return found
        found = self._derived.get(key)
        if found is None:
            found = self._derive(key)
            if len(self._derived) < 50_000:  # bounded: text can hold any number of words
                self._derived[key] = found
        return found

    def _derive(self, key: str) -> int:
        """The class of a word not on the lists, from its shape."""
        if "-" in key:
            # "Lacey-Jo", "Summer-Rose", "Lacey-Mai": a name of more than two letters, and
            # every other part a name or no everyday word ("Sarah-style" is no name).
            parts = key.split("-")
            kinds = [self.classes.get(part, NOT_A_NAME) for part in parts]
            named = any(k >= CAPITALISED and len(p) > 2 for k, p in zip(kinds, parts, strict=True))
            plain = all(k or zipf(p) < 4.0 for k, p in zip(kinds, parts, strict=True))
            if named and plain:
                return ANY_CASE if ANY_CASE in kinds else CAPITALISED
            return NOT_A_NAME
        if len(key) > 3 and zipf(key) < 3.0 and key not in self.not_names:
            if key.endswith("s"):
                base = self.classes.get(key[:-1], NOT_A_NAME)
                if base >= CAPITALISED:
                    return base  # "Tylers mum"
            if self._polish_case(key):
                return CAPITALISED
            shaped = _SURNAME_SHAPE.search(key) is not None
            if shaped and zipf(key) == 0.0 and not common_elsewhere(key, 4.0):
                return ANY_CASE  # "melnyk", "kovalchuk", "vasiliauskas": a surname's ending
        return NOT_A_NAME

    def _polish_case(self, key: str) -> bool:
        """Whether ``key`` is a listed name in another Polish case: "Kasi", "Tomka",
        "Piotrowi", "Kowalskiego" (folded, so "Kasię" is "kasie")."""
        for ending, replacements in _POLISH_ENDINGS:
            if not key.endswith(ending) or len(key) - len(ending) < 3:
                continue
            stem = key[: len(key) - len(ending)]
            # "Tomka" -> "Tomek": the e of -ek, -ec drops before an ending.
            stems = (stem, stem[:-1] + "e" + stem[-1]) if stem[-1] in "kc" else (stem,)
            for base in stems:
                for replacement in replacements:
                    if self.classes.get(base + replacement, NOT_A_NAME) >= CAPITALISED:
                        return True
        return False

    def listed(self, key: str) -> bool:
        return self.class_of(key) != NOT_A_NAME


@lru_cache(maxsize=1)
def name_lists() -> NameLists:
    return NameLists()
