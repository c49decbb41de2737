"""One inline definition per catalogue code, asserting the exact message (pyxform style)."""

from __future__ import annotations

import pytest

from surveys.errors import Code
from tests.surveys.conftest import HEADER, QUESTION, VALID, Check

CHILD = VALID.replace("audience: parent_carer", "audience: child")
TWO_LANGUAGES = (
    VALID.replace("[en]", "[en, pa]")
    .replace("title: Hello", "title: {en: Hello, pa: Sat sri akal}")
    .replace("intro: Hi there", "intro: {en: Hi there, pa: Sat sri akal}")
    .replace("thanks: Thank you", "thanks: {en: Thank you, pa: Dhanvaad}")
    .replace("text: My worker listened to me", "text: {en: Listened, pa: Suni}")
)
WHY = "  - id: why\n    type: text\n    text: Why?\n    show_if: "

# code -> (definition, expected lines). The file is s.yaml unless the case says otherwise.
CASES: dict[Code, tuple[str, list[str]]] = {
    Code.UNKNOWN_KEY: (
        VALID + "    txet: hi\n",
        ["s.yaml:15: questions[0].txet: unknown key 'txet'. Did you mean 'text'?"],
    ),
    Code.MISSING_FIELD: (
        VALID.replace("thanks: Thank you\n", ""),
        ["s.yaml:1: thanks: 'thanks' is required but missing. Add it (see surveys/FORMAT.md)."],
    ),
    Code.WRONG_TYPE: (
        VALID + '    story: "yes"\n',
        [
            "s.yaml:15: questions[0].story: should be true or false, but is the words 'yes'. "
            "Write true or false here."
        ],
    ),
    Code.BAD_VERSION: (
        VALID.replace("version: 1", 'version: "1.2"'),
        [
            "s.yaml:2: version: the version must be a whole number from 1 up, like "
            "'version: 2', not the words '1.2'. Raise it by one whenever the questions change."
        ],
    ),
    Code.BAD_ID: (
        VALID.replace("id: s\n", "id: My Survey\n"),
        [
            "s.yaml:1: id: 'My Survey' is not a valid survey id. Use lower-case letters, "
            "digits, '-' and '_', like 'parent-carer-review'."
        ],
    ),
    Code.BAD_LANGUAGE: (
        VALID.replace("[en]", "[en, Punjabi]"),
        [
            "s.yaml:7: languages[1]: 'Punjabi' is not a language code. Use a two- or "
            "three-letter lower-case code, like 'pa'."
        ],
    ),
    Code.BAD_TEXT: (
        VALID.replace("title: Hello", "title: [Hello]"),
        [
            "s.yaml:3: title: a text must be words, or a map of language code to words like "
            "'{en: Hello, pa: ...}', not a list. Write it in one of those forms."
        ],
    ),
    Code.TEXT_WITHOUT_ENGLISH: (
        VALID.replace("title: Hello", "title: {pa: Sat sri akal}"),
        [
            "s.yaml:3: title: the English text ('en') is missing. Every text needs English; "
            "add 'en: ...'."
        ],
    ),
    Code.EMPTY_TEXT: (
        VALID.replace("title: Hello", "title: {en: ''}"),
        ["s.yaml:3: title: the text is empty for 'en'. Write the words, or remove it."],
    ),
    Code.TOO_FEW: (
        HEADER.replace("questions:\n", "questions: []\n"),
        ["s.yaml:10: questions: needs at least 1 entry, but has 0. Add more."],
    ),
    Code.DUPLICATE_ID: (
        VALID + QUESTION,
        [
            "s.yaml:15: questions[1].id: question id 'listened' is already used at line 11. "
            "Make each question id different."
        ],
    ),
    Code.RESERVED_ID: (
        VALID.replace("id: listened", "id: in"),
        [
            "s.yaml:11: questions[0].id: 'in' cannot be a question id: it is a reserved word "
            "(a word show_if uses). Choose another."
        ],
    ),
    Code.UNKNOWN_AUDIENCE: (
        VALID.replace("audience: parent_carer", "audience: parent"),
        [
            "s.yaml:4: audience: audience 'parent' is not in the framework. "
            "Did you mean 'parent_carer'?"
        ],
    ),
    Code.UNKNOWN_TOUCHPOINT: (
        VALID.replace("touchpoint: review", "touchpoint: reveiw"),
        [
            "s.yaml:5: touchpoint: touchpoint 'reveiw' is not in the framework. "
            "Did you mean 'review'?"
        ],
    ),
    Code.UNKNOWN_CONTENT_AREA: (
        VALID.replace("[core-safeguarding]", "[core-safeguarding, neglect]"),
        [
            "s.yaml:6: content_areas[1]: content area 'neglect' is not in the framework. "
            "Use one of: core-safeguarding."
        ],
    ),
    Code.UNKNOWN_INDICATOR: (
        VALID.replace("felt-listened-to", "felt-listened"),
        [
            "s.yaml:14: questions[0].indicator: indicator 'felt-listened' is not in the "
            "framework. Did you mean 'felt-listened-to'?"
        ],
    ),
    Code.UNKNOWN_TYPE: (
        VALID.replace("type: agree3", "type: agree5"),
        [
            "s.yaml:12: questions[0].type: 'agree5' is neither a question type nor a scale. "
            "Did you mean 'agree3'?"
        ],
    ),
    Code.UNKNOWN_OPTION: (
        VALID + "    positive: [agre]\n",
        [
            "s.yaml:15: questions[0].positive[0]: 'agre' is not an option of question "
            "'listened'. Did you mean 'agree'?"
        ],
    ),
    Code.UNKNOWN_HEADLINE: (
        VALID.replace("questions:\n", "headline: listen\nquestions:\n"),
        [
            "s.yaml:10: headline: headline 'listen' is not a question in this survey. "
            "Did you mean 'listened'?"
        ],
    ),
    Code.NO_ENGLISH_LANGUAGE: (
        TWO_LANGUAGES.replace("[en, pa]", "[pa]"),
        [
            "s.yaml:7: languages: languages must include 'en': English is the source of every "
            "text. Add 'en'.",
            "s.yaml:12: questions[0].type: scale 'agree3' has no 'pa' label for option "
            "'dont_know' (scales.yaml:8). Add it there, or remove 'pa' from languages.",
        ],
    ),
    Code.MISSING_TRANSLATION: (
        TWO_LANGUAGES.replace("intro: {en: Hi there, pa: Sat sri akal}", "intro: Hi there"),
        [
            "s.yaml:8: intro: no 'pa' text, but the survey's languages include it. Add "
            "'pa: ...', or remove 'pa' from languages.",
            "s.yaml:12: questions[0].type: scale 'agree3' has no 'pa' label for option "
            "'dont_know' (scales.yaml:8). Add it there, or remove 'pa' from languages.",
        ],
    ),
    Code.MISSING_SCALE_TRANSLATION: (
        TWO_LANGUAGES,
        [
            "s.yaml:12: questions[0].type: scale 'agree3' has no 'pa' label for option "
            "'dont_know' (scales.yaml:8). Add it there, or remove 'pa' from languages."
        ],
    ),
    Code.UNDECLARED_LANGUAGE: (
        VALID.replace("title: Hello", "title: {en: Hello, pa: Sat sri akal}"),
        [
            "s.yaml:3: title.pa: warning: there is a 'pa' text, but 'pa' is not in the "
            "survey's languages. Add it to languages, or remove the text."
        ],
    ),
    Code.TRANSLATION_STATUS_LANGUAGE: (
        VALID.replace("questions:\n", "translation_status: {ur: awaiting review}\nquestions:\n"),
        [
            "s.yaml:10: translation_status.ur: translation_status names 'ur', which is not "
            "one of the survey's languages. Remove it, or add it to languages."
        ],
    ),
    Code.OPTIONS_REQUIRED: (
        HEADER + "  - id: pick\n    type: choice\n    text: Pick one\n",
        [
            "s.yaml:12: questions[0].type: a choice question needs options. Add an 'options' "
            "list with a code and a label for each answer."
        ],
    ),
    Code.OPTIONS_NOT_ALLOWED: (
        VALID + "    options: [{code: a, label: A}]\n",
        [
            "s.yaml:15: questions[0].options: agree3 questions cannot have their own options. "
            "Remove 'options', or change the type to choice or multi."
        ],
    ),
    Code.NUMBER_ONLY: (
        VALID + "    min: 1\n",
        [
            "s.yaml:15: questions[0].min: 'min' only applies to number questions, and this "
            "question's type is 'agree3'. Remove 'min', or change the type to number."
        ],
    ),
    Code.MIN_OVER_MAX: (
        HEADER + "  - id: workers\n    type: number\n    text: How many?\n    min: 5\n    max: 1\n",
        ["s.yaml:14: questions[0].min: min (5) is greater than max (1). Swap them."],
    ),
    Code.STORY_NOT_TEXT: (
        VALID + "    story: true\n",
        [
            "s.yaml:15: questions[0].story: 'story: true' only applies to text questions, and "
            "this question's type is 'agree3'. Remove 'story', or change the type to text."
        ],
    ),
    Code.SHARE_NOT_AFTER_STORY: (
        VALID + "  - id: share\n    type: share\n    text: Can we share it?\n",
        [
            "s.yaml:16: questions[1].type: a share question must come straight after a text "
            "question with 'story: true', but it follows 'listened', which is not a story "
            "question. Move it to just after the story question."
        ],
    ),
    Code.STORY_WITHOUT_SHARE: (
        VALID + "  - id: words\n    type: text\n    story: true\n    text: In your own words?\n",
        [
            "s.yaml:17: questions[1].story: warning: no share question follows this story "
            "question, so its answers can never be quoted. Add a question with 'type: share' "
            "straight after it."
        ],
    ),
    Code.INDICATOR_NOT_SCORABLE: (
        HEADER + "  - id: words\n    type: text\n    text: Why?\n    indicator: felt-listened-to\n",
        [
            "s.yaml:14: questions[0].indicator: a text question cannot feed an indicator: only "
            "scale, choice and multi answers can be counted. Remove 'indicator', or ask it "
            "with a scale."
        ],
    ),
    Code.INDICATOR_WITHOUT_POSITIVE: (
        HEADER
        + "  - id: dir\n    type: updown\n    text: Which way?\n    indicator: felt-listened-to\n",
        [
            "s.yaml:14: questions[0].indicator: this question feeds indicator "
            "'felt-listened-to', but no option counts as positive. Add 'positive: [...]' with "
            "the option codes that count."
        ],
    ),
    Code.POSITIVE_WITHOUT_INDICATOR: (
        HEADER + "  - id: dir\n    type: updown\n    text: Which way?\n    positive: [up]\n",
        [
            "s.yaml:14: questions[0].positive: warning: 'positive' has no effect without "
            "'indicator'. Add the indicator this question feeds, or remove 'positive'."
        ],
    ),
    Code.POSITIVE_NOT_COUNTED: (
        VALID + "    positive: [agree, dont_know]\n",
        [
            "s.yaml:15: questions[0].positive[1]: 'dont_know' is marked 'counted: false', so "
            "it cannot count as positive. Remove it from 'positive'."
        ],
    ),
    Code.SHOW_IF_SYNTAX: (
        VALID + WHY + "listened = agree\n",
        [
            "s.yaml:18: questions[1].show_if: show_if cannot be read: use '==' to compare, not "
            "'=' (column 10). Write it like 'worker-changed == yes' (see surveys/FORMAT.md)."
        ],
    ),
    Code.SHOW_IF_UNKNOWN_QUESTION: (
        VALID + WHY + "listen == agree\n",
        [
            "s.yaml:18: questions[1].show_if: show_if uses 'listen', which is not a question "
            "in this survey. Did you mean 'listened'?"
        ],
    ),
    Code.SHOW_IF_NOT_EARLIER: (
        VALID + WHY + "why == agree\n",
        [
            "s.yaml:18: questions[1].show_if: show_if uses 'why', which is this question "
            "itself. show_if can only use answers to earlier questions: move 'why' before "
            "this question."
        ],
    ),
    Code.SHOW_IF_UNKNOWN_OPTION: (
        VALID + WHY + "listened in (agree, disagre)\n",
        [
            "s.yaml:18: questions[1].show_if: show_if compares 'listened' with 'disagre', "
            "which is not one of its options. Did you mean 'disagree'?"
        ],
    ),
    Code.SHOW_IF_NOT_A_NUMBER: (
        HEADER
        + "  - id: workers\n    type: number\n    text: How many?\n"
        + WHY
        + "workers == many\n",
        [
            "s.yaml:17: questions[1].show_if: show_if compares number question 'workers' with "
            "'many', which is not a number. Compare it with a number, like 'workers == 3'."
        ],
    ),
    Code.LONG_SENTENCE: (
        CHILD.replace(
            "intro: Hi there",
            "intro: We would really like to hear how things have been going for you and "
            "your family lately",
        ),
        [
            "s.yaml:8: intro: warning: a sentence of 17 words is long for children (aim for "
            '15 or fewer): "We would really like to hear how things have been going for you '
            'and your family lately". Split it or use fewer words.'
        ],
    ),
    Code.LONG_WORDS: (
        CHILD.replace("intro: Hi there", "intro: Your confidentiality matters"),
        [
            "s.yaml:8: intro: warning: 'confidentiality' may be hard for children to read. "
            "Use shorter, everyday words."
        ],
    ),
}


@pytest.mark.parametrize("code", list(CASES), ids=lambda code: code.name)
def test_each_code_gives_its_exact_message(check: Check, code: Code) -> None:
    definition, expected = CASES[code]
    assert check(definition) == expected


def test_the_inline_definition_is_valid(check: Check) -> None:
    assert check(VALID) == []


def test_a_survey_id_that_differs_from_the_file_name_is_a_warning(check: Check) -> None:
    assert check(VALID, name="other.yaml") == [
        "other.yaml:1: id: warning: the survey id 's' differs from the file name "
        "'other.yaml'. Rename the file to 's.yaml' so it is easy to find."
    ]


@pytest.mark.parametrize(
    ("version", "described"),
    [("true", "the yes/no value true"), ("1.2", "the number 1.2"), ("0", "the number 0")],
)
def test_version_must_be_a_whole_number_from_one(
    check: Check, version: str, described: str
) -> None:
    assert check(VALID.replace("version: 1", f"version: {version}")) == [
        "s.yaml:2: version: the version must be a whole number from 1 up, like 'version: 2', "
        f"not {described}. Raise it by one whenever the questions change."
    ]


def test_show_if_may_not_use_a_later_question(check: Check) -> None:
    definition = (
        HEADER
        + "  - id: why\n    type: text\n    text: Why?\n    show_if: listened == agree\n"
        + QUESTION
    )
    assert check(definition) == [
        "s.yaml:14: questions[0].show_if: show_if uses 'listened', which is asked later "
        "(question 2). show_if can only use answers to earlier questions: move 'listened' "
        "before this question."
    ]


def test_a_valid_story_and_share_pair_with_show_if(check: Check) -> None:
    definition = (
        VALID
        + "  - id: words\n    type: text\n    story: true\n    text: In your own words?\n"
        + "    show_if: listened != disagree and not listened in (dont_know)\n"
        + "  - id: share\n    type: share\n    text: Can we share it?\n"
        + "  - id: thanks-again\n    type: text\n    text: Anything else?\n"
        + "    show_if: share == 'yes'\n"
    )
    assert check(definition) == []


def test_every_catalogue_code_has_a_test() -> None:
    """Codes tested elsewhere: framework, scales and files (test_validator_files.py)."""
    from tests.surveys.test_validator_files import FILE_CASES, FRAMEWORK_CASES, SCALES_CASES

    tested = {*CASES, *FRAMEWORK_CASES, *SCALES_CASES, *FILE_CASES}
    tested |= {
        Code.FILE_ID_MISMATCH,
        Code.DUPLICATE_SURVEY_ID,
        Code.NO_FILES,
        Code.INVALID,
        Code.FILE_UNREADABLE,
    }
    assert set(Code) - tested == set()


def test_options_of_the_wrong_shape_are_reported_once(check: Check) -> None:
    definition = HEADER + "  - id: pick\n    type: choice\n    text: Pick\n    options: a, b\n"
    assert check(definition) == [
        "s.yaml:14: questions[0].options: should be a list, but is the words 'a, b'. "
        "Write a list here."
    ]
