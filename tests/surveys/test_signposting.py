"""The help lines: every number in every language, honest words, and one source."""

from __future__ import annotations

import re

import pytest

from surveys.signposting import HELP_LINES, LANGUAGES, help_message, signpost_message

NUMBERS = ("999", "0800 1111", "0808 800 5000", "116 123", "111", "option 2", "85258")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("message", [signpost_message, help_message])
def test_every_number_appears_in_every_language(language: str, message) -> None:  # type: ignore[no-untyped-def]
    text = message(language)
    for number in NUMBERS:
        assert number in text
    assert "SHOUT" in text


def test_the_numbers_are_the_same_in_every_language() -> None:
    def digits(text: str) -> list[str]:
        return re.findall(r"\d[\d ]*\d|\d", text)

    english = digits(signpost_message("en"))
    for language in LANGUAGES:
        assert digits(signpost_message(language)) == english


def test_the_message_says_the_bot_cannot_send_help() -> None:
    text = signpost_message("en")
    assert "anonymous" in text and "cannot send help" in text


def test_local_help_is_added_when_configured_and_left_out_when_not() -> None:
    assert "0121 496 0000" in signpost_message("en", local_help="0121 496 0000")
    assert "Local children's services" not in signpost_message("en")
    assert "Local children's services" not in signpost_message("en", local_help="   ")
    assert "0121 496 0000" in help_message("ur", local_help="0121 496 0000")


def test_help_tells_how_to_stop_and_shares_the_signpost_lines() -> None:
    for language in LANGUAGES:
        help_text = help_message(language, local_help="0121 496 0000")
        signpost = signpost_message(language, local_help="0121 496 0000")
        assert "/stop" in help_text
        shared = [line for line in signpost.splitlines() if line.startswith("•")]
        assert len(shared) == len(HELP_LINES) + 1
        assert all(line in help_text.splitlines() for line in shared)


def test_an_unknown_language_falls_back_to_english() -> None:
    assert signpost_message("xx") == signpost_message("en")
    assert help_message("xx") == help_message("en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_messages_are_short_plain_text(language: str) -> None:
    for text in (signpost_message(language, local_help="0121 496 0000"), help_message(language)):
        assert len(text) < 1500
        assert "*" not in text and "_" not in text and "`" not in text
        assert all(len(line) < 200 for line in text.splitlines())
