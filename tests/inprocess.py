"""Run a command of the program: in this process, for tests that only check its output
(`run`), or as a real `python -m bot` (`run_bot`) where the process itself is the point
(signals, pipes, encodings of real streams, exit codes, stray stderr lines)."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bot.__main__ import main

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Done:
    returncode: int
    stdout: str
    stderr: str


def run(*args: str, stdin: str | None = None, cwd: Path = ROOT) -> Done:
    """`newsqa-bot ARGS` with `stdin` as input, in `cwd`; like subprocess.run's result."""
    out, err = io.StringIO(), io.StringIO()
    here = Path.cwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stderr(err):
            try:
                code = main(list(args), stdin=io.StringIO(stdin or ""), stdout=out)
            except SystemExit as exc:  # argparse: --help, --version and usage errors
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        os.chdir(here)
    return Done(code, out.getvalue(), err.getvalue())


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
