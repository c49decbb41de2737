"""The bot's entry point: settings in, a wired ``Application`` out. Behaviour lives elsewhere.

``build_application`` is what ``betteroff run`` and the end-to-end tests both use; the tests
point ``BETTEROFF_TELEGRAM_BASE_URL`` at the local Bot API emulator.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from telegram import BotCommand, TelegramObject, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.context import SERVICES_KEY, BotApplication, BotContext, BotServices
from bot.handlers import admin, errors, respondent, staff
from bot.ordering import ChatOrderedUpdateProcessor
from bot.ratelimit import ChatRateLimiter
from bot.retry import RetryingRequest
from bot.settings import Settings
from bot.startup import wait_for_telegram
from bot.texts import supported, text
from bot.transport import telegram_request
from bot.updates import SkipUnreadableUpdates
from bot.webhook import run_webhook
from storage import redaction
from surveys import safeguarding

log = logging.getLogger(__name__)

#: httpx and httpcore would print request URLs, and so the token, at INFO (PTB still uses
#: httpx when BETTEROFF_TELEGRAM_HTTP=httpx); aiohttp's client can name URLs in its DEBUG
#: records; aiosqlite prints every SQL parameter at DEBUG.
NOISY_LOGGERS = ("httpx", "httpcore", "aiohttp", "aiosqlite")
#: PTB's own loggers; ``telegram.Bot`` logs the base URL, token included, at DEBUG.
PTB_LOGGERS = (
    "telegram",
    "telegram.Bot",
    "telegram.ext",
    "telegram.ext.ExtBot",
    "telegram.ext.Updater",
    "telegram.ext.Application",
)

#: What Telegram's command menu shows. Staff and admin commands stay out of it on purpose:
#: families should not wonder what /summary is.
MENU_COMMANDS = (
    ("help", "Help lines, and how this works"),
    ("stop", "Stop the survey and delete your answers so far"),
    ("language", "Change the language"),
    ("privacy", "What is kept, and what is not"),
    ("withdraw", "Delete answers you gave, with your code"),
    ("settings", "One message per question, removing the conversation"),
)


class MissingTokenError(RuntimeError):
    """There is no bot token; ``betteroff run`` explains how to get one."""


def build_application(
    settings: Settings,
    *,
    db: Any = None,
    surveys: dict[str, Any] | None = None,
    chat_interval: float = 1.0,
    overall_max_rate: float = 30,
    max_concurrent_updates: int = 256,
    connection_pool_size: int = 32,
    start_scheduler: bool = True,
    default_layout: str = "card",
) -> BotApplication:
    """A ready-to-run bot. ``db`` and ``surveys`` default to the configured database and
    the shipped surveys; ``chat_interval`` is the least gap between two messages to one
    private chat (Telegram asks for one second). ``connection_pool_size`` is the most
    connections to the Bot API at once (getUpdates has one of its own)."""
    if settings.telegram_token is None or not settings.telegram_token.get_secret_value():
        raise MissingTokenError("BETTEROFF_TELEGRAM_TOKEN is not set")
    quiet_http_loggers()
    guard_logs(_secrets_of(settings))
    if db is None:
        from storage.database import Database

        db = Database(settings.database_url, secret=settings.secret.get_secret_value())
        owns_db = True
    else:
        owns_db = False
    if surveys is None:
        from surveys.catalog import shipped_surveys, use_pack

        use_pack(settings.surveys_dir)  # the partnership's own pack, where it has parts
        surveys = shipped_surveys()
    services = BotServices(
        db=db,
        settings=settings,
        surveys=surveys,
        bot_username=settings.bot_username,
        owns_db=owns_db,
    )
    services.extras["start_scheduler"] = start_scheduler
    # One card per survey unless a chat chose one message per question (/settings); the
    # tests written before cards run with "messages" (see tests/bot/_helpers.py).
    services.extras["default_layout"] = default_layout

    application: BotApplication = (
        ApplicationBuilder()
        .token(settings.telegram_token.get_secret_value())
        .base_url(settings.telegram_base_url)
        .rate_limiter(
            ChatRateLimiter(
                chat_interval=chat_interval,
                overall_max_rate=overall_max_rate,
                budget=_shared_budget(db, overall_max_rate),
                # More requests on the wire than connections only queue inside httpcore,
                # which rescans its queue per request.
                max_in_flight=connection_pool_size,
            )
        )
        .concurrent_updates(
            ChatOrderedUpdateProcessor(max_concurrent_updates, on_overflow=_ask_to_slow_down)
        )
        .request(
            # Retried below PTB's error classes, where a 5xx is still told from a 4xx.
            RetryingRequest(
                telegram_request(settings.telegram_http, connection_pool_size=connection_pool_size)
            )
        )
        .get_updates_request(
            SkipUnreadableUpdates(telegram_request(settings.telegram_http, connection_pool_size=1))
        )
        .context_types(ContextTypes(context=BotContext))
        # Our jobs run on bot.scheduler's own APScheduler; PTB's JobQueue would be a second.
        .job_queue(None)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    application.bot_data[SERVICES_KEY] = services
    add_handlers(application)
    return application


def _shared_budget(db: Any, rate: float) -> Any:
    """On PostgreSQL, where several workers may run, Telegram's ~30 calls a second are
    shared by all of them through the database (:mod:`bot.budget`); none otherwise."""
    if rate <= 0 or getattr(db, "dialect", None) != "postgresql":
        return None
    from bot.budget import SharedBudget

    return SharedBudget(db, rate=rate)


async def _ask_to_slow_down(update: Update) -> None:
    """Told once to a chat whose updates overflow its queue (see :mod:`bot.ordering`)."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return
    language = supported(user.language_code if user else None)
    await update.get_bot().send_message(chat.id, text(language, "slow_down"))


def add_handlers(application: BotApplication) -> None:
    """Register every handler. Order matters: the first matching handler in a group wins."""
    # Commands first, so "/stop" typed mid-survey is a command and not a free-text answer.
    for name, callback in (
        ("start", respondent.start),
        ("help", respondent.help_command),
        ("stop", respondent.stop),
        ("privacy", respondent.privacy),
        ("language", respondent.language),
        ("withdraw", respondent.withdraw),
        ("settings", respondent.settings),
        ("join", staff.join),
        ("leave", staff.leave),
        ("invite", staff.invite),
        ("summary", admin.summary),
        ("report", admin.report),
        ("stories", admin.stories),
        ("flags", admin.flags),
    ):
        application.add_handler(CommandHandler(name, callback, filters=filters.ChatType.PRIVATE))
    # Story decisions before survey taps: their callback data has its own prefix.
    application.add_handler(CallbackQueryHandler(admin.story_decision, pattern=r"^s[ar]:"))
    application.add_handler(CallbackQueryHandler(respondent.tap))
    # An edited message is never an answer, but its words are checked for risk: first, so
    # no later handler takes it for a new message.
    private = filters.ChatType.PRIVATE
    application.add_handler(
        MessageHandler(private & filters.UpdateType.EDITED_MESSAGE, respondent.edited)
    )
    # Typed answers, then anything else a person can send (voice, stickers, photos, files).
    fresh = private & filters.UpdateType.MESSAGE
    application.add_handler(
        MessageHandler(fresh & filters.TEXT & ~filters.COMMAND, respondent.typed)
    )
    application.add_handler(MessageHandler(fresh & filters.COMMAND, respondent.unknown_command))
    application.add_handler(
        MessageHandler(fresh & ~filters.TEXT & ~filters.StatusUpdate.ALL, respondent.media)
    )
    application.add_error_handler(errors.on_error)


async def _post_init(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Migrate the database, learn the bot's username, publish the menu, start the jobs."""
    services: BotServices = application.bot_data[SERVICES_KEY]
    # Safe with several workers starting together: Database.upgrade takes turns.
    await services.db.upgrade()
    if not services.bot_username:
        services.bot_username = application.bot.username
    await publish_commands(application)
    if services.extras.get("start_scheduler"):
        from bot.scheduler import start_scheduler

        services.scheduler = start_scheduler(application)
    # The risk check's lists and model, and redaction's, before the first person writes
    # (loaded on first use, each kept that person waiting about half a second).
    safeguarding.prepare()
    redaction.prepare()
    # What is loaded by now (surveys, PTB, SQLAlchemy, pandas …) lives as long as the bot:
    # leave it out of the garbage collector's full passes. Each one walked all of it on the
    # event loop's thread and stopped every chat for about 100 ms (the bot benchmark's
    # loop-lag probe); after this a full pass sees only what came since.
    gc.freeze()


async def _post_shutdown(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    services: BotServices = application.bot_data[SERVICES_KEY]
    gc.unfreeze()  # so what the bot held can be collected once it is gone
    if services.scheduler is not None:
        services.scheduler.shutdown(wait=False)
        services.scheduler = None
    await _release_job_leases(application)
    if services.owns_db:
        await services.db.dispose()


async def _release_job_leases(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Hand this worker's scheduled jobs to the others now rather than when leases run out;
    a database that is already gone only delays that, so it is logged, not raised."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.scheduler import release_jobs

    try:
        await release_jobs(application)
    except (SQLAlchemyError, OSError) as error:
        log.warning("Could not release job leases: %s", type(error).__name__)


async def publish_commands(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """``setMyCommands``; the bot works without a menu, so a failure is only logged."""
    try:
        await application.bot.set_my_commands(
            [BotCommand(name, description) for name, description in MENU_COMMANDS]
        )
    except (TelegramError, OSError) as error:
        log.warning("Could not publish the command menu: %s", type(error).__name__)


def quiet_http_loggers() -> None:
    """HTTP clients log request URLs, and a Bot API URL contains the token; PTB logs every
    update and every call's parameters at DEBUG (chat ids, what people wrote, the
    withdrawal code in a thank-you, which with the secret finds the response)."""
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in PERSONAL_AT_DEBUG:
        logger = logging.getLogger(name)
        # Set here, not only by configure_logging: an embedding (the demo, `try`, tests,
        # a partnership's own runner) that turns the root logger to DEBUG gets it too.
        logger.setLevel(max(logger.level, logging.INFO))


def _secrets_of(settings: Settings) -> list[str]:
    found = [settings.telegram_token, settings.webhook_secret]
    return [secret.get_secret_value() for secret in found if secret is not None]


def guard_logs(secrets: Iterable[str]) -> None:
    """Redact ``secrets`` from records made on PTB's loggers, and withhold the updates and
    Bot API data PTB puts in its DEBUG records (filters do not inherit)."""
    redact = RedactSecrets(secrets)
    for name in PTB_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, WithholdPayloads) for f in logger.filters):
            logger.addFilter(WithholdPayloads())
        if redact.secrets and not any(
            isinstance(f, RedactSecrets) and f.secrets == redact.secrets for f in logger.filters
        ):
            logger.addFilter(redact)


class WithholdPayloads(logging.Filter):
    """PTB logs whole updates ("Processing update %s") and every call's parameters and
    result at DEBUG: names, chat ids, invite tokens and what people wrote. Such a record
    keeps its words; its update, dict or list arguments become "(withheld)"."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, Mapping):  # a lone dict argument: logging keeps it as the mapping
            record.msg, record.args = f"{record.msg} (arguments withheld)", None
        elif isinstance(args, tuple) and any(_is_payload(arg) for arg in args):
            record.args = tuple("(withheld)" if _is_payload(arg) else arg for arg in args)
        return True


def _is_payload(value: object) -> bool:
    return isinstance(value, TelegramObject | Mapping | list | tuple | set | bytes)


class RedactSecrets(logging.Filter):
    """A last line of defence: replace any secret that still reaches a log record."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [secret for secret in secrets if secret]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(secret in message for secret in self.secrets):
            for secret in self.secrets:
                message = message.replace(secret, "[redacted]")
            record.msg, record.args = message, None
        return True


#: PTB logs every update and every call's parameters at DEBUG: names, chat ids and what
#: people wrote. ``betteroff run --verbose`` shows our own DEBUG records, never those.
PERSONAL_AT_DEBUG = ("telegram",)


def configure_logging(level: int = logging.INFO, *, secrets: Iterable[str] = ()) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    redact = RedactSecrets(secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)
    quiet_http_loggers()


def run_application(application: BotApplication, settings: Settings) -> None:
    """Block running the bot: a webhook when one is configured, long polling otherwise.

    Updates that arrived while the bot was down are kept (``drop_pending_updates=False``):
    a restart, or one of several workers starting, must not lose anyone's answer. SIGINT
    and SIGTERM stop it gracefully: updates already taken are handled first.
    """
    asyncio.run(wait_for_telegram(settings))
    # asyncio.run closed its loop; run_polling runs on the thread's current one.
    asyncio.set_event_loop(asyncio.new_event_loop())
    if settings.webhook_url:
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
        log.info(
            "Webhook mode: listening on %s:%d/%s",
            settings.webhook_listen,
            settings.webhook_port,
            webhook_path(settings),
        )
        asyncio.run(
            run_webhook(
                application,
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path=webhook_path(settings),
                webhook_url=settings.webhook_url,
                secret_token=secret,
            )
        )
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)


def webhook_path(settings: Settings) -> str:
    """The path part of the webhook URL, which the local server must listen on."""
    from urllib.parse import urlparse

    return urlparse(settings.webhook_url or "").path.lstrip("/")
