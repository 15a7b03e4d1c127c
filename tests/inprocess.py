"""Run a command of the program: in this process, for tests that only check its output
(`run`, `run_bytes`), or as a real `python -m bot` (`run_bot`) where the process itself is the
point (signals, pipes, the interpreter's own streams, exit codes on signals, start-up)."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from unittest import mock

from bot.__main__ import main
from bot.lang.tokenizer import Tokenizer

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Done:
    returncode: int
    stdout: str
    stderr: str


@dataclass(frozen=True)
class DoneBytes:
    returncode: int
    stdout: bytes
    stderr: str


def run(
    *args: str, stdin: str | None = None, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> Done:
    """`newsqa-bot ARGS` with `stdin` as input, in `cwd`; like subprocess.run's result."""
    out = io.StringIO()
    code, err = _main(list(args), io.StringIO(stdin or ""), out, cwd, env)
    return Done(code, out.getvalue(), err)


def run_bytes(
    *args: str, stdin: bytes = b"", cwd: Path = ROOT, env: dict[str, str] | None = None
) -> DoneBytes:
    """`newsqa-bot ARGS` reading and writing bytes through strict UTF-8 text streams, as a
    process started with PYTHONIOENCODING=utf-8:strict has them (an argument given as bytes
    is decoded the way the interpreter decodes argv: os.fsdecode)."""
    stdin_io = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8", errors="strict", newline="\n")
    buffer = io.BytesIO()
    stdout_io = io.TextIOWrapper(buffer, encoding="utf-8", errors="strict")
    code, err = _main(list(args), stdin_io, stdout_io, cwd, env)
    stdout_io.flush()
    return DoneBytes(code, buffer.getvalue(), err)


def _main(
    argv: list[str], stdin: TextIO, stdout: TextIO, cwd: Path, env: dict[str, str] | None
) -> tuple[int, str]:
    """main(argv) as a fresh process would run it; the exit code and what went to stderr."""
    err = io.StringIO()
    with _fresh_process(cwd, env), contextlib.redirect_stderr(err):
        try:
            code = main(argv, stdin=stdin, stdout=stdout)
        except SystemExit as exc:  # argparse: --help, --version and usage errors
            code = exc.code if isinstance(exc.code, int) else 1
    return code, err.getvalue()


_TOKENIZERS: dict[tuple[str, ...], Tokenizer] = {}


def _tokenizer(user_dict: Path | None = None, phrases: Iterable[str] = ()) -> Tokenizer:
    """The tokenizer build_qa makes, made once per set of synonym phrases for all in-process
    runs: a process makes one, and jieba's dictionary takes ~0.15 s CPU each time. Tokenizers
    are not changed once made. One with a user dictionary is made (and checked) each time."""
    if user_dict is not None:
        return Tokenizer(user_dict, phrases)
    key = tuple(phrases)
    if key not in _TOKENIZERS:
        _TOKENIZERS[key] = Tokenizer(None, key)
    return _TOKENIZERS[key]


@contextlib.contextmanager
def _fresh_process(cwd: Path, env: dict[str, str] | None) -> Iterator[None]:
    """What a new process has: its working folder, its environment without a Telegram token
    (plus `env`), and logging not yet set up, so main()'s own handler writes to its stderr."""
    here, environ = Path.cwd(), dict(os.environ)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    os.chdir(cwd)
    os.environ.pop("TELEGRAM_BOT_TOKEN", None)
    os.environ.update(env or {})
    root.handlers.clear()
    try:
        with mock.patch("bot.app.Tokenizer", _tokenizer):
            yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        os.environ.clear()
        os.environ.update(environ)
        os.chdir(here)


def run_bot(
    *args: str, cwd: Path, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS` as a real process, with no Telegram token in its environment."""
    environ = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        text=True,
        capture_output=True,
        cwd=cwd,
        env=environ,
        timeout=120,
        encoding="utf-8",
    )
