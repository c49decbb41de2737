"""The try page's messages as HTML: escaped, nested properly, with Telegram's clickable bits."""

from __future__ import annotations

from bot.try_chat.view import message_html

BOT = "betteroff_try_bot"


def test_whatever_anyone_typed_is_shown_as_text_never_as_markup() -> None:
    shown = message_html('<img src=x onerror="alert(1)"> & "quotes"', bot_username=BOT)
    assert shown == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &quot;quotes&quot;"


def test_entities_count_utf16_units_so_an_emoji_before_them_moves_nothing() -> None:
    # "👋" is two UTF-16 code units: "bold" starts at 3, not 2.
    shown = message_html("👋 bold end", [{"type": "bold", "offset": 3, "length": 4}])
    assert shown == "👋 <strong>bold</strong> end"


def test_overlapping_entities_still_nest() -> None:
    entities = [
        {"type": "bold", "offset": 0, "length": 8},
        {"type": "italic", "offset": 4, "length": 8},
    ]
    shown = message_html("one two three", entities)
    assert shown == "<strong>one </strong><strong><em>two </em></strong><em>thre</em>e"


def test_a_deep_link_to_this_bot_opens_in_the_page_and_others_are_plain_links() -> None:
    ours = message_html(f"Open https://t.me/{BOT}?start=abc_DEF-1 now", bot_username=BOT)
    assert (
        f'href="https://t.me/{BOT}?start=abc_DEF-1" class="deep-link" data-start="abc_DEF-1"'
        in ours
    )
    theirs = message_html("See https://t.me/other_bot?start=abc.", bot_username=BOT)
    assert "data-start" not in theirs
    assert 'rel="noopener noreferrer">https://t.me/other_bot?start=abc</a>.' in theirs


def test_commands_are_clickable_in_the_bots_messages_only() -> None:
    said = "Send /withdraw ABC123, or /help. and/or /x_1"
    assert message_html(said).count('class="command"') == 3
    assert 'data-command="/withdraw"' in message_html(said)
    assert "and/or" in message_html(said)
    assert "command" not in message_html(said, commands=False)


def test_a_text_link_keeps_its_address_escaped() -> None:
    shown = message_html(
        "the guide",
        [{"type": "text_link", "offset": 4, "length": 5, "url": 'https://x.example/?a="b"'}],
    )
    assert shown == (
        'the <a href="https://x.example/?a=&quot;b&quot;" target="_blank" '
        'rel="noopener noreferrer">guide</a>'
    )
