# ruff: noqa: E501  (translated lines are kept whole, so a translator can read them)
"""Every word the bot says to respondents, staff and admins, one dict per language.

Respondent texts exist in every shipped language (English, Punjabi in Gurmukhi, Urdu,
Polish); a test checks none is missing. Staff and admin texts are English only and fall
back to it. The survey's own wording (intro, questions, thanks) comes from its definition,
and the help lines from :mod:`surveys.signposting`.

Plain words, short lines: many respondents are children, and many read on a small screen.
"""

from __future__ import annotations

#: Non-English texts were written without a native speaker; they need one to check them.
TRANSLATION_STATUS = {
    "pa": "awaiting review by a native speaker",
    "ur": "awaiting review by a native speaker",
    "pl": "awaiting review by a native speaker",
}

#: How each language names itself, for the language buttons.
LANGUAGE_NAMES = {"en": "English", "pa": "ਪੰਜਾਬੀ", "ur": "اردو", "pl": "Polski"}

#: Keys every language must have (the respondent's side of the conversation).
RESPONDENT_KEYS = (
    "welcome",
    "choose_language",
    "language_set",
    "language_only_one",
    "language_no_survey",
    "progress",
    "button_back",
    "button_skip",
    "button_done",
    "chosen",
    "skipped",
    "went_back",
    "type_hint",
    "type_hint_skip",
    "number_hint",
    "multi_hint",
    "share_hint",
    "nudge_tap",
    "media",
    "thanks_next",
    "childline_line",
    "withdraw_code",
    "withdraw_done",
    "withdraw_unknown",
    "too_many_codes",
    "withdraw_usage",
    "stopped",
    "noted",
    "removal_offered",
    "remove_button",
    "remove_all_button",
    "removed",
    "screen_reader_button",
    "screen_reader_on",
    "settings",
    "settings_to_card",
    "settings_to_messages",
    "settings_removal_on",
    "settings_removal_off",
    "settings_saved",
    "nothing_to_stop",
    "privacy",
    "no_invite",
    "invite_invalid",
    "nothing_in_progress",
    "reminder",
    "expired",
    "changed",
    "retired",
    "error",
    "stale",
    "slow_down",
    "earlier",
    "ended",
    "saved_after_all",
    "kept_unseen",
    "kept_unseen_last",
)

EN: dict[str, str] = {
    # --- respondents ---
    "welcome": (
        "Hello, and thank you for helping. 👋\n"
        "{intro}\n\n"
        "🔒 It is anonymous. We never ask your name, and nobody will know who answered.\n"
        "🕐 Nobody reads the answers as they come in. If you need help now, send /help.\n"
        "✋ You can stop at any time: send /stop."
    ),
    "choose_language": "Which language would you like?",
    "language_set": "OK, we'll carry on in English.",
    "language_only_one": "Sorry, this survey is only in English.",
    "language_no_survey": "You can choose a language once you have started a survey.",
    "progress": "{position} of {total}",
    "button_back": "⬅️ Back",
    "button_skip": "Skip ➡️",
    "button_done": "✔️ Done",
    "chosen": "✅ {label}",
    "skipped": "⏭ Skipped",
    "went_back": "⬅️ Back",
    "type_hint": "✏️ Type your answer and send it.",
    "type_hint_skip": "✏️ Type your answer and send it, or tap Skip.",
    "share_hint": (
        "ℹ️ Yes means we may quote your words, with names taken out, in reports for the people "
        "who run these services. No means your words stay out of reports and exports: only the "
        "few staff who check answers for safety can read them."
    ),
    "number_hint": "✏️ Type a number and send it.",
    "multi_hint": "Tap all that fit, then tap Done.",
    "nudge_tap": "Please tap one of the buttons to answer. 🙂",
    "media": (
        "Thank you! I can only understand typed words and button taps, so please type or "
        "tap. What you sent was not kept."
    ),
    "thanks_next": (
        "What happens next: your answers are put together with everyone else's, and the "
        "people who run the services read them to make things better. Nobody will know "
        "which answers are yours."
    ),
    "childline_line": (
        "If anything is worrying you, you can talk to Childline, free, any time: 0800 1111. "
        "Send /help to see more places that can help. This chat cannot send help itself."
    ),
    "withdraw_code": "Changed your mind? Send /withdraw {code} and we will delete your answers.",
    "withdraw_done": "Done. Those answers have been deleted.",
    "too_many_codes": (
        "You've tried too many codes for now. To keep everyone's answers safe, please try "
        "again after {time}."
    ),
    "withdraw_unknown": (
        "I couldn't find any answers with that code. Please check it and try again."
    ),
    "withdraw_usage": (
        "To delete your answers, send /withdraw and the code you were given at the end, "
        "like this: /withdraw {example}"
    ),
    "stopped": "You have stopped. Nothing you answered was kept. Thank you for your time.",
    "noted": "✅ Thanks, got that.",
    "removal_offered": "🧹 At the end there is a button to remove this conversation from your phone.",
    "remove_button": "🧹 Remove this conversation from my phone",
    "remove_all_button": "🧹 Remove it all, help lines too",
    "removed": "Done: this conversation is removed from your phone.",
    "screen_reader_button": "🔊 One message per question (screen readers)",
    "screen_reader_on": "OK: one message per question from now on. Change it with /settings.",
    "settings": "Your settings for surveys in this chat:\n\n• {layout}\n• {removal}\n\nTap a button to change one.",
    "settings_to_card": "Questions on one card",
    "settings_to_messages": "One message per question (screen readers)",
    "settings_removal_on": "Always offer to remove the conversation",
    "settings_removal_off": "Offer removal only on children's surveys",
    "settings_saved": "Saved.",
    "nothing_to_stop": "There is no survey going on, so there is nothing to stop.",
    "privacy": (
        "🔒 Your privacy\n"
        "• We never ask your name. Your answers are not kept with your Telegram account.\n"
        "• While you answer, your place in the survey is saved under a scrambled code. "
        "It is deleted when you finish or stop.\n"
        "• Names, phone numbers and addresses are taken out of what you write before it "
        "is saved.\n"
        "• Results are only shared as totals from many people, never one person's answers.\n"
        "• Telegram itself can see that you talked to this bot.\n"
        "• To delete your answers, send /withdraw with the code you get at the end."
    ),
    "no_invite": (
        "Hello! 👋 This bot asks children, young people and families what they think of "
        "the help they get. To take part you need a link or QR code from your worker. "
        "Please ask them for one."
    ),
    "invite_invalid": (
        "Sorry, this link doesn't work. It may have been used already, it may be out of "
        "date, or part of it may be missing. Please ask your worker for a new link or QR code."
    ),
    "nothing_in_progress": (
        "There is no survey going on just now. To take part you need a link or QR code from "
        "your worker. Send /help for help lines."
    ),
    "reminder": (
        "Hello again! You started a short survey but didn't finish. You can carry on below, "
        "or send /stop to end it. It will close on its own in a few days."
    ),
    "expired": (
        "Your survey closed because it wasn't finished, and your answers were not kept. "
        "If you would like to take part, please ask your worker for a new link."
    ),
    "changed": (
        "Sorry, this survey was changed while you were answering, so we need to start it "
        "again from the beginning."
    ),
    "retired": (
        "Sorry, this survey closed while you were answering, so your answers so far were not "
        "kept. If you would like to take part, please ask your worker for a new link."
    ),
    "error": (
        "Sorry, something went wrong on our side. Your answers so far are safe. "
        "Please try again in a minute."
    ),
    "stale": "That one has already been answered.",
    "earlier": "That question is from an earlier survey.",
    "ended": (
        "That survey has ended, so its buttons don't do anything now. To take part again, "
        "please ask your worker for a new link."
    ),
    "saved_after_all": "Sorry, this message didn't reach you before. Your answers were saved. ✅",
    # Before the next question (or the thanks) when typed words were taken for a question
    # this process never showed: a crash may have kept it from them. Never their words.
    "kept_unseen": (
        "Sorry, a question may not have reached you. We saved what you just sent as your "
        "answer to “{question}”. If you meant something else, tap {back} below to change it."
    ),
    "kept_unseen_last": (
        "Sorry, a question may not have reached you. We saved what you just sent as your "
        "answer to “{question}”. If you meant something else, you can delete all your "
        "answers: send /withdraw with the code below."
    ),
    "slow_down": (
        "You're sending messages faster than we can read them, so we skipped some. "
        "Please wait a moment, then carry on."
    ),
    # --- staff ---
    "join_usage": "Send /join and the code your manager gave you, like this: /join ABCD1234",
    "join_bad_code": "That code didn't work. Please check it with your manager.",
    "join_ok": (
        "You're signed up for the monthly staff pulse: a few quick questions once a month. "
        "Your answers are anonymous. Send /leave to stop."
    ),
    "join_already": "You're already signed up for the monthly pulse.",
    "leave_ok": "Done. You won't get the monthly pulse any more.",
    "leave_not_member": "You weren't signed up for the monthly pulse.",
    "staff_only": "This is for staff who have joined. Send /join and your team's code first.",
    "invite_usage": (
        "Send /invite and a survey, like this: /invite {example}\n"
        "For a practitioner forum: /invite forum 30 (a link that closes after 30 minutes).\n"
        "Surveys: {surveys}"
    ),
    "invite_unknown_survey": "There is no survey called {survey}. Surveys: {surveys}",
    "invite_made": (
        "Here is a single-use link for {survey}. Show the family the QR code, or send them "
        "the link:\n{link}"
    ),
    "forum_made": (
        "Here is a link for the forum ({survey}). Anyone can use it for the next {minutes} "
        "minutes:\n{link}"
    ),
    "forum_no_survey": "There is no forum survey to invite people to.",
    "pulse_intro": "It's time for this month's staff pulse: {count} quick questions, anonymous.",
    # --- admins ---
    "not_available": "Sorry, that is not available.",
    "summary_bad_period": (
        "I didn't understand that period. Try /summary, /summary 2026-Q3 or /summary 2026-07."
    ),
    "report_not_ready": "Reports are not available from the bot just now. Use `betteroff report`.",
    "report_caption": "Better Off report, {period}.",
    "stories_none": "There are no stories waiting for a decision.",
    "story_card": "Story {position} of {total} — {survey}, {touchpoint}, {month}\n\n{text}",
    "story_names_left": "⚠️ These words may be names that redaction missed — check before approving: {names}",
    "story_approve": "✅ Approve",
    "story_reject": "❌ Reject",
    "story_approved": "Approved.",
    "story_rejected": "Rejected.",
    "story_gone": "That story has already been decided.",
    "flags_none": "There are no flagged responses.",
    "flags_header": "Flagged responses (most recent first):",
    "flag_line": "• {date} — {survey}, {touchpoint} — {categories}\n  {text}",
}

PA: dict[str, str] = {
    "welcome": (
        "ਸਤ ਸ੍ਰੀ ਅਕਾਲ, ਮਦਦ ਕਰਨ ਲਈ ਧੰਨਵਾਦ। 👋\n"
        "{intro}\n\n"
        "🔒 ਇਹ ਗੁਮਨਾਮ ਹੈ। ਅਸੀਂ ਕਦੇ ਤੁਹਾਡਾ ਨਾਮ ਨਹੀਂ ਪੁੱਛਦੇ, ਅਤੇ ਕਿਸੇ ਨੂੰ ਪਤਾ ਨਹੀਂ ਲੱਗੇਗਾ ਕਿ ਜਵਾਬ ਕਿਸਨੇ ਦਿੱਤੇ।\n"
        "🕐 ਜਵਾਬ ਆਉਂਦੇ ਸਮੇਂ ਕੋਈ ਨਹੀਂ ਪੜ੍ਹਦਾ। ਜੇ ਤੁਹਾਨੂੰ ਹੁਣੇ ਮਦਦ ਚਾਹੀਦੀ ਹੈ, ਤਾਂ /help ਭੇਜੋ।\n"
        "✋ ਤੁਸੀਂ ਕਿਸੇ ਵੀ ਸਮੇਂ ਰੁਕ ਸਕਦੇ ਹੋ: /stop ਭੇਜੋ।"
    ),
    "choose_language": "ਤੁਸੀਂ ਕਿਹੜੀ ਭਾਸ਼ਾ ਚਾਹੁੰਦੇ ਹੋ?",
    "language_set": "ਠੀਕ ਹੈ, ਅਸੀਂ ਪੰਜਾਬੀ ਵਿੱਚ ਜਾਰੀ ਰੱਖਾਂਗੇ।",
    "language_only_one": "ਮਾਫ਼ ਕਰਨਾ, ਇਹ ਸਰਵੇਖਣ ਸਿਰਫ਼ ਇੱਕ ਭਾਸ਼ਾ ਵਿੱਚ ਹੈ।",
    "language_no_survey": "ਸਰਵੇਖਣ ਸ਼ੁਰੂ ਕਰਨ ਤੋਂ ਬਾਅਦ ਤੁਸੀਂ ਭਾਸ਼ਾ ਚੁਣ ਸਕਦੇ ਹੋ।",
    "progress": "{total} ਵਿੱਚੋਂ {position}",
    "button_back": "⬅️ ਪਿੱਛੇ",
    "button_skip": "ਛੱਡੋ ➡️",
    "button_done": "✔️ ਹੋ ਗਿਆ",
    "chosen": "✅ {label}",
    "skipped": "⏭ ਛੱਡ ਦਿੱਤਾ",
    "went_back": "⬅️ ਪਿੱਛੇ",
    "type_hint": "✏️ ਆਪਣਾ ਜਵਾਬ ਲਿਖੋ ਅਤੇ ਭੇਜੋ।",
    "type_hint_skip": "✏️ ਆਪਣਾ ਜਵਾਬ ਲਿਖੋ ਅਤੇ ਭੇਜੋ, ਜਾਂ 'ਛੱਡੋ' ਦਬਾਓ।",
    "share_hint": "ℹ️ 'ਹਾਂ' ਦਾ ਮਤਲਬ ਹੈ ਕਿ ਅਸੀਂ ਨਾਮ ਹਟਾ ਕੇ ਤੁਹਾਡੇ ਸ਼ਬਦ ਇਹ ਸੇਵਾਵਾਂ ਚਲਾਉਣ ਵਾਲੇ ਲੋਕਾਂ ਲਈ ਰਿਪੋਰਟਾਂ ਵਿੱਚ ਵਰਤ ਸਕਦੇ ਹਾਂ। 'ਨਹੀਂ' ਦਾ ਮਤਲਬ ਹੈ ਕਿ ਤੁਹਾਡੇ ਸ਼ਬਦ ਰਿਪੋਰਟਾਂ ਵਿੱਚ ਨਹੀਂ ਜਾਣਗੇ: ਸਿਰਫ਼ ਸੁਰੱਖਿਆ ਲਈ ਜਵਾਬ ਜਾਂਚਣ ਵਾਲੇ ਕੁਝ ਕਰਮਚਾਰੀ ਹੀ ਉਨ੍ਹਾਂ ਨੂੰ ਪੜ੍ਹ ਸਕਦੇ ਹਨ।",
    "number_hint": "✏️ ਇੱਕ ਨੰਬਰ ਲਿਖੋ ਅਤੇ ਭੇਜੋ।",
    "multi_hint": "ਜੋ ਵੀ ਠੀਕ ਹਨ ਉਹ ਸਾਰੇ ਦਬਾਓ, ਫਿਰ 'ਹੋ ਗਿਆ' ਦਬਾਓ।",
    "nudge_tap": "ਜਵਾਬ ਦੇਣ ਲਈ ਕਿਰਪਾ ਕਰਕੇ ਇੱਕ ਬਟਨ ਦਬਾਓ। 🙂",
    "media": (
        "ਧੰਨਵਾਦ! ਮੈਂ ਸਿਰਫ਼ ਲਿਖੇ ਸ਼ਬਦ ਅਤੇ ਬਟਨ ਸਮਝ ਸਕਦਾ ਹਾਂ, ਇਸ ਲਈ ਕਿਰਪਾ ਕਰਕੇ ਲਿਖੋ ਜਾਂ ਬਟਨ ਦਬਾਓ। "
        "ਜੋ ਤੁਸੀਂ ਭੇਜਿਆ ਉਹ ਰੱਖਿਆ ਨਹੀਂ ਗਿਆ।"
    ),
    "thanks_next": (
        "ਅੱਗੇ ਕੀ ਹੁੰਦਾ ਹੈ: ਤੁਹਾਡੇ ਜਵਾਬ ਬਾਕੀ ਸਾਰਿਆਂ ਦੇ ਜਵਾਬਾਂ ਨਾਲ ਮਿਲਾਏ ਜਾਂਦੇ ਹਨ, ਅਤੇ ਸੇਵਾਵਾਂ ਚਲਾਉਣ ਵਾਲੇ ਲੋਕ "
        "ਉਹਨਾਂ ਨੂੰ ਪੜ੍ਹ ਕੇ ਚੀਜ਼ਾਂ ਬਿਹਤਰ ਬਣਾਉਂਦੇ ਹਨ। ਕਿਸੇ ਨੂੰ ਪਤਾ ਨਹੀਂ ਲੱਗੇਗਾ ਕਿ ਕਿਹੜੇ ਜਵਾਬ ਤੁਹਾਡੇ ਹਨ।"
    ),
    "childline_line": (
        "ਜੇ ਕੋਈ ਗੱਲ ਤੁਹਾਨੂੰ ਪਰੇਸ਼ਾਨ ਕਰ ਰਹੀ ਹੈ, ਤਾਂ ਤੁਸੀਂ Childline ਨਾਲ ਮੁਫ਼ਤ, ਕਿਸੇ ਵੀ ਸਮੇਂ ਗੱਲ ਕਰ ਸਕਦੇ ਹੋ: 0800 1111। "
        "ਮਦਦ ਦੀਆਂ ਹੋਰ ਥਾਵਾਂ ਦੇਖਣ ਲਈ /help ਭੇਜੋ। ਇਹ ਗੱਲਬਾਤ ਆਪ ਮਦਦ ਨਹੀਂ ਭੇਜ ਸਕਦੀ।"
    ),
    "withdraw_code": "ਮਨ ਬਦਲ ਗਿਆ? /withdraw {code} ਭੇਜੋ ਅਤੇ ਅਸੀਂ ਤੁਹਾਡੇ ਜਵਾਬ ਮਿਟਾ ਦੇਵਾਂਗੇ।",
    "withdraw_done": "ਹੋ ਗਿਆ। ਉਹ ਜਵਾਬ ਮਿਟਾ ਦਿੱਤੇ ਗਏ ਹਨ।",
    "too_many_codes": "ਤੁਸੀਂ ਹੁਣ ਲਈ ਬਹੁਤ ਸਾਰੇ ਕੋਡ ਅਜ਼ਮਾ ਲਏ ਹਨ। ਸਾਰਿਆਂ ਦੇ ਜਵਾਬ ਸੁਰੱਖਿਅਤ ਰੱਖਣ ਲਈ, ਕਿਰਪਾ ਕਰਕੇ {time} ਤੋਂ ਬਾਅਦ ਦੁਬਾਰਾ ਕੋਸ਼ਿਸ਼ ਕਰੋ।",
    "withdraw_unknown": "ਮੈਨੂੰ ਉਸ ਕੋਡ ਨਾਲ ਕੋਈ ਜਵਾਬ ਨਹੀਂ ਮਿਲੇ। ਕਿਰਪਾ ਕਰਕੇ ਜਾਂਚ ਕਰੋ ਅਤੇ ਦੁਬਾਰਾ ਕੋਸ਼ਿਸ਼ ਕਰੋ।",
    "withdraw_usage": (
        "ਆਪਣੇ ਜਵਾਬ ਮਿਟਾਉਣ ਲਈ, /withdraw ਅਤੇ ਅੰਤ ਵਿੱਚ ਮਿਲਿਆ ਕੋਡ ਭੇਜੋ, ਇਸ ਤਰ੍ਹਾਂ: /withdraw {example}"
    ),
    "stopped": "ਤੁਸੀਂ ਰੁਕ ਗਏ ਹੋ। ਤੁਹਾਡਾ ਕੋਈ ਵੀ ਜਵਾਬ ਰੱਖਿਆ ਨਹੀਂ ਗਿਆ। ਤੁਹਾਡੇ ਸਮੇਂ ਲਈ ਧੰਨਵਾਦ।",
    "noted": "✅ ਧੰਨਵਾਦ, ਮਿਲ ਗਿਆ।",
    "removal_offered": "🧹 ਅੰਤ ਵਿੱਚ ਇਸ ਗੱਲਬਾਤ ਨੂੰ ਆਪਣੇ ਫ਼ੋਨ ਤੋਂ ਹਟਾਉਣ ਲਈ ਇੱਕ ਬਟਨ ਹੋਵੇਗਾ।",
    "remove_button": "🧹 ਇਹ ਗੱਲਬਾਤ ਮੇਰੇ ਫ਼ੋਨ ਤੋਂ ਹਟਾਓ",
    "remove_all_button": "🧹 ਸਭ ਕੁਝ ਹਟਾਓ, ਮਦਦ ਨੰਬਰ ਵੀ",
    "removed": "ਹੋ ਗਿਆ: ਇਹ ਗੱਲਬਾਤ ਤੁਹਾਡੇ ਫ਼ੋਨ ਤੋਂ ਹਟਾ ਦਿੱਤੀ ਗਈ ਹੈ।",
    "screen_reader_button": "🔊 ਹਰ ਸਵਾਲ ਲਈ ਇੱਕ ਸੁਨੇਹਾ (ਸਕ੍ਰੀਨ ਰੀਡਰ)",
    "screen_reader_on": "ਠੀਕ ਹੈ: ਹੁਣ ਤੋਂ ਹਰ ਸਵਾਲ ਲਈ ਇੱਕ ਸੁਨੇਹਾ। /settings ਨਾਲ ਬਦਲੋ।",
    "settings": "ਇਸ ਚੈਟ ਵਿੱਚ ਸਰਵੇਖਣਾਂ ਲਈ ਤੁਹਾਡੀਆਂ ਸੈਟਿੰਗਾਂ:\n\n• {layout}\n• {removal}\n\nਬਦਲਣ ਲਈ ਬਟਨ ਦਬਾਓ।",
    "settings_to_card": "ਸਵਾਲ ਇੱਕ ਕਾਰਡ ਉੱਤੇ",
    "settings_to_messages": "ਹਰ ਸਵਾਲ ਲਈ ਇੱਕ ਸੁਨੇਹਾ (ਸਕ੍ਰੀਨ ਰੀਡਰ)",
    "settings_removal_on": "ਹਮੇਸ਼ਾ ਗੱਲਬਾਤ ਹਟਾਉਣ ਦੀ ਪੇਸ਼ਕਸ਼ ਕਰੋ",
    "settings_removal_off": "ਸਿਰਫ਼ ਬੱਚਿਆਂ ਦੇ ਸਰਵੇਖਣਾਂ ਵਿੱਚ ਪੇਸ਼ਕਸ਼ ਕਰੋ",
    "settings_saved": "ਸੰਭਾਲਿਆ ਗਿਆ।",
    "nothing_to_stop": "ਕੋਈ ਸਰਵੇਖਣ ਨਹੀਂ ਚੱਲ ਰਿਹਾ, ਇਸ ਲਈ ਰੋਕਣ ਲਈ ਕੁਝ ਨਹੀਂ ਹੈ।",
    "privacy": (
        "🔒 ਤੁਹਾਡੀ ਨਿੱਜਤਾ\n"
        "• ਅਸੀਂ ਕਦੇ ਤੁਹਾਡਾ ਨਾਮ ਨਹੀਂ ਪੁੱਛਦੇ। ਤੁਹਾਡੇ ਜਵਾਬ ਤੁਹਾਡੇ Telegram ਖਾਤੇ ਨਾਲ ਨਹੀਂ ਰੱਖੇ ਜਾਂਦੇ।\n"
        "• ਜਵਾਬ ਦਿੰਦੇ ਸਮੇਂ, ਸਰਵੇਖਣ ਵਿੱਚ ਤੁਹਾਡੀ ਥਾਂ ਇੱਕ ਗੁਪਤ ਕੋਡ ਹੇਠ ਰੱਖੀ ਜਾਂਦੀ ਹੈ। "
        "ਖਤਮ ਕਰਨ ਜਾਂ ਰੁਕਣ 'ਤੇ ਇਹ ਮਿਟਾ ਦਿੱਤੀ ਜਾਂਦੀ ਹੈ।\n"
        "• ਤੁਹਾਡੀ ਲਿਖਤ ਵਿੱਚੋਂ ਨਾਮ, ਫ਼ੋਨ ਨੰਬਰ ਅਤੇ ਪਤੇ ਰੱਖਣ ਤੋਂ ਪਹਿਲਾਂ ਕੱਢ ਦਿੱਤੇ ਜਾਂਦੇ ਹਨ।\n"
        "• ਨਤੀਜੇ ਸਿਰਫ਼ ਬਹੁਤ ਸਾਰੇ ਲੋਕਾਂ ਦੇ ਕੁੱਲ ਵਜੋਂ ਸਾਂਝੇ ਕੀਤੇ ਜਾਂਦੇ ਹਨ, ਕਦੇ ਇੱਕ ਵਿਅਕਤੀ ਦੇ ਜਵਾਬ ਨਹੀਂ।\n"
        "• Telegram ਖੁਦ ਦੇਖ ਸਕਦਾ ਹੈ ਕਿ ਤੁਸੀਂ ਇਸ ਬੋਟ ਨਾਲ ਗੱਲ ਕੀਤੀ।\n"
        "• ਆਪਣੇ ਜਵਾਬ ਮਿਟਾਉਣ ਲਈ, ਅੰਤ ਵਿੱਚ ਮਿਲੇ ਕੋਡ ਨਾਲ /withdraw ਭੇਜੋ।"
    ),
    "no_invite": (
        "ਸਤ ਸ੍ਰੀ ਅਕਾਲ! 👋 ਇਹ ਬੋਟ ਬੱਚਿਆਂ, ਨੌਜਵਾਨਾਂ ਅਤੇ ਪਰਿਵਾਰਾਂ ਤੋਂ ਪੁੱਛਦਾ ਹੈ ਕਿ ਉਹਨਾਂ ਨੂੰ ਮਿਲੀ ਮਦਦ ਬਾਰੇ ਉਹ "
        "ਕੀ ਸੋਚਦੇ ਹਨ। ਹਿੱਸਾ ਲੈਣ ਲਈ ਤੁਹਾਨੂੰ ਆਪਣੇ ਵਰਕਰ ਤੋਂ ਇੱਕ ਲਿੰਕ ਜਾਂ QR ਕੋਡ ਚਾਹੀਦਾ ਹੈ। ਕਿਰਪਾ ਕਰਕੇ ਉਹਨਾਂ ਤੋਂ ਮੰਗੋ।"
    ),
    "invite_invalid": (
        "ਮਾਫ਼ ਕਰਨਾ, ਇਹ ਲਿੰਕ ਕੰਮ ਨਹੀਂ ਕਰਦਾ। ਹੋ ਸਕਦਾ ਹੈ ਇਹ ਪਹਿਲਾਂ ਵਰਤਿਆ ਜਾ ਚੁੱਕਾ ਹੋਵੇ, ਪੁਰਾਣਾ ਹੋ ਗਿਆ ਹੋਵੇ, "
        "ਜਾਂ ਇਸਦਾ ਕੁਝ ਹਿੱਸਾ ਗੁੰਮ ਹੋਵੇ। ਕਿਰਪਾ ਕਰਕੇ ਆਪਣੇ ਵਰਕਰ ਤੋਂ ਨਵਾਂ ਲਿੰਕ ਜਾਂ QR ਕੋਡ ਮੰਗੋ।"
    ),
    "nothing_in_progress": (
        "ਇਸ ਵੇਲੇ ਕੋਈ ਸਰਵੇਖਣ ਨਹੀਂ ਚੱਲ ਰਿਹਾ। ਹਿੱਸਾ ਲੈਣ ਲਈ ਤੁਹਾਨੂੰ ਆਪਣੇ ਵਰਕਰ ਤੋਂ ਲਿੰਕ ਜਾਂ QR ਕੋਡ ਚਾਹੀਦਾ ਹੈ। "
        "ਮਦਦ ਲਾਈਨਾਂ ਲਈ /help ਭੇਜੋ।"
    ),
    "reminder": (
        "ਫਿਰ ਤੋਂ ਸਤ ਸ੍ਰੀ ਅਕਾਲ! ਤੁਸੀਂ ਇੱਕ ਛੋਟਾ ਸਰਵੇਖਣ ਸ਼ੁਰੂ ਕੀਤਾ ਸੀ ਪਰ ਪੂਰਾ ਨਹੀਂ ਕੀਤਾ। ਤੁਸੀਂ ਹੇਠਾਂ ਜਾਰੀ ਰੱਖ "
        "ਸਕਦੇ ਹੋ, ਜਾਂ ਰੋਕਣ ਲਈ /stop ਭੇਜੋ। ਕੁਝ ਦਿਨਾਂ ਵਿੱਚ ਇਹ ਆਪਣੇ ਆਪ ਬੰਦ ਹੋ ਜਾਵੇਗਾ।"
    ),
    "expired": (
        "ਤੁਹਾਡਾ ਸਰਵੇਖਣ ਪੂਰਾ ਨਾ ਹੋਣ ਕਰਕੇ ਬੰਦ ਹੋ ਗਿਆ, ਅਤੇ ਤੁਹਾਡੇ ਜਵਾਬ ਰੱਖੇ ਨਹੀਂ ਗਏ। ਜੇ ਤੁਸੀਂ ਹਿੱਸਾ ਲੈਣਾ "
        "ਚਾਹੁੰਦੇ ਹੋ, ਤਾਂ ਕਿਰਪਾ ਕਰਕੇ ਆਪਣੇ ਵਰਕਰ ਤੋਂ ਨਵਾਂ ਲਿੰਕ ਮੰਗੋ।"
    ),
    "changed": ("ਮਾਫ਼ ਕਰਨਾ, ਤੁਹਾਡੇ ਜਵਾਬ ਦਿੰਦੇ ਸਮੇਂ ਇਹ ਸਰਵੇਖਣ ਬਦਲ ਗਿਆ, ਇਸ ਲਈ ਸਾਨੂੰ ਇਸਨੂੰ ਸ਼ੁਰੂ ਤੋਂ ਦੁਬਾਰਾ ਕਰਨਾ ਪਵੇਗਾ।"),
    "retired": (
        "ਮਾਫ਼ ਕਰਨਾ, ਤੁਹਾਡੇ ਜਵਾਬ ਦਿੰਦੇ ਸਮੇਂ ਇਹ ਸਰਵੇਖਣ ਬੰਦ ਹੋ ਗਿਆ, ਇਸ ਲਈ ਤੁਹਾਡੇ ਹੁਣ ਤੱਕ ਦੇ ਜਵਾਬ ਰੱਖੇ ਨਹੀਂ ਗਏ। "
        "ਜੇ ਤੁਸੀਂ ਹਿੱਸਾ ਲੈਣਾ ਚਾਹੁੰਦੇ ਹੋ, ਤਾਂ ਕਿਰਪਾ ਕਰਕੇ ਆਪਣੇ ਵਰਕਰ ਤੋਂ ਨਵਾਂ ਲਿੰਕ ਮੰਗੋ।"
    ),
    "error": (
        "ਮਾਫ਼ ਕਰਨਾ, ਸਾਡੇ ਪਾਸੇ ਕੁਝ ਗਲਤ ਹੋ ਗਿਆ। ਤੁਹਾਡੇ ਹੁਣ ਤੱਕ ਦੇ ਜਵਾਬ ਸੁਰੱਖਿਅਤ ਹਨ। "
        "ਕਿਰਪਾ ਕਰਕੇ ਇੱਕ ਮਿੰਟ ਵਿੱਚ ਦੁਬਾਰਾ ਕੋਸ਼ਿਸ਼ ਕਰੋ।"
    ),
    "stale": "ਇਸਦਾ ਜਵਾਬ ਪਹਿਲਾਂ ਹੀ ਦਿੱਤਾ ਜਾ ਚੁੱਕਾ ਹੈ।",
    "earlier": "ਇਹ ਸਵਾਲ ਪਿਛਲੇ ਸਰਵੇਖਣ ਦਾ ਹੈ।",
    "ended": "ਉਹ ਸਰਵੇਖਣ ਖ਼ਤਮ ਹੋ ਗਿਆ ਹੈ, ਇਸ ਲਈ ਇਸਦੇ ਬਟਨ ਹੁਣ ਕੁਝ ਨਹੀਂ ਕਰਦੇ। ਦੁਬਾਰਾ ਹਿੱਸਾ ਲੈਣ ਲਈ, ਕਿਰਪਾ ਕਰਕੇ ਆਪਣੇ ਵਰਕਰ ਤੋਂ ਨਵਾਂ ਲਿੰਕ ਮੰਗੋ।",
    "saved_after_all": "ਮਾਫ਼ ਕਰਨਾ, ਇਹ ਸੁਨੇਹਾ ਪਹਿਲਾਂ ਤੁਹਾਡੇ ਤੱਕ ਨਹੀਂ ਪਹੁੰਚਿਆ। ਤੁਹਾਡੇ ਜਵਾਬ ਸੰਭਾਲ ਲਏ ਗਏ ਸਨ। ✅",
    "kept_unseen": "ਮਾਫ਼ ਕਰਨਾ, ਹੋ ਸਕਦਾ ਹੈ ਕੋਈ ਸਵਾਲ ਤੁਹਾਡੇ ਤੱਕ ਨਾ ਪਹੁੰਚਿਆ ਹੋਵੇ। ਤੁਸੀਂ ਜੋ ਹੁਣੇ ਭੇਜਿਆ, ਉਹ ਅਸੀਂ “{question}” ਦੇ ਜਵਾਬ ਵਜੋਂ ਸੰਭਾਲ ਲਿਆ ਹੈ। ਜੇ ਤੁਹਾਡਾ ਮਤਲਬ ਕੁਝ ਹੋਰ ਸੀ, ਤਾਂ ਇਸਨੂੰ ਬਦਲਣ ਲਈ ਹੇਠਾਂ {back} ਦਬਾਓ।",
    "kept_unseen_last": "ਮਾਫ਼ ਕਰਨਾ, ਹੋ ਸਕਦਾ ਹੈ ਕੋਈ ਸਵਾਲ ਤੁਹਾਡੇ ਤੱਕ ਨਾ ਪਹੁੰਚਿਆ ਹੋਵੇ। ਤੁਸੀਂ ਜੋ ਹੁਣੇ ਭੇਜਿਆ, ਉਹ ਅਸੀਂ “{question}” ਦੇ ਜਵਾਬ ਵਜੋਂ ਸੰਭਾਲ ਲਿਆ ਹੈ। ਜੇ ਤੁਹਾਡਾ ਮਤਲਬ ਕੁਝ ਹੋਰ ਸੀ, ਤਾਂ ਤੁਸੀਂ ਆਪਣੇ ਸਾਰੇ ਜਵਾਬ ਮਿਟਾ ਸਕਦੇ ਹੋ: ਹੇਠਾਂ ਦਿੱਤੇ ਕੋਡ ਨਾਲ /withdraw ਭੇਜੋ।",
    "slow_down": "ਤੁਸੀਂ ਸੁਨੇਹੇ ਇੰਨੀ ਤੇਜ਼ੀ ਨਾਲ ਭੇਜ ਰਹੇ ਹੋ ਕਿ ਅਸੀਂ ਕੁਝ ਪੜ੍ਹ ਨਹੀਂ ਸਕੇ। ਕਿਰਪਾ ਕਰਕੇ ਥੋੜ੍ਹਾ ਰੁਕੋ, ਫਿਰ ਜਾਰੀ ਰੱਖੋ।",
}

UR: dict[str, str] = {
    "welcome": (
        "السلام علیکم، مدد کرنے کا شکریہ۔ 👋\n"
        "{intro}\n\n"
        "🔒 یہ گمنام ہے۔ ہم کبھی آپ کا نام نہیں پوچھتے، اور کسی کو پتہ نہیں چلے گا کہ جواب کس نے دیے۔\n"
        "🕐 جواب آتے وقت کوئی انہیں نہیں پڑھتا۔ اگر آپ کو ابھی مدد چاہیے تو /help بھیجیں۔\n"
        "✋ آپ کسی بھی وقت رک سکتے ہیں: /stop بھیجیں۔"
    ),
    "choose_language": "آپ کون سی زبان چاہیں گے؟",
    "language_set": "ٹھیک ہے، ہم اردو میں جاری رکھیں گے۔",
    "language_only_one": "معاف کیجیے، یہ سروے صرف ایک زبان میں ہے۔",
    "language_no_survey": "سروے شروع کرنے کے بعد آپ زبان چن سکتے ہیں۔",
    "progress": "{total} میں سے {position}",
    "button_back": "⬅️ پیچھے",
    "button_skip": "چھوڑیں ➡️",
    "button_done": "✔️ ہو گیا",
    "chosen": "✅ {label}",
    "skipped": "⏭ چھوڑ دیا",
    "went_back": "⬅️ پیچھے",
    "type_hint": "✏️ اپنا جواب لکھیں اور بھیجیں۔",
    "type_hint_skip": "✏️ اپنا جواب لکھیں اور بھیجیں، یا 'چھوڑیں' دبائیں۔",
    "share_hint": "ℹ️ 'ہاں' کا مطلب ہے کہ ہم نام ہٹا کر آپ کے الفاظ یہ خدمات چلانے والے لوگوں کے لیے رپورٹوں میں نقل کر سکتے ہیں۔ 'نہیں' کا مطلب ہے کہ آپ کے الفاظ رپورٹوں میں نہیں جائیں گے: صرف حفاظت کے لیے جواب دیکھنے والے چند کارکن ہی انہیں پڑھ سکتے ہیں۔",
    "number_hint": "✏️ ایک نمبر لکھیں اور بھیجیں۔",
    "multi_hint": "جو بھی درست ہوں وہ سب دبائیں، پھر 'ہو گیا' دبائیں۔",
    "nudge_tap": "جواب دینے کے لیے براہ کرم ایک بٹن دبائیں۔ 🙂",
    "media": (
        "شکریہ! میں صرف لکھے ہوئے الفاظ اور بٹن سمجھ سکتا ہوں، اس لیے براہ کرم لکھیں یا بٹن دبائیں۔ "
        "آپ نے جو بھیجا وہ رکھا نہیں گیا۔"
    ),
    "thanks_next": (
        "آگے کیا ہوتا ہے: آپ کے جواب باقی سب کے جوابات کے ساتھ ملائے جاتے ہیں، اور سروسز چلانے والے لوگ "
        "انہیں پڑھ کر چیزیں بہتر بناتے ہیں۔ کسی کو پتہ نہیں چلے گا کہ کون سے جواب آپ کے ہیں۔"
    ),
    "childline_line": (
        "اگر کوئی بات آپ کو پریشان کر رہی ہے تو آپ Childline سے مفت، کسی بھی وقت بات کر سکتے ہیں: 0800 1111۔ "
        "مدد کی مزید جگہیں دیکھنے کے لیے /help بھیجیں۔ یہ چیٹ خود مدد نہیں بھیج سکتی۔"
    ),
    "withdraw_code": "ارادہ بدل گیا؟ /withdraw {code} بھیجیں اور ہم آپ کے جواب مٹا دیں گے۔",
    "withdraw_done": "ہو گیا۔ وہ جواب مٹا دیے گئے ہیں۔",
    "too_many_codes": "آپ نے ابھی کے لیے بہت زیادہ کوڈ آزما لیے ہیں۔ سب کے جواب محفوظ رکھنے کے لیے، براہ کرم {time} کے بعد دوبارہ کوشش کریں۔",
    "withdraw_unknown": "مجھے اس کوڈ کے ساتھ کوئی جواب نہیں ملے۔ براہ کرم چیک کریں اور دوبارہ کوشش کریں۔",
    "withdraw_usage": (
        "اپنے جواب مٹانے کے لیے /withdraw اور آخر میں ملنے والا کوڈ بھیجیں، اس طرح: /withdraw {example}"
    ),
    "stopped": "آپ رک گئے ہیں۔ آپ کا کوئی جواب نہیں رکھا گیا۔ آپ کے وقت کا شکریہ۔",
    "noted": "✅ شکریہ، مل گیا۔",
    "removal_offered": "🧹 آخر میں اس گفتگو کو اپنے فون سے ہٹانے کے لیے ایک بٹن ہوگا۔",
    "remove_button": "🧹 یہ گفتگو میرے فون سے ہٹا دیں",
    "remove_all_button": "🧹 سب کچھ ہٹا دیں، مدد کے نمبر بھی",
    "removed": "ہو گیا: یہ گفتگو آپ کے فون سے ہٹا دی گئی ہے۔",
    "screen_reader_button": "🔊 ہر سوال کے لیے ایک پیغام (اسکرین ریڈر)",
    "screen_reader_on": "ٹھیک ہے: اب سے ہر سوال کے لیے ایک پیغام۔ /settings سے بدلیں۔",
    "settings": "اس چیٹ میں سروے کے لیے آپ کی ترتیبات:\n\n• {layout}\n• {removal}\n\nبدلنے کے لیے بٹن دبائیں۔",
    "settings_to_card": "سوالات ایک کارڈ پر",
    "settings_to_messages": "ہر سوال کے لیے ایک پیغام (اسکرین ریڈر)",
    "settings_removal_on": "ہمیشہ گفتگو ہٹانے کی پیشکش کریں",
    "settings_removal_off": "صرف بچوں کے سروے میں پیشکش کریں",
    "settings_saved": "محفوظ ہو گیا۔",
    "nothing_to_stop": "کوئی سروے نہیں چل رہا، اس لیے روکنے کو کچھ نہیں ہے۔",
    "privacy": (
        "🔒 آپ کی رازداری\n"
        "• ہم کبھی آپ کا نام نہیں پوچھتے۔ آپ کے جواب آپ کے Telegram اکاؤنٹ کے ساتھ نہیں رکھے جاتے۔\n"
        "• جواب دیتے وقت، سروے میں آپ کی جگہ ایک خفیہ کوڈ کے تحت رکھی جاتی ہے۔ "
        "ختم کرنے یا رکنے پر یہ مٹا دی جاتی ہے۔\n"
        "• آپ کی تحریر میں سے نام، فون نمبر اور پتے محفوظ کرنے سے پہلے نکال دیے جاتے ہیں۔\n"
        "• نتائج صرف بہت سے لوگوں کے مجموعے کے طور پر شیئر ہوتے ہیں، کبھی ایک شخص کے جواب نہیں۔\n"
        "• Telegram خود دیکھ سکتا ہے کہ آپ نے اس بوٹ سے بات کی۔\n"
        "• اپنے جواب مٹانے کے لیے آخر میں ملنے والے کوڈ کے ساتھ /withdraw بھیجیں۔"
    ),
    "no_invite": (
        "السلام علیکم! 👋 یہ بوٹ بچوں، نوجوانوں اور خاندانوں سے پوچھتا ہے کہ انہیں ملنے والی مدد کے بارے میں "
        "وہ کیا سوچتے ہیں۔ حصہ لینے کے لیے آپ کو اپنے ورکر سے ایک لنک یا QR کوڈ چاہیے۔ براہ کرم ان سے مانگیں۔"
    ),
    "invite_invalid": (
        "معاف کیجیے، یہ لنک کام نہیں کرتا۔ ہو سکتا ہے یہ پہلے استعمال ہو چکا ہو، پرانا ہو گیا ہو، "
        "یا اس کا کچھ حصہ غائب ہو۔ براہ کرم اپنے ورکر سے نیا لنک یا QR کوڈ مانگیں۔"
    ),
    "nothing_in_progress": (
        "اس وقت کوئی سروے نہیں چل رہا۔ حصہ لینے کے لیے آپ کو اپنے ورکر سے لنک یا QR کوڈ چاہیے۔ "
        "مدد کی لائنوں کے لیے /help بھیجیں۔"
    ),
    "reminder": (
        "پھر سے سلام! آپ نے ایک مختصر سروے شروع کیا تھا لیکن مکمل نہیں کیا۔ آپ نیچے جاری رکھ سکتے ہیں، "
        "یا ختم کرنے کے لیے /stop بھیجیں۔ یہ چند دنوں میں خود بند ہو جائے گا۔"
    ),
    "expired": (
        "آپ کا سروے مکمل نہ ہونے کی وجہ سے بند ہو گیا، اور آپ کے جواب نہیں رکھے گئے۔ اگر آپ حصہ لینا "
        "چاہتے ہیں تو براہ کرم اپنے ورکر سے نیا لنک مانگیں۔"
    ),
    "changed": (
        "معاف کیجیے، آپ کے جواب دیتے وقت یہ سروے بدل گیا، اس لیے ہمیں اسے شروع سے دوبارہ کرنا ہوگا۔"
    ),
    "retired": (
        "معاف کیجیے، آپ کے جواب دیتے وقت یہ سروے بند ہو گیا، اس لیے آپ کے اب تک کے جواب نہیں رکھے گئے۔ "
        "اگر آپ حصہ لینا چاہتے ہیں تو براہ کرم اپنے ورکر سے نیا لنک مانگیں۔"
    ),
    "error": (
        "معاف کیجیے، ہماری طرف سے کچھ غلط ہو گیا۔ آپ کے اب تک کے جواب محفوظ ہیں۔ "
        "براہ کرم ایک منٹ میں دوبارہ کوشش کریں۔"
    ),
    "stale": "اس کا جواب پہلے ہی دیا جا چکا ہے۔",
    "earlier": "یہ سوال پچھلے سروے کا ہے۔",
    "ended": "وہ سروے ختم ہو چکا ہے، اس لیے اس کے بٹن اب کچھ نہیں کرتے۔ دوبارہ حصہ لینے کے لیے، براہِ کرم اپنے ورکر سے نیا لنک مانگیں۔",
    "saved_after_all": "معذرت، یہ پیغام پہلے آپ تک نہیں پہنچا۔ آپ کے جوابات محفوظ کر لیے گئے تھے۔ ✅",
    "kept_unseen": "معذرت، ہو سکتا ہے کوئی سوال آپ تک نہ پہنچا ہو۔ آپ نے ابھی جو بھیجا، اسے ہم نے “{question}” کے جواب کے طور پر محفوظ کر لیا ہے۔ اگر آپ کا مطلب کچھ اور تھا تو اسے بدلنے کے لیے نیچے {back} دبائیں۔",
    "kept_unseen_last": "معذرت، ہو سکتا ہے کوئی سوال آپ تک نہ پہنچا ہو۔ آپ نے ابھی جو بھیجا، اسے ہم نے “{question}” کے جواب کے طور پر محفوظ کر لیا ہے۔ اگر آپ کا مطلب کچھ اور تھا تو آپ اپنے تمام جوابات مٹا سکتے ہیں: نیچے دیے گئے کوڈ کے ساتھ /withdraw بھیجیں۔",
    "slow_down": "آپ پیغامات اتنی تیزی سے بھیج رہے ہیں کہ ہم کچھ نہیں پڑھ سکے۔ براہِ کرم تھوڑا رکیں، پھر جاری رکھیں۔",
}

PL: dict[str, str] = {
    "welcome": (
        "Dzień dobry i dziękujemy za pomoc. 👋\n"
        "{intro}\n\n"
        "🔒 Ankieta jest anonimowa. Nigdy nie pytamy o imię i nikt nie będzie wiedział, "
        "kto odpowiedział.\n"
        "🕐 Nikt nie czyta odpowiedzi na bieżąco. Jeśli potrzebujesz pomocy teraz, wyślij /help.\n"
        "✋ Możesz przerwać w każdej chwili: wyślij /stop."
    ),
    "choose_language": "W jakim języku chcesz odpowiadać?",
    "language_set": "Dobrze, kontynuujemy po polsku.",
    "language_only_one": "Niestety ta ankieta jest tylko w jednym języku.",
    "language_no_survey": "Język można wybrać po rozpoczęciu ankiety.",
    "progress": "{position} z {total}",
    "button_back": "⬅️ Wstecz",
    "button_skip": "Pomiń ➡️",
    "button_done": "✔️ Gotowe",
    "chosen": "✅ {label}",
    "skipped": "⏭ Pominięto",
    "went_back": "⬅️ Wstecz",
    "type_hint": "✏️ Napisz odpowiedź i wyślij ją.",
    "type_hint_skip": "✏️ Napisz odpowiedź i wyślij ją albo naciśnij Pomiń.",
    "share_hint": "ℹ️ „Tak” oznacza, że możemy zacytować Twoje słowa, bez imion, w raportach dla osób prowadzących te usługi. „Nie” oznacza, że Twoje słowa nie trafią do raportów ani eksportów: przeczytać je może tylko kilka osób, które sprawdzają odpowiedzi pod kątem bezpieczeństwa.",
    "number_hint": "✏️ Wpisz liczbę i wyślij ją.",
    "multi_hint": "Zaznacz wszystko, co pasuje, a potem naciśnij Gotowe.",
    "nudge_tap": "Aby odpowiedzieć, naciśnij jeden z przycisków. 🙂",
    "media": (
        "Dziękuję! Rozumiem tylko wpisany tekst i przyciski, więc napisz albo naciśnij "
        "przycisk. To, co wysłano, nie zostało zachowane."
    ),
    "thanks_next": (
        "Co dalej: Twoje odpowiedzi zostaną połączone z odpowiedziami innych osób, a ludzie, "
        "którzy prowadzą usługi, przeczytają je, żeby coś poprawić. Nikt nie będzie wiedział, "
        "które odpowiedzi są Twoje."
    ),
    "childline_line": (
        "Jeśli coś cię martwi, możesz porozmawiać z Childline, za darmo, o każdej porze: 0800 1111. "
        "Wyślij /help, żeby zobaczyć więcej miejsc, które mogą pomóc. Ten czat sam nie może wysłać pomocy."
    ),
    "withdraw_code": "Zmiana zdania? Wyślij /withdraw {code}, a usuniemy Twoje odpowiedzi.",
    "withdraw_done": "Gotowe. Te odpowiedzi zostały usunięte.",
    "too_many_codes": "Wypróbowano już zbyt wiele kodów. Aby chronić odpowiedzi wszystkich, spróbuj ponownie po {time}.",
    "withdraw_unknown": "Nie znalazłem odpowiedzi z tym kodem. Sprawdź go i spróbuj ponownie.",
    "withdraw_usage": (
        "Aby usunąć odpowiedzi, wyślij /withdraw i kod otrzymany na końcu, na przykład: "
        "/withdraw {example}"
    ),
    "stopped": "Ankieta przerwana. Żadna odpowiedź nie została zachowana. Dziękujemy za Twój czas.",
    "noted": "✅ Dziękujemy, mamy to.",
    "removal_offered": "🧹 Na końcu będzie przycisk, żeby usunąć tę rozmowę z telefonu.",
    "remove_button": "🧹 Usuń tę rozmowę z mojego telefonu",
    "remove_all_button": "🧹 Usuń wszystko, także numery pomocy",
    "removed": "Gotowe: ta rozmowa została usunięta z Twojego telefonu.",
    "screen_reader_button": "🔊 Jedna wiadomość na pytanie (czytniki ekranu)",
    "screen_reader_on": "OK: od teraz jedna wiadomość na pytanie. Zmienisz to przez /settings.",
    "settings": "Twoje ustawienia ankiet w tym czacie:\n\n• {layout}\n• {removal}\n\nDotknij przycisku, żeby coś zmienić.",
    "settings_to_card": "Pytania na jednej karcie",
    "settings_to_messages": "Jedna wiadomość na pytanie (czytniki ekranu)",
    "settings_removal_on": "Zawsze proponuj usunięcie rozmowy",
    "settings_removal_off": "Proponuj usunięcie tylko w ankietach dla dzieci",
    "settings_saved": "Zapisano.",
    "nothing_to_stop": "Żadna ankieta nie jest w toku, więc nie ma czego przerywać.",
    "privacy": (
        "🔒 Twoja prywatność\n"
        "• Nigdy nie pytamy o imię. Odpowiedzi nie są przechowywane razem z kontem Telegram.\n"
        "• Podczas odpowiadania Twoje miejsce w ankiecie jest zapisane pod zaszyfrowanym "
        "kodem. Usuwamy je, gdy skończysz lub przerwiesz.\n"
        "• Z tego, co napiszesz, usuwamy imiona, numery telefonów i adresy, zanim to zapiszemy.\n"
        "• Wyniki pokazujemy tylko jako sumy od wielu osób, nigdy odpowiedzi jednej osoby.\n"
        "• Sam Telegram widzi, że rozmawiano z tym botem.\n"
        "• Aby usunąć odpowiedzi, wyślij /withdraw z kodem otrzymanym na końcu."
    ),
    "no_invite": (
        "Dzień dobry! 👋 Ten bot pyta dzieci, młodzież i rodziny, co myślą o pomocy, którą "
        "dostają. Aby wziąć udział, potrzebny jest link lub kod QR od pracownika. "
        "Poproś go o niego."
    ),
    "invite_invalid": (
        "Niestety ten link nie działa. Mógł już zostać użyty, mógł wygasnąć albo brakuje jego "
        "części. Poproś pracownika o nowy link lub kod QR."
    ),
    "nothing_in_progress": (
        "Teraz żadna ankieta nie jest w toku. Aby wziąć udział, potrzebny jest link lub kod QR "
        "od pracownika. Wyślij /help, aby zobaczyć numery pomocy."
    ),
    "reminder": (
        "Dzień dobry ponownie! Ankieta została rozpoczęta, ale nie skończona. Możesz "
        "kontynuować poniżej albo wysłać /stop, aby ją zakończyć. Za kilka dni zamknie się sama."
    ),
    "expired": (
        "Ankieta została zamknięta, bo nie była skończona, i odpowiedzi nie zostały zachowane. "
        "Jeśli chcesz wziąć udział, poproś pracownika o nowy link."
    ),
    "changed": (
        "Przepraszamy, ankieta zmieniła się w trakcie odpowiadania, więc trzeba zacząć od początku."
    ),
    "retired": (
        "Przepraszamy, ankieta została zamknięta w trakcie odpowiadania, więc dotychczasowe "
        "odpowiedzi nie zostały zachowane. Jeśli chcesz wziąć udział, poproś pracownika o nowy link."
    ),
    "error": (
        "Przepraszamy, coś poszło nie tak po naszej stronie. Dotychczasowe odpowiedzi są "
        "bezpieczne. Spróbuj ponownie za minutę."
    ),
    "stale": "Na to pytanie już odpowiedziano.",
    "earlier": "To pytanie pochodzi z wcześniejszej ankiety.",
    "ended": "Ta ankieta już się zakończyła, więc jej przyciski nic już nie robią. Aby wziąć udział ponownie, poproś pracownika o nowy link.",
    "saved_after_all": "Przepraszamy, ta wiadomość wcześniej do Ciebie nie dotarła. Twoje odpowiedzi zostały zapisane. ✅",
    "kept_unseen": "Przepraszamy, jedno pytanie mogło do Ciebie nie dotrzeć. Twoją ostatnią wiadomość zapisaliśmy jako odpowiedź na pytanie „{question}”. Jeśli chodziło Ci o coś innego, naciśnij poniżej {back}, aby to zmienić.",
    "kept_unseen_last": "Przepraszamy, jedno pytanie mogło do Ciebie nie dotrzeć. Twoją ostatnią wiadomość zapisaliśmy jako odpowiedź na pytanie „{question}”. Jeśli chodziło Ci o coś innego, możesz usunąć wszystkie swoje odpowiedzi: wyślij /withdraw z kodem podanym poniżej.",
    "slow_down": "Wysyłasz wiadomości szybciej, niż możemy je przeczytać, więc kilka pominęliśmy. Poczekaj chwilę i kontynuuj.",
}

TEXTS: dict[str, dict[str, str]] = {"en": EN, "pa": PA, "ur": UR, "pl": PL}


def text(language: str | None, key: str, **values: object) -> str:
    """The text ``key`` in ``language`` (English when missing), with ``values`` filled in."""
    words = TEXTS.get(language or "en", EN).get(key) or EN[key]
    return words.format(**values) if values else words


def supported(language: str | None) -> str:
    """A language the bot speaks, from Telegram's code (``en-GB`` -> ``en``); English if none."""
    code = (language or "en").split("-")[0].lower()
    return code if code in TEXTS else "en"
