"""Classes of error the seen part showed, each with fresh examples written here.

The seen part's lines were read, so they are not copied: each class below is a way of
speaking (a euphemism, a place to sleep, a sibling's squabble) with new wording, so that a
fix has to reach the class rather than the line.
"""

from __future__ import annotations

import pytest

from surveys.safeguarding import check

#: Disclosures the check missed, by the class of wording that hid them.
MISSED: dict[str, list[str]] = {
    # Sexual abuse said as being forced after refusing, clothes pulled off, or the South
    # Asian euphemism "a wrong deed" / "touched in the wrong place".
    "sexual_refusal_or_euphemism": [
        "my boyfriend made me even tho i told him no loads of times",
        "chacha ne mere naal galat kam kita te kiha kise nu na dasi",
        "tuition wale sir ne mujhe ghalat jagah chua",
        "ਚਾਚੇ ਨੇ ਮੇਰੇ ਨਾਲ ਗਲਤ ਕੰਮ ਕੀਤਾ",
        "ماموں نے میرے ساتھ غلط حرکت کی",
    ],
    # Radicalisation in its own words: bombs, pledges, holy or race war, going to fight.
    "radicalisation_vocabulary": [
        "my mate keeps showing me how to build a bomb from stuff in the kitchen",
        "he wants me to swear allegiance to them on camera",
        "my uncle says a race war is coming and we need to get ready",
        "my cousin is going abroad to join the fighters he keeps sending me their videos",
        "they told me the kuffar deserve what is coming to them",
        "someone in a discord server is planning an attack on a mosque and wants my help",
    ],
    # Running away and sleeping rough: where a child slept, or leaving home.
    "sleeping_rough_or_leaving_home": [
        "been sleeping in the bus station for 3 nights",
        "i slept on a bench in the park coz i couldnt go back",
        "main ghar chhod ke chali gayi hun aur dost ke ghar reh rahi hun",
    ],
    # A parent afraid of what they will do to their children, or too low to care for them.
    "parent_fear_of_self": [
        "i get so angry with my children im scared i'll seriously hurt one of them",
        "some days i cant get out of bed to look after the kids",
    ],
    # Voices or urges telling a parent to harm someone.
    "voices_and_urges": [
        "ever since my daughter was born there is a voice in my head saying i should hurt her",
        "i keep having thoughts of harming my little boy and it terrifies me",
    ],
    # Being a burden: others would be happier, nobody would miss me; sleep without waking.
    "burden_and_not_waking": [
        "i cant keep doing this, everyone would be happier without me",
        "honestly my family would be better without me around",
        "nobody would even miss me if i was gone",
        "mam dosc wszystkiego, chcialabym zasnac i sie nie obudzic",
    ],
    # "Sick of" is weariness with the harm, not an idiom that makes it safe.
    "sick_of_the_harm": [
        "honestly im sick of life",
        "so sick of getting slapped by my stepmum",
    ],
    # Romanised Punjabi: not gone home, touched the wrong way, wanting to die, a debt's threat.
    "romanised_punjabi_everyday_forms": [
        "do din ton ghar nahi gaya, mate de kol sonda",
        "gwandi ne mainu galat tarah hath laya",
        "sach dasan ta main mar jana chahndi aan",
        "kehnde je paise na mode ta teri bhen nu chakk lainge",
    ],
    # An idiom makes safe only its own words: real harm beside it is still harm.
    "idiom_beside_harm": [
        "my dad hit the roof and then hit me with his belt",
        "he beat the dog and then beat me",
        "i ran a bath and thought about ending it",
        "he pushes me to do sexual stuff",
        "mum hit the bottle again and then hit my little brother",
    ],
    # Feedback first, then "but" and the disclosure: the game or the session before the
    # "but" does not make what follows it safe.
    "feedback_then_but_disclosure": [
        "i love football but my stepdad punches me when im home",
        "the session was good but my dad still hits me when shes gone",
        "group games were fun however my uncle touches me at night",
        "the film night was great but honestly i want to kill myself",
        "i fell out with my mum and she burnt me with the iron",
    ],
    # A parent's or partner's blow is no game, whatever game is near it.
    "adult_blow_near_a_game": [
        "he says sorry after he hits me but he does it again",
        "when my team loses my mums boyfriend punches me",
    ],
    # Being married off: the verb says whose choice it is.
    "married_off": [
        "they want to marry me off to a man back home",
        "rodzice chca mnie wydac za maz",
        "my dad is getting me married in the summer",
    ],
    # A parent's own violence is still read beside a chart for the child's behaviour.
    "adult_violence_beside_behaviour_talk": [
        "we tried the sticker chart but my husband still slaps the kids when they cry",
    ],
    # Said without a harm word: avoiding an adult, being jumped, a goodbye note, a man at
    # the school gates, a child no one collects.
    "indirect_signs": [
        "i hate being alone with my uncle when mum goes out",
        "i pay these lads every week or they jump me after school",
        "found a note from my son saying sorry and goodbye",
    ],
    # Romanised Punjabi/Urdu euphemisms: raising a hand, "doing something" to oneself,
    # "strange work" for money, my photo sent to everyone.
    "romanised_euphemisms": [
        "ghar ch veer mummy te roz hath chukda",
        "abbu ammi par haath uthate hain jab gussa hota hai",
        "kade kade lagda kuch kar lain, koi faida nahi",
        "do aadmi mujhse paise ke badle ajeeb kaam karwate hain",
        "kehnda je tu na mani ta teri photo sab nu bhej dau",
        "oh kehnda je kise nu dasya ta teri photo sab nu bhej duga",
        "raat nu dil karda kuch kar lain nu",
    ],
    # Suicidal thoughts in romanised Punjabi/Urdu with "end", and Polish reflexive forms.
    "suicidal_other_languages": [
        "mera dil karda sab kuch end kar deyan",
        "chahti hun ke sab end kar dun",
        "chce sie zabic i mam juz plan",
        "mysle zeby ze soba skonczyc",
    ],
    # Someone waiting outside or breaking in, right now, in any language.
    "danger_outside_now": [
        "theyre stood at the end of our street waiting for me rn",
        "oh bahar khada hai te darwaja bhann raha hai",
        "woh ghar ke bahar khada hai aur darwaza tod raha hai",
    ],
    # Sex for things: favours, being sent to the man's friends.
    "sexual_exploitation_favours": [
        "these older guys give me lifts n weed but then i have to pay them back in other ways",
        "oh menu paise dinda te fer apne yaaran kol bhej dinda",
    ],
    # Burning or beating with an object, told in romanised Punjabi/Urdu.
    "injury_with_object": [
        "ammi ne garam chimte se mera haath jala diya",
        "mama ne garam chimte naal mera hath saar dita",
        "i have to be quiet or dad gets the belt out",
    ],
    # Domestic abuse seen by a child: violence against the house in front of children.
    "violence_in_front_of_children": [
        "my partner put his fist through the door in front of the kids last night",
    ],
    # A child married off: a marriage with a child's age or a big age gap.
    "child_marriage": [
        "my sister is only 14 and they are arranging her nikah with a man of 30",
    ],
    # "Film" and "teach" as things done to a child, not a training film or lesson.
    "film_and_teach_as_verbs": [
        "a man online is teaching me to make things that explode and says keep it quiet",
        "they want me to film myself saying i will fight for them",
    ],
    # An adult's age, a child's age, and being taken somewhere.
    "ages_and_parties": [
        "my friend goes to parties with a 25 yr old and gets given weed, she is only 14",
    ],
    # Something that began in childhood and is still going on, kept secret.
    "ongoing_and_secret": [
        "its been happening since i was 9 with my step brother and no one knows",
    ],
    # A parent's anger and its usual punishment.
    "punishment_again": [
        "have to tiptoe round mum when shes angry or its the wooden spoon again",
    ],
    # Getting ready to die: letters, giving things away.
    "goodbye_preparations": [
        "i have written letters for my friends and given my stuff away",
    ],
    # Someone waiting near home right now.
    "waiting_near_home": [
        "that man is waiting at the end of our road again, i can see him now",
        "oh hune ghar de bahar khada hai, darwaja bhann reha",
        "jakis facet stoi pod blokiem i czeka az wyjde",
    ],
    # Being drawn in to a group: meetings and leaflets here are the recruiter's, not staff's.
    "recruitment": [
        "my stepdad keeps taking me to meetings where they say the muslims are invading",
        "an older boy invited me to a group chat that says we need to be ready for the war",
        "sasiad zaprasza mnie na spotkania grupy ktora chce bic imigrantow",
    ],
    # Someone from a game or an app knows where the child is: a game is no safe context.
    "online_contact_knows_where": [
        "a guy from a roblox game knows where i live and keeps asking to see me",
    ],
    # A child left minding a younger one while the parent is out.
    "minding_while_parent_out": [
        "i put my baby sister to bed most nights coz dads out till late",
        "my little brother is 3 and i look after him every night coz mum is out",
    ],
    # The house smashed up as the violence a child sees.
    "house_smashed_up": [
        "my stepdad trashed the living room again and my mum hid upstairs",
        "dad smashed up the kitchen and mum was crying on the floor",
    ],
    # Polish self-harm verbs in their perfective forms, typed without diacritics.
    "polish_self_harm_forms": [
        "znowu mam ochote sie pociac",
        "wczoraj sie potnę jak nikt nie bedzie patrzyl",
    ],
}

#: Everyday lines the check flagged, by the class of context that makes them safe.
SAFE: dict[str, list[str]] = {
    "pets_running_off": [
        "the puppy ran off at the beach but a lady caught him",
        "our hamster went missing behind the sofa for 2 days",
    ],
    "routine_medicine": [
        "my son takes his medication for epilepsy every morning and its working well",
    ],
    "medicine_that_helps": [
        "my mum takes antidepressants and shes much better now",
        "my son is on sleeping tablets from the gp and they are working",
    ],
    "in_their_sleep": [
        "my little sister kicked me in her sleep lol",
        "my toddler punches me in his sleep when we share a bed on holiday",
    ],
    "records_and_school_sanctions": [
        "my daughter beat her personal best in the 100m",
        "the teacher threatened the whole class with a detention haha",
    ],
    "pillow_fights_in_polish": [
        "dzieci bily sie poduszkami przed snem",
    ],
    "mitigation_after_but": [
        "my brother hit me with a pillow but we were only playing",
        "i got kicked in the shin but it was during the football match",
    ],
    "adult_accidents_and_games": [
        "my dad beat me at chess again",
    ],
    "a_childs_behaviour": [
        "my daughter keeps biting her brother so we started a reward chart",
        "our son hits out when he has a tantrum, the worker gave us good ideas",
        "the children whacked the pinata till the sweets fell out",
    ],
    "one_off_slips": [
        "mum forgot to pick me up once but rang the school straight away",
    ],
    "sibling_squabbles": [
        "my little sister bit me coz i took her crayons haha shes 3",
        "the twins keep whacking each other with pillows, normal stuff lol",
    ],
    "food_rules_and_forgetting": [
        "no food allowed in the sports hall so we eat outside",
        "forgot my packed lunch today so had no lunch till the worker got me a sandwich",
    ],
    "idioms": [
        "my daughter is dead set on becoming a vet",
        "he shot up over the summer and none of his clothes fit",
        "the house is a tip with three kids but were happy",
        "could someone help us with the forms for the holiday club",
    ],
    "utilities_sorted": [
        "the gas ran out on sunday but we topped it up at the shop straight away",
    ],
    "staff_asking_about_a_topic": [
        "great day on exploitation, would really like a follow up on cuckooing and trap houses",
        "ورکشاپ میں جبری شادی کے بارے میں اچھی معلومات تھیں",
    ],
    "safety_education": [
        "the knife crime talk was good, my daughter now knows what to do if anyone asks her"
        " to hold something",
    ],
    "past_and_settled": [
        "our foster daughter used to go missing at first but shes settled now and loves school",
    ],
    "information_in_urdu": [
        "عملے کے لیے جبری شادی اور تشدد کے بارے میں معلومات بہت مفید تھیں",
    ],
    "film_as_a_noun_in_other_languages": [
        "film o chlopaku ktory uciekl z domu byl dobry na zajeciach",
    ],
    "following_online": [
        "the youth worker followed me on insta so i can see the club news",
    ],
    "debts_paid": [
        "pracownik pomogl nam splacic zadluzenie i teraz jest lepiej",
    ],
    "classifier_alone": [
        "im not allowed my own phone yet, maybe when im older",
    ],
}


@pytest.mark.parametrize(
    "text", [pytest.param(t, id=f"{k}:{i}") for k, ts in MISSED.items() for i, t in enumerate(ts)]
)
def test_a_disclosure_of_each_class_is_caught(text: str) -> None:
    assert check(text), text


@pytest.mark.parametrize(
    "text", [pytest.param(t, id=f"{k}:{i}") for k, ts in SAFE.items() for i, t in enumerate(ts)]
)
def test_an_everyday_line_of_each_class_is_left_alone(text: str) -> None:
    assert check(text) is None, check(text)


#: Everyday English words that Polish words become once typed without diacritics
#: (sińce, rani, płaci, walki, lat, latem, most, sam), and the concepts they must not
#: bring into an English sentence.
ENGLISH_WORDS_POLISH_FOLDS_TO = ["since", "ran", "place", "walk", "late", "most", "same"]
HARM_CONCEPTS = {"HIT", "CUT", "PAY", "FIGHT", "AGE_YOUNG", "ABROAD", "HIGH", "ALONE", "VICTIM"}


@pytest.mark.parametrize("word", ENGLISH_WORDS_POLISH_FOLDS_TO)
def test_a_common_english_word_is_not_read_as_a_folded_polish_one(word: str) -> None:
    from surveys.safeguarding.lexicon import lexicon
    from surveys.safeguarding.normalise import token

    assert not (lexicon().concepts_of(token(word)) & HARM_CONCEPTS)


@pytest.mark.parametrize(
    ("typed", "read_as"),
    [
        ("gone 2 days", "gone 2 days"),
        ("left alone 4 hours", "left alone 4 hours"),
        ("my son is 2 and", "my son is 2 and"),
        ("she is 4", "she is 4"),
        ("i want 2 die", "i want to die"),
        ("its 4 u", "its for you"),
    ],
)
def test_a_number_before_a_count_stays_a_number(typed: str, read_as: str) -> None:
    """'2' is text-speak for 'to' only where a count cannot be meant."""
    from surveys.safeguarding import normalise

    assert normalise(typed) == read_as


def test_a_count_of_nights_alone_is_read_as_a_count() -> None:
    assert check("mum went off and left us on our own for 2 nights")


@pytest.mark.parametrize("typed", ["ﹷ", "ﹰ x", "ｄｏｎ＇ｔ"])
def test_normalising_a_presentation_form_twice_changes_nothing(typed: str) -> None:
    """Found by the property test: a presentation form decomposes into a tatweel (or a
    fullwidth apostrophe into an apostrophe) that the first pass had already dropped."""
    from surveys.safeguarding import normalise

    assert normalise(normalise(typed)) == normalise(typed)


@pytest.mark.parametrize(
    "words",
    [
        "The dandelion visits helped us a lot this spring",
        "dandelion helped me",
        "we made jalapeno poppers at the group",
        "the dhaka trip was lovely",
    ],
)
def test_a_romanised_prefix_entry_does_not_reach_into_an_english_word(words: str) -> None:
    # "dand*" (a stick, in Punjabi) read "dandelion" as a blow beside a person.
    assert check(words) is None
