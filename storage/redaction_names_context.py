"""Tokens and the context words around names, for :mod:`storage.redaction_names`."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A name's lookup key, folded as safeguarding folds its phrases: "Łukasz" and "lukasz",
# "كاشف" (an Arabic keyboard) and "کاشف", "ਗਿੱਲ" and "ਗਿਲ" are one name.
from surveys.folding import fold_letters as fold

__all__ = ["Token", "fold", "tokenise"]


def _word_set(words: str) -> frozenset[str]:
    """Words to compare with a token's ``key`` or ``lower``: folded as :func:`fold` does."""
    return frozenset(fold(word) for word in words.split())


# Titles: the next word is a name whatever it is ("Mrs Grace", "Mr J").
TITLES = _word_set(
    """mr mrs ms miss mx dr prof sir dame nurse pani pan pana panią sgt sarge insp cllr
    councillor rev revd reverend imam
    ਸ੍ਰੀ ਸ਼੍ਰੀ ਸ੍ਰੀਮਤੀ ਸ਼੍ਰੀਮਤੀ ਸਰਦਾਰ ਮਿਸਟਰ ਮਿਸਿਜ਼ ਮਿਸ
    جناب محترم محترمہ مسٹر مسز"""
)
# "called Sarah", "named Hope": the next word is a name if it looks like one. In Urdu and
# Punjabi "name" itself: "میرا نام سارہ ہے", "ਮੇਰਾ ਨਾਮ ਹਰਪ੍ਰੀਤ ਹੈ".
NAMING = _word_set("called named name's names nicknamed imię imie نام ਨਾਮ ਨਾਂ")
# Words that follow a name in Urdu: "احمد صاحب" (Mr Ahmed), "احمد نامی لڑکا" (a boy named
# Ahmed). Not "جی" or "ਜੀ": "ہاں جی" is "yes".
AFTER_NAME = _word_set("صاحب صاحبہ نامی")
NAMING_PAIRS = frozenset({("name", "is"), ("known", "as"), ("name", "was"), ("name", "s")})
# People a respondent mentions: the next capitalised word (or listed word) is their name.
RELATIONS = _word_set(
    """worker workers keyworker caseworker practitioner visitor therapist counsellor
    counselor mentor advocate officer nurse doctor gp teacher manager carer carers coach
    son sons daughter daughters brother brothers sister sisters mum mom mam mummy mommy dad
    daddy mother father husband wife partner boyfriend girlfriend bf gf friend friends
    mate mates bestie besty bestfriend bff bezzie pal pals buddy lad lads lass girl girls
    boy boys baby babies toddler fella bloke sibling siblings twin twins bro sis bruv hubby
    wifey missus fiance fiancé fiancee fiancée ex child kid kids grandson granddaughter
    grandchild grandkids grandchildren grandsons granddaughters nephew niece nephews
    nieces aunts uncles stepdad stepmum stepmom stepson stepdaughter
    stepbrother stepsister brother-in-law sister-in-law cousin cousins uncle aunt auntie
    aunty nan nana nanna nanny nani dadi gran granny grandma grandmother grandad granddad
    grandpa grandfather grampa gramps youngest eldest oldest lady woman gentleman
    boss colleague neighbour neighbor landlord landlady
    lawyer solicitor sw psychologist psychiatrist midwife paediatrician pediatrician
    headteacher head senco tutor guardian foster supervisor lead leader inspector detective
    pc pcso sergeant constable iro interpreter translator volunteer receptionist youthworker
    classmate teammate flatmate housemate roommate ex-partner ex-husband ex-wife ex-boyfriend
    ex-girlfriend step-dad step-mum step-mom step-son step-daughter step-brother step-sister
    half-brother half-sister foster-carer foster-mum foster-dad godmother godfather
    chacha chachi taya tayi mamu mami khala
    khalu phuphi phupho bhabhi bhaji didi veerji penji
    ਵਰਕਰ ਪੁੱਤਰ ਪੁੱਤ ਧੀ ਭਰਾ ਭੈਣ ਪਤੀ ਪਤਨੀ ਮਾਂ ਪਿਤਾ ਮੰਮੀ ਡੈਡੀ ਬਾਪੂ ਅਧਿਆਪਕ ਟੀਚਰ ਡਾਕਟਰ ਨਰਸ ਦੋਸਤ
    ਚਾਚਾ ਮਾਮਾ ਮਾਸੀ ਭੂਆ ਨਾਨੀ ਦਾਦੀ ਨਾਨਾ ਦਾਦਾ
    ورکر بیٹا بیٹی بھائی بہن شوہر خاوند بیوی امی ابو والد والدہ ماں باپ استاد استانی ٹیچر
    ڈاکٹر نرس دوست چچا ماموں خالہ پھوپھی نانی دادی نانا دادا کزن"""
)
# Capitalised words that are not names even straight after a context ("my worker Was…").
NOT_NAMES = _word_set(
    """i i'm i've i'd i'll the a an and but or so is was has had who which that this it he she
    they we you my our your their his her not also then thanks thank because when if always
    never really very says told came comes helped helps listened is are were would
    could should can did does do just too who's it's and mr mrs ms miss mx dr prof sir dame
    monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december today yesterday tomorrow team
    service services council school nhs early help social camhs mash police hub centre
    center family families children's childrens youth club group court hospital gp
    me him them us from at in on to for with by of no yes ok okay please sorry hi hello
    dear thanks cheers"""
)
# Urdu and Punjabi words that follow "name" but are not one: "نام نہیں بتایا" (did not
# say the name), "ਨਾਮ ਯਾਦ ਨਹੀਂ" (cannot remember the name), "کے نام سے".
NOT_NAMES_CASELESS = _word_set(
    """ہے ہیں تھا تھی تھے کیا نہیں کا کی کے سے کو میں بھی ہی اور پر تو یاد بتایا بتا پوچھا
    لکھا لیا لے بدل ہاں جی
    ਹੈ ਹਨ ਸੀ ਕੀ ਨਹੀਂ ਦਾ ਦੀ ਦੇ ਨੂੰ ਤੋਂ ਵਿੱਚ ਵੀ ਹੀ ਅਤੇ ਤੇ ਯਾਦ ਦੱਸਿਆ ਪੁੱਛਿਆ ਲਿਖਿਆ ਲਿਆ ਲੈ ਹਾਂ ਜੀ"""
)
# After an everyday-word name, words that show a person: "Hope rang me", "Will from CAMHS".
PERSON_AFTER = _word_set(
    """from rang rung called phoned texted messaged emailed said says told tells came comes
    visited helped helps listened listens explained asked asks sorted gave gives
    brought took takes picked dropped spoke speaks talked talks tried promised understood
    supported arranged organised organized referred showed kept left missed laughed smiled
    cried shouted needs needed wants wanted loves loved likes liked hates hated at knows
    knew got made didnt didn't doesnt doesn't wont won't cant can't never always isnt
    isn't wasnt wasn't"""
)
# The verbs of PERSON_AFTER that want a person as their subject: after them even a
# lower-case everyday-word name is one ("grace rang me"); "hope helped" is not enough.
ANIMATE_AFTER = _word_set(
    """rang rung phoned texted messaged emailed said says told visited listened explained
    sorted promised shouted smiled laughed asked spoke talked picked dropped"""
)
# Before an everyday-word name in mid-sentence, words that take a person: "spoke to Mark".
PERSON_BEFORE = _word_set(
    """to with thanks thank told tell asked ask met meet saw see seen called call rang ring
    phoned texted emailed messaged love miss missed like hate trust trusted"""
)
# "Mark the manager", "Grace my foster carer": a name then who they are.
APPOSITION_STARTS = _word_set("the my our his her their your")
MONTHS = _word_set("may march april june july august")
#: Two-letter first names: capitalised, and with a cue ("Thanks to Jo", "Mo from ..."),
#: they are names; other two-letter words never are.
SHORT_NAMES = _word_set("jo al ed mo ty di vi bo ky zo ki aj cj dj jj tj")
# Names that are verbs too: after "my son" in lower case they are read as verbs ("my son
# drew a picture", "my daughter will", "my mum sued them").
VERB_NAMES = _word_set(
    """drew rose will may mark bill pat sue rob bob jack don wade chase lance grant guy
    frank sunny ray art bud bash buck cliff dale dean drake fay hunter miles neil norm
    peg rich rusty sandy skip stew tick warren wes win wynn gene carol hope summer"""
)

# Names that are adjectives too: after "my son" in lower case they say how the child is
# ("my daughter lucky to have a place"), unless a verb follows ("my son lucky came").
ADJECTIVE_NAMES = _word_set("lucky happy precious blessed innocent marvellous")

# A word's letters, with the vowel signs and other combining marks Gurmukhi (and
# decomposed Latin) writes inside a word, which Python's \w leaves out, and the zero-width
# (non-)joiners typed inside Urdu words.
_MARKS = "".join(
    chr(code) for code in range(0x0300, 0x10000) if unicodedata.category(chr(code))[0] == "M"
)
_LETTER = rf"(?:[^\W\d_]|[{_MARKS}\u200c\u200d])"
_TOKEN = re.compile(rf"\[[a-z ]+\]|{_LETTER}+(?:['’\-]{_LETTER}+)*")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[.!?:;\"“(\n]")


class Token:
    """One word of the text, with the forms the name rules compare."""

    __slots__ = (
        "base",
        "capitalised",
        "caseless",
        "end",
        "key",
        "lower",
        "shouted",
        "start",
        "tag",
        "text",
    )

    def __init__(self, match: re.Match[str]) -> None:
        self.text = match.group(0)
        self.start, self.end = match.span()
        (
            self.tag,
            self.base,
            self.key,
            self.lower,
            self.capitalised,
            self.shouted,
            self.caseless,
        ) = _forms(self.text)

    def starts_sentence(self, tokens: list[Token], index: int, text: str) -> bool:
        """Whether this word opens the text or a sentence (a capital there says little).

        Only the gap since the previous word is read, so the check is constant time.
        """
        before = text[tokens[index - 1].end : self.start] if index else text[: self.start]
        return index == 0 or _SENTENCE_BREAK.search(before) is not None


@lru_cache(maxsize=32_768)
def _forms(text: str) -> tuple[bool, str, str, str, bool, bool, bool]:
    """A word's forms, computed once per distinct word: most words come back often."""
    tag = text.startswith("[")
    base = _POSSESSIVE.sub("", text)
    upper = len(base) > 1 and base.isupper()
    # "EHCPs", "SENCOs": an acronym's plural is no capitalised name.
    acronyms = len(base) > 3 and base[-1] == "s" and base[:-1].isupper()
    return (
        tag,
        base,
        fold(base),
        text.casefold(),
        base[:1].isupper() and not upper and not acronyms,
        #: "JONES": capitals all through, a name if listed (not "CAMHS").
        upper and not tag,
        #: Gurmukhi, Urdu script and others without capitals: lists and context decide.
        not tag and base.upper() == base.lower(),
    )


def tokenise(text: str) -> list[Token]:
    return [Token(match) for match in _TOKEN.finditer(text)]


# Kinship words used as a title, with no "my" before them: "nanny pat", "uncle rob",
# "aunty sue". The next listed name is a name even if it is a verb too.
KIN_TITLES = _word_set(
    """nan nana nanna nanny nani gran granny grandma nanma grandad granddad grandpa gramps
    aunt aunty auntie uncle cousin cuz bro sis"""
)
# Words that end "me and ..." without a name after them: "me and will be there".
AUXILIARIES = _word_set("be been have has had not do did go get got can will would")
# Where a worker sits: "Dawn on reception", "April at the front desk".
POSTS = _word_set(
    """desk reception door front phones phone duty till counter office gym switchboard
    helpline ward gate"""
)
# Who someone is, after their name: "Jade my eldest", "Zorka the romanian lady".
PEOPLE_NOUNS = RELATIONS | _word_set("middle ladies man guy chap")
# Two words before a name that take a person: "thank u Crystal", "ask for Robin".
PERSON_BEFORE_PAIRS = frozenset(
    (fold(first), fold(second))
    for first, second in (
        ("thank", "u"),
        ("thank", "you"),
        ("thank", "ya"),
        ("thanks", "to"),
        ("ask", "for"),
        ("asked", "for"),
        ("shout", "out"),
        ("out", "to"),
    )
)
# After "X is only 4": a number of these is a length of time, not X's age.
TIME_UNITS = _word_set(
    """week weeks wk wks day days month months min mins minute minutes hour hours hr hrs
    away am pm o'clock oclock percent quid pounds times"""
)
# Seasons and months are capitalised as words too ("the Summer holidays").
SEASONS = _word_set("spring summer autumn winter")
# "Big Kel", "Lil Jay": a nickname's first word.
NICKNAME_PREFIXES = _word_set("big lil little young")
# Words that praise or blame a person: "Ross was brilliant", "Sue was so rude".
PERSON_ADJECTIVES = _word_set(
    """kind lovely brilliant brill amazing great nice rude horrible helpful unhelpful
    patient friendly caring supportive fab fantastic wonderful awesome sound nasty mean
    understanding honest useless polite"""
)
# "frank came round", "kez popped over": coming round is what people do.
COMING = _word_set("came come comes popped")
COMING_WHERE = _word_set("round over around")
# A word that greets or thanks someone, so a listed name after it is one in any case:
# "thanks jess", "cheers kel", "luv u grace".
GREETINGS = _word_set("thanks thanx thx ty cheers hi hiya hey hello dear bye ta")
GREETING_PAIRS = frozenset(
    (fold(first), fold(second))
    for first, second in (
        ("thank", "u"),
        ("thank", "you"),
        ("love", "u"),
        ("love", "you"),
        ("luv", "u"),
        ("luv", "you"),
        ("luv", "ya"),
        ("miss", "u"),
        ("miss", "you"),
    )
)
# Where a worker is from: "amber from the nursery", "robin from camhs".
SERVICES = _word_set(
    """nursery school hub camhs council team office youth club early help centre center
    police nhs social church mosque gurdwara college academy charity project"""
)
# After "me and", a bare verb makes a modal of the word between: "me and will be there",
# not "me and will got told off".
BARE_VERBS = _word_set("be have go get do not come see stay help sort try make take")
# Verbs whose object is a person: "ask grace", "tell rob", "texted frank". The ones that
# are nouns too ("phone", "text", "ring", "call") count only after a word that makes them
# a verb ("can u ring jo", not "my phone bill").
PERSON_OBJECT_VERBS = _word_set(
    """ask asked asking tell told telling thank thanked texted phoned messaged rang
    emailed dm'd dmd"""
)
PERSON_OBJECT_NOUN_VERBS = _word_set("ring phone text message call email")
BEFORE_A_VERB = _word_set(
    """to can could will would should u you i we please pls plz just then and gonna gunna
    wanna ill i'll might must shall"""
)
# Verbs that follow a subject: after a relation they show the word between is its name
# ("my cousin june drove me", "my stepdad rob wont", "my son happy was scared").
VERBS_AFTER_SUBJECT = PERSON_AFTER | _word_set(
    """is was has had said rang came who got went drove took gave made brought bought
    ran kept left felt found saw sent thought wrote let put sat stood stayed lives lived
    works worked goes does did do says tells can could would will wont won't cant can't
    didnt didn't doesnt doesn't isnt isn't wasnt wasn't hasnt hasn't aint ain't has does
    still also always never just looks helps works lives comes takes picks drives gets
    makes knows loves likes wants needs thinks keeps brings calls rings texts sees plays
    stays tries cares minds walks collects"""
)
# Words after "X at" or "X on" that show X is a person at a post: "pat at the foodbank".
PLACES_OF_WORK = _word_set(
    """foodbank reception desk front door office hub nursery school clinic surgery library
    centre center church mosque gurdwara temple pharmacy chemist gym shop cafe college
    council camhs police hospital ward charity project unit home club"""
)
# Romanised Punjabi and Urdu for "'s": "sonia di mummy", "pinky ka bhai", "ali ke abbu".
OF_WORDS = _word_set("di da de ki ka ke dy dey")
# Kin and people after them, as families type them in Latin letters.
ROMAN_KIN = _word_set(
    """mummy mum mama mamma mom papa dad daddy ammi ammy amma abbu abba abu ami bhai
    bhaiya veer paaji behen bhen bhain penji didi beta beti puttar putt munda kudi nani
    dadi nana dada chacha chachi mamu mami khala phupho phuppo taya tayi dost ghar
    teacher husband wife gharwala gharwali"""
)
# "X is in year 4", "X is at nursery": where a child is, after a name.
CHILD_PLACES = _word_set("year nursery school college reception primary secondary uni")
# Verbs that say their subject was a person talking or asked for: "spoke to jade",
# "ask for amber", "chatted with ruby".
TALK_VERBS = _word_set(
    """spoke speak speaking spoken talk talked talking chat chatted chatting ask asked
    asking thanks"""
)
TALK_PREPOSITIONS = _word_set("to for with")
# "can amber ring me", "could jade call us back": a modal, a name, a contacting verb.
MODALS = _word_set("can could will would should cud pls please")
CONTACTING = _word_set("ring call text phone message email contact visit")
CONTACTED = _word_set("me us back my him her")
# Verbs after two people: "jade and ruby love it", "faith and mercy go to the club".
PLURAL_VERBS = (VERBS_AFTER_SUBJECT - _word_set("at from")) | _word_set(
    """love like go come want need play enjoy hate get have fight argue share live stay
    help"""
)
COPULAS = _word_set("is was s are were")
