"""`newsqa-bot telegram` as a service starts it: before the network is up, or with a bad token.

How it retries is checked in-process with short delays (in service: 1 s, 2 s, 4 s, …).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from botapi_standin import Standin, private
from conftest import ROOT, TELEGRAM_TOKEN
from telegram_runner import RunningBot

from bot.answer.qa import QA

STARTUP = "bot.frontends.telegram.startup"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _config(tmp_path: Path) -> Path:
    config = tmp_path / "config.yaml"
    config.write_text(
        f"corpus:\n  path: {ROOT / 'corpus'}\n  index_path: {tmp_path / 'index'}\n",
        encoding="utf-8",
    )
    return config


def _start(tmp_path: Path, token: str, base_url: str) -> subprocess.Popen[str]:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_BASE_URL": base_url}
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "--config", str(_config(tmp_path)), "telegram"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def late_standin() -> Iterator[Standin]:
    """A stand-in with a port of its own that a test starts when it wants the API to come up."""
    standin = Standin(TELEGRAM_TOKEN, port=_free_port())
    yield standin
    standin.stop()


def _stderr_lines_until(proc: subprocess.Popen[str], count: int, timeout: float) -> list[str]:
    assert proc.stderr is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while len(lines) < count and time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line)
    return lines


def test_bot_started_before_the_api_retries_one_warning_each_then_serves(
    late_standin: Standin, telegram_qa: QA, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger=STARTUP)
    bot = RunningBot.launch(late_standin, telegram_qa, first_retry=0.05)  # 0.05 s, 0.1 s, …
    try:
        deadline = time.monotonic() + 15
        while len([r for r in caplog.records if r.name == STARTUP]) < 2:
            assert time.monotonic() < deadline, "no retries logged"
            time.sleep(0.01)
        late_standin.start()
        bot.wait_ready(late_standin)
        late_standin.message(private(701), 701, "永康何时被命名为质量强市示范城市")
        late_standin.wait_for(lambda sent: any(m["chat"]["id"] == 701 for m in sent), 60)
    finally:
        bot.stop()
    lines = [r.getMessage() for r in caplog.records if r.name == STARTUP]
    failed, reached = lines[:-1], lines[-1]
    assert [line.split(" (attempt ")[0] for line in failed] == ["Bot API not reachable"] * len(
        failed
    )
    assert "(attempt 1: " in failed[0] and "(attempt 2: " in failed[1]
    assert reached == f"Bot API reached at attempt {len(lines)}; serving"
    assert all(r.levelno == logging.WARNING for r in caplog.records if r.name == STARTUP)
    assert TELEGRAM_TOKEN not in caplog.text
    assert "2016年9月" in late_standin.to_chat(701)[0]["text"]


def test_stop_signal_while_waiting_for_the_api_exits_cleanly(tmp_path: Path) -> None:
    proc = _start(tmp_path, TELEGRAM_TOKEN, f"http://127.0.0.1:{_free_port()}/bot")
    try:
        early = _stderr_lines_until(proc, 1, timeout=60)  # attempt 1, at once
        proc.send_signal(signal.SIGTERM)
        stopped = time.monotonic()
        _, rest = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0 and time.monotonic() - stopped < 10
    # Each failed attempt is one warning line on the service's stderr, and nothing else is.
    assert early[0].startswith(f"WARNING {STARTUP}: Bot API not reachable (attempt 1: ")
    stderr = "".join(early) + rest
    assert "Traceback" not in stderr and TELEGRAM_TOKEN not in stderr
    assert all(line.startswith("WARNING ") for line in stderr.splitlines()), stderr


def test_rejected_token_is_one_line_and_exit_2(tmp_path: Path, standin: Standin) -> None:
    wrong = "999999:WRONG-token-must-not-be-printed_xyz"
    proc = _start(tmp_path, wrong, standin.base_url)
    stdout, stderr = proc.communicate(timeout=90)
    assert proc.returncode == 2
    assert stderr == (
        "newsqa-bot: TELEGRAM_BOT_TOKEN was rejected by the Bot API server "
        "(check it with BotFather)\n"
    )
    assert wrong not in stdout


def test_a_429_at_start_is_waited_out_as_asked(
    standin: Standin, start_bot: Any, recwarn: pytest.WarningsRecorder
) -> None:
    standin.fail("getMe", 429, "Too Many Requests: retry after 1", retry_after=1)
    started = time.monotonic()
    start_bot(max_retries=0)  # start-up's own wait, not the rate limiter's retries
    assert time.monotonic() - started >= 1.0
    # The bot reads the wait as PTB's coming timedelta: no deprecation warning on a 429.
    assert not [w for w in recwarn if "retry_after" in str(w.message)]
    assert [c[2] for c in standin.answered("getMe")][:2] == [429, 200]
