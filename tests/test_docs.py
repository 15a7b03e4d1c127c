"""README.md documents every command, option, config key and environment variable."""

from __future__ import annotations

import argparse
import dataclasses
import re
import shlex
import typing
from pathlib import Path

import pytest
import yaml

from bot.__main__ import main, parser
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
    assert {"console", "ask", "eval", "index", "add", "telegram"} <= commands.keys()
    missing = sorted(c for c in commands if f"`newsqa-bot {c}" not in readme)
    assert not missing, f"README.md lacks `newsqa-bot COMMAND` for: {missing}"


def test_every_telegram_command_is_documented(readme: str) -> None:
    from bot.frontends.telegram.app import COMMANDS

    registered = [name for name, _ in COMMANDS] + ["reload", "stats"]  # admins' commands
    missing = [c for c in registered if f"`/{c}" not in readme]
    assert not missing, f"README.md does not mention: {missing}"


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
    names |= {"HTTPS_PROXY", "ALL_PROXY"}  # read by httpx when telegram.proxy is not set
    missing = sorted(n for n in names if f"`{n}`" not in readme)
    assert not missing, f"README.md does not document: {missing}"


def test_readme_shows_the_two_commands(readme: str) -> None:
    assert "make run" in readme and "make test" in readme


def _readme_commands(readme: str) -> list[list[str]]:
    """The arguments of every `.venv/bin/newsqa-bot …` in the README: code blocks and `spans`.

    The synopsis (`[--config PATH] …`) is left out: it is no command to run.
    """
    lines = [ln.split(" | ")[-1].split("#")[0].strip() for ln in readme.splitlines()]
    lines += re.findall(r"`(\.venv/bin/newsqa-bot [^`]*)`", readme)
    return [
        shlex.split(line)[1:]
        for line in lines
        if line.startswith(".venv/bin/newsqa-bot ") and "[" not in line
    ]


def test_every_command_line_in_the_readme_parses(readme: str) -> None:
    commands = _readme_commands(readme)
    # parse_args exits (failing the test) on an unknown option or command.
    used = {parser().parse_args(args).command for args in commands}
    assert used == set(_commands())


@pytest.mark.parametrize("command", ["ask", "index", "eval"])
def test_readme_commands_that_only_read_work_as_printed(
    readme: str, command: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)  # as printed: run from the checkout
    for args in _readme_commands(readme):
        if parser().parse_args(args).command == command and not args[-1].startswith("-"):
            assert main(args) == 0, args
            out = capsys.readouterr().out
            assert out.strip() and "没有找到答案" not in out, (args, out)


def test_makefile_has_every_make_target_the_readme_names(readme: str) -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z]+):", makefile, re.M))
    named = set(re.findall(r"\bmake ([a-z]+)\b", readme))
    assert named and named <= targets, named - targets


def test_docs_the_readme_links_exist(readme: str) -> None:
    links = re.findall(r"\]\((docs/[\w./-]+)\)", readme)
    assert links and all((ROOT / link).is_file() for link in links), links
