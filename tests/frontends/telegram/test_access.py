"""Access: admin-only commands, the group allowlist, per-user flood control under load."""

from __future__ import annotations

import itertools
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from botapi_standin import Standin, group, private, user
from conftest import ROOT
from telegram_runner import ADMIN

from bot.app import build_qa
from bot.config import load_config
from bot.frontends.reload import Reloader as CorpusReloader
from bot.frontends.telegram.flood import FloodGate, Verdict
from bot.frontends.telegram.state import INLINE_FLOOD_FACTOR

QUESTIONS = [
    "永康何时被命名为质量强市示范城市",
    "瓯江大桥全长多少？",
    "金政是谁",
    "火星上有没有水？",
]


def first_reply(standin: Standin, chat_id: int, timeout: float = 10) -> dict[str, Any]:
    standin.wait_for(lambda sent: any(m["chat"]["id"] == chat_id for m in sent), timeout)
    return standin.to_chat(chat_id)[0]


class Reloader:
    def __init__(self) -> None:
        self.calls = 0
        self.on_swap: list[Any] = []

    def reload(self) -> str:
        self.calls += 1
        return "reloaded: 3 articles <ok>"


def test_flood_gate_allows_the_limit_then_warns_once_then_drops() -> None:
    now = [0.0]
    gate = FloodGate(3, 10.0, clock=lambda: now[0])
    verdicts = [gate.check(1) for _ in range(6)]
    assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.WARN] + [Verdict.DROP] * 2
    assert gate.check(2) is Verdict.ALLOW  # other users are untouched
    assert gate.wait_seconds(1) == pytest.approx(10.0)
    now[0] = 10.5
    assert gate.check(1) is Verdict.ALLOW
    with pytest.raises(ValueError):
        FloodGate(0, 1.0)


def test_admin_commands_check_the_admin_ids(standin: Standin, start_bot: Any) -> None:
    reloader = Reloader()
    start_bot(reloader=reloader)
    standin.message(private(601), 601, "/reload")
    standin.message(private(602), 602, "/stats")
    assert "管理员" in first_reply(standin, 601)["text"]
    assert "管理员" in first_reply(standin, 602)["text"]
    assert reloader.calls == 0
    standin.message(private(ADMIN), ADMIN, "/reload")
    reply = first_reply(standin, ADMIN)
    assert reply["text"] == "reloaded: 3 articles <ok>" and reloader.calls == 1
    standin.message(private(ADMIN), ADMIN, "/stats")
    standin.wait_for(lambda sent: len([m for m in sent if m["chat"]["id"] == ADMIN]) == 2)
    assert "文章 3 篇" in standin.to_chat(ADMIN)[1]["text"]


def test_reload_without_a_reloader_says_it_is_unavailable(standin: Standin, start_bot: Any) -> None:
    start_bot()
    standin.message(private(ADMIN), ADMIN, "/reload")
    assert "不支持" in first_reply(standin, ADMIN)["text"]


BRIDGE = (
    "---\ntitle: 瓯江大桥通车\nsource: 温州日报\ndate: '2016-10-08'\nplace: 温州\n---\n\n"
    "2016年10月8日,温州瓯江大桥正式建成通车并迎来首批车辆。大桥全长1.2公里。\n"
)


def test_a_reload_from_outside_telegram_refreshes_the_start_examples(
    standin: Standin, start_bot: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in (ROOT / "corpus").glob("*.txt"):
        shutil.copy(path, folder / path.name)
    config = load_config(ROOT / "config.yaml", env={})
    qa = build_qa(config, folder)
    reloader = CorpusReloader.for_corpus(qa, config, folder)
    start_bot(qa=qa, reloader=reloader)
    standin.message(private(605), 605, "/start")
    assert "瓯江大桥" not in first_reply(standin, 605)["text"]
    (folder / "000_bridge.txt").write_text(BRIDGE, encoding="utf-8")
    assert "failed" not in reloader.reload()  # as SIGHUP and the watcher do, off the event loop
    standin.message(private(605), 605, "/start")
    standin.wait_for(lambda sent: len([m for m in sent if m["chat"]["id"] == 605]) == 2)
    assert "瓯江大桥" in standin.to_chat(605)[1]["text"]


def inline_query(standin: Standin, uid: int, qid: str, text: str) -> None:
    standin.push("inline_query", {"id": qid, "from": user(uid), "query": text, "offset": ""})


def inline_answers(standin: Standin, count: int) -> dict[str, list[dict[str, Any]]]:
    with standin.cond:
        assert standin.cond.wait_for(lambda: len(standin.inline_answers) >= count, timeout=15)
        return {a["inline_query_id"]: a["results"] for a in standin.inline_answers}


def test_inline_queries_have_a_flood_gate_of_their_own(standin: Standin, start_bot: Any) -> None:
    start_bot(flood_limit=1)  # inline queries: INLINE_FLOOD_FACTOR in the window
    for n in range(INLINE_FLOOD_FACTOR + 1):  # a user typing: each query once answered
        inline_query(standin, 607, f"q{n}", "金政是谁")
        inline_answers(standin, n + 1)
    inline_query(standin, 608, "other", "金政是谁")
    answers = inline_answers(standin, INLINE_FLOOD_FACTOR + 2)
    throttled = [qid for qid, results in answers.items() if results[0]["id"] == "flood"]
    assert throttled == [f"q{INLINE_FLOOD_FACTOR}"]  # one too many, that user's
    assert "太频繁" in answers[throttled[0]][0]["input_message_content"]["message_text"]
    standin.message(private(607), 607, "金政是谁")  # messages keep their own limit
    assert "金政" in first_reply(standin, 607)["text"]


def test_inline_queries_typed_meanwhile_are_answered_by_the_newest(
    standin: Standin, start_bot: Any, telegram_qa: Any
) -> None:
    start_bot(qa=SlowQA(telegram_qa, sleep=0.4))
    for n, text in enumerate(["慢金", "慢金政", "慢金政是", "慢金政是谁"]):
        inline_query(standin, 609, f"k{n}", text)
    answers = inline_answers(standin, 2)
    time.sleep(0.5)
    assert sorted(standin_answers := {a["inline_query_id"] for a in standin.inline_answers}) == [
        "k0",
        "k3",
    ], standin_answers  # the first, then only the newest: the two between were superseded
    assert "金政" in answers["k3"][0]["input_message_content"]["message_text"]


def test_bot_stays_silent_in_groups_off_the_allowlist(standin: Standin, start_bot: Any) -> None:
    start_bot(allowed_groups=[-100111])
    for chat_id in (-100222, -100111):
        standin.message(group(chat_id), 603, f"/ask@{standin.username} 瓯江大桥全长多少？")
        standin.message(group(chat_id), 603, "/start")
    standin.message(private(603), 603, "金政是谁")  # private chats are always served
    first_reply(standin, 603)
    standin.wait_for(lambda sent: len([m for m in sent if m["chat"]["id"] == -100111]) == 2)
    time.sleep(0.3)
    assert standin.to_chat(-100222) == []


def test_flood_control_throttles_one_user_and_loses_nothing_for_the_others(
    standin: Standin, start_bot: Any
) -> None:
    # 211 replies within seconds: the stand-in has no need of Telegram's 30 messages a second.
    start_bot(flood_limit=10, flood_window=60.0, messages_per_second=1000)
    spammer, others = 700, list(range(701, 721))
    asked: dict[int, list[int]] = {uid: [] for uid in [spammer, *others]}
    spam = iter(range(30))
    cycle = itertools.cycle(QUESTIONS)
    started = time.monotonic()
    for _ in range(10):  # 20 users × 10 questions, the spammer's 30 woven in
        for uid in others:
            asked[uid].append(standin.message(private(uid), uid, next(cycle))["message_id"])
        for _ in range(3):
            asked[spammer].append(
                standin.message(private(spammer), spammer, f"{next(cycle)}{next(spam)}")[
                    "message_id"
                ]
            )
        time.sleep(0.05)
    assert time.monotonic() - started < 10  # 30 questions from one user within 10 s

    def done(sent: list[dict[str, Any]]) -> bool:
        return len([m for m in sent if m["reply_to"] is not None]) >= 200 + 11

    standin.wait_for(done, timeout=60)
    time.sleep(0.5)
    for uid in others:
        got = standin.to_chat(uid)
        assert [m["reply_to"] for m in got] == asked[uid]  # every answer, in order
        assert not any("太频繁" in m["text"] for m in got)
    # A long evidence sentence continues in messages that reply to nothing: count replies.
    got = [m for m in standin.to_chat(spammer) if m["reply_to"] is not None]
    assert [m["reply_to"] for m in got] == asked[spammer][:11]
    assert [m for m in got if "太频繁" in m["text"]] == [got[10]]  # one notice
    assert len([m for m in standin.sent if m["reply_to"] is not None]) == 211


def test_every_command_is_flood_limited(standin: Standin, start_bot: Any) -> None:
    start_bot(flood_limit=3, flood_window=60.0)
    commands = ["/start", "/help", "/sources", "/ask", "/reload", "/stats", "/start", "/help"]
    for text in commands * 2:
        standin.message(private(640), 640, text)
    standin.message(private(641), 641, "/help")  # someone else is not slowed
    first_reply(standin, 641)
    standin.wait_for(lambda sent: len([m for m in sent if m["chat"]["id"] == 640]) >= 4)
    time.sleep(0.5)
    got = standin.to_chat(640)
    assert len(got) == 4  # three commands served, then one notice, then silence
    assert "太频繁" in got[3]["text"]


class SlowQA:
    """The real QA service, except that questions holding 慢 take a while: `sleep` seconds
    waiting (the event loop must stay free) or `spin` seconds of CPU (charged to the user)."""

    def __init__(self, qa: Any, sleep: float = 0.0, spin: float = 0.0) -> None:
        self.qa, self.engine, self.sleep, self.spin = qa, qa.engine, sleep, spin
        self.normalizer, self.tokenizer, self.places = qa.normalizer, qa.tokenizer, qa.places

    def answer(self, question: str, explain: bool = False) -> Any:
        if "慢" in question:
            time.sleep(self.sleep)
            end = time.thread_time() + self.spin
            while time.thread_time() < end:
                pass
        return self.qa.answer(question.replace("慢", ""), explain)


def test_the_event_loop_stays_free_while_a_question_is_answered(
    standin: Standin, start_bot: Any, telegram_qa: Any
) -> None:
    start_bot(qa=SlowQA(telegram_qa, sleep=1.5))
    standin.message(private(650), 650, "慢瓯江大桥全长多少？")
    time.sleep(0.2)
    asked = time.monotonic()
    standin.message(private(651), 651, "/help")
    reply = first_reply(standin, 651)
    assert reply["at"] - asked < 1.0  # served while the slow answer still runs
    assert standin.to_chat(650) == []
    assert "1.2公里" in first_reply(standin, 650, timeout=10)["text"]


def test_the_user_who_spent_least_is_answered_next(
    standin: Standin, start_bot: Any, telegram_qa: Any
) -> None:
    start_bot(qa=SlowQA(telegram_qa, spin=0.2), flood_seconds=100.0)
    attackers = [660, 661, 662]
    for _ in range(4):
        for uid in attackers:
            standin.message(private(uid), uid, "慢瓯江大桥全长多少？")
    standin.wait_for(lambda sent: len(sent) >= 4, timeout=20)  # every attacker has spent some
    before = len(standin.sent)
    standin.message(private(663), 663, "金政是谁")
    standin.wait_for(lambda sent: any(m["chat"]["id"] == 663 for m in sent), timeout=20)
    order = [m["chat"]["id"] for m in standin.sent]
    # The attackers' next questions were queued first; only the one running may go ahead.
    assert order.index(663) <= before + 1, order
    assert len(order) < 13  # attackers still waiting when the bystander was answered


def test_each_user_has_a_budget_of_answering_time(
    standin: Standin, start_bot: Any, telegram_qa: Any
) -> None:
    start_bot(qa=SlowQA(telegram_qa, spin=0.3), flood_seconds=0.5)
    for _ in range(4):
        standin.message(private(660), 660, "慢瓯江大桥全长多少？")
        time.sleep(0.1)
    standin.message(private(661), 661, "慢瓯江大桥全长多少？")  # another user's own budget
    first_reply(standin, 661)
    standin.wait_for(lambda sent: len([m for m in sent if m["chat"]["id"] == 660]) >= 3)
    time.sleep(0.5)
    got = [m["text"] for m in standin.to_chat(660)]
    assert len(got) == 3 and "1.2公里" in got[0] and "1.2公里" in got[1]  # 0.6 s spent
    assert "太频繁" in got[2]
