"""Run the real Telegram Application in a background thread against the Bot API stand-in."""

from __future__ import annotations

import asyncio
import threading
import weakref
from dataclasses import dataclass, replace
from typing import Any
from unittest import mock

from botapi_standin import Standin
from conftest import ROOT, TELEGRAM_TOKEN
from telegram.constants import FloodLimit
from telegram.ext import Application

from bot.answer.qa import QA
from bot.config import Config, load_config
from bot.frontends.telegram import examples
from bot.frontends.telegram.app import build_application, serve

ADMIN = 4242
# /start's examples of each QA service (and its engine), found once: every bot a test starts
# would look for the same ones again (~0.15 s of questions each, ~30 bots).
_EXAMPLES: weakref.WeakKeyDictionary[Any, tuple[Any, list[str]]] = weakref.WeakKeyDictionary()


def _examples(qa: Any) -> list[str]:
    engine, found = _EXAMPLES.get(qa, (None, []))
    if engine is not qa.engine:  # a new QA service, or its engine swapped since
        found = examples.example_questions(qa)
        _EXAMPLES[qa] = (qa.engine, found)
    return list(found)


def telegram_config(base_url: str, **telegram: Any) -> Config:
    """The repository's config pointed at the stand-in, with test-friendly Telegram keys."""
    config = load_config(
        ROOT / "config.yaml",
        env={"TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_API_BASE_URL": base_url},
    )
    keys: dict[str, Any] = {"admin_ids": [ADMIN], "max_retries": 3, **telegram}
    return replace(config, telegram=replace(config.telegram, **keys))


@dataclass
class RunningBot:
    app: Application
    loop: asyncio.AbstractEventLoop
    thread: threading.Thread
    error: list[BaseException]

    @classmethod
    def start(
        cls,
        standin: Standin,
        qa: QA,
        reloader: object = None,
        webhook: bool = False,
        messages_per_second: float = FloodLimit.MESSAGES_PER_SECOND,
        **telegram: Any,
    ) -> RunningBot:
        """Start the bot and wait until it serves (it has set its commands)."""
        bot = cls.launch(standin, qa, reloader, webhook, messages_per_second, **telegram)
        bot.wait_ready(standin)
        return bot

    @classmethod
    def launch(
        cls,
        standin: Standin,
        qa: QA,
        reloader: object = None,
        webhook: bool = False,
        messages_per_second: float = FloodLimit.MESSAGES_PER_SECOND,
        first_retry: float = 1.0,
        **telegram: Any,
    ) -> RunningBot:
        """Start the bot without waiting: the stand-in may not be up yet."""
        config = telegram_config(standin.base_url, **telegram)
        with mock.patch("bot.frontends.telegram.state.example_questions", _examples):
            app = build_application(config, qa, reloader, messages_per_second)  # type: ignore[arg-type]
        loop = asyncio.new_event_loop()
        error: list[BaseException] = []

        def run() -> None:
            asyncio.set_event_loop(loop)
            try:
                serve(
                    app,
                    config,
                    webhook,
                    poll_timeout=1,
                    stop_signals=None,
                    close_loop=False,
                    first_retry=first_retry,
                )
            except BaseException as exc:  # surfaced by stop()
                error.append(exc)

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return cls(app, loop, thread, error)

    def wait_ready(self, standin: Standin, timeout: float = 15) -> None:
        with standin.cond:
            if not standin.cond.wait_for(lambda: bool(standin.commands), timeout=timeout):
                raise AssertionError("the bot did not start (no setMyCommands)")

    def stop(self, timeout: float = 15) -> None:
        if self.thread.is_alive():
            self.loop.call_soon_threadsafe(self.app.stop_running)
            self.thread.join(timeout)
        if self.thread.is_alive():
            raise AssertionError("the bot did not stop")
        if self.error:
            raise self.error[0]
        self.loop.close()

    @property
    def state(self) -> Any:
        return self.app.bot_data["state"]
