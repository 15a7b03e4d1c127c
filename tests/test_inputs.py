"""Hard user input: the QA service, `ask`, `ask --json` and the console never crash on it."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from inprocess import DoneBytes, run_bytes

from bot.answer.qa import MAX_QUESTION_CHARS, QA
from bot.frontends.render import to_json, to_text

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "永康何时被命名为质量强市示范城市"
# A pasted article of varied characters: uncapped, analysing it takes seconds.
PASTE = "".join(chr(random.Random(6).randint(0x4E00, 0x9FFF)) for _ in range(100_000))

HARD = {
    "empty": "",
    "whitespace": " \t\u3000 \u00a0 ",
    "punctuation": "？？？！！……。，、；：“”‘’《》",
    "emoji": "😀🎉👍🏽👨‍👩‍👧‍👦🇨🇳",
    "long": PASTE,
    "control": "永康\x00\x07何时\x1b[31m被命名\x7f\x85",
    "lone surrogate": "永康\ud800何时\udfff被命名",
    "surrogate escapes": "\udcff\udcfe",
    "html": "<b>永康</b> & <script>alert('x')</script> &amp; &lt;",
    "markdown": "*永康* _何时_ `code` [link](http://example.com) ```block```",
    "bare command": "/ask@bot",
    "command with question": f"/ask@news_bot {QUESTION}",
    "english": "When was Yongkang named a model city for quality?",
    "mixed": f"Yongkang {QUESTION}? (2016)",
    "zero width": "\u200b\u200e\ufeff",
    "right to left": "\u202e永康何时\u202c",
    "newlines": "永康\n何时\r\n被命名\u2028为\u2029质量强市",
}


def valid_reply(qa: QA, question: str) -> dict[str, object]:
    """Answer, render both ways and check the JSON form is one valid UTF-8 line."""
    answer = qa.answer(question, explain=True)
    text = to_text(answer, explain=True)
    assert text.strip()
    text.encode("utf-8")
    line = json.dumps(to_json(answer, explain=True), ensure_ascii=False, allow_nan=False)
    assert "\n" not in line
    line.encode("utf-8")  # raises on a lone surrogate
    reply = json.loads(line)
    assert (reply["sentence"] is None) == answer.abstained
    return reply


@pytest.mark.parametrize("question", HARD.values(), ids=HARD.keys())
def test_hard_input_gets_answer_or_refusal_quickly(qa: QA, question: str) -> None:
    started = time.perf_counter()
    reply = valid_reply(qa, question)
    assert time.perf_counter() - started < 1.5
    assert isinstance(reply["abstained"], bool)
    if reply["abstained"]:
        assert reply["reason"]
    else:
        assert reply["sentence"]


@pytest.mark.parametrize("question", ["", "   ", "？！。", "😀😀", "\u200b", "\x00\x01"])
def test_contentless_input_is_refused(qa: QA, question: str) -> None:
    assert qa.answer(question).abstained


def test_long_message_is_cut_before_analysis(qa: QA) -> None:
    started = time.perf_counter()
    answer = qa.answer(PASTE)
    assert time.perf_counter() - started < 1.0
    assert answer.question == PASTE[:MAX_QUESTION_CHARS]


def test_question_after_a_long_paste_prefix_is_still_cut(qa: QA) -> None:
    answer = qa.answer(QUESTION + "。" * 200_000)
    assert len(answer.question) == MAX_QUESTION_CHARS
    assert not answer.abstained


def test_lone_surrogates_never_reach_the_reply(qa: QA) -> None:
    answer = qa.answer("永康\ud800何时被命名为质量强市示范城市\udcff")
    assert answer.question == "永康\ufffd何时被命名为质量强市示范城市\ufffd"
    json.dumps(to_json(answer), ensure_ascii=False).encode("utf-8")


def test_html_comes_back_verbatim_as_data(qa: QA) -> None:
    question = HARD["html"]
    assert valid_reply(qa, question)["question"] == question


def test_same_question_hundred_times_same_answer(qa: QA) -> None:
    first = qa.answer(QUESTION)
    assert not first.abstained
    started = time.perf_counter()
    answers = [qa.answer(QUESTION) for _ in range(100)]
    assert time.perf_counter() - started < 30
    assert all(a == first for a in answers)


def test_mixed_script_question_is_answered_like_the_chinese_one(qa: QA) -> None:
    chinese = qa.answer(QUESTION)
    mixed = qa.answer(f"{QUESTION}？ Thanks!")
    assert (mixed.answer, mixed.sentence) == (chinese.answer, chinese.sentence)


# --- the command line on bytes: real processes where the interpreter's streams are the point --

STDIN_LINES: list[bytes] = [
    QUESTION.encode(),
    b"",
    b"   \t",
    "？？？".encode(),
    "😀🎉".encode(),
    b"\xff\xfe invalid utf-8 \x80",
    b"\xed\xa0\x80 encoded lone surrogate",
    "永康\x00\x07何时".encode(),
    b"<b>bold</b> & <script>alert(1)</script>",
    b"/ask@bot",
    b"When was Yongkang named?",
    f"{QUESTION}\r".encode(),  # a CRLF line
    "永康\r何时".encode(),  # a lone carriage return inside a line
    "第一\u2028第二".encode(),
    PASTE.encode(),
]


def run_bot(
    *args: str | bytes, stdin: bytes = b"", env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[bytes]:
    """Run `python -m bot --corpus corpus ARGS` in the repository with bytes on stdin."""
    environ = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", "--corpus", str(ROOT / "corpus"), *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env=environ,
        timeout=timeout,
    )


def ask_bytes(*args: str | bytes, stdin: bytes = b"") -> DoneBytes:
    """The same command in-process, on strict UTF-8 streams over bytes (see run_bytes)."""
    argv = [os.fsdecode(a) for a in args]  # as the interpreter decodes its argv
    return run_bytes("--corpus", str(ROOT / "corpus"), *argv, stdin=stdin)


def json_lines(stdout: bytes) -> list[dict[str, object]]:
    """Decode strict UTF-8 and parse every line as JSON."""
    return [json.loads(line) for line in stdout.decode("utf-8").split("\n")[:-1]]


@pytest.mark.parametrize("io_encoding", [None, "utf-8:strict"])
def test_ask_json_prints_one_valid_json_line_per_input_line(io_encoding: str | None) -> None:
    env = {"PYTHONIOENCODING": io_encoding} if io_encoding else {}
    done = run_bot("ask", "--json", stdin=b"\n".join(STDIN_LINES) + b"\n", env=env)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert b"Traceback" not in done.stderr
    assert done.stdout.endswith(b"\n")
    replies = json_lines(done.stdout)
    assert len(replies) == len(STDIN_LINES)
    assert replies[0]["question"] == QUESTION and replies[0]["abstained"] is False
    assert replies[5]["question"] == "\ufffd\ufffd invalid utf-8 \ufffd"
    assert replies[11]["question"] == QUESTION  # the CR of CRLF is not part of the question
    assert replies[12]["question"] == "永康\r何时"
    assert len(str(replies[-1]["question"])) == MAX_QUESTION_CHARS
    for reply in replies:
        assert {"question", "abstained", "answer", "sentence", "source", "score"} <= set(reply)


def test_ask_json_without_final_newline_answers_the_last_line() -> None:
    done = ask_bytes("ask", "--json", stdin=QUESTION.encode() + b"\n\xff")
    assert done.returncode == 0
    assert [r["question"] for r in json_lines(done.stdout)] == [QUESTION, "\ufffd"]


def test_ask_argument_with_undecodable_bytes() -> None:
    done = ask_bytes("ask", b"\xff\xfe" + QUESTION.encode())
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    out = done.stdout.decode("utf-8")
    assert "答：" in out


def test_console_survives_every_hard_line() -> None:
    stdin = b"\n".join(STDIN_LINES + [b":quit", "不该回答".encode()]) + b"\n"
    done = ask_bytes("console", stdin=stdin)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    out = done.stdout.decode("utf-8")
    asked = [line for line in STDIN_LINES if line.strip()]
    assert len(re.findall(r"^(?:问：)*答：", out, re.M)) == len(asked)
    assert "不该回答" not in out


def test_ask_with_a_blank_question_argument_is_a_usage_error() -> None:
    done = ask_bytes("ask", " \t ")
    assert done.returncode == 2
    assert done.stdout == b""
    assert len(done.stderr.splitlines()) == 1 and "empty" in done.stderr


def test_ask_json_with_a_blank_question_argument_prints_a_refusal() -> None:
    done = ask_bytes("ask", "--json", "   ")
    assert done.returncode == 0
    (reply,) = json_lines(done.stdout)
    assert reply["abstained"] is True and reply["question"] == "   "


def test_ask_json_same_question_hundred_times_on_stdin() -> None:
    done = ask_bytes("ask", "--json", stdin=(QUESTION + "\n").encode() * 100)
    assert done.returncode == 0
    lines = done.stdout.decode("utf-8").splitlines()
    assert len(lines) == 100 and len(set(lines)) == 1
    assert json.loads(lines[0])["answer"]


@pytest.mark.parametrize("mark", ["\u2066", "\u00ad", "\u034f", "\ufe0f", "\U000e0020"])
def test_invisible_characters_inside_questions_do_not_change_answers(qa: QA, mark: str) -> None:
    import yaml

    data = yaml.safe_load((ROOT / "tests/data/heldout.yaml").read_text(encoding="utf-8"))
    for question in [item["q"] for item in data["answerable"]]:
        plain = qa.answer(question)
        hidden = qa.answer(mark.join(question))  # a mark between every two characters
        assert (hidden.answer, hidden.sentence) == (plain.answer, plain.sentence), question
