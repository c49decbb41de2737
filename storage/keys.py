"""Keyed hashes, random tokens and short codes.

Every hash of something about a person is an HMAC-SHA256 under the deployment's secret,
with a purpose prefix so a chat key can never be matched against a reviewer key. Invite
tokens are random enough (144 bits) that a plain SHA-256 is all they need.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

#: Letters and digits nobody mistakes for each other when reading them off a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
WITHDRAWAL_CODE_LENGTH = 8
JOIN_CODE_LENGTH = 8
#: Telegram's deep-link ``start`` parameter: at most 64 of these characters.
START_PARAMETER_CHARS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
)
START_PARAMETER_MAX = 64


def _secret_bytes(secret: str | bytes) -> bytes:
    return secret.encode() if isinstance(secret, str) else secret


def keyed_hash(secret: str | bytes, purpose: str, value: str | int) -> str:
    """HMAC-SHA256 of ``value`` for one ``purpose``, as 64 hex characters."""
    message = f"{purpose}:{value}".encode()
    return hmac.new(_secret_bytes(secret), message, hashlib.sha256).hexdigest()


def chat_key(secret: str | bytes, chat_id: int) -> str:
    """The key of a chat's survey in progress."""
    return keyed_hash(secret, "chat", chat_id)


def reviewer_key(secret: str | bytes, user_id: int) -> str:
    """Who approved or rejected a story, without naming them."""
    return keyed_hash(secret, "reviewer", user_id)


def auditor_key(secret: str | bytes, actor: str | int) -> str:
    """Who pulled a summary or an export: a Telegram user id or a ``cli:USER`` name."""
    return keyed_hash(secret, "auditor", actor)


def guess_key(secret: str | bytes, chat_id: int) -> str:
    """Whose wrong codes are counted: a chat, keyed apart from its survey in progress."""
    return keyed_hash(secret, "guess", chat_id)


def preference_key(secret: str | bytes, chat_id: int) -> str:
    """Whose chat preferences these are: keyed apart from surveys and wrong codes."""
    return keyed_hash(secret, "preference", chat_id)


def token_hash(token: str) -> str:
    """How an invite token is stored: its SHA-256, never the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_invite_token() -> str:
    """A fresh invite token, usable as a Telegram ``start`` parameter (24 characters)."""
    return secrets.token_urlsafe(18)


def is_start_parameter(value: str) -> bool:
    """Whether ``value`` can travel in a ``t.me/<bot>?start=`` link."""
    return 0 < len(value) <= START_PARAMETER_MAX and set(value) <= START_PARAMETER_CHARS


#: An answer id's low bits: its place in its response (see :func:`new_answer_ids`).
POSITION_BITS = 10


def new_row_id() -> int:
    """A random key for an answer: 63 bits, so the keys say nothing of which came first.

    An id that counts up would show the order answers arrived in, and so roughly when
    within their day — the time the completion date deliberately leaves out.
    """
    return secrets.randbits(63)


def new_answer_ids(count: int) -> list[int]:
    """Keys for one response's ``count`` answers: a random prefix, then each one's place.

    Random across responses, so they say nothing of which response came first; side by
    side within one, so SQLite, which keeps rows in key order, stores a response's answers
    together, as the reports read them (random keys each cost the report about 40% more
    time over a million answers). Past 1,024 answers, each gets a key of its own.
    """
    prefix = secrets.randbits(63 - POSITION_BITS)
    return [
        (prefix << POSITION_BITS) | position if position < 1 << POSITION_BITS else new_row_id()
        for position in range(count)
    ]


def new_session_nonce() -> str:
    """Six random URL-safe characters (36 bits) that a survey session's buttons carry.

    Random per session and gone with its row, so it tells this survey's buttons from an
    earlier one's without linking two surveys of a chat to each other.
    """
    return secrets.token_urlsafe(6)[:6]


def seal_text(secret: str | bytes, purpose: str, words: str) -> str:
    """``words`` (up to 32 bytes) masked with a one-time pad from the secret and a fresh
    random salt: ``"<salt>.<masked>"``; :func:`open_text` undoes it."""
    raw = words.encode()
    if len(raw) > 32:
        raise ValueError("seal_text seals at most 32 bytes")
    salt = secrets.token_hex(8)
    pad = bytes.fromhex(keyed_hash(secret, purpose, salt))
    return f"{salt}." + bytes(a ^ b for a, b in zip(raw, pad, strict=False)).hex()


def open_text(secret: str | bytes, purpose: str, sealed: str) -> str:
    salt, _, masked = sealed.partition(".")
    pad = bytes.fromhex(keyed_hash(secret, purpose, salt))
    return bytes(a ^ b for a, b in zip(bytes.fromhex(masked), pad, strict=False)).decode()


def new_code(length: int) -> str:
    """A short code from :data:`CODE_ALPHABET`, e.g. ``K7QM3XWP``."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(typed: str) -> str:
    """What someone typed, in the stored form: capitals, letters and digits only."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def withdrawal_hash(secret: str | bytes, code: str) -> str:
    return keyed_hash(secret, "withdraw", normalise_code(code))


def join_code_hash(secret: str | bytes, code: str) -> str:
    return keyed_hash(secret, "join", normalise_code(code))


def seal_chat_id(secret: str | bytes, chat_id: int) -> str:
    """The chat id, masked with a pad only the secret can make, for reminders.

    The pad is HMAC(secret, "seal", chat key): unique per chat, so it is a one-time pad
    over the 64-bit id; without the secret the sealed value says nothing.
    """
    pad = bytes.fromhex(keyed_hash(secret, "seal", chat_key(secret, chat_id)))[:8]
    raw = chat_id.to_bytes(8, "big", signed=True)
    return bytes(a ^ b for a, b in zip(raw, pad, strict=True)).hex()


def open_chat_id(secret: str | bytes, key: str, sealed: str) -> int:
    """Undo :func:`seal_chat_id` given the row's chat key."""
    pad = bytes.fromhex(keyed_hash(secret, "seal", key))[:8]
    raw = bytes(a ^ b for a, b in zip(bytes.fromhex(sealed), pad, strict=True))
    return int.from_bytes(raw, "big", signed=True)
