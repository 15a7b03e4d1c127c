"""BotState: follow-ups lean on the same user's previous question, and only for a while."""

from __future__ import annotations

from dataclasses import replace

from bot.answer.qa import QA
from bot.config import AnswerConfig, Config
from bot.frontends.telegram.state import BotState


def state(qa: QA, now: list[float], followup_seconds: int = 300) -> BotState:
    config = Config(answer=AnswerConfig(followup_seconds=followup_seconds))
    s = BotState.create(config, qa)
    return replace(s, clock=lambda: now[0])


def test_followup_within_the_window_is_rewritten(telegram_qa: QA) -> None:
    now = [100.0]
    s = state(telegram_qa, now)
    s.ask(1, 10, "永康何时被命名为质量强市示范城市")
    now[0] += 299
    answer = s.ask(1, 10, "是谁命名的？")
    assert answer.question == "是谁命名的？"
    assert answer.understood_as == "永康被命名为质量强市示范城市，是谁命名的？"
    assert answer.answer == "国家质检总局"


def test_a_topic_swap_is_answered_about_the_new_topic_or_refused(telegram_qa: QA) -> None:
    s = state(telegram_qa, [100.0])
    s.ask(1, 10, "永康质量强市示范城市是谁评的")
    answer = s.ask(1, 10, "那宁波呢")
    assert answer.understood_as == "宁波质量强市示范城市是谁评的"
    assert answer.abstained and answer.answer is None  # not 市委、市政府: that is 宁波 itself
    s.ask(1, 10, "永康要推动什么转变")
    answer = s.ask(1, 10, "那宁波呢")
    assert answer.source is not None and answer.source.place == "宁波"


def test_followup_after_the_window_or_from_someone_else_is_read_alone(telegram_qa: QA) -> None:
    now = [100.0]
    s = state(telegram_qa, now, followup_seconds=60)
    s.ask(1, 10, "永康何时被命名为质量强市示范城市")
    assert s.ask(1, 11, "哪一年？").understood_as is None  # another user in the same chat
    assert s.ask(2, 10, "哪一年？").understood_as is None  # the same user in another chat
    now[0] += 61
    assert s.ask(1, 10, "哪一年？").understood_as is None


def test_examples_and_counts(telegram_qa: QA) -> None:
    s = state(telegram_qa, [0.0])
    assert len(s.examples) == 3
    s.ask(1, 1, "火星上有没有水？")
    s.ask(1, 1, "瓯江大桥全长多少？")
    assert (s.counts["answered"], s.counts["refused"], len(s.users)) == (1, 1, 1)
