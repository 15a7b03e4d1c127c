"""The console front-end: a REPL and one-shot/piped questions; streams are passed in."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TextIO

from bot.answer import followup
from bot.answer.qa import QA
from bot.frontends.render import json_line, to_json, to_text

HELP = """输入中文问题，回车提问。命令：
  :help   显示本帮助
  :quit   退出（也可按 Ctrl-D）
例：永康何时被命名为质量强市示范城市"""
PROMPT = "问："
ASK_HINT = "每行一个问题，回车提问；Ctrl-D 结束。"


def repl(qa: QA, stdin: TextIO, stdout: TextIO, explain: bool = False) -> int:
    """Read questions until :quit or end of input; line editing when attached to a terminal."""
    interactive = stdin.isatty() and stdout.isatty()
    if interactive:
        try:
            import readline  # noqa: F401  (enables line editing and history for input())
        except ImportError:
            pass
    stdout.write(
        f"新闻问答：{len(qa.engine.documents)} 篇文章，{len(qa.engine.sentences)} 个句子。"
        "输入 :help 查看帮助。\n"
    )
    previous: str | None = None
    asked = 0.0
    while True:
        try:
            if interactive:
                line = input(PROMPT)
            else:
                stdout.write(PROMPT)
                stdout.flush()
                line = stdin.readline()
                if not line:
                    stdout.write("\n")
                    return 0
        except EOFError:
            stdout.write("\n")
            return 0
        question = line.strip()
        if not question:
            continue
        if question in (":quit", ":q", ":exit"):
            return 0
        if question in (":help", ":h", "?"):
            stdout.write(HELP + "\n")
            continue
        # A short follow-up ("那宁波呢？") leans on the question before, if it is recent.
        now = time.monotonic()
        recent = previous if now - asked <= qa.answer_config.followup_seconds else None
        answer = followup.ask(qa, question, recent, explain)
        previous, asked = answer.understood_as or question, now
        stdout.write(to_text(answer, explain) + "\n")
        stdout.flush()


def ask(
    qa: QA,
    questions: list[str] | TextIO,
    stdout: TextIO,
    as_json: bool,
    explain: bool = False,
    prompt: TextIO | None = None,
) -> int:
    """Answer each question (a list, or one per line of a stream), flushing every answer.

    With `prompt` (stdin is a terminal), say how to use it there and prompt for each line.
    """
    lines = questions if prompt is None else _prompted(questions, prompt)
    for line in lines:
        question = line.rstrip("\r\n")
        if not as_json and not question.strip():
            continue
        answer = qa.answer(question, explain)
        if as_json:
            stdout.write(json_line(to_json(answer, explain)) + "\n")
        elif prompt is not None:  # the question is on the screen already
            stdout.write(f"{to_text(answer, explain)}\n")
        else:
            stdout.write(f"问：{question}\n{to_text(answer, explain)}\n")
        stdout.flush()
    return 0


def _prompted(questions: list[str] | TextIO, prompt: TextIO) -> Iterator[str]:
    """The lines of `questions`, each read after a prompt written to `prompt`."""
    prompt.write(ASK_HINT + "\n")
    stream = iter(questions)
    while True:
        prompt.write(PROMPT)
        prompt.flush()
        line = next(stream, None)
        if line is None:
            prompt.write("\n")
            return
        yield line
