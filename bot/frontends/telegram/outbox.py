"""Replies that are delayed, not lost: each chat's messages are sent in order and retried
with backoff while the Bot API is down or says 429, for up to `max_age` seconds.

python-telegram-bot's AIORateLimiter already retries a 429 a few times; what it gives up on,
and every network failure or server error, lands here. Only a message older than `max_age`
is dropped, with a log line; a refusal by Telegram (blocked by the user, a bad request) is
final at once, since retrying cannot change it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from bot.frontends.telegram.flood import FairTurns, Window

logger = logging.getLogger(__name__)

Send = Callable[[], Awaitable[object]]
IN_FLIGHT = 4  # sends handed to the rate limiter at once; the rest wait here, fairly


@dataclass
class _Item:
    send: Send
    what: str
    queued: float
    done: asyncio.Future[object | None] = field(repr=False)


class Outbox:
    """Per-chat ordered delivery with retries; `put` returns at once."""

    def __init__(
        self,
        max_age: float = 600.0,
        first_delay: float = 1.0,
        max_delay: float = 30.0,
        max_queued: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_age = max_age  # seconds a reply may wait for the API before it is dropped
        self.first_delay = first_delay
        self.max_delay = max_delay
        self.max_queued = max_queued  # across all chats: memory stays bounded in any outage
        self.clock = clock
        # Chats that were sent the least in the last minute go first: one chat's burst (an
        # attacker's /sources, say) waits here, not ahead of everyone in the rate limiter.
        self._sent = Window(60.0, clock)
        self._turns = FairTurns(self._sent.total, IN_FLIGHT)
        self._queues: dict[int, deque[_Item]] = {}
        self._workers: dict[int, asyncio.Task[None]] = {}
        self.dropped = 0
        self.on_blocked: Callable[[int], None] | None = None  # told of each Forbidden chat

    def put(self, chat_id: int, send: Send, what: str = "reply") -> asyncio.Future[object | None]:
        """Queue a send for this chat; the future holds its result, or None if it was dropped."""
        done: asyncio.Future[object | None] = asyncio.get_running_loop().create_future()
        if self.pending >= self.max_queued:
            self._drop(chat_id, what, "the outbox is full")
            done.set_result(None)
            return done
        self._queues.setdefault(chat_id, deque()).append(_Item(send, what, self.clock(), done))
        if chat_id not in self._workers:
            self._workers[chat_id] = asyncio.create_task(self._deliver(chat_id))
        return done

    @property
    def pending(self) -> int:
        return sum(len(q) for q in self._queues.values())

    async def _deliver(self, chat_id: int) -> None:
        queue = self._queues[chat_id]
        try:
            while queue:
                item = queue[0]
                result = await self._send(chat_id, item)
                queue.popleft()
                if not item.done.done():
                    item.done.set_result(result)
        finally:
            del self._workers[chat_id]
            if not queue:
                del self._queues[chat_id]

    async def _send(self, chat_id: int, item: _Item) -> object | None:
        delay = self.first_delay
        while True:
            try:
                async with self._turns.turn(chat_id):
                    result = await item.send()
                self._sent.add(chat_id, 1.0)
                return result
            except Forbidden as exc:  # blocked by the user, kicked from the group
                logger.warning("chat %s: cannot send (%s); skipped", chat_id, exc)
                if self.on_blocked is not None:
                    self.on_blocked(chat_id)
                return None
            except BadRequest as exc:  # final: the same request would fail again
                logger.warning("chat %s: %s refused by Telegram (%s)", chat_id, item.what, exc)
                return None
            except RetryAfter as exc:
                wait = _seconds(exc)
                logger.info(
                    "chat %s: %s held back %.0fs by Telegram (429)", chat_id, item.what, wait
                )
            except NetworkError as exc:  # unreachable, timed out, a 5xx from the server
                wait, delay = delay, min(delay * 2, self.max_delay)
                logger.info("chat %s: %s not sent yet (%s); retrying", chat_id, item.what, exc)
            waited = self.clock() - item.queued
            if waited + wait > self.max_age:
                self._drop(chat_id, item.what, f"undelivered for {waited:.0f}s")
                return None
            await asyncio.sleep(wait)

    def _drop(self, chat_id: int, what: str, why: str) -> None:
        self.dropped += 1
        logger.warning("chat %s: %s dropped, %s", chat_id, what, why)

    async def close(self) -> None:
        """Stop delivering; what is still queued is logged as dropped."""
        for chat_id, queue in list(self._queues.items()):
            for item in queue:
                self._drop(chat_id, item.what, "the bot is stopping")
                if not item.done.done():
                    item.done.set_result(None)
            queue.clear()
        workers = list(self._workers.values())
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)


def _seconds(exc: RetryAfter) -> float:
    """RetryAfter's wait in seconds (a timedelta inside PTB 22, an int or one outside)."""
    value = getattr(exc, "_retry_after", None)
    if value is None:
        value = exc.retry_after
    return float(value.total_seconds() if isinstance(value, timedelta) else value)
