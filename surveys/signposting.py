"""Where to get help: shown when the safeguarding check matches, and by /help.

The help lines live once, in :data:`HELP_LINES`, with one line of words per language;
the numbers are written once and are identical in every language. The message is
honest: the bot is anonymous and cannot send help itself. Plain text (no Markdown), well
under Telegram's 4,096-character limit.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["HELP_LINES", "LANGUAGES", "help_message", "signpost_message"]


@dataclass(frozen=True)
class HelpLine:
    number: str
    #: The words after the number, per language.
    words: dict[str, str]


# Punjabi, Urdu and Polish wording is awaiting native-speaker review.
HELP_LINES: tuple[HelpLine, ...] = (
    HelpLine(
        "999",
        {
            "en": "if you are in danger now",
            "pa": "ਜੇ ਤੁਸੀਂ ਹੁਣੇ ਖ਼ਤਰੇ ਵਿੱਚ ਹੋ",
            "ur": "اگر آپ ابھی خطرے میں ہیں",
            "pl": "jeśli grozi ci niebezpieczeństwo teraz",
        },
    ),
    HelpLine(
        "Childline 0800 1111",
        {
            "en": "for children and young people, free, any time",
            "pa": "ਬੱਚਿਆਂ ਅਤੇ ਨੌਜਵਾਨਾਂ ਲਈ, ਮੁਫ਼ਤ, ਕਿਸੇ ਵੀ ਸਮੇਂ",
            "ur": "بچوں اور نوجوانوں کے لیے، مفت، کسی بھی وقت",
            "pl": "dla dzieci i młodzieży, za darmo, o każdej porze",
        },
    ),
    HelpLine(
        "NSPCC 0808 800 5000",
        {
            "en": "for adults worried about a child",
            "pa": "ਕਿਸੇ ਬੱਚੇ ਬਾਰੇ ਚਿੰਤਤ ਵੱਡਿਆਂ ਲਈ",
            "ur": "کسی بچے کے بارے میں فکرمند بڑوں کے لیے",
            "pl": "dla dorosłych, którzy martwią się o dziecko",
        },
    ),
    HelpLine(
        "Samaritans 116 123",
        {
            "en": "to talk, free, any time",
            "pa": "ਗੱਲ ਕਰਨ ਲਈ, ਮੁਫ਼ਤ, ਕਿਸੇ ਵੀ ਸਮੇਂ",
            "ur": "بات کرنے کے لیے، مفت، کسی بھی وقت",
            "pl": "żeby porozmawiać, za darmo, o każdej porze",
        },
    ),
    HelpLine(
        "NHS 111, option 2",
        {
            "en": "in a mental health crisis",
            "pa": "ਮਾਨਸਿਕ ਸਿਹਤ ਸੰਕਟ ਵਿੱਚ",
            "ur": "ذہنی صحت کے بحران میں",
            "pl": "w kryzysie psychicznym",
        },
    ),
    HelpLine(
        "Text SHOUT to 85258",
        {
            "en": "if you would rather text",
            "pa": "ਜੇ ਤੁਸੀਂ ਟੈਕਸਟ ਕਰਨਾ ਚਾਹੁੰਦੇ ਹੋ",
            "ur": "اگر آپ میسج کرنا چاہیں",
            "pl": "jeśli wolisz napisać SMS",
        },
    ),
)

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "opening": "You matter, and you deserve to be safe.",
        "honest": (
            "This chat is anonymous: nobody reads it as you type, and it cannot send help."
            " Please contact someone who can:"
        ),
        "local": "Local children's services",
        "local_words": "to talk to someone near you",
        "carry_on": "You can carry on with the questions whenever you are ready.",
        "stop": "To stop the questions at any time, send /stop.",
    },
    "pa": {
        "opening": "ਤੁਸੀਂ ਮਹੱਤਵਪੂਰਨ ਹੋ, ਅਤੇ ਤੁਹਾਨੂੰ ਸੁਰੱਖਿਅਤ ਰਹਿਣ ਦਾ ਹੱਕ ਹੈ।",
        "honest": (
            "ਇਹ ਗੱਲਬਾਤ ਗੁਮਨਾਮ ਹੈ: ਕੋਈ ਇਸਨੂੰ ਹੁਣੇ ਨਹੀਂ ਪੜ੍ਹਦਾ, ਅਤੇ ਇਹ ਮਦਦ ਨਹੀਂ ਭੇਜ ਸਕਦੀ।"
            " ਕਿਰਪਾ ਕਰਕੇ ਕਿਸੇ ਅਜਿਹੇ ਨਾਲ ਸੰਪਰਕ ਕਰੋ ਜੋ ਮਦਦ ਕਰ ਸਕੇ:"
        ),
        "local": "ਸਥਾਨਕ ਬੱਚਿਆਂ ਦੀਆਂ ਸੇਵਾਵਾਂ",
        "local_words": "ਨੇੜੇ ਕਿਸੇ ਨਾਲ ਗੱਲ ਕਰਨ ਲਈ",
        "carry_on": "ਜਦੋਂ ਤੁਸੀਂ ਤਿਆਰ ਹੋਵੋ, ਸਵਾਲ ਜਾਰੀ ਰੱਖ ਸਕਦੇ ਹੋ।",
        "stop": "ਕਿਸੇ ਵੀ ਸਮੇਂ ਸਵਾਲ ਬੰਦ ਕਰਨ ਲਈ /stop ਭੇਜੋ।",
    },
    "ur": {
        "opening": "آپ اہم ہیں، اور آپ کا محفوظ رہنا آپ کا حق ہے۔",
        "honest": (
            "یہ چیٹ گمنام ہے: اسے ابھی کوئی نہیں پڑھتا، اور یہ مدد نہیں بھیج سکتی۔"
            " براہ کرم کسی ایسے سے رابطہ کریں جو مدد کر سکے:"
        ),
        "local": "مقامی بچوں کی خدمات",
        "local_words": "قریب کسی سے بات کرنے کے لیے",
        "carry_on": "جب آپ تیار ہوں، سوالات جاری رکھ سکتے ہیں۔",
        "stop": "کسی بھی وقت سوالات روکنے کے لیے /stop بھیجیں۔",
    },
    "pl": {
        "opening": "Jesteś ważny/ważna i masz prawo być bezpieczny/bezpieczna.",
        "honest": (
            "Ten czat jest anonimowy: nikt go teraz nie czyta i nie może on wysłać pomocy."
            " Skontaktuj się z kimś, kto może pomóc:"
        ),
        "local": "Lokalne służby ds. dzieci",
        "local_words": "żeby porozmawiać z kimś w pobliżu",
        "carry_on": "Możesz wrócić do pytań, kiedy będziesz gotowy/gotowa.",
        "stop": "Aby w każdej chwili przerwać pytania, wyślij /stop.",
    },
}

LANGUAGES: tuple[str, ...] = tuple(_WORDS)


def _words(language: str) -> dict[str, str]:
    return _WORDS.get(language, _WORDS["en"])


def _help_lines(language: str, local_help: str | None) -> list[str]:
    lang = language if language in _WORDS else "en"
    lines = [f"• {line.number}: {line.words[lang]}" for line in HELP_LINES]
    if local_help and local_help.strip():
        words = _words(lang)
        lines.append(f"• {words['local']} {local_help.strip()}: {words['local_words']}")
    return lines


def signpost_message(language: str, *, local_help: str | None = None) -> str:
    """What the bot says at once when an answer matches a safeguarding phrase."""
    words = _words(language)
    return "\n".join(
        [
            words["opening"],
            words["honest"],
            *_help_lines(language, local_help),
            words["carry_on"],
        ]
    )


def help_message(language: str, *, local_help: str | None = None) -> str:
    """What /help shows: the same help lines, and how to stop."""
    words = _words(language)
    return "\n".join(
        [
            words["honest"],
            *_help_lines(language, local_help),
            words["stop"],
        ]
    )
