"""The survey engine on hand-made surveys: every path a respondent can take."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from surveys.engine import (
    Ask,
    Changed,
    Command,
    Done,
    Signpost,
    Toggle,
    answer,
    collect,
    current,
    set_language,
    start,
)
from surveys.engine_texts import TEXTS, engine_text
from surveys.model import Option, Question, Survey, Text

RISK_PHRASE = "my dad hits me and I want to kill myself"


# --- a small factory -------------------------------------------------------------------


def words(en: str, **others: str) -> Text:
    return Text({"en": en, **others})


def option(code: str, en: str, *, counted: bool = True) -> Option:
    return Option(code=code, label=words(en, pl=f"{en} (pl)"), counted=counted)


YES_NO = (option("yes", "Yes"), option("no", "No"), option("unsure", "Not sure", counted=False))
AGREE = (
    option("strongly_agree", "Strongly agree"),
    option("agree", "Agree"),
    option("disagree", "Disagree"),
    option("dont_know", "Don't know", counted=False),
)


def question(qid: str, kind: str, **fields: Any) -> Question:
    return Question(
        id=qid, kind=kind, text=words(f"Question {qid}?", pl=f"Pytanie {qid}?"), **fields
    )  # type: ignore[arg-type]


def survey(*questions: Question, version: int = 1, survey_id: str = "hand-made") -> Survey:
    return Survey(
        id=survey_id,
        version=version,
        title=words("Hand made"),
        audience="parent_carer",
        touchpoint="review",
        content_areas=("core-safeguarding",),
        languages=("en", "pl"),
        intro=words("Hello"),
        thanks=words("Thank you"),
        questions=questions,
    )


FAMILY = survey(
    question(
        "listened",
        "choice",
        options=AGREE,
        indicator="felt-listened-to",
        positive=("strongly_agree", "agree"),
        skippable=False,
    ),
    question("worker-changed", "choice", options=YES_NO),
    question("how-many", "number", min=1, max=10, show_if="worker-changed == yes"),
    question(
        "worries",
        "multi",
        options=(
            option("money", "Money"),
            option("housing", "Housing"),
            option("school", "School"),
        ),
        indicator="worries-helped",
        positive=("money", "housing"),
    ),
    question("in-your-words", "text", story=True),
    question("share", "share"),
    question("anything-else", "text"),
)


def walk(target: Survey, values: list[object], language: str = "en") -> tuple[dict[str, Any], Any]:
    state, step = start(target, language)
    for value in values:
        state, step = answer(target, state, value)
        json.dumps(state)
    return state, step


# --- the happy path --------------------------------------------------------------------


def test_start_asks_the_first_question_with_progress() -> None:
    state, step = start(FAMILY, "en")
    assert isinstance(step, Ask)
    assert step.question.id == "listened"
    assert step.text == "Question listened?"
    assert step.options[0] == ("strongly_agree", "Strongly agree")
    assert (step.position, step.total) == (1, 7)
    assert not step.can_back and not step.can_skip
    assert state["survey"] == "hand-made" and state["version"] == 1
    json.dumps(state)


def test_an_unknown_language_falls_back_to_english() -> None:
    state, step = start(FAMILY, "fr")
    assert state["language"] == "en"
    assert isinstance(step, Ask) and step.text == "Question listened?"


def test_a_survey_language_is_used_for_questions_and_labels() -> None:
    _, step = start(FAMILY, "pl")
    assert isinstance(step, Ask)
    assert step.text == "Pytanie listened?"
    assert step.options[1] == ("agree", "Agree (pl)")


def test_positive_walk_reaches_done_and_collects_every_answer() -> None:
    values = ["agree", "yes", "3", ["money", "school"], "She really helped", "yes", "No"]
    state, step = walk(FAMILY, values)
    assert step == Done(stopped=False)
    completed = collect(FAMILY, state)
    by_id = {record.question_id: record for record in completed.answers}
    assert list(by_id) == [q.id for q in FAMILY.questions]
    assert by_id["listened"].codes == ("agree",)
    assert by_id["listened"].counted is True and by_id["listened"].positive is True
    assert by_id["listened"].indicator == "felt-listened-to"
    assert by_id["worker-changed"].counted is None  # no indicator
    assert by_id["how-many"].number == 3
    assert by_id["worries"].codes == ("money", "school")
    assert by_id["worries"].positive is True
    assert by_id["in-your-words"].text == "She really helped"
    assert by_id["in-your-words"].story and by_id["in-your-words"].consent_to_quote
    assert by_id["anything-else"].text == "No"
    assert completed.survey_id == "hand-made" and completed.survey_version == 1
    assert completed.flags == ()


def test_an_answer_that_does_not_count_is_left_out_of_n() -> None:
    state, _ = walk(FAMILY, ["dont_know", Command.STOP])
    record = collect(FAMILY, state).answers[0]
    assert record.counted is False and record.positive is False


def test_labels_and_emoji_typed_as_text_are_understood() -> None:
    _, step = walk(FAMILY, ["  strongly AGREE "])
    assert isinstance(step, Ask) and step.question.id == "worker-changed"


def test_the_input_state_is_never_mutated() -> None:
    state, _ = walk(FAMILY, ["agree", "yes"])
    before = copy.deepcopy(state)
    for value in ["4", Command.BACK, Command.SKIP, Command.STOP, None, "x" * 3000]:
        answer(FAMILY, state, value)
    assert state == before


# --- show_if, progress and back ----------------------------------------------------------


def test_show_if_false_skips_the_question_and_progress_shrinks() -> None:
    _, step = walk(FAMILY, ["agree"])
    assert isinstance(step, Ask) and (step.position, step.total) == (2, 7)
    state, step = walk(FAMILY, ["agree", "no"])
    assert isinstance(step, Ask) and step.question.id == "worries"
    assert (step.position, step.total) == (3, 6)
    assert "how-many" not in state["answers"]


def test_back_returns_to_the_previous_shown_question() -> None:
    _, step = walk(FAMILY, ["agree", "no", Command.BACK])
    assert isinstance(step, Ask) and step.question.id == "worker-changed"
    assert step.can_back and step.position == 2


def test_back_then_a_different_answer_forgets_answers_that_no_longer_apply() -> None:
    values = ["agree", "yes", "4", Command.BACK, Command.BACK, "no"]
    state, step = walk(FAMILY, values)
    assert isinstance(step, Ask) and step.question.id == "worries"
    state, _ = walk(FAMILY, [*values, Command.SKIP, Command.SKIP, Command.SKIP])
    assert [r.question_id for r in collect(FAMILY, state).answers] == [
        "listened",
        "worker-changed",
        "worries",
        "in-your-words",
        "anything-else",
    ]


def test_back_on_the_first_question_explains_kindly() -> None:
    _, step = walk(FAMILY, [Command.BACK])
    assert isinstance(step, Ask) and step.question.id == "listened"
    assert step.reprompt == engine_text("en", "first_question")


def test_back_to_a_multi_question_keeps_its_ticks() -> None:
    _, step = walk(FAMILY, ["agree", "no", Toggle("money"), Command.SUBMIT, Command.BACK])
    assert isinstance(step, Ask) and step.question.id == "worries"
    assert step.selected == ("money",)


# --- skip and stop ----------------------------------------------------------------------


def test_skip_records_a_skipped_answer_that_is_not_counted() -> None:
    values = ["agree", "no", Command.SKIP, Command.SKIP, Command.SKIP]
    state, step = walk(FAMILY, values)
    assert step == Done()
    worries = next(r for r in collect(FAMILY, state).answers if r.question_id == "worries")
    assert worries.skipped and worries.counted is False and worries.positive is False
    assert worries.codes == ()


def test_a_question_that_cannot_be_skipped_says_so() -> None:
    _, step = walk(FAMILY, [Command.SKIP])
    assert isinstance(step, Ask) and step.question.id == "listened"
    assert step.reprompt == engine_text("en", "cannot_skip")


def test_stop_ends_at_once_and_stays_stopped() -> None:
    state, step = walk(FAMILY, ["agree", Command.STOP])
    assert step == Done(stopped=True)
    assert state["status"] == "stopped"
    state, step = answer(FAMILY, state, "yes")
    assert step == Done(stopped=True)
    assert [r.question_id for r in collect(FAMILY, state).answers] == ["listened"]


def test_answering_after_done_is_still_done() -> None:
    state, _ = walk(FAMILY, ["agree", "no", Command.SKIP, Command.SKIP, Command.SKIP])
    assert answer(FAMILY, state, "agree")[1] == Done()


def test_share_is_not_asked_when_no_story_was_written() -> None:
    state, step = walk(FAMILY, ["agree", "no", Command.SKIP, Command.SKIP])
    assert isinstance(step, Ask) and step.question.id == "anything-else"
    assert "share" not in state["answers"]


def test_share_no_means_no_consent() -> None:
    state, _ = walk(FAMILY, ["agree", "no", Command.SKIP, "Lovely", "no", Command.SKIP])
    story = next(r for r in collect(FAMILY, state).answers if r.story)
    assert story.text == "Lovely" and not story.consent_to_quote


def test_share_offers_yes_and_no_in_the_respondents_language() -> None:
    _, step = walk(FAMILY, ["agree", "no", Command.SKIP, "Dobrze"], language="pl")
    assert isinstance(step, Ask) and step.question.id == "share"
    assert [code for code, _ in step.options] == ["yes", "no"]
    assert step.options[0][1] == TEXTS["pl"]["share_yes"]


# --- multi ------------------------------------------------------------------------------

TO_WORRIES = ["agree", "no"]


def test_multi_toggles_and_submits_in_option_order() -> None:
    values = [*TO_WORRIES, Toggle("school"), Toggle("money"), Toggle("housing"), Toggle("housing")]
    state, step = walk(FAMILY, values)
    assert isinstance(step, Ask) and step.question.id == "worries"
    assert step.selected == ("money", "school") and step.reprompt is None
    state, step = answer(FAMILY, state, Command.SUBMIT)
    assert isinstance(step, Ask) and step.question.id == "in-your-words"
    assert state["answers"]["worries"] == ["money", "school"]


def test_multi_submit_with_nothing_ticked_asks_again() -> None:
    _, step = walk(FAMILY, [*TO_WORRIES, Command.SUBMIT])
    assert isinstance(step, Ask) and step.question.id == "worries"
    assert step.reprompt == engine_text("en", "tick_at_least_one_or_skip")


@pytest.mark.parametrize(
    "bad",
    [["money", "nope"], [], ["money", 3], "nope", Toggle("yes"), Toggle(None)],  # type: ignore[arg-type]
)
def test_multi_refuses_unknown_codes_kindly(bad: object) -> None:
    _, step = walk(FAMILY, [*TO_WORRIES, bad])
    assert isinstance(step, Ask) and step.question.id == "worries"
    assert step.reprompt == engine_text("en", "tick_then_done")


# --- numbers ---------------------------------------------------------------------------

TO_NUMBER = ["agree", "yes"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("3", 3), (" 4 ", 4), ("I had 2 workers", 2), ("10", 10), ("1", 1), ("3.0", 3), ("۳", 3)],
)
def test_numbers_in_range_are_taken(typed: str, stored: int) -> None:
    state, step = walk(FAMILY, [*TO_NUMBER, typed])
    assert isinstance(step, Ask) and step.question.id == "worries"
    assert state["answers"]["how-many"] == stored


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("11", "number_range"),
        ("0", "number_range"),
        ("-3", "number_range"),
        ("lots", "not_a_number"),
        ("2 or 3", "not_a_number"),
        ("1e999999", "not_a_number"),
        ("2.5", "whole_number"),
        ("1,000", "whole_number"),
    ],
)
def test_numbers_out_of_range_or_not_numbers_ask_again(typed: str, key: str) -> None:
    _, step = walk(FAMILY, [*TO_NUMBER, typed])
    assert isinstance(step, Ask) and step.question.id == "how-many"
    assert step.reprompt == engine_text("en", key, min=1, max=10)


def test_the_range_message_reads_plainly() -> None:
    _, step = walk(FAMILY, [*TO_NUMBER, "42"])
    assert isinstance(step, Ask) and step.reprompt == "Please send a number from 1 to 10."


# --- free text --------------------------------------------------------------------------

TO_STORY = ["agree", "no", Command.SKIP]


def test_text_of_2000_characters_is_kept_whole() -> None:
    state, step = walk(FAMILY, [*TO_STORY, "a" * 2000])
    assert isinstance(step, Ask) and step.question.id == "share"
    assert state["answers"]["in-your-words"] == "a" * 2000


@pytest.mark.parametrize("language", ["en", "pl"])
def test_text_over_2000_characters_asks_to_shorten_never_truncates(language: str) -> None:
    state, step = walk(FAMILY, [*TO_STORY, "a" * 2001], language=language)
    assert isinstance(step, Ask) and step.question.id == "in-your-words"
    assert step.reprompt == engine_text(language, "too_long")
    assert "in-your-words" not in state["answers"]


def test_the_too_long_message_is_the_agreed_english() -> None:
    assert engine_text("en", "too_long") == (
        "That's a bit long — could you shorten it to 2,000 characters or fewer?"
    )


@pytest.mark.parametrize("blank", ["", "   ", "\n\t", "\x00"])
def test_blank_text_asks_again_with_a_skip_hint(blank: str) -> None:
    _, step = walk(FAMILY, [*TO_STORY, blank])
    assert isinstance(step, Ask) and step.question.id == "in-your-words"
    assert step.reprompt == engine_text("en", "type_answer_or_skip")


def test_commands_typed_as_words_are_answers_not_commands() -> None:
    state, _ = walk(FAMILY, [*TO_STORY, "back"])
    assert state["answers"]["in-your-words"] == "back"


# --- safeguarding -----------------------------------------------------------------------


def test_a_risk_phrase_signposts_keeps_the_answer_and_flags_the_response() -> None:
    state, step = walk(FAMILY, [*TO_STORY, RISK_PHRASE])
    assert isinstance(step, Signpost)
    assert isinstance(step.then, Ask) and step.then.question.id == "share"
    assert state["answers"]["in-your-words"] == RISK_PHRASE
    assert step.category in state["flags"]
    state, _ = walk(FAMILY, [*TO_STORY, RISK_PHRASE, "no", Command.SKIP])
    completed = collect(FAMILY, state)
    assert completed.flags == (step.category,)


def test_a_risk_phrase_typed_at_a_button_question_still_signposts() -> None:
    state, step = walk(FAMILY, ["agree", RISK_PHRASE])
    assert isinstance(step, Signpost)
    assert isinstance(step.then, Ask) and step.then.question.id == "worker-changed"
    assert step.then.reprompt == engine_text("en", "tap_button")
    assert state["flags"] == [step.category]


def test_a_risk_phrase_in_a_too_long_message_still_signposts() -> None:
    _, step = walk(FAMILY, [*TO_STORY, RISK_PHRASE + " " + "a" * 2000])
    assert isinstance(step, Signpost) and isinstance(step.then, Ask)
    assert step.then.reprompt == engine_text("en", "too_long")


def test_a_risk_phrase_on_the_last_question_signposts_then_done() -> None:
    state, step = walk(FAMILY, [*TO_STORY, Command.SKIP, RISK_PHRASE])
    assert isinstance(step, Signpost) and step.then == Done()
    assert collect(FAMILY, state).flags == (step.category,)


def test_a_flag_is_recorded_once() -> None:
    state, _ = walk(FAMILY, ["agree", RISK_PHRASE, RISK_PHRASE])
    assert len(state["flags"]) == 1


# --- odd values and odd states ----------------------------------------------------------

ODD_VALUES: list[object] = [
    None,
    b"agree",
    {"code": "agree"},
    12,
    3.5,
    float("nan"),
    True,
    "x" * 1_000_000,
    "😀😀😀",
    "\ud800 lone surrogate",
    "yes",  # a code of another question
    Toggle("agree"),
    Command.SUBMIT,
    ["agree"],
    object(),
]


@pytest.mark.parametrize("value", ODD_VALUES, ids=lambda v: type(v).__name__)
@pytest.mark.parametrize("before", [[], TO_WORRIES, TO_NUMBER, TO_STORY])
def test_odd_values_ask_again_kindly(before: list[object], value: object) -> None:
    state, expected = walk(FAMILY, before)
    new_state, step = answer(FAMILY, state, value)
    json.dumps(new_state)
    if isinstance(step, Ask) and step.question.id == expected.question.id:
        assert step.reprompt
    else:  # a value that happens to answer this question is fine too
        assert isinstance(step, Ask | Done)


def started() -> dict[str, Any]:
    return walk(FAMILY, ["agree", "yes"])[0]


TAMPERED = {
    "not a dict": lambda s: ["hand-made"],
    "none": lambda s: None,
    "empty": lambda s: {},
    "another survey": lambda s: {**s, "survey": "other"},
    "another version": lambda s: {**s, "version": 2},
    "version as text": lambda s: {**s, "version": "1"},
    "version as bool": lambda s: {**s, "version": True},
    "no answers": lambda s: {k: v for k, v in s.items() if k != "answers"},
    "unknown current": lambda s: {**s, "current": "nope"},
    "current out of order": lambda s: {**s, "current": "anything-else"},
    "answers not a dict": lambda s: {**s, "answers": ["agree"]},
    "answer of a wrong code": lambda s: {**s, "answers": {**s["answers"], "listened": "yes"}},
    "skipped a must-answer": lambda s: {**s, "answers": {**s["answers"], "listened": None}},
    "trail with unknown id": lambda s: {**s, "trail": ["listened", "ghost"]},
    "trail not a list": lambda s: {**s, "trail": "listened"},
    "trail repeats": lambda s: {**s, "trail": ["listened", "listened"]},
    "hidden question answered": lambda s: {
        **s,
        "answers": {**s["answers"], "worker-changed": "no"},
    },
    "selected on a number": lambda s: {**s, "selected": ["money"]},
    "unknown status": lambda s: {**s, "status": "paused"},
    "done with a current": lambda s: {**s, "status": "done"},
    "flags not strings": lambda s: {**s, "flags": [1]},
    "language unknown": lambda s: {**s, "language": "xx"},
    "unhashable selected": lambda s: {**s, "selected": [["a"]]},
}


@pytest.mark.parametrize("tamper", TAMPERED.values(), ids=list(TAMPERED))
def test_tampered_states_report_changed_and_give_a_fresh_state(tamper: Any) -> None:
    new_state, step = answer(FAMILY, tamper(started()), "4")
    assert isinstance(step, Changed) and step.reason
    json.dumps(new_state)
    assert new_state["survey"] == FAMILY.id and new_state["trail"] == []


def test_a_state_from_another_version_is_reported_as_changed() -> None:
    state, _ = start(FAMILY, "en")
    newer = survey(*FAMILY.questions, version=2)
    _, step = answer(newer, state, "agree")
    assert isinstance(step, Changed) and "version" in step.reason


def test_a_state_survives_a_json_round_trip() -> None:
    state = json.loads(json.dumps(walk(FAMILY, ["agree", "no", Toggle("money")])[0]))
    _, step = answer(FAMILY, state, Command.SUBMIT)
    assert isinstance(step, Ask) and step.question.id == "in-your-words"


def test_collect_refuses_a_tampered_state() -> None:
    with pytest.raises(ValueError):
        collect(FAMILY, {**started(), "version": 9})


def test_current_repeats_the_waiting_question_without_changing_anything() -> None:
    state, step = walk(FAMILY, ["agree", "no", Toggle("money")])
    again = current(FAMILY, state)
    assert isinstance(again, Ask) and again == step
    assert current(FAMILY, {**state, "version": 7}) == Changed("the state is for version 7, not 1")
    assert current(FAMILY, walk(FAMILY, [Command.STOP])[0]) == Done(stopped=True)


def test_set_language_carries_on_in_the_new_language() -> None:
    state, _ = walk(FAMILY, ["agree"])
    state, step = set_language(FAMILY, state, "pl")
    assert state["language"] == "pl" and state["trail"] == ["listened"]
    assert isinstance(step, Ask) and step.text == "Pytanie worker-changed?"
    state, step = set_language(FAMILY, state, "klingon")
    assert state["language"] == "en"
    _, changed = set_language(FAMILY, {"survey": "x"}, "pl")
    assert isinstance(changed, Changed)


# --- engine texts -----------------------------------------------------------------------


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_every_language_has_every_engine_text(language: str) -> None:
    assert set(TEXTS[language]) == set(TEXTS["en"])
    for key in TEXTS["en"]:
        assert engine_text(language, key, min=1, max=10, position=3, total=7)
