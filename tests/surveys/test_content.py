"""The shipped survey content: the framework, the scales and the definitions.

Most checks read the YAML with PyYAML alone, so they say what the content promises
(Appendix 2 verbatim, every feedback-shaped statement asked somewhere, children's
wording short) independently of the loader. The last tests load everything through
``surveys.catalog`` as the bot will.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

SURVEYS = Path(__file__).resolve().parents[2] / "surveys"
DEFINITIONS = SURVEYS / "definitions"

FAMILY_AUDIENCES = {"child", "young_person", "parent_carer"}
FAMILY_LANGUAGES = ["en", "pa", "ur", "pl"]
AWAITING_REVIEW = "awaiting review by a native speaker"
SCALES_WITH_OPTIONS_OF_THEIR_OWN = {"choice", "multi"}
UNSCORED_TYPES = {"number", "text", "share"}

EXPECTED_STATEMENT_IDS = (
    [f"exploitation.{n}" for n in range(1, 6)]
    + [f"neglect.{n}" for n in range(1, 7)]
    + [f"core-safeguarding.{n}" for n in range(1, 17)]
    + [f"early-help.{n}" for n in range(1, 11)]
)

EXPECTED_SURVEYS = {
    "parent-carer-assessment": ("parent_carer", "assessment"),
    "parent-carer-review": ("parent_carer", "review"),
    "parent-carer-closure": ("parent_carer", "closure"),
    "young-person-review": ("young_person", "review"),
    "young-person-closure": ("young_person", "closure"),
    "child-review": ("child", "review"),
    "child-closure": ("child", "closure"),
    "early-help-review": ("parent_carer", "review"),
    "practitioner-pulse": ("practitioner", "pulse"),
    "practitioner-forum": ("practitioner", "forum"),
    "training-impact": ("practitioner", "training"),
}


@cache
def framework() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((SURVEYS / "framework.yaml").read_text("utf-8"))
    return data


@cache
def scales() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((SURVEYS / "scales.yaml").read_text("utf-8"))
    return data


@cache
def definitions() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(DEFINITIONS.glob("*.yaml")):
        found[path.stem] = yaml.safe_load(path.read_text("utf-8"))
    return found


def statements() -> dict[str, dict[str, Any]]:
    return {s["id"]: s for area in framework()["content_areas"] for s in area["statements"]}


def indicators() -> dict[str, dict[str, Any]]:
    return {i["id"]: i for i in framework()["indicators"]}


def asked_indicators() -> dict[str, set[str]]:
    """Indicator id -> the shipped surveys that ask it."""
    asked: dict[str, set[str]] = {}
    for survey_id, survey in definitions().items():
        for question in survey["questions"]:
            if question.get("indicator"):
                asked.setdefault(question["indicator"], set()).add(survey_id)
    return asked


def english(text: str | dict[str, str]) -> str:
    return text if isinstance(text, str) else text["en"]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text.strip()) if s]


# --- the framework ----------------------------------------------------------------------


def test_framework_has_the_37_appendix_2_statements_in_order() -> None:
    ids = [s["id"] for area in framework()["content_areas"] for s in area["statements"]]
    assert ids == EXPECTED_STATEMENT_IDS


def test_content_areas_have_their_names_and_statement_counts() -> None:
    areas = {a["id"]: (a["name"], len(a["statements"])) for a in framework()["content_areas"]}
    assert areas == {
        "exploitation": ("Child Exploitation", 5),
        "neglect": ("Neglect", 6),
        "core-safeguarding": ("Core Safeguarding", 16),
        "early-help": ("Early Help", 10),
    }


@pytest.mark.parametrize(
    ("statement_id", "verbatim"),
    [
        (
            "exploitation.1",
            "All children and parents in Sandwell know what exploitation looks like",
        ),
        (
            # split across two table rows in the source; joined into one sentence
            "neglect.5",
            "Practitioners adopt a relationship and strengths based approach that is trauma "
            "informed when working with children and their families",
        ),
        (
            # the source's curly apostrophe, kept
            "neglect.3",
            "Practitioners identify the need for and provide support at the earliest "
            "opportunity to prevent children\u2019s health and development needs from "
            "escalating and becoming significantly impaired through neglect",
        ),
        (
            # "identify" (sic) and "focussed" (sic) are the source's own words
            "core-safeguarding.6",
            "Assessments routinely explore the impact of culture, ethnicity, identify and "
            "family traditions, as well as structural inequalities, on parenting and outcomes "
            "for children and young people",
        ),
        (
            "core-safeguarding.8",
            "Child and family plans are simple, family friendly and outcome focussed",
        ),
        (
            "core-safeguarding.16",
            "Practitioners are clear about how to resolve professional differences and report "
            "that there is a culture of listening and shared accountability that enables them "
            "to work together to do so",
        ),
        (
            # straight quotes, as in the source
            "early-help.6",
            "Coordinated help is provided to children and families who 'step down' from "
            "statutory intervention so that the child's and family's needs continue to be met "
            "and improve",
        ),
        (
            "early-help.10",
            "Practitioners use the pre birth period to identify need and provide timely and "
            "coordinated support to parents/families",
        ),
    ],
)
def test_statements_are_verbatim(statement_id: str, verbatim: str) -> None:
    assert statements()[statement_id]["text"] == verbatim


def test_statements_that_need_other_evidence_say_where_it_comes_from() -> None:
    marked = {sid for sid, s in statements().items() if s.get("not_from_feedback")}
    # what children, families and staff can tell us about cannot be marked away
    assert marked == {
        "exploitation.4",
        "core-safeguarding.4",
        "core-safeguarding.7",
        "core-safeguarding.12",
        "core-safeguarding.13",
        "core-safeguarding.15",
        "early-help.5",
        "early-help.9",
        "early-help.10",
    }
    for sid in marked:
        assert len(statements()[sid]["not_from_feedback"].split()) >= 12, sid


def test_every_feedback_statement_is_evidenced_by_an_indicator_a_survey_asks() -> None:
    asked = asked_indicators()
    evidenced = {sid for indicator_id in asked for sid in indicators()[indicator_id]["evidences"]}
    needing = {sid for sid, s in statements().items() if not s.get("not_from_feedback")}
    assert sorted(needing - evidenced) == []


def test_indicators_evidence_real_statements_that_feedback_can_speak_to() -> None:
    for indicator in indicators().values():
        assert indicator["measure"] in {"quantity", "quality", "outcome"}, indicator["id"]
        assert indicator["evidences"], indicator["id"]
        for sid in indicator["evidences"]:
            assert sid in statements(), (indicator["id"], sid)
            assert not statements()[sid].get("not_from_feedback"), (indicator["id"], sid)


def test_every_indicator_is_asked_somewhere() -> None:
    assert sorted(set(indicators()) - set(asked_indicators())) == []


@pytest.mark.parametrize("plural", ["parents and carers", "children", "practitioners"])
def test_indicator_statements_finish_the_report_sentence(plural: str) -> None:
    for indicator in indicators().values():
        words = indicator["statement"]
        sentence = f"78% of {plural} said they {words}"
        assert words == words.strip() and words[0].islower(), sentence
        assert not words.endswith("."), sentence
        assert not re.match(r"(said|say|says|they)\b", words), sentence
        assert " I " not in f" {words} " and " my " not in f" {words} ", sentence


def test_framework_names_audiences_touchpoints_and_measures() -> None:
    data = framework()
    assert data["audiences"] == {
        "child": {"singular": "child", "plural": "children"},
        "young_person": {"singular": "young person", "plural": "young people"},
        "parent_carer": {"singular": "parent or carer", "plural": "parents and carers"},
        "practitioner": {"singular": "practitioner", "plural": "practitioners"},
    }
    assert set(data["touchpoints"]) == {
        "assessment",
        "review",
        "closure",
        "pulse",
        "forum",
        "training",
    }
    assert data["measures"]["outcome"] == {
        "question": "Is anyone better off?",
        "heading": "Outcome: Is Anyone Better Off?",
    }


# --- the scales -------------------------------------------------------------------------


def test_scales_have_labels_in_every_family_language_and_short() -> None:
    for name, scale in scales().items():
        codes = [o["code"] for o in scale["options"]]
        assert set(scale.get("positive", [])) <= set(codes), name
        for option in scale["options"]:
            assert list(option["label"]) == FAMILY_LANGUAGES, (name, option["code"])
            for language, label in option["label"].items():
                assert 0 < len(label) <= 24, (name, option["code"], language, label)
            if option.get("counted") is False:
                assert option["code"] not in scale.get("positive", []), (name, option["code"])


def test_dont_know_and_rather_not_say_are_left_out_of_n() -> None:
    for name, scale in scales().items():
        for option in scale["options"]:
            if option["code"] in {"dont_know", "rather_not_say"}:
                assert option.get("counted") is False, (name, option["code"])


def test_emoji5_has_a_face_on_every_answer() -> None:
    emoji5 = scales()["emoji5"]
    assert [o["code"] for o in emoji5["options"][:5]] == [
        "great",
        "good",
        "okay",
        "not_good",
        "bad",
    ]
    assert all(o.get("emoji") for o in emoji5["options"])
    assert [o["emoji"] for o in emoji5["options"][:5]] == ["😀", "🙂", "😐", "🙁", "😞"]
    assert all(o["label"]["en"] for o in emoji5["options"])  # words beside the faces
    assert emoji5["positive"] == ["great", "good"]


def test_the_scales_the_framework_promises_are_there() -> None:
    promised = {"agree5", "emoji5", "yes_no", "yes_no_unsure", "rating0_10", "frequency5"}
    assert promised <= set(scales())
    assert [o["code"] for o in scales()["rating0_10"]["options"]][:11] == [
        str(n) for n in range(11)
    ]


# --- the definitions --------------------------------------------------------------------


def test_the_expected_surveys_are_shipped() -> None:
    shipped = {
        survey_id: (survey["audience"], survey["touchpoint"])
        for survey_id, survey in definitions().items()
    }
    assert shipped == EXPECTED_SURVEYS
    for survey_id, survey in definitions().items():
        assert survey["id"] == survey_id


@pytest.mark.parametrize("survey_id", sorted(EXPECTED_SURVEYS))
def test_survey_shape(survey_id: str) -> None:
    survey = definitions()[survey_id]
    questions = survey["questions"]
    limits = (2, 5) if survey["touchpoint"] == "pulse" else (3, 8)
    assert limits[0] <= len(questions) <= limits[1]
    ids = [q["id"] for q in questions]
    assert len(ids) == len(set(ids))
    if "headline" in survey:
        assert survey["headline"] in ids
    for position, question in enumerate(questions):
        if question.get("indicator"):
            assert question["indicator"] in indicators(), question["id"]
        elif question["type"] in scales():
            # a scale answer that feeds nothing is wasted breath, unless it is the gateway
            # that decides whether a later follow-up is asked
            later = [q.get("show_if", "") for q in questions[position + 1 :]]
            assert any(re.search(rf"\b{re.escape(question['id'])}\b", e) for e in later), (
                f"{survey_id}: {question['id']} feeds no indicator and gates nothing"
            )


@pytest.mark.parametrize("survey_id", sorted(EXPECTED_SURVEYS))
def test_each_indicator_belongs_to_the_surveys_content_areas(survey_id: str) -> None:
    survey = definitions()[survey_id]
    areas = set(survey["content_areas"])
    for question in survey["questions"]:
        if question.get("indicator"):
            evidenced = {
                sid.split(".")[0] for sid in indicators()[question["indicator"]]["evidences"]
            }
            assert evidenced & areas, (survey_id, question["id"])


def family_surveys() -> list[str]:
    return sorted(s for s, d in definitions().items() if d["audience"] in FAMILY_AUDIENCES)


@pytest.mark.parametrize("survey_id", family_surveys())
def test_family_surveys_are_in_four_languages_awaiting_review(survey_id: str) -> None:
    survey = definitions()[survey_id]
    assert survey["languages"] == FAMILY_LANGUAGES
    assert survey["translation_status"] == {
        "pa": AWAITING_REVIEW,
        "ur": AWAITING_REVIEW,
        "pl": AWAITING_REVIEW,
    }
    texts = [survey["title"], survey["intro"], survey["thanks"]]
    for question in survey["questions"]:
        texts.append(question["text"])
        texts.extend([question["help"]] if "help" in question else [])
        texts.extend(option["label"] for option in question.get("options", []))
    for text in texts:
        assert isinstance(text, dict) and list(text) == FAMILY_LANGUAGES, text
        assert all(words.strip() for words in text.values()), text


@pytest.mark.parametrize("survey_id", family_surveys())
def test_family_surveys_end_with_a_story_then_consent_to_share(survey_id: str) -> None:
    questions = definitions()[survey_id]["questions"]
    story, share = questions[-2], questions[-1]
    assert story["type"] == "text" and story.get("story") is True
    assert share["type"] == "share"
    assert [q for q in questions if q.get("story")] == [story]


@pytest.mark.parametrize("survey_id", family_surveys())
def test_family_intros_say_it_is_anonymous(survey_id: str) -> None:
    intro = english(definitions()[survey_id]["intro"]).lower()
    assert "anonymous" in intro or "won't ask your name" in intro


@pytest.mark.parametrize("survey_id", ["child-review", "child-closure"])
def test_childrens_surveys_use_faces_and_very_short_sentences(survey_id: str) -> None:
    survey = definitions()[survey_id]
    scored = [q for q in survey["questions"] if q["type"] not in UNSCORED_TYPES]
    assert scored and all(q["type"] == "emoji5" for q in scored)
    texts = [survey["intro"], survey["thanks"]]
    texts += [q["text"] for q in survey["questions"]]
    texts += [q["help"] for q in survey["questions"] if "help" in q]
    for text in texts:
        for sentence in sentences(english(text)):
            assert len(sentence.split()) < 12, sentence


@pytest.mark.parametrize("survey_id", ["young-person-review", "young-person-closure"])
def test_young_peoples_surveys_use_agree_or_yes_no_unsure(survey_id: str) -> None:
    scored = [
        q
        for q in definitions()[survey_id]["questions"]
        if q["type"] not in UNSCORED_TYPES | SCALES_WITH_OPTIONS_OF_THEIR_OWN
    ]
    assert scored and {q["type"] for q in scored} <= {"agree5", "yes_no_unsure"}


def test_practitioner_surveys_are_english_only() -> None:
    for survey_id in ("practitioner-pulse", "practitioner-forum", "training-impact"):
        assert definitions()[survey_id]["languages"] == ["en"]


@pytest.mark.parametrize(
    ("survey_id", "topics"),
    [
        (
            "practitioner-pulse",
            {
                "reflective-supervision",
                "resolving-differences",
                "information-shared",
                "confident-with-neglect",
                "confident-with-exploitation",
            },
        ),
        ("training-impact", {"skills-improved", "will-change-practice"}),
    ],
)
def test_staff_surveys_ask_about_the_topics_the_partnership_named(
    survey_id: str, topics: set[str]
) -> None:
    asked = {q.get("indicator") for q in definitions()[survey_id]["questions"]}
    assert topics <= asked


def test_skip_logic_multi_and_number_questions_are_used() -> None:
    questions = [q for d in definitions().values() for q in d["questions"]]
    assert any(q.get("show_if") for q in questions)
    assert any(q["type"] == "multi" for q in questions)
    numbers = [q for q in questions if q["type"] == "number"]
    assert numbers and all("min" in q and "max" in q for q in numbers)


# --- through the loader -----------------------------------------------------------------


def test_every_shipped_file_validates_with_no_errors_or_warnings() -> None:
    from surveys.catalog import validate_paths

    problems = validate_paths([])
    assert [str(p) for p in problems] == []


def test_every_shipped_survey_loads() -> None:
    from surveys.catalog import load_framework, shipped_surveys

    surveys = shipped_surveys()
    assert set(surveys) == set(EXPECTED_SURVEYS)
    loaded = load_framework()
    assert list(loaded.statements) == EXPECTED_STATEMENT_IDS
    for survey in surveys.values():
        for question in survey.questions:
            if question.indicator:
                assert question.positive, (survey.id, question.id)
