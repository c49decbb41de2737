"""Settings from the environment or a ``.env`` file, all prefixed ``BETTEROFF_``.

Only ``bot/`` reads settings; the layers below take what they need as arguments.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./betteroff.db"
DEFAULT_TELEGRAM_BASE_URL = "https://api.telegram.org/bot"
#: Database URL schemes people write, and the async driver each one means here.
_ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="BETTEROFF_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    telegram_token: SecretStr | None = None
    telegram_base_url: str = DEFAULT_TELEGRAM_BASE_URL
    #: The HTTP client for the Bot API: aiohttp (the default, see bot.transport) or httpx.
    telegram_http: Literal["aiohttp", "httpx"] = "aiohttp"
    bot_username: str | None = None
    database_url: str = DEFAULT_DATABASE_URL
    #: Key for the keyed hashes (chat keys, reviewer keys). Change it and sessions in
    #: progress are forgotten; responses are unaffected (they hold no hash of a person).
    #: Checked by bot.secrets before anything writes a keyed hash: never a placeholder.
    secret: SecretStr = SecretStr("")
    #: NoDecode: "123,456" is not JSON, and pydantic-settings would try it as JSON first.
    admins: Annotated[list[int], NoDecode] = Field(default_factory=list)
    #: A partnership's own framework, scales and definitions/ (see surveys.catalog).
    surveys_dir: Path | None = None
    local_help: str | None = None
    min_responses: int = Field(default=10, ge=1)
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    timezone: str = "Europe/London"
    reminder_after_hours: float = Field(default=24, gt=0)
    abandon_after_days: float = Field(default=7, gt=0)
    retention_days: int = Field(default=3 * 365, ge=1)

    @field_validator("admins", mode="before")
    @classmethod
    def _split_admins(cls, value: object) -> object:
        # "123,456" or "123 456" as well as a JSON list; empty (as .env.example ships) is none
        if isinstance(value, str):
            written = value.strip()
            if written.startswith("["):
                return json.loads(written)
            parts = written.replace(",", " ").split()
            bad = [part for part in parts if not part.lstrip("-").isdigit()]
            if bad:
                raise ValueError(
                    f"{bad[0]!r} is not a Telegram user id: write the numbers, separated by "
                    "commas, e.g. 123456789,987654321"
                )
            return [int(part) for part in parts]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("database_url", mode="before")
    @classmethod
    def _async_driver(cls, value: object) -> object:
        # sqlite:/// and postgresql:// as most guides write them: use the async drivers.
        if isinstance(value, str) and "://" in value:
            scheme, rest = value.split("://", 1)
            return f"{_ASYNC_DRIVERS.get(scheme.lower(), scheme)}://{rest}"
        return value

    @field_validator("surveys_dir", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


#: The shortest secret accepted: 32 characters (``token_urlsafe(32)`` gives 43).
MIN_SECRET_LENGTH = 32
MAKE_A_SECRET = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'
#: Words that mark a secret somebody meant to replace.
_PLACEHOLDER_WORDS = ("change-me", "changeme", "change_me", "replace-me", "your-secret", "xxxx")


def secret_problem(secret: str) -> str | None:
    """Why ``secret`` must not key the hashes (empty, a placeholder, short), or None."""
    if not secret.strip():
        what = "BETTEROFF_SECRET is not set"
    elif any(word in secret.lower() for word in _PLACEHOLDER_WORDS) or secret.startswith("<"):
        what = "BETTEROFF_SECRET is still a placeholder"
    elif len(secret) < MIN_SECRET_LENGTH:
        what = f"BETTEROFF_SECRET is only {len(secret)} characters long"
    else:
        return None
    return (
        f"{what}. It keys every hash that keeps people anonymous, so it must be at least "
        f"{MIN_SECRET_LENGTH} random characters. Make one with\n"
        f"    {MAKE_A_SECRET}\n"
        "and put it in your .env file as BETTEROFF_SECRET=... (keep a safe copy: once there "
        "is data, a different secret is refused)."
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def cache_dir() -> Path:
    """Where the command line keeps what it learnt (the bot's username): the XDG cache."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "betteroff"
