"""Free-text redaction: every identifier in UK formats, names in context, and nothing else."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage.redaction import TAGS, nhs_check_digit_ok, redact
from tests.fresh_process import printed_by_fresh_process

# Only synthetic details: Ofcom drama numbers, example.com, the NHS and HMRC example numbers.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ring me on 07700 900123", "ring me on [phone]"),
        ("ring me on 07700900123", "ring me on [phone]"),
        ("ring me on +44 7700 900123", "ring me on [phone]"),
        ("ring me on +447700900123", "ring me on [phone]"),
        ("office 0121 496 0000 please", "office [phone] please"),
        ("office (0121) 4960000 please", "office [phone] please"),
        ("london 020 7946 0000", "london [phone]"),
        ("my cousin in Poland is on +48 512 345 678", "my cousin in Poland is on [phone]"),
        ("ring me on 0044 7700 900123", "ring me on [phone]"),
        ("ring me on 0044 (0)121 496 0000", "ring me on [phone]"),
        ("my cousin is on 0048 512 345 678", "my cousin is on [phone]"),
        ("email me at jo.bloggs@example.com.", "email me at [email]."),
        ("JO_B+feedback@mail.example.co.uk", "[email]"),
        ("we live near B70 9AB", "we live near [postcode]"),
        ("we live near b709ab", "we live near [postcode]"),
        ("postcode SW1A 1AA", "postcode [postcode]"),
        ("my NHS number is 943 476 5919", "my NHS number is [nhs number]"),
        ("my NHS number is 9434765919", "my NHS number is [nhs number]"),
        ("my NHS number is 943-476-5919", "my NHS number is [nhs number]"),
        ("NI number QQ 12 34 56 C", "NI number [ni number]"),
        ("NI number qq123456c", "NI number [ni number]"),
        ("born on 3rd May 2010", "born on [date]"),
        ("born on 03/05/2010", "born on [date]"),
        ("born on 3/5/10", "born on [date]"),
        ("born on May 3, 2010", "born on [date]"),
        ("born on the 3rd of May 2010", "born on [date]"),
        ("due 2010-05-03", "due [date]"),
        ("since March 2021", "since [date]"),
        ("on 14 february", "on [date]"),
        ("see https://example.com/page?id=3.", "see [link]."),
        ("see www.example.com", "see [link]"),
        ("see example.co.uk/help", "see [link]"),
        ("(http://example.org)", "([link])"),
        ("follow @jo_bloggs99 on insta", "follow [handle] on insta"),
        ("I live at 12 Oak Street", "I live at [address]"),
        ("I live at 12 oak street now", "I live at [address] now"),
        ("Flat 3, 45 High Road", "[address]"),
        ("at 7a Church Lane.", "at [address]."),
    ],
)
def test_each_identifier_is_replaced_by_its_tag(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_the_nhs_check_digit_decides_only_for_numbers_that_could_be_phones() -> None:
    assert nhs_check_digit_ok("9434765919")
    assert not nhs_check_digit_ok("9434765918")
    # People mistype the check digit, and ten digits not starting 0 are no UK phone:
    # whatever reference it is, it points at one person.
    assert redact("reference 943 476 5918 please") == "reference [nhs number] please"
    # Starting 0, a wrong check digit leaves it to the phone rules.
    assert redact("nhs 0123456789") == "nhs [nhs number]"
    assert redact("ring 0121 496 0000") == "ring [phone]"


def test_public_helplines_are_left_alone() -> None:
    text = "I rang Childline 0800 1111 and the Samaritans on 116 123, then 999 and 111"
    assert redact(text) == text


# --- names ------------------------------------------------------------------------------

NAMES_BY_COMMUNITY = {
    "English": ("Sarah", "Thompson"),
    "Scottish": ("Hamish", "McGregor"),
    "Welsh": ("Dafydd", "Llewellyn"),
    "Irish": ("Siobhan", "O'Sullivan"),
    "Punjabi": ("Harpreet", "Dhillon"),
    "Pakistani": ("Ayesha", "Qureshi"),
    "Bangladeshi": ("Nazrul", "Chowdhury"),
    "Indian": ("Priya", "Mistry"),
    "Polish": ("Małgorzata", "Wiśniewska"),
    "Polish without accents": ("Lukasz", "Wozniak"),
    "Nigerian": ("Chinedu", "Okafor"),
    "Ghanaian": ("Kwame", "Mensah"),
    "Caribbean": ("Delroy", "Beckford"),
    "Somali": ("Hodan", "Warsame"),
    "Arabic": ("Youssef", "Haddad"),
    "Romanian": ("Ioana", "Popescu"),
    "Chinese": ("Xiaoming", "Zhang"),
}


@pytest.mark.parametrize("community", NAMES_BY_COMMUNITY)
def test_names_from_every_community_are_redacted_without_context(community: str) -> None:
    first, surname = NAMES_BY_COMMUNITY[community]
    assert redact(f"{first} {surname} helped us a lot") == "[name] helped us a lot"
    assert redact(f"Thanks to {first} for everything") == "Thanks to [name] for everything"


@pytest.mark.parametrize("community", NAMES_BY_COMMUNITY)
def test_names_from_every_community_are_redacted_in_context_in_lower_case(community: str) -> None:
    first, surname = NAMES_BY_COMMUNITY[community]
    assert redact(f"my worker {first.lower()} was kind") == "my worker [name] was kind"
    assert redact(f"Mrs {surname.lower()} came round") == "Mrs [name] came round"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my worker Will rang me", "my worker [name] rang me"),
        ("my social worker, Hope, listened", "my social worker, [name], listened"),
        ("she is called Grace", "she is called [name]"),
        ("my daughter May is 6", "my daughter [name] is 6"),
        ("my son Jack loves it", "my son [name] loves it"),
        ("Mrs Brown and Mr Ward came", "Mrs [name] and Mr [name] came"),
        ("Dr Sunny Patel was great", "Dr [name] was great"),
        ("Grace Okafor is brilliant", "[name] is brilliant"),
        ("I met Will Smith today", "I met [name] today"),
        ("my worker Blenkinsop was late", "my worker [name] was late"),
        ("Sarah Blenkinsop came round", "[name] came round"),
        ("Anne-Marie was lovely", "[name] was lovely"),
        ("Sarah's mum came too", "[name]'s mum came too"),
        ("her name is Zainab", "her name is [name]"),
        ("a boy named Hunter", "a boy named [name]"),
        ("she's called jo", "she's called [name]"),
        ("her name is jo", "her name is [name]"),
        ("he was called in", "he was called in"),
    ],
)
def test_names_that_are_everyday_words_need_context(text: str, expected: str) -> None:
    assert redact(text) == expected


# Gurmukhi and Urdu script have no capitals: the lists and the words around a name decide.
NAMES_IN_THEIR_OWN_SCRIPT = {
    "Gurmukhi": ("ਹਰਪ੍ਰੀਤ ਕੌਰ ਨੇ ਬਹੁਤ ਮਦਦ ਕੀਤੀ", "[name] ਨੇ ਬਹੁਤ ਮਦਦ ਕੀਤੀ"),
    "Gurmukhi, three names": ("ਜਸਵਿੰਦਰ ਸਿੰਘ ਗਿੱਲ ਆਏ", "[name] ਆਏ"),
    "Urdu": ("عائشہ قریشی نے بہت مدد کی۔", "[name] نے بہت مدد کی۔"),
    "Urdu, three names": ("محمد علی خان آئے", "[name] آئے"),
    "Urdu from an Arabic keyboard": ("كاشف نے فون کیا", "[name] نے فون کیا"),
    "Urdu with ه and ي": ("عايشه آئی", "[name] آئی"),
    "Gurmukhi without addak": ("ਗਿਲ ਆਏ", "[name] ਆਏ"),
    "after a title": ("ਸ੍ਰੀਮਤੀ ਬੇਦੀ ਆਏ", "ਸ੍ਰੀਮਤੀ [name] ਆਏ"),
    "after جناب": ("جناب فلاں آئے", "جناب [name] آئے"),
    "after name, unlisted": ("میرا نام زرمینہ ہے", "میرا نام [name] ہے"),
    "after ਨਾਮ, unlisted": ("ਮੇਰਾ ਨਾਮ ਤੇਜਿੰਦਰ ਹੈ", "ਮੇਰਾ ਨਾਮ [name] ਹੈ"),
    "before صاحب, unlisted": ("ذوالقرنین صاحب بہت اچھے ہیں", "[name] صاحب بہت اچھے ہیں"),
    "before نامی": ("احمد نامی لڑکا", "[name] نامی لڑکا"),
    "everyday word after a relation": ("میرا بیٹا عمر بہت خوش ہے", "میرا بیٹا [name] بہت خوش ہے"),
    "Gurmukhi everyday word after a relation": ("ਮੇਰਾ ਪੁੱਤਰ ਕਰਨ ਖੁਸ਼ ਹੈ", "ਮੇਰਾ ਪੁੱਤਰ [name] ਖੁਸ਼ ਹੈ"),
    "beside English": ("my worker ਹਰਪ੍ਰੀਤ was kind", "my worker [name] was kind"),
}


@pytest.mark.parametrize("case", NAMES_IN_THEIR_OWN_SCRIPT)
def test_names_in_gurmukhi_and_urdu_script_are_redacted(case: str) -> None:
    text, expected = NAMES_IN_THEIR_OWN_SCRIPT[case]
    assert redact(text) == expected
    assert redact(expected) == expected


# Feedback in Punjabi and Urdu with nothing personal, some of it in words that are also
# names ("ਕਰਨ" to do, "ਮਾਨ" pride, "حسن سلوک" good conduct, "نور" light, "عمر" age).
NOTHING_PERSONAL_IN_THEIR_OWN_SCRIPT = [
    "ਮੇਰੇ ਵਰਕਰ ਨੇ ਮੇਰੀ ਗੱਲ ਸੁਣੀ।",
    "ਉਹਨਾਂ ਨੇ ਸਾਡੀ ਬਹੁਤ ਮਦਦ ਕੀਤੀ ਅਤੇ ਸਾਨੂੰ ਮਾਨ ਹੈ।",
    "ਫਾਰਮ ਭਰਨ ਵਿੱਚ ਮਦਦ ਕਰਨ ਲਈ ਧੰਨਵਾਦ ਜੀ",
    "ਮੇਰੇ ਵਰਕਰ ਦਾ ਨਾਮ ਯਾਦ ਨਹੀਂ",
    "ਡਾਕਟਰ ਸਾਹਿਬ ਨੇ ਸਮਾਂ ਦਿੱਤਾ",
    "میری ورکر نے میری بات سنی۔",
    "ان کا حسن سلوک بہت اچھا تھا",
    "گھر میں نور تھا اور بچے خوش تھے",
    "میرے بیٹے کی عمر دس سال ہے",
    "ورکر کا نام نہیں بتایا",
    "ڈاکٹر صاحب اچھے تھے",
    "ہاں جی، شکریہ",
    "مجھے ملک سے باہر جانا تھا",
]


@pytest.mark.parametrize("text", NOTHING_PERSONAL_IN_THEIR_OWN_SCRIPT)
def test_punjabi_and_urdu_with_nothing_personal_is_unchanged(text: str) -> None:
    assert redact(text) == text


def test_readable_result() -> None:
    assert (
        redact("my worker Sarah rang me on 07700 900123") == "my worker [name] rang me on [phone]"
    )


# Realistic feedback with nothing personal: must come back exactly as written.
NOTHING_PERSONAL = [
    "My worker was really helpful and listened to me.",
    "I hope things get better for my family.",
    "I will come to the next meeting at 10:30.",
    "We had 3 meetings in May and 2 in June.",
    "May I say thank you to everyone.",
    "It may take a while but we got there.",
    "Will there be a group in the holidays?",
    "Mark the form as done please.",
    "The bill for the school trip was too much.",
    "Grace period for the rent helped us.",
    "I felt there was hope for the first time.",
    "It brought us a lot of joy.",
    "I have faith in the team now.",
    "The amber warning made me worry.",
    "We met at dawn for the trip.",
    "It was a sunny day and the kids played in the park.",
    "She gave my son a star chart and a rose sticker.",
    "The sky was grey on the walk home.",
    "We waited 6 weeks and then 2 more.",
    "The meeting lasted 45 minutes, from 10:30 to 11:15.",
    "I rated it 4/5.",
    "I walked 3 times down the road to find the office.",
    "We moved 2 streets away last year.",
    "The Early Help team were kind.",
    "CAMHS took 18 months to see us.",
    "The school and the NHS talked to each other for once.",
    "I did not feel judged.",
    "Please can meetings be after 3pm?",
    "Social Services should ring back when they say they will.",
    "My English is not good but the interpreter helped.",
    "I give it 10 out of 10!",
    "Thank you for everything.",
    "It's fine",
    "Too many forms to fill in",
    "I was in foster care for 2 years and it was ok.",
    "The worker was late twice, which was frustrating.",
    "I liked the games and the food.",
    "we went to the park after school",
    "I will never forget what you did for us.",
    "Best service I have used in years.",
    "The group on Monday helped me a lot.",
    "On the 3rd meeting things got better.",
    "We were 20 minutes late because of the bus.",
    "She said the plan would change in March.",
    "The waiting list is 12 weeks long.",
    "Year 10 was hard but Year 11 is better.",
    "Staff at Oak House were kind.",
]


@pytest.mark.parametrize("text", NOTHING_PERSONAL)
def test_text_with_nothing_personal_is_unchanged(text: str) -> None:
    assert redact(text) == text


def test_empty_text_stays_empty() -> None:
    assert redact("") == ""


def test_redacting_twice_is_the_same_as_once_on_a_mixed_text() -> None:
    text = (
        "My worker Sarah Thompson (sarah@example.com, 07700 900123) visited 12 Oak Street, "
        "B70 9AB on 3rd May 2010 with Mrs Okafor. See https://example.com or @sarahT."
    )
    once = redact(text)
    assert redact(once) == once
    for tag in ("[name]", "[email]", "[phone]", "[address]", "[postcode]", "[date]", "[link]"):
        assert tag in once
    assert "Sarah" not in once and "Okafor" not in once


_PIECES = st.sampled_from(
    [
        "Sarah",
        "will",
        "May",
        "Grace",
        "Okafor",
        "my worker",
        "Mrs",
        "called",
        "07700 900123",
        "+44",
        "B70",
        "9AB",
        "943 476 5919",
        "QQ 12 34 56 C",
        "3rd",
        "May 2010",
        "12",
        "Oak Street",
        "@jo",
        "example.com",
        "jo@example.com",
        "[name]",
        "[phone]",
        ",",
        ".",
        "'s",
        "-",
        "Flat 3,",
        "0121",
        "496",
        "0000",
        "the",
        "and",
        "Hope",
        "Mr",
        "J",
        "نام",
        "صاحب",
        "عائشہ",
        "ہے",
        "بیٹا",
        "ਹਰਪ੍ਰੀਤ",
        "ਸ੍ਰੀ",
        "ਕਰਨ",
    ]
)


@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=14).map(" ".join))
@settings(max_examples=400, deadline=None)
def test_redact_is_idempotent(text: str) -> None:
    once = redact(text)
    assert redact(once) == once


@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_any_text_is_handled(text: str) -> None:
    result = redact(text)
    assert isinstance(result, str)


def test_tags_are_the_documented_ones() -> None:
    assert set(TAGS) == {
        "[name]",
        "[phone]",
        "[email]",
        "[postcode]",
        "[nhs number]",
        "[ni number]",
        "[date]",
        "[link]",
        "[handle]",
        "[address]",
        "[school]",
    }


def test_prepare_loads_every_list_so_the_first_answer_is_not_slow() -> None:
    """Loaded lazily, the name lists, wordfreq's tables and phonenumbers' UK metadata made
    the first answer redacted after a restart take about half a second, while the person
    waited. The bot calls ``prepare`` at start-up; in a fresh process it leaves nothing
    to load."""
    script = (
        "from phonenumbers.phonemetadata import PhoneMetadata\n"
        "from storage import redaction, redaction_words\n"
        "from storage.redaction_name_lists import name_lists\n"
        "redaction.prepare()\n"
        "print(name_lists.cache_info().currsize,\n"
        "      redaction_words.polish_or_romanian_words.cache_info().currsize,\n"
        "      redaction_words._zipf_table.cache_info().currsize >= 1,\n"
        "      'GB' in PhoneMetadata._region_metadata)\n"
    )
    printed = printed_by_fresh_process(script)
    assert printed == ["1", "1", "True", "True"], printed
