"""Hot reload: background rebuild, atomic swap, failures keep the old engine, SIGHUP, watcher."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from bot.answer.qa import QA
from bot.app import build_qa
from bot.config import Config, load_config
from bot.frontends.reload import Reloader, corpus_signature
from bot.index.snapshot import Engine

ROOT = Path(__file__).resolve().parents[2]
BRIDGE = (
    "---\ntitle: 温州瓯江大桥通车\nsource: 温州日报\ndate: '2016-10-08'\nplace: 温州\n---\n\n"
    "温州瓯江大桥昨日正式通车。大桥全长1.2公里，由温州市交通局组织建设。\n"
)


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    base = tmp_path_factory.mktemp("reload")
    return replace(load_config(ROOT / "config.yaml", env={}), base_dir=base)


@pytest.fixture
def corpus(config: Config) -> Path:
    folder = config.corpus_dir
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(config.resolve(config.corpus.index_path), ignore_errors=True)
    folder.mkdir()
    for path in (ROOT / "corpus").glob("*.txt"):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def shared_qa(config: Config) -> QA:
    folder = config.corpus_dir
    folder.mkdir(exist_ok=True)
    for path in (ROOT / "corpus").glob("*.txt"):
        shutil.copy(path, folder / path.name)
    return build_qa(config, None)


@pytest.fixture
def qa(shared_qa: QA, config: Config, corpus: Path) -> QA:
    shared_qa.engine = Engine.build(config, shared_qa.normalizer, shared_qa.tokenizer, corpus)
    return shared_qa


def texts(engine: Engine) -> str:
    return "".join(s.text for s in engine.sentences)


def test_reload_swaps_in_a_new_engine(qa: QA, config: Config, corpus: Path) -> None:
    old = qa.engine
    reloader = Reloader.for_corpus(qa, config)
    swapped: list[Engine] = []
    reloader.on_swap.append(swapped.append)
    assert qa.answer("瓯江大桥全长多少").abstained
    (corpus / "bridge.txt").write_text(BRIDGE, encoding="utf-8")
    status = reloader.reload()
    assert qa.engine is not old and swapped == [qa.engine]
    assert "瓯江大桥" in texts(qa.engine) and "瓯江大桥" not in texts(old)
    assert f"{len(old.documents) + 1} articles" in status and "failed" not in status
    assert "1.2公里" in (qa.answer("瓯江大桥全长多少").sentence or "")


def test_reload_updates_the_served_engine_and_merges_after_the_swap(
    qa: QA, config: Config, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.index import segments, store

    def no_second_copy(*args: object) -> None:
        raise AssertionError("the saved index was read again")

    reloader = Reloader.for_corpus(qa, config)
    monkeypatch.setattr(store, "read_part", no_second_copy)
    (corpus / "bridge.txt").write_text(BRIDGE, encoding="utf-8")
    assert "failed" not in reloader.reload()
    assert "1.2公里" in (qa.answer("瓯江大桥全长多少").sentence or "")
    catalog = qa.engine.catalog
    assert catalog is not None and len(catalog.manifest["segments"]) == 1
    monkeypatch.setattr(segments, "MAX_SEGMENTS", 1)
    (corpus / "bridge.txt").unlink()
    assert "failed" not in reloader.reload()
    assert qa.answer("瓯江大桥全长多少").abstained
    catalog = qa.engine.catalog
    assert catalog is not None and catalog.manifest["segments"] == []  # merged after the swap
    monkeypatch.undo()
    restarted = Engine.build(config, qa.normalizer, qa.tokenizer, corpus)
    assert restarted.loaded and texts(restarted) == texts(qa.engine)


def test_failed_rebuild_keeps_the_old_engine_and_says_why(
    qa: QA, config: Config, corpus: Path
) -> None:
    old = qa.engine
    reloader = Reloader.for_corpus(qa, config)
    for path in corpus.iterdir():
        if path.is_file():
            path.unlink()
    status = reloader.reload()
    assert qa.engine is old
    assert "failed" in status and "no articles" in status and "still answering" in status
    assert reloader.error is not None
    assert not qa.answer("永康何时被命名为质量强市示范城市").abstained
    (corpus / "bridge.txt").write_text(BRIDGE, encoding="utf-8")
    assert "failed" not in reloader.reload() and reloader.error is None


def test_questions_during_a_rebuild_use_the_old_engine(
    qa: QA, config: Config, corpus: Path
) -> None:
    old = qa.engine
    entered, release = threading.Event(), threading.Event()
    real = Reloader.for_corpus(qa, config).build

    def slow_build() -> Engine:
        entered.set()
        release.wait(10)
        return real()

    reloader = Reloader(qa, slow_build)
    (corpus / "bridge.txt").write_text(BRIDGE, encoding="utf-8")
    assert reloader.trigger()
    assert entered.wait(10)
    assert not reloader.trigger()  # one rebuild at a time; this asks for one more after it
    assert "rebuilding since" in reloader.status()
    answer = qa.answer("永康何时被命名为质量强市示范城市")
    assert not answer.abstained and qa.engine is old
    assert qa.answer("瓯江大桥全长多少").abstained
    release.set()
    assert reloader.wait(30)
    assert qa.engine is not old and "瓯江大桥" in texts(qa.engine)


def test_watcher_reloads_when_a_file_changes(qa: QA, config: Config, corpus: Path) -> None:
    reloader = Reloader.for_corpus(qa, config)
    before = corpus_signature(corpus)
    reloader.watch(0.05)
    try:
        (corpus / "bridge.txt").write_text(BRIDGE, encoding="utf-8")
        assert corpus_signature(corpus) != before
        deadline = time.monotonic() + 20
        while "瓯江大桥" not in texts(qa.engine) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "瓯江大桥" in texts(qa.engine)
    finally:
        reloader.stop()


SIGHUP_SCRIPT = """
import sys, time
from pathlib import Path
from bot.app import build_qa
from bot.config import load_config
from bot.frontends.reload import Reloader
config = load_config(Path(sys.argv[1]), env={})
qa = build_qa(config, Path(sys.argv[2]))
reloader = Reloader.for_corpus(qa, config, Path(sys.argv[2]))
reloader.on_swap.append(lambda e: print("swapped", len(e.documents), flush=True))
print("ready", reloader.install_sighup(), len(qa.engine.documents), flush=True)
time.sleep(60)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP on this platform")
def test_sighup_reloads_a_running_process(corpus: Path, config: Config) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", SIGHUP_SCRIPT, str(ROOT / "config.yaml"), str(corpus)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        ready = proc.stdout.readline().split()
        assert ready[:2] == ["ready", "True"]
        (corpus / "bridge.txt").write_text(BRIDGE, encoding="utf-8")
        proc.send_signal(signal.SIGHUP)
        assert proc.stdout.readline().split() == ["swapped", str(int(ready[2]) + 1)]
    finally:
        proc.kill()
        proc.wait()


def test_feed_job_saves_new_items_and_the_running_bot_answers_them(
    qa: QA, config: Config, corpus: Path
) -> None:
    from feedserver import FeedServer, Route, article_page, rss

    from bot.app import fetch_round
    from bot.config import FeedConfig

    server = FeedServer().start()
    page = ["温州瓯江大桥昨日正式通车，大桥全长1.2公里。", "大桥由温州市交通局组织建设。"]
    item = ("/bridge.html", "温州瓯江大桥通车", "Sat, 08 Oct 2016 08:00:00 +0800")
    server.routes["/feed.xml"] = Route(rss(server.base, [item]), "application/rss+xml")
    server.routes["/bridge.html"] = Route(article_page("温州瓯江大桥通车", page))
    feeds = replace(config.corpus, feeds=[FeedConfig(url=f"{server.base}/feed.xml")])
    reloader = Reloader.for_corpus(qa, config)
    swapped = threading.Event()
    reloader.on_swap.append(lambda _engine: swapped.set())
    assert qa.answer("瓯江大桥全长多少").abstained
    try:
        reloader.every(60, lambda: fetch_round(replace(config, corpus=feeds), None), "feeds")
        assert swapped.wait(60), reloader.status()
    finally:
        reloader.stop(timeout=10)
        server.stop()
    answer = qa.answer("瓯江大桥全长多少")
    assert "1.2公里" in (answer.sentence or "")
    assert answer.source is not None and answer.source.url == f"{server.base}/bridge.html"
    assert server.paths() == ["/feed.xml", "/bridge.html"]  # once, not every turn
