"""The safeguarding check layer by layer: normalisation, concepts, classifier, categories.

Examples here are written for these tests (none is taken from the labelled corpus), in
the phone-typed style the check must read: lower case, text-speak, misspellings, any
subject, any word order.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from surveys.safeguarding import CATEGORIES, LABELS, Category, category_label, check
from surveys.safeguarding.classifier import MODEL_PATH, load
from surveys.safeguarding.concepts import rules
from surveys.safeguarding.lexicon import lexicon
from surveys.safeguarding.normalise import normalise, token, words
from tests.fresh_process import printed_by_fresh_process

N = Category

# --- one or more disclosures per category and language ------------------------------------

ENGLISH: dict[Category, list[str]] = {
    N.exploitation_criminal: [
        "the olders make me hold stuff at my nans",
        "i owe them now so i gotta do drops till its paid",
    ],
    N.exploitation_sexual: [
        "he lets me stay at his flat but i have to sleep with his mates for it",
        "they pass me round at partys with older men n give me weed",
    ],
    N.exploitation_online: [
        "a guy on snap said hell send my pics to my school unless i send more",
        "hes 26 and im 13 and he says im really mature for my age",
    ],
    N.sexual_abuse: [
        "my uncle comes in my room at nite n touches me",
        "a lad from year 11 raped me at a party",
    ],
    N.physical_abuse: [
        "step dad leathered me with his belt again",
        "mum slapped my little sister so hard her face went red",
    ],
    N.neglect: [
        "theres no food in the house and mums always out",
        "we aint had electric for a week and its freezing",
    ],
    N.domestic_abuse: [
        "dad pinned mum against the wall and i rang 999",
        "my partner takes my bank card and checks my phone every nite",
    ],
    N.self_harm: [
        "ive been cuttin my arms again",
        "my son has been burning himself with a lighter",
    ],
    N.suicidal: [
        "honestly i just wanna die",
        "thinking of jumpin off the bridge tbh",
    ],
    N.harmful_practices: [
        "my parents are forcing me to marry a man i dont know",
        "they said id brought shame on the family and locked me in my room",
    ],
    N.radicalisation: [
        "my cousin keeps sending me jihad videos and says i should join them",
        "guys in a discord say we need a race war",
    ],
    N.missing: [
        "my daughter is 15 and hasnt come home since saturday",
        "im sleeping rough by the station",
    ],
    N.parent_at_risk: [
        "i cant cope anymore im scared i might hurt the baby",
        "some days i think of shaking him to make him stop",
    ],
    N.immediate_danger: [
        "hes outside the house now and i am scared",
        "someone followed me home from school",
    ],
}

#: Other languages: several categories each, both scripts where people type both.
OTHER: list[tuple[str, Category, str]] = [
    ("pl", N.physical_abuse, "ojczym mnie bije jak sie napije"),
    ("pl", N.suicidal, "nie chce mi sie juz zyc"),
    ("pl", N.suicidal, "nie chcę już żyć"),
    ("pl", N.neglect, "w domu nie ma nic do jedzenia od dwoch dni"),
    ("pl", N.sexual_abuse, "wujek mnie dotyka jak nikt nie widzi"),
    ("pl", N.domestic_abuse, "mąż mnie codziennie bije"),
    ("pl", N.missing, "córka uciekła z domu i nie odbiera telefonu"),
    ("pa", N.physical_abuse, "ਮੇਰਾ ਭਰਾ ਮੈਨੂੰ ਰੋਜ਼ ਮਾਰਦਾ ਹੈ"),
    ("pa", N.physical_abuse, "papa menu roz kuttde ne"),
    ("pa", N.neglect, "ਘਰ ਵਿੱਚ ਖਾਣ ਨੂੰ ਕੁਝ ਨਹੀਂ"),
    ("pa", N.suicidal, "ਮੈਂ ਖੁਦਕੁਸ਼ੀ ਕਰਨੀ ਚਾਹੁੰਦੀ ਹਾਂ"),
    ("pa", N.harmful_practices, "mere mummy papa zabardasti mera vyah karwauna chahunde"),
    ("ur", N.physical_abuse, "abbu mujhe roz maarte hain"),
    ("ur", N.physical_abuse, "ابو مجھے مارتے ہیں"),
    ("ur", N.suicidal, "میں خودکشی کرنا چاہتی ہوں"),
    ("ur", N.immediate_danger, "woh mujhe jaan se maar dega"),
    ("ur", N.neglect, "ghar mein khane ko kuch nahi hai"),
    ("ur", N.harmful_practices, "ammi abbu zabardasti meri shadi karwana chahte hain"),
]

#: Near misses: the same words, safe.
NEAR_MISSES: list[str] = [
    "the training on online grooming was brill",
    "my lad got a bloody nose at rugby but hes fine",
    "i was dying to tell u about the trip",
    "she smashed it at her driving test",
    "the worker sorted our gas bill debt",
    "the knife crime workshop for staff was really useful",
    "my mum runs the food bank at church",
    "i nearly died laughing at the panto",
    "we cut the session short coz of the snow",
    "dad took us to the hotel pool for my birthday",
    "szkolenie o przemocy domowej było bardzo dobre",
    "worker ne bijli ka bill bharne mein madad ki",
]


def _cases() -> list[tuple[str, Category, str]]:
    return [("en", c, t) for c, texts in ENGLISH.items() for t in texts] + OTHER


def test_every_category_has_english_examples() -> None:
    assert set(ENGLISH) == set(Category)
    assert len(CATEGORIES) == 14 and "none" not in CATEGORIES


@pytest.mark.parametrize(("language", "category", "text"), _cases())
def test_a_disclosure_is_caught(language: str, category: Category, text: str) -> None:
    match = check(text, language)
    assert match is not None, text
    assert match.category in set(Category)


@pytest.mark.parametrize(
    ("category", "text"), [(c, t) for c, texts in ENGLISH.items() for t in texts]
)
def test_an_english_disclosure_names_its_category(category: Category, text: str) -> None:
    match = check(text)
    assert match is not None and match.category is category, (text, match)


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_a_near_miss_is_left_alone(text: str) -> None:
    assert check(text) is None, check(text)


def test_a_match_explains_its_rule() -> None:
    match = check("my step dad hits me every day")
    assert match is not None and match.layer == "rule"
    assert match.reason.startswith("rules.txt:") and "HIT" in match.reason
    assert "hits me" in match.words
    assert match.explain().startswith("physical_abuse: rule rules.txt:")


def test_every_category_has_a_label() -> None:
    assert set(LABELS) == set(CATEGORIES)
    assert category_label("self_harm") == "self-harm"
    assert category_label("suicide_self_harm") == "suicide self harm"  # older flags


# --- normalisation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "read_as"),
    [
        ("theyll", "they will"),
        ("Im SOOOO scared", "i am soo scared"),
        ("wanna go 2nite", "want to go tonight"),
        ("coz u dont", "because you do not"),
        ("nie chcę żyć", "nie chce zyc"),
        ("plzzzzz", "please"),
        ("pleeeease", "pleease"),  # three or more of a letter become two
    ],
)
def test_normalise_reads_what_people_type(typed: str, read_as: str) -> None:
    assert normalise(typed) == read_as


def test_inflections_share_a_stem() -> None:
    keys = {word: set(token(word).keys) for word in ("jumping", "jumped", "jumps")}
    assert keys["jumping"] & keys["jumped"] & keys["jumps"]
    assert set(token("bije").keys) & set(token("bijesz").keys)


def test_misspellings_are_matched_within_a_small_distance() -> None:
    assert "DIE" in lexicon().concepts_of(token("suicidel"))
    assert check("im self harmimg again") is not None
    assert check("my brother is strangeling me") is not None
    # Short words are not guessed at: "raging" is not "raping".
    assert not lexicon().concepts_of(token("raging")) & {"SEX"}


@given(st.text(max_size=200))
@settings(max_examples=400, deadline=None)
def test_normalise_is_idempotent_and_never_raises(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@given(st.text(alphabet=st.sampled_from("abcdeilmnorstuyz ' ਮਾਰਦ مجھے ąęłóż019"), max_size=80))
@settings(max_examples=300, deadline=None)
def test_normalise_is_idempotent_on_typed_looking_text(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)


def test_text_speak_expansions_are_not_themselves_text_speak() -> None:
    # Otherwise normalising twice would expand twice.
    from surveys.safeguarding.normalise import _speak

    table = _speak()
    for expansion in table.values():
        for word in expansion:
            assert word not in table, word


# --- the rules and word lists ---------------------------------------------------------------


def test_every_rule_uses_known_concepts_and_names_real_categories() -> None:
    loaded = rules()
    assert len(loaded) > 50
    named = {category for rule in loaded for category in rule.categories}
    assert named == set(CATEGORIES)


def test_words_accepts_every_script_the_bot_speaks() -> None:
    assert words("ਮੈਨੂੰ ਮਾਰਦਾ") and words("مجھے مارتے") and words("bije mnie")


# --- the classifier ---------------------------------------------------------------------------


def test_the_shipped_model_is_plain_data() -> None:
    with gzip.open(MODEL_PATH, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    assert set(data["classes"]) == {*CATEGORIES, "none"}
    assert len(data["vocabulary"]) == len(data["idf"]) == len(data["coef"])
    assert 0.0 < data["threshold"] < 1.0
    # About 2.4 MB from 35,800 labelled lines (2.0 MB from 26,800; 1.6 MB from 16,600;
    # 1.3 MB from 7,700, before word pairs with a word skipped): it grows with the
    # corpus, slowly, and the bound shows a change that would balloon it.
    assert MODEL_PATH.stat().st_size < 3_000_000


def _tiny_corpus(path: Path) -> None:
    lines = []
    for category, texts in ENGLISH.items():
        for n in range(6):
            lines.append({"text": f"{texts[n % 2]} {n}", "lang": "en", "category": category.value})
    for n in range(30):
        lines.append({"text": f"the group was good number {n}", "lang": "en", "category": "none"})
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")


def test_training_is_reproducible_and_the_shipped_arithmetic_matches_scikit_learn(
    tmp_path: Path,
) -> None:
    pytest.importorskip("sklearn")
    from surveys.safeguarding.train import build_pipeline, read_corpus, train

    corpus = tmp_path / "tiny.jsonl"
    _tiny_corpus(corpus)
    first, second = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    train(corpus, first, report=False)
    train(corpus, second, report=False)
    assert first.read_bytes() == second.read_bytes()

    rows = read_corpus(corpus)
    texts = [normalise(row["text"]) for row in rows]
    pipeline = build_pipeline().fit(texts, [row["category"] for row in rows])
    shipped = load(first)
    for text in [*texts[:10], normalise("something nobody wrote before")]:
        expected = dict(zip(pipeline.classes_, pipeline.predict_proba([text])[0], strict=True))
        got = shipped.scores(text).by_class
        assert got.keys() == expected.keys()
        # Coefficients are stored rounded to four places.
        assert all(abs(got[name] - expected[name]) < 2e-3 for name in got), text


def test_the_classifier_reads_the_concepts_the_word_lists_give_the_words() -> None:
    from surveys.safeguarding.classifier import concept_names, features

    text = normalise("my stepdad wallops me")
    assert "HIT" in concept_names(text)
    assert "c:HIT" in features(text)
    # Neither the writer's "i" nor a "but" is evidence of anything.
    assert not {"c:ME_SAY", "c:BUT"} & set(features(normalise("i liked it but it was long")))


def test_scores_given_the_concepts_match_scores_that_find_them() -> None:
    from surveys.safeguarding.classifier import concept_names, model

    shipped = model()
    assert shipped is not None
    text = normalise("my uncle keeps leathering me when nobody is in")
    assert shipped.scores(text).by_class == shipped.scores(text, concept_names(text)).by_class


def test_training_reads_every_tuning_part_and_never_the_test_part(tmp_path: Path) -> None:
    from surveys.safeguarding.train import main, tuning_parts

    for name in ("tune", "seen", "extra", "test", "test_fresh"):
        (tmp_path / f"{name}.jsonl").write_text("", encoding="utf-8")
    assert [part.stem for part in tuning_parts(tmp_path)] == ["extra", "seen", "tune"]
    assert main(["--corpus", str(tmp_path / "test.jsonl"), "--out", str(tmp_path / "m")]) == 2


def test_every_concept_the_shipped_model_reads_is_one_the_word_lists_define() -> None:
    # A concept renamed or removed in the lists without retraining would silently stop
    # counting in the classifier.
    with gzip.open(MODEL_PATH, "rt", encoding="utf-8") as handle:
        vocabulary = json.load(handle)["vocabulary"]
    read = {gram[2:] for gram in vocabulary if gram.startswith("c:")}
    assert read, "the model reads no concepts: retrain it"
    assert read <= lexicon().concepts | {"AGE_CHILD", "AGE_ADULT"}


# --- loading once, before the first person writes -----------------------------------------


def test_prepare_loads_every_list_and_the_model_so_the_first_check_is_not_slow() -> None:
    """Loaded lazily, the phrase lists, the model and wordfreq's English list made the first
    check after a restart take half a second: a person's message waited on it. The bot
    calls ``prepare`` at start-up instead; in a fresh process it leaves nothing to load."""
    script = (
        "import sys\n"
        "from surveys import safeguarding\n"
        "from surveys.safeguarding import classifier, concepts, lexicon, phrases\n"
        "safeguarding.prepare()\n"
        "speak = sys.modules['surveys.safeguarding.normalise']._speak\n"
        "loaded = [f.cache_info().currsize for f in (lexicon.lexicon, concepts.rules,\n"
        "    phrases._languages, classifier.model, speak)]\n"
        "print(loaded, lexicon._english_word.cache_info().currsize > 0)\n"
    )
    printed = printed_by_fresh_process(script)
    assert printed == ["[1,", "1,", "1,", "1,", "1]", "True"], printed
