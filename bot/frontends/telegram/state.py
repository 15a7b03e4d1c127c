"""What the Telegram front-end remembers between updates: follow-ups, answers, counts, locks,
the flood gates and the outbox. Everything kept per user or chat is bounded or pruned."""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import time
from collections import Counter, OrderedDict
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import NamedTuple

from telegram import InlineQuery

from bot.answer import followup
from bot.answer.qa import QA
from bot.config import Config
from bot.frontends.telegram.examples import example_questions
from bot.frontends.telegram.flood import Budget, FairTurns, FloodGate, Verdict
from bot.frontends.telegram.outbox import Outbox
from bot.frontends.telegram.render import clean
from bot.model import Answer

logger = logging.getLogger(__name__)

KEPT_ANSWERS = 1000  # answers whose "更多" button still works
KEPT_HISTORY = 10000  # (chat, user) pairs whose last question is remembered
INLINE_FLOOD_FACTOR = 5  # inline queries a user may send, as a multiple of telegram.flood_limit
ANSWER_THREADS = 1  # questions answered at once, off the event loop (see FairTurns)
ACTIVE_SECONDS = 86400  # /stats counts the users of the last day
MORE_KEY = re.compile(r"[A-Za-z0-9_-]{16}")  # secrets.token_urlsafe(12)


class Kept(NamedTuple):
    """An answer kept for its "更多" button, with whom it was for."""

    chat_id: int
    user_id: int
    answer: Answer
    shown: str


class KeyedLocks:
    """An asyncio lock per key that exists only while someone holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def hold(self, key: int) -> AsyncIterator[None]:
        lock, users = self._locks.get(key) or (asyncio.Lock(), 0)
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._locks)


def _timed(answer: Callable[[], Answer]) -> tuple[Answer, float]:
    """Answer in a worker thread; the thread's CPU time is the question's cost."""
    started = time.thread_time()
    result = answer()
    return result, time.thread_time() - started


@dataclass
class BotState:
    """Per-application state, kept in `bot_data["state"]`; handlers stay thin."""

    qa: QA
    config: Config
    flood: FloodGate
    inline_flood: FloodGate
    budget: Budget
    turns: FairTurns
    outbox: Outbox = field(default_factory=Outbox)
    pool: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(ANSWER_THREADS, "answer")
    )
    examples: list[str] = field(default_factory=list)
    history: OrderedDict[tuple[int, int], tuple[str, float]] = field(default_factory=OrderedDict)
    answers: OrderedDict[str, Kept] = field(default_factory=OrderedDict)
    chat_locks: KeyedLocks = field(default_factory=KeyedLocks)  # replies in question order
    user_locks: KeyedLocks = field(default_factory=KeyedLocks)  # one answer per user at once
    # Users whose inline query is being answered, with the newest one waiting behind it.
    inline_pending: dict[int, tuple[InlineQuery, str] | None] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    active: OrderedDict[int, float] = field(default_factory=OrderedDict)  # user → last seen
    clock: Callable[[], float] = time.monotonic
    started: float = field(default_factory=time.monotonic)

    @classmethod
    def create(cls, config: Config, qa: QA) -> BotState:
        tg = config.telegram
        budget = Budget(tg.flood_seconds, tg.flood_window)
        # A client sends an inline query as its user types: they get INLINE_FLOOD_FACTOR
        # times the limit, on a gate of their own; the answering budget is one for both.
        state = cls(
            qa,
            config,
            FloodGate(tg.flood_limit, tg.flood_window, budget=budget),
            FloodGate(tg.flood_limit * INLINE_FLOOD_FACTOR, tg.flood_window, budget=budget),
            budget,
            FairTurns(budget.spent, ANSWER_THREADS),
        )
        state.outbox.on_blocked = lambda _chat: state.counts.update(["blocked"])
        state.refresh()
        return state

    def refresh(self) -> None:
        """Recompute what derives from the corpus (after start-up or a reload)."""
        self.examples = example_questions(self.qa)

    def admit(self, user_id: int, inline: bool = False) -> Verdict:
        """Whether to serve a request (a question, command or button) from this user now."""
        return (self.inline_flood if inline else self.flood).check(user_id)

    def wait_seconds(self, user_id: int, inline: bool = False) -> float:
        return (self.inline_flood if inline else self.flood).wait_seconds(user_id)

    async def answer(self, user_id: int, question: str) -> Answer | None:
        """Answer one question alone (inline queries); see `run`."""
        return await self.run(user_id, lambda: self.qa.answer(question))

    async def run(self, user_id: int, answer: Callable[[], Answer]) -> Answer | None:
        """Answer off the event loop, one question per user at a time and the user who spent
        least first, charged to the user; None when the user's budget ran out meanwhile."""
        async with self.user_locks.hold(user_id):
            if self.budget.exhausted(user_id):
                return None
            async with self.turns.turn(user_id):
                loop = asyncio.get_running_loop()
                result, seconds = await loop.run_in_executor(self.pool, _timed, answer)
        self.budget.charge(user_id, seconds)
        self._seen(user_id)
        self.counts["refused" if result.abstained else "answered"] += 1
        return result

    async def ask(self, chat_id: int, user_id: int, text: str) -> Answer | None:
        """Answer a question, reading a short follow-up with this user's previous question;
        None when the user's answering budget is spent."""
        question = clean(text).strip()
        now = self.clock()
        key = (chat_id, user_id)
        previous = self.history.get(key)
        recent = previous and now - previous[1] <= self.config.answer.followup_seconds
        before = previous[0] if previous and recent else None
        answer = await self.run(user_id, lambda: followup.ask(self.qa, question, before))
        if answer is None:
            return None
        understood = answer.understood_as
        if understood:
            logger.debug("follow-up read as %r", understood)
        self.history[key] = (understood or question, now)
        self.history.move_to_end(key)
        oldest = now - self.config.answer.followup_seconds
        while self.history and (
            len(self.history) > KEPT_HISTORY or next(iter(self.history.values()))[1] < oldest
        ):
            self.history.popitem(last=False)
        return answer

    def remember(self, answer: Answer, shown: str, chat_id: int, user_id: int) -> str:
        """Keep an answer for its "更多" button; return the button's unguessable key."""
        key = secrets.token_urlsafe(12)
        self.answers[key] = Kept(chat_id, user_id, answer, shown)
        if len(self.answers) > KEPT_ANSWERS:
            self.answers.popitem(last=False)
        return key

    def recall(self, key: str, chat_id: int, user_id: int) -> Kept | None:
        """The kept answer of a "更多" key, only for the chat and user it was given to."""
        kept = self.answers.get(key)
        if kept is None or (kept.chat_id, kept.user_id) != (chat_id, user_id):
            return None
        return kept

    def _seen(self, user_id: int) -> None:
        now = self.clock()
        self.active[user_id] = now
        self.active.move_to_end(user_id)
        while next(iter(self.active.values())) < now - ACTIVE_SECONDS:
            self.active.popitem(last=False)

    def stats_lines(self) -> list[str]:
        engine = self.qa.engine
        hours = (time.monotonic() - self.started) / 3600
        return [
            f"运行 {hours:.1f} 小时",
            f"文章 {len(engine.documents)} 篇，句子 {len(engine.sentences)} 句",
            f"回答 {self.counts['answered']}，拒答 {self.counts['refused']}",
            f"限流 {self.flood.throttled + self.inline_flood.throttled}，"
            f"出错 {self.counts['errors']}，"
            f"被屏蔽 {self.counts['blocked']}，"
            f"未送达 {self.outbox.dropped}",
            f"近 24 小时用户 {len(self.active)}",
        ]

    async def close(self) -> None:
        """Stop the outbox and the answering threads (at application stop)."""
        await self.outbox.close()
        self.pool.shutdown(wait=False, cancel_futures=True)
