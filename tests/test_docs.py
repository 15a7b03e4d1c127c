"""README.md documents every command, option, config key and environment variable."""

from __future__ import annotations

import argparse
import dataclasses
import re
import typing
from pathlib import Path

import pytest
import yaml

from bot.__main__ import parser
from bot.config import Config

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> dict[str, argparse.ArgumentParser]:
    (sub,) = [a for a in parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def _options() -> set[str]:
    found = {o for a in parser()._actions for o in a.option_strings}
    for command in _commands().values():
        found |= {o for a in command._actions for o in a.option_strings}
    return found


def _config_keys() -> set[str]:
    """Every `section.key` of the Config dataclasses and of the shipped config.yaml."""
    keys = set()
    for section in dataclasses.fields(Config):
        cls = typing.get_type_hints(Config)[section.name]
        if dataclasses.is_dataclass(cls):
            keys |= {f"{section.name}.{f.name}" for f in dataclasses.fields(cls)}
    shipped = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    for section, values in shipped.items():
        keys |= {f"{section}.{key}" for key in values or {}}
    return keys


def test_every_command_is_documented(readme: str) -> None:
    commands = _commands()
    assert {"console", "ask", "eval", "index", "add"} <= commands.keys()
    missing = sorted(c for c in commands if f"`python -m bot {c}" not in readme)
    assert not missing, f"README.md lacks `python -m bot COMMAND` for: {missing}"


def test_every_option_is_documented(readme: str) -> None:
    missing = sorted(
        o for o in _options() if not re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", readme)
    )
    assert not missing, f"README.md does not mention these options: {missing}"


def test_every_config_key_is_documented(readme: str) -> None:
    keys = _config_keys()
    assert {"corpus.path", "retrieval.k1", "answer.min_coverage"} <= keys
    missing = sorted(k for k in keys if f"`{k}`" not in readme)
    assert not missing, f"README.md does not document these config keys as `section.key`: {missing}"


def test_every_environment_variable_is_documented(readme: str) -> None:
    source = (ROOT / "bot" / "config.py").read_text(encoding="utf-8")
    names = set(re.findall(r"""env\.get\(["']([A-Z][A-Z0-9_]+)["']""", source))
    assert names, "config.py reads its environment overrides with env.get('NAME')"
    missing = sorted(n for n in names if f"`{n}`" not in readme)
    assert not missing, f"README.md does not document: {missing}"


def test_readme_shows_the_two_commands(readme: str) -> None:
    assert "make run" in readme and "make test" in readme
