"""Settings from the environment or a ``.env`` file, all prefixed ``BETTEROFF_``.

Only ``bot/`` reads settings; the layers below take what they need as arguments.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./betteroff.db"
DEFAULT_TELEGRAM_BASE_URL = "https://api.telegram.org/bot"


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
    secret: SecretStr = SecretStr("change-me-in-production")
    admins: list[int] = Field(default_factory=list)
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
        # "123,456" or "123 456" as well as a JSON list
        if isinstance(value, str):
            return [int(part) for part in value.replace(",", " ").split()]
        if isinstance(value, int):
            return [value]
        return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def cache_dir() -> Path:
    """Where the command line keeps what it learnt (the bot's username): the XDG cache."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "betteroff"
