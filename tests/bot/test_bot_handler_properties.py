"""Property: random callback data and random Unicode text, through the real handlers of the
real bot on the emulator, never make a handler raise (issue 18)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.emulator import Emulator
from bot.emulator.model import ChatMessage
from storage.database import Database
from tests.bot._helpers import new_invite, running_bot

REVIEW = "parent-carer-review"

#: Pieces a forger would try: our kinds, separators, digits of every script, a nonce's
#: alphabet and its neighbours.
_PIECES = st.sampled_from(
    ["a", "t", "d", "b", "k", "l", "sa", "sr", ":", "0", "1", "99", "²", "٣", "-", "_", "é", "\x00"]
)
CALLBACK_DATA = st.one_of(
    st.text(max_size=70),
    st.lists(_PIECES | st.text(max_size=4), max_size=10).map("".join),
)
#: What follows a real button's nonce: the step and index a forger can change.
_NUMBERISH = st.one_of(st.integers(-3, 300).map(str), _PIECES, st.text(max_size=4))
AFTER_NONCE = st.one_of(
    st.tuples(_NUMBERISH, _NUMBERISH).map(":".join),
    st.lists(_PIECES, max_size=6).map("".join),
)
TYPED = st.text(min_size=1, max_size=300).filter(lambda words: words.strip() != "")
ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("tap"), CALLBACK_DATA),
        st.tuples(st.just("nonce_tap"), AFTER_NONCE),
        st.tuples(st.just("step_tap"), _NUMBERISH),
        st.tuples(st.just("text"), TYPED),
    ),
    min_size=1,
    max_size=8,
)

_chat_ids = iter(range(9_900_000, 10_000_000))


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(actions=ACTIONS)
async def test_random_taps_and_words_never_make_a_handler_raise(
    emulator: Emulator, database: Database, actions: list[tuple[str, str]]
) -> None:
    errors: list[BaseException] = []

    async def record(update: object, context: Any) -> None:
        errors.append(context.error)

    person = emulator.user(next(_chat_ids), "Prop")
    async with running_bot(emulator, database) as application:
        application.add_error_handler(record)
        await person.send(f"/start {await new_invite(database, REVIEW)}")
        await person.tap(await person.next_message(), "✅ English")
        question: ChatMessage = await person.next_message()
        real = question.buttons[0][0].callback_data or ""
        nonce_prefix = ":".join(real.split(":")[:2]) + ":"
        step_prefix = ":".join(real.split(":")[:3]) + ":"  # and the step now showing
        for kind, payload in actions:
            if kind == "tap":
                await person.forge_tap(question, payload)
            elif kind == "nonce_tap":
                await person.forge_tap(question, nonce_prefix + payload)
            elif kind == "step_tap":
                await person.forge_tap(question, step_prefix + payload)
            elif payload.startswith("/"):
                await person.send(" " + payload)  # words, not a command
            else:
                await person.send(payload)
        # Updates from one chat are handled in order: once /privacy is answered, so is all.
        person.mark_read()
        await person.send("/privacy")
        await person.wait_for(
            lambda m: "not kept with your Telegram account" in m.content, timeout=15
        )
    assert errors == [], [type(error).__name__ for error in errors]
    assert not any(m.content.startswith("Sorry, something went wrong") for m in person.messages)
