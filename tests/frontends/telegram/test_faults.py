"""Telegram faults against the stand-in: 429, 403, the API going away, a failing handler, logs."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from botapi_standin import Standin, private
from conftest import ROOT, TELEGRAM_TOKEN
from inprocess import run

from bot.answer.qa import QA
from bot.model import Answer

QUESTION = "瓯江大桥全长多少？"


def replies(
    standin: Standin, chat_id: int, count: int = 1, timeout: float = 15
) -> list[dict[str, Any]]:
    standin.wait_for(
        lambda sent: len([m for m in sent if m["chat"]["id"] == chat_id]) >= count, timeout
    )
    return standin.to_chat(chat_id)


class ExplodingQA:
    """The real QA service, except that questions mentioning 爆炸 raise inside the handler."""

    def __init__(self, qa: QA) -> None:
        self.qa = qa
        self.engine = qa.engine
        self.tokenizer = qa.tokenizer  # /start's examples are made with it

    def answer(self, question: str, explain: bool = False) -> Answer:
        if "爆炸" in question:
            raise RuntimeError("simulated failure")
        return self.qa.answer(question, explain)


def test_429_with_retry_after_still_ends_in_a_delivered_reply(
    standin: Standin, start_bot: Any
) -> None:
    start_bot()
    standin.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    asked = time.monotonic()
    standin.message(private(501), 501, QUESTION)
    (reply,) = replies(standin, 501)
    assert "1.2公里" in reply["text"]
    assert [c[2] for c in standin.answered("sendMessage")] == [429, 200]
    assert reply["at"] - asked >= 1.0  # it waited retry_after before trying again


def test_blocked_user_is_logged_and_skipped(
    standin: Standin, start_bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    start_bot()
    standin.blocked.add(502)
    standin.message(private(502), 502, QUESTION)
    standin.message(private(503), 503, QUESTION)
    replies(standin, 503)
    time.sleep(0.3)
    attempts = [c for c in standin.answered("sendMessage") if int(c[1]["chat_id"]) == 502]
    assert [c[2] for c in attempts] == [403]  # no retry, no apology sent into the void
    assert any(
        "chat 502: cannot send" in r.getMessage() and r.levelno == logging.WARNING
        for r in caplog.records
    )


def test_stand_in_going_away_and_back_ends_with_the_update_answered(
    standin: Standin, start_bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    start_bot()
    standin.message(private(504), 504, QUESTION)
    replies(standin, 504)
    standin.stop()
    standin.message(private(504), 504, "金政是谁")  # arrives while the bot cannot poll
    # Away until the bot has failed twice: its poll cut off, then a refused connection.
    deadline = time.monotonic() + 15
    while len([r for r in caplog.records if "Bot API unreachable" in r.getMessage()]) < 2:
        assert time.monotonic() < deadline, "the bot did not notice the API going away"
        time.sleep(0.05)
    standin.start()
    answers = replies(standin, 504, count=2, timeout=30)
    assert "金政" in answers[1]["text"]


def test_exception_in_a_handler_gets_an_apology_and_the_bot_keeps_serving(
    standin: Standin, start_bot: Any, telegram_qa: QA, caplog: pytest.LogCaptureFixture
) -> None:
    start_bot(qa=ExplodingQA(telegram_qa))
    standin.message(private(505), 505, "爆炸了吗")
    (apology,) = replies(standin, 505)
    assert apology["text"].startswith("抱歉")
    failed = [r for r in caplog.records if r.levelno == logging.ERROR and r.exc_info]
    assert failed and "simulated failure" in str(failed[0].exc_info[1])
    standin.message(private(505), 505, QUESTION)
    assert "1.2公里" in replies(standin, 505, count=2)[1]["text"]


def test_token_never_appears_in_debug_logs(
    standin: Standin, start_bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    logging.getLogger("httpx").setLevel(logging.DEBUG)
    try:
        start_bot()
        standin.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
        standin.message(private(506), 506, QUESTION)
        replies(standin, 506)
        standin.fail("sendMessage", 400, "Bad Request: chat not found", times=3)
        standin.message(private(507), 507, QUESTION)
        deadline = time.monotonic() + 15
        while not [c for c in standin.answered("sendMessage") if c[2] == 400]:
            assert time.monotonic() < deadline, "the reply to 507 was never tried"
            time.sleep(0.05)
        time.sleep(0.2)  # the bot logs what the 400 means
    finally:
        logging.getLogger("httpx").setLevel(logging.NOTSET)
    text = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert "/bot<token>/sendMessage" in text  # httpx did log the URLs, redacted
    assert TELEGRAM_TOKEN not in text
    assert TELEGRAM_TOKEN.split(":")[1] not in text


def test_missing_token_is_a_one_line_error_with_exit_2() -> None:
    done = run("telegram")  # in the repository, with no TELEGRAM_BOT_TOKEN in the environment
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "TELEGRAM_BOT_TOKEN" in done.stderr


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_cli_serves_and_stops_cleanly_on_a_signal_without_logging_the_token(
    standin: Standin, tmp_path: Path, stop: signal.Signals
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        f"corpus:\n  path: {ROOT / 'corpus'}\n  index_path: {tmp_path / 'index'}\n",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
        "TELEGRAM_API_BASE_URL": standin.base_url,
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "-vv", "--config", str(config), "telegram"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # a run in the background hands children SIGINT ignored
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        standin.message(private(508), 508, "永康何时被命名为质量强市示范城市")
        (reply,) = replies(standin, 508, timeout=60)
        assert '<b>2016年9月（原文"今年9月"）</b>' in reply["html"]
        proc.send_signal(stop)
        stopped = time.monotonic()
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert time.monotonic() - stopped < 15
    assert "DEBUG" in stderr and "getUpdates" in stderr
    assert TELEGRAM_TOKEN not in stderr


def test_rejected_token_is_a_one_line_error_without_the_token(
    standin: Standin, tmp_path: Path
) -> None:
    wrong = "999999:WRONG-token-must-not-be-printed_xyz"
    config = tmp_path / "config.yaml"
    config.write_text(
        f"corpus:\n  path: {ROOT / 'corpus'}\n  index_path: {tmp_path / 'index'}\n",
        encoding="utf-8",
    )
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": wrong, "TELEGRAM_API_BASE_URL": standin.base_url}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "-vv", "--config", str(config), "telegram"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert done.returncode == 2
    assert "\nnewsqa-bot: TELEGRAM_BOT_TOKEN was rejected by the Bot API server" in done.stderr
    assert wrong not in done.stderr + done.stdout and "WRONG-token" not in done.stderr
