"""The three people the page can be: each a private chat of their own with the bot.

Their ids are made up and fixed, so a ``--db`` kept between runs finds the same
practitioner and admin again. The admin's id is an admin in the run's settings.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    """Someone the page can switch to."""

    key: str  # in the page's URLs: "family", "practitioner", "admin"
    user_id: int  # their Telegram user id (and private chat id) on the emulator
    first_name: str
    role: str  # what the switch shows
    about: str  # one line on what to try as them


FAMILY = Person(
    key="family",
    user_id=7_100_001,
    first_name="Sam",
    role="Family member",
    about="A parent, carer, child or young person, opening an invite from their worker.",
)
PRACTITIONER = Person(
    key="practitioner",
    user_id=7_100_002,
    first_name="Jo",
    role="Practitioner",
    about="Join with the staff code, then /invite a family or answer /help.",
)
ADMIN = Person(
    key="admin",
    user_id=7_100_003,
    first_name="Alex",
    role="Admin",
    about="The business unit: /summary, /report, /stories and /flags.",
)
PEOPLE: tuple[Person, ...] = (FAMILY, PRACTITIONER, ADMIN)
BY_KEY = {person.key: person for person in PEOPLE}
