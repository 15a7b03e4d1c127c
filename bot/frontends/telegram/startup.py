"""Start-up before serving: wait for the Bot API to answer, so a service may boot offline."""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Sequence

from telegram.error import InvalidToken, NetworkError, RetryAfter
from telegram.ext import Application

logger = logging.getLogger(__name__)

FIRST_DELAY = 1.0  # seconds before the second attempt; doubled after each failure ...
MAX_DELAY = 60.0  # ... up to this


def event_loop() -> asyncio.AbstractEventLoop:
    """The loop PTB's run_polling/run_webhook will use (the thread's current one, or a new one)."""
    with warnings.catch_warnings():  # 3.12+ warns when it has to make one; so does PTB's call
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            return asyncio.get_event_loop()
        except RuntimeError:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            return loop


def wait_for_api(
    app: Application, stop_signals: Sequence[int] | None, first_delay: float = FIRST_DELAY
) -> bool:
    """Call getMe until it succeeds; False when a stop signal came first.

    A rejected token raises InvalidToken at once: retrying cannot fix it.
    """
    loop = event_loop()
    task = loop.create_task(_initialize(app, first_delay, MAX_DELAY))
    signals = list(stop_signals or ())
    for sig in signals:  # PTB installs its own handlers once serving; until then, ours
        loop.add_signal_handler(sig, task.cancel)
    try:
        loop.run_until_complete(task)
        return True
    except asyncio.CancelledError:
        logger.info("stopped before the Bot API answered")
        return False
    finally:
        for sig in signals:
            loop.remove_signal_handler(sig)


async def _initialize(app: Application, delay: float, max_delay: float) -> None:
    """Initialise the bot (getMe), one warning per failed attempt, waiting longer each time."""
    attempt = 1
    while True:
        try:
            await app.bot.initialize()  # PTB's own initialize() finds it done and skips getMe
            if attempt > 1:
                logger.warning("Bot API reached at attempt %d; serving", attempt)  # pairs the above
            return
        except InvalidToken:
            raise
        except RetryAfter as exc:
            with warnings.catch_warnings():  # PTB warns that it will become a timedelta
                warnings.simplefilter("ignore")
                after = exc.retry_after  # int seconds, or a timedelta with PTB_TIMEDELTA set
            wait = float(after if isinstance(after, int) else after.total_seconds())
            logger.warning("Bot API asks to wait (attempt %d); next try in %.0f s", attempt, wait)
            await asyncio.sleep(wait)
        except NetworkError as exc:  # TimedOut and a 502 from a proxy are NetworkErrors too
            logger.warning(
                "Bot API not reachable (attempt %d: %s); next try in %.0f s", attempt, exc, delay
            )
            await asyncio.sleep(delay)
            delay = min(delay * 2, max_delay)
        attempt += 1
