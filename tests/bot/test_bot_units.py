"""The bot's small parts on their own: pacing, ordering, keyboards, texts, QR codes."""

from __future__ import annotations

import asyncio
import io
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from telegram import Chat, Message, Update, User

from bot import keyboards
from bot.ordering import ChatOrderedUpdateProcessor
from bot.qr import deep_link, qr_png
from bot.ratelimit import ChatRateLimiter, _private_chat_id
from bot.texts import RESPONDENT_KEYS, TEXTS, TRANSLATION_STATUS, supported, text


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_chat_limiter_waits_from_the_last_message_to_that_chat_only() -> None:
    clock = FakeClock()
    limiter = ChatRateLimiter(chat_interval=1.0, clock=clock)
    assert limiter.wait_for(1) == 0
    limiter._last_sent[1] = clock.now
    clock.now += 0.25
    assert limiter.wait_for(1) == pytest.approx(0.75)
    assert limiter.wait_for(2) == 0  # another chat is not held up
    clock.now += 5
    assert limiter.wait_for(1) == 0


async def test_chat_limiter_paces_sends_but_not_edits() -> None:
    limiter = ChatRateLimiter(chat_interval=0.2, overall_max_rate=0)
    loop = asyncio.get_running_loop()
    stamps: list[tuple[str, float]] = []

    async def call(endpoint: str) -> bool:
        stamps.append((endpoint, loop.time()))
        return True

    async def request(endpoint: str) -> object:
        return await limiter.process_request(call, (endpoint,), {}, endpoint, {"chat_id": 42}, None)

    started = loop.time()
    await asyncio.gather(request("sendMessage"), request("editMessageText"), request("sendMessage"))
    sends = [t for name, t in stamps if name == "sendMessage"]
    edits = [t for name, t in stamps if name == "editMessageText"]
    assert sends[1] - sends[0] >= 0.19
    assert edits[0] - started < 0.1


def _update(update_id: int, chat_id: int) -> Update:
    chat = Chat(chat_id, Chat.PRIVATE)
    message = Message(update_id, None, chat, from_user=User(chat_id, "x", False))  # type: ignore[arg-type]
    return Update(update_id, message=message)


async def test_updates_of_one_chat_run_in_order_others_concurrently() -> None:
    processor = ChatOrderedUpdateProcessor(16)
    log: list[tuple[int, str]] = []
    running = 0
    peak = 0

    async def handle(update_id: int, delay: float) -> None:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        log.append((update_id, "start"))
        await asyncio.sleep(delay)
        log.append((update_id, "end"))
        running -= 1

    await asyncio.gather(
        processor.process_update(_update(1, 7), handle(1, 0.05)),
        processor.process_update(_update(2, 7), handle(2, 0.0)),
        processor.process_update(_update(3, 8), handle(3, 0.01)),
    )
    chat7 = [entry for entry in log if entry[0] in (1, 2)]
    assert chat7 == [(1, "start"), (1, "end"), (2, "start"), (2, "end")]
    assert peak == 2  # chat 8 ran alongside chat 7
    assert processor._locks == {}  # nothing left behind


def test_callback_data_round_trips_and_stays_short() -> None:
    data = keyboards.encode(keyboards.ANSWER, 123456, 10, nonce="Ab3_-z")
    assert data == "a:Ab3_-z:123456:10"
    assert keyboards.decode(data) == keyboards.Tap("a", 123456, "10", "Ab3_-z")
    assert keyboards.decode("l:Ab3_-z:0:pa") == keyboards.Tap("l", 0, "pa", "Ab3_-z")
    assert keyboards.decode("sa:123") == keyboards.Tap("sa", 123)  # a story card: no nonce
    nonce = "Ab3_-z"
    for junk in (
        None,
        "",
        "zz:1",
        "a:1:1",  # no nonce: made before nonces, or forged
        f"a:{nonce}:x:1",
        "a",
        f"a:{nonce}:01:1",
        f"a:{nonce}:1:01",
        f"a:{nonce}:²:0",
        f"l:{nonce}:1:PA",
        "a:Ab3_-:1:0",
        "a:Ab3_-zz:1:0",
        "a:Ab3_é:1:0",
        f"sa:{nonce}:1",
    ):
        assert keyboards.decode(junk) is None, junk
    with pytest.raises(ValueError):
        keyboards.encode(keyboards.LANGUAGE, 1, "x" * 70, nonce=nonce)
    with pytest.raises(ValueError):
        keyboards.encode(keyboards.ANSWER, 1, 0)  # a survey button without its session
    longest = keyboards.encode(keyboards.LANGUAGE, 999_999_999, "abc", nonce=nonce)
    assert len(longest.encode()) <= 24 <= keyboards.CALLBACK_DATA_LIMIT


_CALLBACK_PIECES = st.sampled_from(
    ["a", "t", "d", "b", "k", "l", "sa", "sr", ":", "1", "²", "٣", "Ab3_-z"]
)


@given(
    st.one_of(
        st.text(max_size=80),
        st.lists(_CALLBACK_PIECES | st.text(max_size=5), max_size=12).map("".join),
    )
)
def test_any_callback_data_decodes_to_a_tap_of_ours_or_none(data: str) -> None:
    tap = keyboards.decode(data)
    if tap is not None:
        # Only what this bot writes is read, and it reads back exactly.
        assert keyboards.encode(tap.kind, tap.step, tap.argument, nonce=tap.nonce) == data
        assert data.isascii()


def test_layout_one_row_where_it_fits_else_one_each() -> None:
    assert keyboards.option_rows(["Yes", "No", "Not sure"], emoji_only=False) == [[0, 1, 2]]
    assert keyboards.option_rows(["😀"] * 6, emoji_only=True) == [list(range(6))]
    numbers = [str(n) for n in range(11)]
    assert keyboards.option_rows(numbers, emoji_only=False) == [list(range(6)), list(range(6, 11))]
    agree = ["Strongly agree", "Agree", "Neither", "Disagree", "Strongly disagree"]
    assert keyboards.option_rows(agree, emoji_only=False) == [[i] for i in range(5)]
    assert keyboards.shorten("x" * 100).endswith("…") and len(keyboards.shorten("x" * 100)) == 60


def test_a_question_keyboard_is_built_once_per_step_and_shared() -> None:
    def build(step: int, selected: tuple[int, ...] = ()) -> object:
        return keyboards.question_keyboard(
            nonce="Ab3_-z",
            step=step,
            labels=["Yes", "No"],
            emoji=[None, None],
            language="en",
            multi=True,
            selected=list(selected),
            can_back=True,
        )

    first = build(3)
    assert build(3) is first  # everyone at step 3 of this question shares it
    assert build(4) is not first and build(3, (1,)) is not first
    buttons = [b.callback_data for row in first.inline_keyboard for b in row]  # type: ignore[attr-defined]
    assert buttons[:2] == [
        keyboards.encode(keyboards.TOGGLE, 3, 0, nonce="Ab3_-z"),
        keyboards.encode(keyboards.TOGGLE, 3, 1, nonce="Ab3_-z"),
    ]
    ticked = build(3, (1,))
    assert ticked.inline_keyboard[0][1].text.startswith("☑️")  # type: ignore[attr-defined]


def test_every_respondent_text_exists_in_every_language() -> None:
    for language in ("en", "pa", "ur", "pl"):
        missing = [key for key in RESPONDENT_KEYS if key not in TEXTS[language]]
        assert missing == [], f"{language} lacks {missing}"
        placeholders = {
            key: {f[1] for f in string.Formatter().parse(TEXTS[language][key]) if f[1]}
            for key in RESPONDENT_KEYS
        }
        english = {
            key: {f[1] for f in string.Formatter().parse(TEXTS["en"][key]) if f[1]}
            for key in RESPONDENT_KEYS
        }
        assert placeholders == english, language
    assert set(TRANSLATION_STATUS) == {"pa", "ur", "pl"}


def test_language_fallbacks() -> None:
    assert supported("en-GB") == "en" and supported("PL") == "pl" and supported("fr") == "en"
    assert supported(None) == "en"
    assert text("fr", "stale") == TEXTS["en"]["stale"]
    assert text("pa", "join_ok") == TEXTS["en"]["join_ok"]  # staff texts are English


def test_qr_code_is_a_png_of_the_link() -> None:
    link = deep_link("@betteroff_bot", "abc_DEF-123")
    assert link == "https://t.me/betteroff_bot?start=abc_DEF-123"
    image = Image.open(io.BytesIO(qr_png(link)))
    assert image.format == "PNG" and image.size[0] == image.size[1] >= 200


@pytest.mark.parametrize(
    ("chat_id", "private"),
    [
        (5001, 5001),
        ("5001", 5001),
        (-100123, None),  # a group or channel
        ("-100123", None),
        ("@somechannel", None),
        (None, None),
        (0, None),
        (True, None),
    ],
)
def test_only_private_chats_are_paced(chat_id: object, private: int | None) -> None:
    assert _private_chat_id(chat_id) == private


async def test_a_chats_backlog_holds_no_slot_and_overflow_is_dropped_with_one_notice() -> None:
    notices: list[int] = []

    async def notice(update: Update) -> None:
        assert update.effective_chat is not None
        notices.append(update.effective_chat.id)

    processor = ChatOrderedUpdateProcessor(1, queue_per_chat=3, on_overflow=notice)
    release = asyncio.Event()
    ran: list[int] = []

    async def handle(update_id: int, wait: bool = False) -> None:
        ran.append(update_id)
        if wait:
            await release.wait()

    busy = [
        asyncio.create_task(processor.process_update(_update(1, 7), handle(1, wait=True))),
        *(
            asyncio.create_task(processor.process_update(_update(n, 7), handle(n)))
            for n in range(2, 7)
        ),
    ]
    await asyncio.sleep(0.01)
    # The one slot is chat 7's first update; its backlog waits without a slot, so chat 8
    # queues only for that slot, not behind chat 7's backlog.
    other = asyncio.create_task(processor.process_update(_update(9, 8), handle(9)))
    await asyncio.sleep(0.01)
    assert notices == [7]  # updates 5 and 6 overflowed chat 7's queue of 3: told once
    release.set()
    await asyncio.gather(*busy, other)
    # Chat 8 had been waiting for the slot; chat 7's next update waited for its turn first.
    assert ran == [1, 9, 2, 3]
