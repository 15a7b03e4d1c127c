"""What the Telegram front-end remembers between updates: follow-ups, answers, counts, locks."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.answer import followup
from bot.answer.qa import QA
from bot.config import Config
from bot.frontends.telegram.examples import example_questions
from bot.frontends.telegram.flood import FloodGate
from bot.frontends.telegram.render import clean
from bot.model import Answer

KEPT_ANSWERS = 1000  # answers whose "更多" button still works
KEPT_HISTORY = 10000  # (chat, user) pairs whose last question is remembered
INLINE_FLOOD_FACTOR = 5  # inline queries a user may send, as a multiple of telegram.flood_limit


@dataclass
class BotState:
    """Per-application state, kept in `bot_data["state"]`; handlers stay thin."""

    qa: QA
    config: Config
    flood: FloodGate
    inline_flood: FloodGate
    examples: list[str] = field(default_factory=list)
    history: OrderedDict[tuple[int, int], tuple[str, float]] = field(default_factory=OrderedDict)
    answers: OrderedDict[int, tuple[Answer, str]] = field(default_factory=OrderedDict)
    locks: dict[int, asyncio.Lock] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    users: set[int] = field(default_factory=set)
    clock: Callable[[], float] = time.monotonic
    started: float = field(default_factory=time.monotonic)
    _next_key: int = 0

    @classmethod
    def create(cls, config: Config, qa: QA) -> BotState:
        tg = config.telegram
        # A client sends an inline query as its user types: they get INLINE_FLOOD_FACTOR
        # times the limit, on a gate of their own.
        state = cls(
            qa,
            config,
            FloodGate(tg.flood_limit, tg.flood_window),
            FloodGate(tg.flood_limit * INLINE_FLOOD_FACTOR, tg.flood_window),
        )
        state.refresh()
        return state

    def refresh(self) -> None:
        """Recompute what derives from the corpus (after start-up or a reload)."""
        self.examples = example_questions(self.qa)

    def lock(self, chat_id: int) -> asyncio.Lock:
        """The lock that keeps one chat's replies in the order of its questions."""
        return self.locks.setdefault(chat_id, asyncio.Lock())

    def ask(self, chat_id: int, user_id: int, text: str) -> Answer:
        """Answer a question, reading a short follow-up with this user's previous question."""
        question = clean(text).strip()
        now = self.clock()
        key = (chat_id, user_id)
        previous = self.history.get(key)
        recent = previous and now - previous[1] <= self.config.answer.followup_seconds
        answer = followup.ask(self.qa, question, previous[0] if previous and recent else None)
        understood = answer.understood_as
        if understood:
            logging.getLogger(__name__).debug("follow-up read as %r", understood)
        self.history[key] = (understood or question, now)
        self.history.move_to_end(key)
        if len(self.history) > KEPT_HISTORY:
            self.history.popitem(last=False)
        self.users.add(user_id)
        self.counts["refused" if answer.abstained else "answered"] += 1
        return answer

    def remember(self, answer: Answer, shown: str) -> int:
        """Keep an answer for its "更多" button; return the button's key."""
        self._next_key += 1
        self.answers[self._next_key] = (answer, shown)
        if len(self.answers) > KEPT_ANSWERS:
            self.answers.popitem(last=False)
        return self._next_key

    def stats_lines(self) -> list[str]:
        engine = self.qa.engine
        hours = (time.monotonic() - self.started) / 3600
        return [
            f"运行 {hours:.1f} 小时",
            f"文章 {len(engine.documents)} 篇，句子 {len(engine.sentences)} 句",
            f"回答 {self.counts['answered']}，拒答 {self.counts['refused']}",
            f"限流 {self.flood.throttled + self.inline_flood.throttled}，"
            f"出错 {self.counts['errors']}，"
            f"被屏蔽 {self.counts['blocked']}",
            f"用户 {len(self.users)}",
        ]
