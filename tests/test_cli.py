"""The command line, `python -m bot [--config] [--corpus] COMMAND …`: in-process where only the
output matters, as real processes for terminals, pipes and Ctrl-C."""

from __future__ import annotations

import json
import os
import pty
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO, TypeVar

import pytest
from inprocess import run

from bot.frontends.console import ASK_HINT, PROMPT

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "永康何时被命名为质量强市示范城市"
EVIDENCE = "今年9月,国家质检总局正式命名我市为全国质量强市示范城市。"
KEYS = {
    "question",
    "abstained",
    "answer",
    "answer_said",
    "sentence",
    "source",
    "score",
    "tentative",
    "alternatives",
}
SOURCE_KEYS = {"title", "paper", "date", "path"}
SOURCE_KEYS = {"title", "paper", "date", "path", "url"}
TIMEOUT = 120
T = TypeVar("T")
# Block-buffered output, as in a plain pipe: flushing must be the program's own doing.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def start(*args: str, cwd: Path = ROOT) -> subprocess.Popen[bytes]:
    """Start `python -m bot ARGS` with pipes on all three streams.

    SIGINT is reset to its default in the child: a test run started in the background
    (as CI may be) inherits SIGINT ignored, and the child would never see Ctrl-C.
    """
    return subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def read_line(stream: IO[bytes]) -> str:
    """One line from a pipe, failing instead of hanging when none comes."""
    return _within_timeout(stream.readline).decode("utf-8")


def read_until(stream: IO[bytes], marker: str) -> str:
    """Bytes from a pipe until marker appears (a prompt has no newline to wait for)."""

    def read() -> str:
        data = b""
        while marker.encode() not in data:
            chunk = os.read(stream.fileno(), 4096)
            if not chunk:
                break
            data += chunk
        return data.decode("utf-8")

    return _within_timeout(read)


def _within_timeout(call: Callable[[], T]) -> T:
    """Call in a thread; on time-out raise without waiting (killing the process ends it)."""
    pool = ThreadPoolExecutor(1)
    try:
        return pool.submit(call).result(timeout=TIMEOUT)
    finally:
        pool.shutdown(wait=False)


def write_articles(folder: Path, *topics: str) -> None:
    """Three or more small articles, one sentence about each topic."""
    folder.mkdir(parents=True)
    for n, topic in enumerate(topics):
        (folder / f"{n}.txt").write_text(f"{topic}的消息今天发布了。", encoding="utf-8")


def test_ask_one_question_prints_answer_evidence_and_source() -> None:
    done = run("ask", QUESTION)
    assert done.returncode == 0, done.stderr
    assert "答：2016年9月" in done.stdout
    assert EVIDENCE in done.stdout
    assert "永康日报 2016-11-25" in done.stdout


def test_ask_reads_one_question_per_line_of_stdin_in_one_process() -> None:
    questions = [QUESTION, "学员们课后的一致感受是什么", "义务收割机连队从哪里开到哪里"]
    done = run("ask", stdin="\n".join(questions) + "\n")
    assert done.returncode == 0, done.stderr
    assert [ln for ln in done.stdout.splitlines() if ln.startswith("问：")] == [
        f"问：{q}" for q in questions
    ]
    assert EVIDENCE in done.stdout and "从花街开到方岩" in done.stdout


def test_ask_without_a_question_on_a_terminal_prompts_for_each_line() -> None:
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "ask"],
        cwd=ROOT,
        stdin=slave,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    os.close(slave)
    assert proc.stdout is not None and proc.stderr is not None
    try:
        assert ASK_HINT in read_until(proc.stderr, PROMPT)
        os.write(master, f"{QUESTION}\n".encode())
        # The question is on screen already; the date says its own words (issue #12).
        assert read_line(proc.stdout) == '答：2016年9月（原文"今年9月"）\n'
        assert read_until(proc.stderr, PROMPT) == PROMPT
        os.write(master, b"\x04")  # Ctrl-D at the start of a line: end of input
        assert proc.wait(timeout=TIMEOUT) == 0
    finally:
        os.close(master)
        proc.kill()
        proc.wait()


def test_ask_json_has_exactly_the_documented_keys() -> None:
    done = run("ask", "--json", stdin=f"{QUESTION}\n今天的天气预报怎么样\n")
    assert done.returncode == 0, done.stderr
    answered, refused = (json.loads(line) for line in done.stdout.splitlines())
    assert set(answered) == KEYS and set(refused) == KEYS
    assert answered["question"] == QUESTION
    assert answered["abstained"] is False
    assert answered["answer"] == "2016年9月"
    assert answered["sentence"] == EVIDENCE
    assert answered["source"] == {
        "title": "永康经验 登上中组部质量研讨班 金政走上讲台当讲师 畅谈永康质量强市建设",
        "paper": "永康日报",
        "date": "2016-11-25",
        "path": "000_44ba6d77c15facc7.txt",
        "url": None,
    }
    assert isinstance(answered["score"], float)
    assert answered["alternatives"], "the bundled corpus has related sentences"
    for alt in answered["alternatives"]:
        assert set(alt) == {"sentence", "source", "score"}
        assert set(alt["source"]) == SOURCE_KEYS and isinstance(alt["score"], float)
    assert refused["abstained"] is True
    assert (refused["answer"], refused["sentence"], refused["source"]) == (None, None, None)
    assert isinstance(refused["score"], float)


def test_ask_answers_each_line_as_soon_as_it_arrives() -> None:
    proc = start("ask", "--json")
    assert proc.stdin is not None and proc.stdout is not None
    try:
        for question in (QUESTION, "龙川文化园菊花的照片是谁拍的", "今天的天气预报怎么样"):
            proc.stdin.write(f"{question}\n".encode())
            proc.stdin.flush()
            # stdin stays open: the answer must come before any further input or EOF.
            assert json.loads(read_line(proc.stdout))["question"] == question
        proc.stdin.close()
        assert proc.wait(timeout=TIMEOUT) == 0
        assert proc.stdout.read() == b""
    finally:
        proc.kill()
        proc.wait()


def test_explain_shows_terms_scores_and_decision() -> None:
    done = run("ask", "--explain", QUESTION)
    assert done.returncode == 0, done.stderr
    assert "[terms]" in done.stdout and "示范城市" in done.stdout
    assert "bm25=" in done.stdout and "[decision]" in done.stdout
    as_json = json.loads(run("ask", "--json", "--explain", QUESTION).stdout)
    assert KEYS < set(as_json)
    assert as_json["explain"]["terms"] and as_json["explain"]["decision"]


@pytest.fixture(scope="module")
def questions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A question file in dev.yaml's format: one hit, one miss, one refusal."""
    path = tmp_path_factory.mktemp("qa") / "questions.yaml"
    path.write_text(
        "answerable:\n"
        f"  - q: {QUESTION}\n"
        "    expect: [命名我市为全国质量强市示范城市]\n    answer: [2016年9月]\n"
        "  - q: 义务收割机连队从哪里开到哪里\n    expect: [这句话不在任何文章里]\n"
        "unanswerable:\n  - 今天的天气预报怎么样\n",
        encoding="utf-8",
    )
    return path


def test_eval_prints_scores_and_misses(questions: Path) -> None:
    done = run("eval", str(questions))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "answerable 2, unanswerable 1" in out
    assert "hit@1 0.500" in out and "hit@3" in out and "MRR" in out
    assert "short answer 1.000" in out
    assert "refusal accuracy 1.000" in out
    assert "MISS [wrong sentence] 义务收割机连队从哪里开到哪里" in out


def test_eval_json(questions: Path) -> None:
    done = run("eval", "--json", str(questions))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert {"hit1", "hit3", "mrr", "short_answer", "refusal_accuracy", "misses"} <= set(report)
    assert report["hit1"] == 0.5 and report["refusal_accuracy"] == 1.0
    assert [m["question"] for m in report["misses"]] == ["义务收割机连队从哪里开到哪里"]


def test_index_prints_its_size_whether_it_was_built_or_updated_and_the_time(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    config = tmp_path / "config.yaml"
    config.write_text(f"corpus:\n  path: {corpus}\n  index_path: {tmp_path / 'index'}\n", "utf-8")

    def index() -> dict[str, str]:
        done = run("--config", str(config), "index")
        assert done.returncode == 0, done.stderr
        return dict(line.split() for line in done.stdout.splitlines())

    built = index()
    assert built.keys() == {"articles", "sentences", "vocabulary", "segments", "index", "seconds"}
    assert int(built["articles"]) == 2
    assert int(built["sentences"]) > 50 and int(built["vocabulary"]) > 300
    assert float(built["seconds"]) >= 0
    assert (built["index"], built["segments"]) == ("built", "0")
    current = index()
    assert current["index"] == "current"
    assert {k: current[k] for k in ("articles", "sentences", "segments")} == {
        k: built[k] for k in ("articles", "sentences", "segments")
    }
    text = "---\ntitle: 瓯江大桥\nsource: 温州日报\n---\n\n温州瓯江大桥昨日通车，全长1.2公里。\n"
    (corpus / "bridge.txt").write_text(text, encoding="utf-8")
    updated = index()
    assert (updated["index"], updated["articles"], updated["segments"]) == ("updated", "3", "1")
    assert int(updated["sentences"]) == int(built["sentences"]) + 1
    answer = run("--config", str(config), "ask", "瓯江大桥全长多少？")
    assert "1.2公里" in answer.stdout


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder with its own config.yaml whose relative corpus path is `articles`."""
    folder = tmp_path / "project"
    write_articles(folder / "articles", "永康", "宁波", "金华")
    (folder / "config.yaml").write_text("corpus:\n  path: articles\n", encoding="utf-8")
    return folder


def test_relative_config_paths_resolve_against_the_config_folder(project: Path) -> None:
    done = run("--config", str(project / "config.yaml"), "index", cwd=project.parent)
    assert done.returncode == 0, done.stderr
    assert "articles 3" in done.stdout


def test_config_defaults_to_the_working_folder(project: Path) -> None:
    done = run("index", cwd=project)
    assert done.returncode == 0, done.stderr
    assert "articles 3" in done.stdout


def test_corpus_option_overrides_the_configured_folder(project: Path) -> None:
    write_articles(project / "other", "杭州", "温州", "台州", "湖州")
    done = run(
        "--config", "config.yaml", "--corpus", "other", "ask", "--json", "温州的消息", cwd=project
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["source"]["path"] == "1.txt"
    assert "articles 4" in run("--corpus", "other", "index", cwd=project).stdout


@pytest.mark.parametrize(
    ("args", "config", "words"),
    [
        ((), None, ["command"]),
        (("frobnicate",), None, ["frobnicate"]),
        (("ask", "--bogus"), None, ["--bogus"]),
        (("--config", "missing.yaml", "index"), None, ["missing.yaml", "not found"]),
        (("--config", "bad.yaml", "index"), "retrieval:\n  k1: -1\n", ["bad.yaml", "retrieval.k1"]),
        (("--config", "bad.yaml", "index"), "retrieval: [1, 2\n", ["bad.yaml", "YAML"]),
        (("--config", "bad.yaml", "index"), "corpus:\n  pth: x\n", ["bad.yaml", "corpus.pth"]),
        (("--corpus", "nowhere", "index"), None, ["nowhere"]),
        (("eval", "missing.yaml"), None, ["missing.yaml"]),
    ],
    ids=[
        "no command",
        "unknown command",
        "unknown option",
        "missing config",
        "bad value",
        "bad yaml",
        "unknown key",
        "missing corpus",
        "missing eval file",
    ],
)
def test_usage_and_config_errors_exit_2_with_one_line(
    tmp_path: Path, args: tuple[str, ...], config: str | None, words: list[str]
) -> None:
    if config is not None:
        (tmp_path / "bad.yaml").write_text(config, encoding="utf-8")
    else:
        (tmp_path / "config.yaml").write_text(
            f"corpus:\n  path: {ROOT / 'corpus'}\n", encoding="utf-8"
        )
    done = run(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert all(w in done.stderr for w in words), done.stderr
    assert done.stdout == ""


def test_without_config_or_corpus_the_error_names_both_options(tmp_path: Path) -> None:
    done = run("ask", "永康在哪里", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert "--corpus" in done.stderr and "--config" in done.stderr


def test_ctrl_c_in_the_console_exits_130() -> None:
    proc = start("console")
    assert proc.stdout is not None
    try:
        assert "问：" in read_until(proc.stdout, "问：")
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=TIMEOUT) == 130
        assert proc.stderr is not None and b"Traceback" not in proc.stderr.read()
    finally:
        proc.kill()
        proc.wait()


def test_console_answers_through_a_pipe_and_quits() -> None:
    done = run("console", stdin=f"{QUESTION}\n:quit\n")
    assert done.returncode == 0, done.stderr
    assert EVIDENCE in done.stdout and "永康日报 2016-11-25" in done.stdout


def test_reader_leaving_the_pipe_ends_ask_quietly() -> None:
    proc = start("ask", "--json")
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    try:
        proc.stdin.write(f"{QUESTION}\n".encode())
        proc.stdin.flush()
        read_line(proc.stdout)
        proc.stdout.close()  # like `| head -1`: nobody reads the next answers
        proc.stdin.write(f"{QUESTION}\n{QUESTION}\n".encode())
        proc.stdin.close()
        assert proc.wait(timeout=TIMEOUT) == 0
        assert proc.stderr.read() == b""
    finally:
        proc.kill()
        proc.wait()
