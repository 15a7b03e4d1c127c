"""deploy/newsqa-bot.service: a systemd unit systemd itself accepts, sandboxed as documented."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UNIT = ROOT / "deploy" / "newsqa-bot.service"


def _settings(text: str) -> dict[str, list[str]]:
    """Every `Key=value` of the unit (keys may repeat), comments and sections left out."""
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        m = re.fullmatch(r"(\w+)=(.*)", line.strip())
        if m:
            found.setdefault(m.group(1), []).append(m.group(2))
    return found


def test_unit_runs_the_bot_restarts_on_failure_and_is_sandboxed() -> None:
    unit = _settings(UNIT.read_text(encoding="utf-8"))
    (workdir,) = unit["WorkingDirectory"]
    (start,) = unit["ExecStart"]
    assert start.split()[0] == f"{workdir}/.venv/bin/newsqa-bot" and start.endswith(" telegram")
    assert unit["EnvironmentFile"] and unit["Restart"] == ["on-failure"]
    assert unit["RestartPreventExitStatus"] == ["2"]  # a bad config or token: no restart loop
    assert unit["ProtectSystem"] == ["strict"] and unit["NoNewPrivileges"] == ["yes"]
    assert unit["ReadWritePaths"] == [f"{workdir}/.index"]  # the only folder it may write
    assert unit["User"] and unit["User"] != ["root"]


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_analyze_verifies_the_unit_without_a_warning(tmp_path: Path) -> None:
    # verify checks that ExecStart exists: point it at this checkout's console script.
    script = Path(sys.executable).parent / "newsqa-bot"
    text = UNIT.read_text(encoding="utf-8").replace(
        "/opt/newsqa-bot/.venv/bin/newsqa-bot", str(script)
    )
    unit = tmp_path / "newsqa-bot.service"
    unit.write_text(text, encoding="utf-8")
    done = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr  # unknown keys only warn
    security = subprocess.run(
        ["systemd-analyze", "security", "--offline=yes", str(unit)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    level = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", security.stdout)
    if security.returncode == 0 and level:  # --offline needs systemd 250 or later
        assert float(level.group(1)) < 4.0, security.stdout
