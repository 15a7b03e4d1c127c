"""BotState: follow-ups lean on the same user's previous question, and only for a while."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from bot.answer.qa import QA
from bot.config import AnswerConfig, Config
from bot.frontends.telegram.state import BotState
from bot.model import Answer


def ask(s: BotState, chat_id: int, user_id: int, text: str) -> Answer:
    return asyncio.run(s.ask(chat_id, user_id, text))


def state(qa: QA, now: list[float], followup_seconds: int = 300) -> BotState:
    config = Config(answer=AnswerConfig(followup_seconds=followup_seconds))
    s = BotState.create(config, qa)
    return replace(s, clock=lambda: now[0])


def test_followup_within_the_window_is_rewritten(telegram_qa: QA) -> None:
    now = [100.0]
    s = state(telegram_qa, now)
    ask(s, 1, 10, "永康何时被命名为质量强市示范城市")
    now[0] += 299
    answer = ask(s, 1, 10, "是谁命名的？")
    assert answer.question == "是谁命名的？"
    assert answer.understood_as == "永康被命名为质量强市示范城市，是谁命名的？"
    assert answer.answer == "国家质检总局"


def test_a_topic_swap_is_answered_about_the_new_topic_or_refused(telegram_qa: QA) -> None:
    s = state(telegram_qa, [100.0])
    ask(s, 1, 10, "永康质量强市示范城市是谁评的")
    answer = ask(s, 1, 10, "那宁波呢")
    assert answer.understood_as == "宁波质量强市示范城市是谁评的"
    assert answer.abstained and answer.answer is None  # not 市委、市政府: that is 宁波 itself
    ask(s, 1, 10, "永康要推动什么转变")
    answer = ask(s, 1, 10, "那宁波呢")
    assert answer.source is not None and answer.source.place == "宁波"


def test_followup_after_the_window_or_from_someone_else_is_read_alone(telegram_qa: QA) -> None:
    now = [100.0]
    s = state(telegram_qa, now, followup_seconds=60)
    ask(s, 1, 10, "永康何时被命名为质量强市示范城市")
    assert ask(s, 1, 11, "哪一年？").understood_as is None  # another user in the same chat
    assert ask(s, 2, 10, "哪一年？").understood_as is None  # the same user in another chat
    now[0] += 61
    assert ask(s, 1, 10, "哪一年？").understood_as is None


def test_examples_and_counts(telegram_qa: QA) -> None:
    s = state(telegram_qa, [0.0])
    assert len(s.examples) == 3
    ask(s, 1, 1, "火星上有没有水？")
    ask(s, 1, 1, "瓯江大桥全长多少？")
    assert (s.counts["answered"], s.counts["refused"], len(s.active)) == (1, 1, 1)


def test_per_user_state_is_forgotten_once_users_go_quiet() -> None:
    from bot.frontends.telegram.flood import SWEEP_EVERY, Budget, FloodGate

    now = [0.0]
    budget = Budget(3.0, 60.0, clock=lambda: now[0])
    gate = FloodGate(2, 60.0, clock=lambda: now[0], budget=budget)
    for uid in range(5 * SWEEP_EVERY):
        gate.check(uid), gate.check(uid), gate.check(uid)  # the third is refused
        budget.charge(uid, 0.01)
    assert len(gate) >= 5 * SWEEP_EVERY
    now[0] += 61
    for uid in range(10**6, 10**6 + SWEEP_EVERY):  # new users arrive; the old ones are gone
        gate.check(uid)
        budget.charge(uid, 0.01)
    assert len(gate) <= 2 * SWEEP_EVERY + 1 and len(budget) <= SWEEP_EVERY + 1


def test_chat_locks_history_and_active_users_do_not_grow_for_ever(telegram_qa: QA) -> None:
    now = [0.0]
    s = state(telegram_qa, now, followup_seconds=60)
    for uid in range(200):
        ask(s, uid, uid, "瓯江大桥全长多少？")
    assert len(s.chat_locks) == 0 and len(s.user_locks) == 0  # none held: none kept
    assert len(s.history) == 200 and len(s.active) == 200
    now[0] += 86401
    ask(s, 1, 1, "金政是谁")
    assert len(s.history) == 1 and len(s.active) == 1
