"""Run a command of the program in this process: for tests that only check its output.

Tests where the process itself is the point (signals, pipes, encodings of real streams,
exit codes of the interpreter) start a real `python -m bot` instead.
"""

from __future__ import annotations

import contextlib
import io
import os
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
