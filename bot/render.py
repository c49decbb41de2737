"""Engine steps as Telegram messages: the words and the keyboard, nothing sent from here."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardMarkup

from bot import keyboards
from bot.texts import text
from surveys.engine import Ask
from surveys.engine_state import options_for
from surveys.model import Question, Survey

#: Telegram's limit on a message; question texts are far shorter, but a reprompt plus a
#: long question plus hints must still fit.
MESSAGE_LIMIT = 4096
#: How much of a question a notice quotes: enough to know it by.
QUOTED_QUESTION = 80


@dataclass(frozen=True)
class Message:
    text: str
    keyboard: InlineKeyboardMarkup | None = None


def question_text(ask: Ask, language: str) -> str:
    """The question as it stays on screen once answered: progress, then the words."""
    progress = text(language, "progress", position=ask.position, total=ask.total)
    return f"{progress}\n{ask.text}"


def question(ask: Ask, language: str, number: int, *, nonce: str) -> Message:
    """One message per question, with the keyboard that answers it at step ``number`` of
    the session whose buttons carry ``nonce``."""
    q = ask.question
    options = options_for(q)
    emoji = (
        [o.emoji for o in options]
        if len(options) == len(ask.options)
        else [None] * len(ask.options)
    )
    lines = []
    if ask.reprompt:
        lines.append(ask.reprompt)
        lines.append("")
    lines.append(question_text(ask, language))
    if q.help is not None:
        lines.append(f"ℹ️ {q.help.get(language)}")
    multi = q.kind == "multi"
    if ask.options and all(emoji) and not multi:
        # Emoji-only buttons fit one row on a phone; say once what each one means.
        lines.append("")
        lines.append("   ".join(label for _, label in ask.options))
    elif q.kind == "text":
        lines.append(text(language, "type_hint_skip" if ask.can_skip else "type_hint"))
    elif q.kind == "number":
        lines.append(text(language, "number_hint"))
    elif multi:
        lines.append(text(language, "multi_hint"))
    elif q.kind == "share":
        # Said plainly every time: what yes and no each do with their words.
        lines.append(text(language, "share_hint"))
    selected = [i for i, (code, _) in enumerate(ask.options) if code in ask.selected]
    markup = keyboards.question_keyboard(
        nonce=nonce,
        step=number,
        labels=[label for _, label in ask.options],
        emoji=emoji,
        language=language,
        multi=multi,
        selected=selected,
        can_back=ask.can_back,
        can_skip=ask.can_skip,
    )
    return Message(_fit("\n".join(lines)), markup)


def card(ask: Ask, language: str, number: int, tick: str | None, *, nonce: str) -> Message:
    """The survey's one card showing ``ask``: a brief tick for the answer just given, then
    the question with its progress and keyboard, as :func:`question` lays them out."""
    message = question(ask, language, number, nonce=nonce)
    if not tick:
        return message
    return Message(_fit(f"{tick}\n\n{message.text}"), message.keyboard)


def answered(ask_text: str, choice: str) -> str:
    """The tapped question once answered: its words, then the choice, no buttons."""
    return _fit(f"{ask_text}\n\n{choice}")


def kept_unseen(asked: Question, language: str, *, last: bool) -> str:
    """Typed words taken for a question the person may never have seen (a crash before it
    went out): which question they were kept for, and how to change that — Back on the
    next question, or /withdraw when the survey ended with it. Never the words themselves:
    they are theirs, and this message is not the place to show them again."""
    quoted = keyboards.shorten(asked.text.get(language), QUOTED_QUESTION)
    if last:
        return text(language, "kept_unseen_last", question=quoted)
    return text(language, "kept_unseen", question=quoted, back=text(language, "button_back"))


def welcome(survey: Survey, language: str, *, offer_removal: bool = False) -> str:
    words = text(language, "welcome", intro=survey.intro.get(language))
    if offer_removal:
        words = f"{words}\n{text(language, 'removal_offered')}"
    return _fit(words)


#: Audiences whose every survey ends with the Childline line, whatever the check found:
#: the safety net for a disclosure no check could read.
CHILDLINE_AUDIENCES = frozenset({"child", "young_person"})


def thanks(survey: Survey, language: str, withdrawal_code: str, *, tick: str | None = None) -> str:
    parts = [tick] if tick else []
    parts += [
        survey.thanks.get(language),
        text(language, "thanks_next"),
        text(language, "withdraw_code", code=withdrawal_code),
    ]
    if survey.audience in CHILDLINE_AUDIENCES:
        parts.append(text(language, "childline_line"))
    return _fit("\n\n".join(parts))


def thanks_again(survey: Survey | None, language: str, withdrawal_code: str) -> str:
    """A thank-you a crash kept from them: first that their answers were saved."""
    if survey is None:  # retired since: the code still works
        return _fit(
            "\n\n".join(
                [
                    text(language, "saved_after_all"),
                    text(language, "withdraw_code", code=withdrawal_code),
                ]
            )
        )
    return _fit(
        f"{text(language, 'saved_after_all')}\n\n{thanks(survey, language, withdrawal_code)}"
    )


def _fit(words: str) -> str:
    return words if len(words) <= MESSAGE_LIMIT else words[: MESSAGE_LIMIT - 1] + "…"
