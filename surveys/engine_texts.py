"""What the survey engine says to a respondent, in every shipped language.

One dict per language, all in one place, so a translator can check them side by
side. English is the fallback for a missing language or key. The words are kept
plain and kind: the person on the other end may be a child on their own phone.

The Punjabi (Gurmukhi), Urdu and Polish texts are awaiting review by a native
speaker, like the survey translations marked ``translation_status``.
"""

from __future__ import annotations

from typing import Final

#: Longest free-text answer the engine accepts, in characters.
MAX_TEXT_LENGTH: Final = 2000

EN: Final[dict[str, str]] = {
    "tap_button": "Please tap one of the buttons below.",
    "tick_then_done": "Please tick everything that fits, then tap Done.",
    "tick_at_least_one": "Please tick at least one answer, then tap Done.",
    "tick_at_least_one_or_skip": (
        "Please tick at least one answer, then tap Done — or tap Skip if you'd rather not say."
    ),
    "not_a_number": "Please send a number, like 3.",
    "whole_number": "Please send a whole number, like 3.",
    "number_range": "Please send a number from {min} to {max}.",
    "number_min": "Please send a number of {min} or more.",
    "number_max": "Please send a number of {max} or less.",
    "type_answer": "Please type your answer in a message.",
    "type_answer_or_skip": (
        "Please type your answer in a message, or tap Skip if you'd rather not say."
    ),
    "too_long": "That's a bit long — could you shorten it to {limit} characters or fewer?",
    "cannot_skip": "This question needs an answer, please.",
    "first_question": "This is the first question, so there is nothing to go back to.",
    "changed": "This survey has changed since you started, so let's start again.",
    "share_yes": "Yes, you can share it",
    "share_no": "No, please keep it private",
    "progress": "{position} of {total}",
}

PA: Final[dict[str, str]] = {
    "tap_button": "ਕਿਰਪਾ ਕਰਕੇ ਹੇਠਾਂ ਦਿੱਤੇ ਬਟਨਾਂ ਵਿੱਚੋਂ ਇੱਕ ਦਬਾਓ।",
    "tick_then_done": "ਕਿਰਪਾ ਕਰਕੇ ਜੋ ਵੀ ਠੀਕ ਲੱਗੇ ਉਸ 'ਤੇ ਨਿਸ਼ਾਨ ਲਗਾਓ, ਫਿਰ 'ਹੋ ਗਿਆ' ਦਬਾਓ।",
    "tick_at_least_one": "ਕਿਰਪਾ ਕਰਕੇ ਘੱਟੋ-ਘੱਟ ਇੱਕ ਜਵਾਬ 'ਤੇ ਨਿਸ਼ਾਨ ਲਗਾਓ, ਫਿਰ 'ਹੋ ਗਿਆ' ਦਬਾਓ।",
    "tick_at_least_one_or_skip": (
        "ਕਿਰਪਾ ਕਰਕੇ ਘੱਟੋ-ਘੱਟ ਇੱਕ ਜਵਾਬ 'ਤੇ ਨਿਸ਼ਾਨ ਲਗਾਓ, ਫਿਰ 'ਹੋ ਗਿਆ' ਦਬਾਓ — "
        "ਜਾਂ ਜੇ ਤੁਸੀਂ ਨਹੀਂ ਦੱਸਣਾ ਚਾਹੁੰਦੇ ਤਾਂ 'ਛੱਡੋ' ਦਬਾਓ।"
    ),
    "not_a_number": "ਕਿਰਪਾ ਕਰਕੇ ਇੱਕ ਨੰਬਰ ਭੇਜੋ, ਜਿਵੇਂ 3।",
    "whole_number": "ਕਿਰਪਾ ਕਰਕੇ ਇੱਕ ਪੂਰਾ ਨੰਬਰ ਭੇਜੋ, ਜਿਵੇਂ 3।",
    "number_range": "ਕਿਰਪਾ ਕਰਕੇ {min} ਤੋਂ {max} ਤੱਕ ਕੋਈ ਨੰਬਰ ਭੇਜੋ।",
    "number_min": "ਕਿਰਪਾ ਕਰਕੇ {min} ਜਾਂ ਉਸ ਤੋਂ ਵੱਧ ਨੰਬਰ ਭੇਜੋ।",
    "number_max": "ਕਿਰਪਾ ਕਰਕੇ {max} ਜਾਂ ਉਸ ਤੋਂ ਘੱਟ ਨੰਬਰ ਭੇਜੋ।",
    "type_answer": "ਕਿਰਪਾ ਕਰਕੇ ਆਪਣਾ ਜਵਾਬ ਇੱਕ ਸੁਨੇਹੇ ਵਿੱਚ ਲਿਖੋ।",
    "type_answer_or_skip": (
        "ਕਿਰਪਾ ਕਰਕੇ ਆਪਣਾ ਜਵਾਬ ਇੱਕ ਸੁਨੇਹੇ ਵਿੱਚ ਲਿਖੋ, ਜਾਂ ਜੇ ਤੁਸੀਂ ਨਹੀਂ ਦੱਸਣਾ ਚਾਹੁੰਦੇ ਤਾਂ 'ਛੱਡੋ' ਦਬਾਓ।"
    ),
    "too_long": "ਇਹ ਥੋੜ੍ਹਾ ਲੰਮਾ ਹੈ — ਕੀ ਤੁਸੀਂ ਇਸਨੂੰ {limit} ਅੱਖਰਾਂ ਜਾਂ ਘੱਟ ਵਿੱਚ ਛੋਟਾ ਕਰ ਸਕਦੇ ਹੋ?",
    "cannot_skip": "ਕਿਰਪਾ ਕਰਕੇ ਇਸ ਸਵਾਲ ਦਾ ਜਵਾਬ ਦਿਓ।",
    "first_question": "ਇਹ ਪਹਿਲਾ ਸਵਾਲ ਹੈ, ਇਸ ਲਈ ਪਿੱਛੇ ਜਾਣ ਲਈ ਕੁਝ ਨਹੀਂ ਹੈ।",
    "changed": "ਤੁਹਾਡੇ ਸ਼ੁਰੂ ਕਰਨ ਤੋਂ ਬਾਅਦ ਇਹ ਸਰਵੇ ਬਦਲ ਗਿਆ ਹੈ, ਇਸ ਲਈ ਆਓ ਦੁਬਾਰਾ ਸ਼ੁਰੂ ਕਰੀਏ।",
    "share_yes": "ਹਾਂ, ਤੁਸੀਂ ਇਸਨੂੰ ਸਾਂਝਾ ਕਰ ਸਕਦੇ ਹੋ",
    "share_no": "ਨਹੀਂ, ਕਿਰਪਾ ਕਰਕੇ ਇਸਨੂੰ ਨਿੱਜੀ ਰੱਖੋ",
    "progress": "{total} ਵਿੱਚੋਂ {position}",
}

UR: Final[dict[str, str]] = {
    "tap_button": "براہِ کرم نیچے دیے گئے بٹنوں میں سے کسی ایک کو دبائیں۔",
    "tick_then_done": "براہِ کرم جو بھی آپ پر لاگو ہو اس پر نشان لگائیں، پھر 'ہو گیا' دبائیں۔",
    "tick_at_least_one": "براہِ کرم کم از کم ایک جواب پر نشان لگائیں، پھر 'ہو گیا' دبائیں۔",
    "tick_at_least_one_or_skip": (
        "براہِ کرم کم از کم ایک جواب پر نشان لگائیں، پھر 'ہو گیا' دبائیں — "
        "یا اگر آپ نہیں بتانا چاہتے تو 'چھوڑیں' دبائیں۔"
    ),
    "not_a_number": "براہِ کرم ایک نمبر بھیجیں، جیسے 3۔",
    "whole_number": "براہِ کرم ایک پورا نمبر بھیجیں، جیسے 3۔",
    "number_range": "براہِ کرم {min} سے {max} تک کوئی نمبر بھیجیں۔",
    "number_min": "براہِ کرم {min} یا اس سے زیادہ کا نمبر بھیجیں۔",
    "number_max": "براہِ کرم {max} یا اس سے کم کا نمبر بھیجیں۔",
    "type_answer": "براہِ کرم اپنا جواب ایک پیغام میں لکھیں۔",
    "type_answer_or_skip": (
        "براہِ کرم اپنا جواب ایک پیغام میں لکھیں، یا اگر آپ نہیں بتانا چاہتے تو 'چھوڑیں' دبائیں۔"
    ),
    "too_long": "یہ تھوڑا لمبا ہے — کیا آپ اسے {limit} حروف یا اس سے کم میں مختصر کر سکتے ہیں؟",
    "cannot_skip": "براہِ کرم اس سوال کا جواب دیں۔",
    "first_question": "یہ پہلا سوال ہے، اس لیے پیچھے جانے کے لیے کچھ نہیں ہے۔",
    "changed": "آپ کے شروع کرنے کے بعد یہ سروے بدل گیا ہے، اس لیے آئیے دوبارہ شروع کریں۔",
    "share_yes": "جی ہاں، آپ اسے شیئر کر سکتے ہیں",
    "share_no": "نہیں، براہِ کرم اسے نجی رکھیں",
    "progress": "{total} میں سے {position}",
}

PL: Final[dict[str, str]] = {
    "tap_button": "Proszę nacisnąć jeden z przycisków poniżej.",
    "tick_then_done": "Proszę zaznaczyć wszystko, co pasuje, a potem nacisnąć Gotowe.",
    "tick_at_least_one": "Proszę zaznaczyć co najmniej jedną odpowiedź, a potem nacisnąć Gotowe.",
    "tick_at_least_one_or_skip": (
        "Proszę zaznaczyć co najmniej jedną odpowiedź, a potem nacisnąć Gotowe — "
        "albo nacisnąć Pomiń, jeśli wolisz nie odpowiadać."
    ),
    "not_a_number": "Proszę wysłać liczbę, na przykład 3.",
    "whole_number": "Proszę wysłać liczbę całkowitą, na przykład 3.",
    "number_range": "Proszę wysłać liczbę od {min} do {max}.",
    "number_min": "Proszę wysłać liczbę równą {min} lub większą.",
    "number_max": "Proszę wysłać liczbę równą {max} lub mniejszą.",
    "type_answer": "Proszę wpisać odpowiedź w wiadomości.",
    "type_answer_or_skip": (
        "Proszę wpisać odpowiedź w wiadomości albo nacisnąć Pomiń, jeśli wolisz nie odpowiadać."
    ),
    "too_long": "To trochę za długie — czy możesz skrócić tekst do {limit} znaków lub mniej?",
    "cannot_skip": "Prosimy o odpowiedź na to pytanie.",
    "first_question": "To jest pierwsze pytanie, więc nie ma do czego wracać.",
    "changed": "Ta ankieta zmieniła się od czasu, gdy ją zaczęto, więc zacznijmy od nowa.",
    "share_yes": "Tak, możecie to udostępnić",
    "share_no": "Nie, proszę zachować to dla siebie",
    "progress": "{position} z {total}",
}

TEXTS: Final[dict[str, dict[str, str]]] = {"en": EN, "pa": PA, "ur": UR, "pl": PL}

#: Languages that write 2000 without a thousands comma (Polish would use a space,
#: which reads oddly in a number this small, so it is written plainly).
_NO_THOUSANDS_COMMA: Final = frozenset({"pl"})


def engine_text(language: str, key: str, **values: object) -> str:
    """The engine's ``key`` message in ``language`` (English when missing), filled in."""
    texts = TEXTS.get(language, EN)
    template = texts.get(key) or EN[key]
    if key == "too_long":
        plain = language in _NO_THOUSANDS_COMMA
        values.setdefault("limit", str(MAX_TEXT_LENGTH) if plain else f"{MAX_TEXT_LENGTH:,}")
    return template.format(**values)


def progress_text(language: str, position: int, total: int) -> str:
    """ "3 of 7" in ``language``."""
    return engine_text(language, "progress", position=position, total=total)
