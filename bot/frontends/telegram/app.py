"""Telegram front-end: `build_application(config, qa)` with thin handlers and one error handler."""

from __future__ import annotations

import logging
import secrets
import signal
from collections.abc import Sequence
from urllib.parse import urlsplit

from telegram import (
    BotCommand,
    Update,
)
from telegram.constants import FloodLimit
from telegram.error import InvalidToken
from telegram.ext import (
    AIORateLimiter,
    Application,
    ContextTypes,
)

from bot.answer.qa import QA
from bot.config import Config, ConfigError
from bot.frontends.telegram import handlers
from bot.frontends.telegram.handlers import Reloading
from bot.frontends.telegram.logsafe import redact_token_in
from bot.frontends.telegram.startup import FIRST_DELAY, wait_for_api
from bot.frontends.telegram.state import BotState

logger = logging.getLogger(__name__)

COMMANDS = [
    ("start", "欢迎和示例问题"),
    ("help", "用法"),
    ("ask", "提问：/ask 问题"),
    ("sources", "已收录的文章"),
    ("id", "你的用户 id 和本聊天的 id"),
]
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGABRT)
Context = ContextTypes.DEFAULT_TYPE
REJECTED = "TELEGRAM_BOT_TOKEN was rejected by the Bot API server (check it with BotFather)"


def check_ready(config: Config, webhook: bool) -> str:
    """The token, or a ConfigError saying what is missing; checked before anything is built."""
    if not config.telegram_token:
        raise ConfigError("TELEGRAM_BOT_TOKEN is not set (the token BotFather gave you)")
    if webhook and not config.telegram.webhook_url:
        raise config.error("telegram.webhook_url", "must be set for --webhook")
    return config.telegram_token


def build_application(
    config: Config,
    qa: QA,
    reloader: Reloading | None = None,
    messages_per_second: float = FloodLimit.MESSAGES_PER_SECOND,
) -> Application:
    """Build the bot: handlers, rate limiter with retries, concurrent updates, error handler.

    `messages_per_second` caps the whole bot's requests: Telegram's limit, unless a test
    against a local stand-in wants many replies without waiting for it.
    """
    token = check_ready(config, webhook=False)
    redact_token_in(token)
    tg = config.telegram
    builder = (
        Application.builder()
        .token(token)
        .rate_limiter(
            AIORateLimiter(overall_max_rate=messages_per_second, max_retries=tg.max_retries)
        )
        .concurrent_updates(True)
        .post_init(_post_init)
        .post_stop(_post_stop)
    )
    if tg.api_base_url:
        base = tg.api_base_url.rstrip("/")
        builder = builder.base_url(base).base_file_url(base.removesuffix("/bot") + "/file/bot")
    if tg.proxy:  # else httpx reads HTTPS_PROXY / ALL_PROXY (and NO_PROXY) from the environment
        builder = builder.proxy(tg.proxy).get_updates_proxy(tg.proxy)
    app = builder.build()
    state = app.bot_data["state"] = BotState.create(config, qa)
    app.bot_data["reloader"] = reloader
    if reloader is not None:
        # However the swap came (/reload, SIGHUP, the watcher), /start shows the new corpus.
        reloader.on_swap.append(lambda _engine: state.refresh())
    handlers.register(app)
    return app


def serve(
    app: Application,
    config: Config,
    webhook: bool = False,
    poll_timeout: int = 10,
    stop_signals: Sequence[int] | None = STOP_SIGNALS,
    close_loop: bool = True,
    first_retry: float = FIRST_DELAY,
) -> None:
    """Wait for the Bot API (retrying after `first_retry` seconds, then twice as long each
    time), then run until a stop signal: long polling, or a webhook server."""
    try:
        if not wait_for_api(app, stop_signals, first_retry):
            return
        _serve(app, config, webhook, poll_timeout, stop_signals, close_loop)
    except InvalidToken:  # PTB's message quotes the token: never let it reach the console
        raise ConfigError(REJECTED) from None


def _serve(
    app: Application,
    config: Config,
    webhook: bool,
    poll_timeout: int,
    stop_signals: Sequence[int] | None,
    close_loop: bool,
) -> None:
    tg = config.telegram
    if webhook:
        check_ready(config, webhook=True)
        # Without a secret anyone who finds the URL could post updates, an admin's /reload
        # among them: a random one is made and registered with Telegram for this run.
        secret = tg.webhook_secret or secrets.token_urlsafe(32)
        app.run_webhook(
            listen=tg.webhook_listen,
            port=tg.webhook_port,
            url_path=urlsplit(tg.webhook_url or "").path.lstrip("/"),
            webhook_url=tg.webhook_url,
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
            stop_signals=stop_signals,
            close_loop=close_loop,
        )
    else:
        app.run_polling(
            allowed_updates=Update.ALL_TYPES,
            timeout=poll_timeout,
            stop_signals=stop_signals,
            close_loop=close_loop,
        )


async def _post_stop(app: Application) -> None:
    """Stop the outbox (logging what it could not deliver) and the answering threads."""
    await app.bot_data["state"].close()


async def _post_init(app: Application) -> None:
    await app.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS])
    logger.info("bot @%s ready", app.bot.username)
