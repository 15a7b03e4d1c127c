"""Configuration mistakes exit 2 with one line (file, key, expectation); the token never shows."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from inprocess import run

from bot.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "987654321:AAH-secret_token_for_tests_0123456789"

# name: (config text, words the one error line must contain)
MISTAKES: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "missing file": (None, ("not found",)),
    "unknown section": ("retrival:\n  k1: 1.2\n", ("'retrival'", "retrieval")),
    "unknown key": ("retrieval:\n  k2: 1.2\n", ("'retrieval.k2'", "k1")),
    "wrong type": ("retrieval:\n  k1: fast\n", ("'retrieval.k1'", "a number", "'fast'")),
    "wrong item type": (
        "telegram:\n  admin_ids: [1, two]\n",
        ("'telegram.admin_ids'", "a list of integers"),
    ),
    "bool for integer": (
        "corpus:\n  max_sentence_chars: yes\n",
        ("'corpus.max_sentence_chars'", "an integer"),
    ),
    "impossible value": ("retrieval:\n  b: 1.5\n", ("'retrieval.b'", "[0, 1]")),
    "impossible port": (
        "telegram:\n  webhook_port: 70000\n",
        ("'telegram.webhook_port'", "1..65535"),
    ),
    "empty path": ("corpus:\n  path: ''\n", ("'corpus.path'", "not empty")),
    "not a number": ("answer:\n  min_coverage: .nan\n", ("'answer.min_coverage'", "[0, 1]")),
    "section not a mapping": ("answer: [1, 2]\n", ("'answer'", "mapping")),
    "top level not a mapping": ("- corpus\n- text\n", ("mapping",)),
    "invalid yaml": ("corpus:\n  path: corpus\n   index_path: [\n", ("line", "YAML")),
}


@pytest.mark.parametrize("name", MISTAKES)
def test_config_mistake_exits_2_with_one_line(tmp_path: Path, name: str) -> None:
    text, words = MISTAKES[name]
    path = tmp_path / "settings.yaml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    done = run(
        "--config",
        str(path),
        "--corpus",
        str(ROOT / "corpus"),
        "ask",
        "永康",
        cwd=tmp_path,
        env={"TELEGRAM_BOT_TOKEN": TOKEN},
    )
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert str(path) in lines[0]
    for word in words:
        assert word in lines[0]
    assert TOKEN not in done.stderr


def test_undecodable_config_file_exits_2_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "settings.yaml"
    path.write_bytes(b"corpus:\n  path: \xff\xfe\n")
    done = run("--config", str(path), "index", cwd=tmp_path)
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1 and str(path) in done.stderr


def test_a_bad_value_is_rejected_in_process(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("retrieval:\n  candidates: 0\n")
    with pytest.raises(ConfigError, match=r"c\.yaml: 'retrieval\.candidates' must be"):
        load_config(path, env={})


FEED_MISTAKES = {
    "  feeds:\n    - url: ftp://news.cn/rss\n": r"'corpus\.feeds\[0\]\.url' must be an http",
    "  feeds:\n    - https://news.cn/rss\n": r"'corpus\.feeds\[0\]' must be a mapping",
    "  feeds: https://news.cn/rss\n": r"'corpus\.feeds' must be a list of mappings",
    "  feeds:\n    - url: https://news.cn/rss\n      paper: 日报\n": r"'corpus\.feeds\[0\]\.paper'",
    "  feeds:\n    - url: https://news.cn/rss\n      place: 1\n": r"'corpus\.feeds\[0\]\.place'",
    "  feed_minutes: -5\n": r"'corpus\.feed_minutes' must be a number >= 0",
}


@pytest.mark.parametrize(("text", "message"), FEED_MISTAKES.items())
def test_a_bad_feed_is_named_by_its_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("corpus:\n" + text)
    with pytest.raises(ConfigError, match=r"c\.yaml: .*" + message):
        load_config(path, env={})


def test_feeds_are_read_into_typed_entries(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "corpus:\n  feed_minutes: 15\n  feeds:\n    - url: https://news.cn/rss\n"
        "      source: 温州日报\n    - url: http://example.cn/atom\n"
    )
    corpus = load_config(path, env={}).corpus
    assert corpus.feed_minutes == 15.0
    assert [(f.url, f.source, f.place) for f in corpus.feeds] == [
        ("https://news.cn/rss", "温州日报", None),
        ("http://example.cn/atom", None, None),
    ]


def test_secret_values_are_not_echoed(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("telegram:\n  webhook_secret: 31415926535\n")
    with pytest.raises(ConfigError, match="webhook_secret") as error:
        load_config(path, env={})
    assert "31415926535" not in str(error.value)


def test_a_token_pasted_into_the_wrong_key_is_not_echoed(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(f"telegram:\n  admin_ids: [42, '{TOKEN}']\n")
    with pytest.raises(ConfigError, match="admin_ids") as error:
        load_config(path, env={})
    assert TOKEN not in str(error.value)
    assert TOKEN.split(":")[1] not in str(error.value)


def test_a_huge_wrong_value_still_gives_a_short_line(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("text:\n  synonyms: [" + ", ".join(["[a, 1]"] * 5000) + "]\n")
    expected = "'text.synonyms' must be a list of lists of strings"
    with pytest.raises(ConfigError, match=expected) as e:
        load_config(path, env={})
    assert len(str(e.value)) < 200


def test_token_comes_from_the_environment_and_stays_out_of_repr(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("retrieval:\n  k1: 1.2\n")
    config = load_config(path, env={"TELEGRAM_BOT_TOKEN": TOKEN})
    assert config.telegram_token == TOKEN
    assert TOKEN not in repr(config) and TOKEN not in str(config)


@pytest.mark.parametrize("command", [["-vv", "ask", "--json"], ["-vv", "console"], ["index"]])
def test_token_never_appears_in_console_output_or_logs(command: list[str]) -> None:
    done = run(
        "--corpus",
        str(ROOT / "corpus"),
        *command,
        cwd=ROOT,
        env={"TELEGRAM_BOT_TOKEN": TOKEN},
        stdin="永康何时被命名为质量强市示范城市\n",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout
    assert TOKEN not in done.stdout + done.stderr
    assert TOKEN.split(":")[1] not in done.stdout + done.stderr


# --- hostile values: exit 2 within a second, one line naming the file and the key ----------

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
    for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)
# name: (config text, with {dir} for the test's folder; words the error line must hold)
HOSTILE: dict[str, tuple[str, tuple[str, ...]]] = {
    "5000-digit integer": (
        "telegram:\n  flood_limit: " + "9" * 5000 + "\n",
        ("'telegram.flood_limit'", "5000 characters"),
    ),
    "5000-digit id in a list": (
        "telegram:\n  admin_ids: [1, " + "7" * 5000 + "]\n",
        ("'telegram.admin_ids'",),
    ),
    "huge integer": ("telegram:\n  max_retries: 10000000000000000000000\n", ("max_retries",)),
    "infinite flood window": ("telegram:\n  flood_window: .inf\n", ("'telegram.flood_window'",)),
    "watch every 1e300 s": ("corpus:\n  watch_seconds: 1e300\n", ("'corpus.watch_seconds'",)),
    "NaN watch": ("corpus:\n  watch_seconds: .nan\n", ("'corpus.watch_seconds'",)),
    "followup for ever": ("answer:\n  followup_seconds: 99999999999\n", ("followup_seconds",)),
    "bomb in a wrong-type key": (
        f"retrieval:\n  {BOMB.replace(chr(10), chr(10) + '  ')}k1: *i\n",
        ("'retrieval", "alias"),
    ),
    "synonym alias bomb": (
        "text:\n  x: &x [同义, 同意, 赞同, 认同]\n  synonyms: [*x, *x, *x]\n",
        ("'text", "alias"),
    ),
    "user_dict is /dev/zero": ("text:\n  user_dict: /dev/zero\n", ("'text.user_dict'", "regular")),
    "user_dict is a FIFO": ("text:\n  user_dict: {dir}/fifo\n", ("'text.user_dict'", "regular")),
    "user_dict frequency 1e23": (
        "text:\n  user_dict: {dir}/huge.txt\n",
        ("'text.user_dict'", "huge.txt:2", "frequency"),
    ),
    "secret with bad characters": (
        "telegram:\n  webhook_secret: 'a b/c'\n",
        ("'telegram.webhook_secret'", "A-Z a-z 0-9 _ -"),
    ),
    "secret too long": ("telegram:\n  webhook_secret: " + "s" * 257 + "\n", ("webhook_secret",)),
    "http webhook url": (
        "telegram:\n  webhook_url: http://bot.example.org/hook\n",
        ("'telegram.webhook_url'", "https://"),
    ),
    "config is a FIFO": ("", ("regular file",)),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_config_values_exit_2_in_one_line_within_a_second(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import time

    from bot.__main__ import main

    text, words = HOSTILE[name]
    path = tmp_path / "settings.yaml"
    if name == "config is a FIFO":
        os.mkfifo(path)
    else:
        path.write_text(text.replace("{dir}", str(tmp_path)), encoding="utf-8")
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "huge.txt").write_text("永康经验 5\n质量强市 100000000000000000000000 n\n")
    started = time.perf_counter()
    code = main(["--config", str(path), "--corpus", str(ROOT / "corpus"), "ask", "永康"])
    seconds = time.perf_counter() - started
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert str(path) in lines[0] and all(word in lines[0] for word in words), lines[0]
    assert len(lines[0]) < 300
    assert seconds < 1.0
