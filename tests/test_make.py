"""The Makefile's set-up on a fresh or damaged checkout: a half-built .venv repairs itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")


def _make(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # Run as a user would, not as a sub-make of `make test PYTHON=…` (MAKEFLAGS carries it).
    outer = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "PYTHON", "VENV")
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(folder), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={k: v for k, v in os.environ.items() if k not in outer},
    )


def _pip_runs(prefix: Path) -> bool:
    python = prefix / "bin" / "python3"
    done = subprocess.run([python, "-m", "pip", "--version"], capture_output=True)
    return done.returncode == 0


def _quick_python(folder: Path) -> Path:
    """An interpreter whose `-m venv DIR` borrows this one's pip instead of installing one.

    ensurepip takes seconds; a venv seeing the base interpreter's site-packages has a pip
    that runs at once, which is all the Makefile checks.
    """
    base = Path(sys.base_prefix) / "bin" / "python3"  # not a venv: venvs do not nest
    script = folder / "python-quick"
    script.write_text(f'#!/bin/sh\nexec {base} -m venv --without-pip --system-site-packages "$3"\n')
    script.chmod(0o755)
    return script


def test_a_venv_without_pip_is_made_again(tmp_path: Path) -> None:
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    python = _quick_python(tmp_path)
    if not _pip_runs(Path(sys.base_prefix)):
        pytest.skip("this interpreter's base installation has no pip to borrow")
    # What a failed `python3 -m venv` leaves on Debian without python3-venv: no pip.
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", tmp_path / ".venv"], check=True)
    assert not _pip_runs(tmp_path / ".venv")
    done = _make(tmp_path, "venv", f"PYTHON={python}", "VENV=.venv")
    assert done.returncode == 0, done.stderr
    assert "has no working pip; making it again" in done.stdout
    assert _pip_runs(tmp_path / ".venv")
    again = _make(tmp_path, "venv", f"PYTHON={python}", "VENV=.venv")
    assert again.returncode == 0 and again.stdout == ""  # a good venv is left alone


def test_a_python_that_cannot_make_a_venv_is_named_with_the_fix(tmp_path: Path) -> None:
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)  # a leftover without any python
    done = _make(tmp_path, "venv", "PYTHON=false", "VENV=.venv")
    assert done.returncode != 0
    assert "install python3-venv" in done.stderr
    assert not (tmp_path / ".venv").exists()  # nothing half-made is left for the next run


def test_each_interpreter_gets_its_own_venv() -> None:
    def venv_of(*args: str) -> str:
        done = _make(ROOT, "-n", "--always-make", "venv", *args)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "rm -rf .venv;" in venv_of()
    assert "rm -rf .venv-python3.13;" in venv_of("PYTHON=python3.13")
