"""Shared fixtures: the QA service over the bundled corpus, built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answer.qa import QA
from bot.app import build_qa
from bot.config import load_config

ROOT = Path(__file__).resolve().parents[1]


def pytest_sessionstart(session: pytest.Session) -> None:
    """Under pytest-xdist, build the repository's own index (.index) once before the workers
    start: the tests that ask corpus/ with config.yaml then only read it, never write it at
    the same time from two processes."""
    distributed = session.config.getoption("numprocesses", default=None)
    if distributed and not hasattr(session.config, "workerinput"):
        build_qa(load_config(ROOT / "config.yaml", env={}), ROOT / "corpus")


@pytest.fixture(scope="session")
def config_path() -> Path:
    """The repository's own config.yaml."""
    return ROOT / "config.yaml"


@pytest.fixture(scope="session")
def qa(config_path: Path) -> QA:
    """The QA service over the bundled corpus/ with the repository's config."""
    return build_qa(load_config(config_path, env={}), ROOT / "corpus")


# ---- Telegram: a corpus with a very long sentence, the Bot API stand-in, a running bot ----

TELEGRAM_TOKEN = "123456:TEST-token-never-logged_abcdefghijklmn"
LONG_SENTENCE = (
    "瓯江大桥的建设历程是这样的："
    + "，".join(f"第{i}期工程由温州第{i}工程队负责施工并按期完工" for i in range(1, 260))
    + "。"
)
LONG_ARTICLE = f"""---
title: 瓯江大桥建设纪实
source: 温州日报
date: '2016-10-08'
place: 温州
---

瓯江大桥建设纪实

本报讯 温州瓯江大桥昨日正式通车。{LONG_SENTENCE}
大桥全长1.2公里，由温州市交通局组织建设。
市民陈先生说，通车以后他上班只要十分钟。
"""


@pytest.fixture(scope="session")
def telegram_qa(tmp_path_factory: pytest.TempPathFactory) -> QA:
    """The QA service over the bundled corpus plus an article with a 6,800-character sentence."""
    from dataclasses import replace

    folder = tmp_path_factory.mktemp("telegram_corpus")
    for path in (ROOT / "corpus").glob("*.txt"):
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "900_long.txt").write_text(LONG_ARTICLE, encoding="utf-8")
    config = load_config(ROOT / "config.yaml", env={})
    config = replace(config, corpus=replace(config.corpus, max_sentence_chars=8000))
    return build_qa(config, folder)


@pytest.fixture
def standin():
    """A fresh Bot API stand-in on a random port of 127.0.0.1."""
    from botapi_standin import Standin

    server = Standin(TELEGRAM_TOKEN).start()
    yield server
    server.stop()


@pytest.fixture
def start_bot(standin, telegram_qa: QA):
    """Start the real Application against the stand-in: `start_bot(qa=…, **telegram_keys)`."""
    from telegram_runner import RunningBot

    running: list[RunningBot] = []

    def start(qa: QA | None = None, reloader: object = None, **telegram: object) -> RunningBot:
        bot = RunningBot.start(standin, qa or telegram_qa, reloader, **telegram)
        running.append(bot)
        return bot

    yield start
    for bot in running:
        bot.stop()


# ---- hypothesis: a few thousand examples a run; `--hypothesis-profile=long` for 10k+ ----

from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "ci", max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci")  # the plugin loads --hypothesis-profile after this
