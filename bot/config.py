"""Typed, frozen configuration loaded from YAML and checked on load."""

from __future__ import annotations

import os
import re
import reprlib
import types
import typing
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot import safeio
from bot.cluster_config import ConfigError, SphinxqlConfig, require


@dataclass(frozen=True)
class FeedConfig:
    """One RSS/Atom feed: its address, and the paper and city its articles are credited to."""

    url: str = ""
    source: str | None = None  # default: the page's paper, else the feed's title
    place: str | None = None  # default: the city in the paper's name


@dataclass(frozen=True)
class CorpusConfig:
    path: str = "corpus"
    index_path: str = ".index"  # persisted index folder, beside the corpus
    max_sentence_chars: int = 120  # longer sentences are cut at ，/、
    watch_seconds: float = 0  # poll the corpus for changes this often and reload; 0 is off
    feeds: list[FeedConfig] = field(default_factory=list)
    feed_minutes: float = 0  # a running bot fetches the feeds this often; 0 is off

    def check(self) -> None:
        _require(bool(self.path.strip()), "corpus.path", "a folder path, not empty")
        _require(bool(self.index_path.strip()), "corpus.index_path", "a folder path, not empty")
        _require(
            20 <= self.max_sentence_chars <= 10000,
            "corpus.max_sentence_chars",
            "an integer in [20, 10000]",
        )
        _require(
            0 <= self.watch_seconds <= DAY, "corpus.watch_seconds", "seconds in [0, 86400] (0: off)"
        )
        _require(
            0 <= self.feed_minutes <= DAY / 60,
            "corpus.feed_minutes",
            "a number >= 0 and at most 1440 (0 is off)",
        )
        for i, feed in enumerate(self.feeds):
            _require(
                feed.url.startswith(("http://", "https://")),
                f"corpus.feeds[{i}].url",
                "an http:// or https:// address",
            )


@dataclass(frozen=True)
class TextConfig:
    user_dict: str | None = None  # extra jieba user dictionary, one "word [freq] [tag]" a line
    synonyms: list[list[str]] = field(default_factory=list)  # groups of interchangeable words

    def check(self) -> None:
        words = [w for group in self.synonyms for w in group]
        _require(len(words) <= MAX_SYNONYMS, "text.synonyms", f"at most {MAX_SYNONYMS} words")
        _require(
            all(0 < len(w.strip()) <= MAX_WORD for w in words),
            "text.synonyms",
            f"words of 1 to {MAX_WORD} characters",
        )


@dataclass(frozen=True)
class RetrievalConfig:
    k1: float = 1.5
    b: float = 0.75
    candidates: int = 20  # BM25 hits passed to the answer ranker
    backend: str = "embedded"  # or "sphinxql": a cluster (retrieval.sphinxql) finds them
    sphinxql: SphinxqlConfig = field(default_factory=SphinxqlConfig)

    def check(self) -> None:
        backends = ("embedded", "sphinxql")
        _require(self.backend in backends, "retrieval.backend", "embedded or sphinxql")
        _require(0 < self.k1 <= 10, "retrieval.k1", "a number in (0, 10]")
        _require(0 <= self.b <= 1, "retrieval.b", "a number in [0, 1]")
        _require(1 <= self.candidates <= 10000, "retrieval.candidates", "an integer in [1, 10000]")


@dataclass(frozen=True)
class AnswerConfig:
    # Refuse below this fitted confidence (0-1); None: the threshold fitted with the model.
    min_confidence: float | None = None
    min_coverage: float = 0.6  # share of the question's key-term weight an alternative covers
    alternatives: int = 4
    followup_seconds: int = 300  # how long a follow-up question may lean on the previous one

    def check(self) -> None:
        _require(
            self.min_confidence is None or 0 <= self.min_confidence <= 1,
            "answer.min_confidence",
            "null or a number in [0, 1]",
        )
        _require(0 <= self.min_coverage <= 1, "answer.min_coverage", "a number in [0, 1]")
        _require(0 <= self.alternatives <= 10, "answer.alternatives", "an integer in [0, 10]")
        _require(
            0 <= self.followup_seconds <= DAY, "answer.followup_seconds", "seconds in [0, 86400]"
        )


@dataclass(frozen=True)
class TelegramConfig:
    api_base_url: str | None = None  # e.g. http://127.0.0.1:8081/bot for a local Bot API server
    proxy: str | None = None  # http://host:port or socks5://host:port; else HTTPS_PROXY/ALL_PROXY
    admin_ids: list[int] = field(default_factory=list)
    allowed_groups: list[int] = field(default_factory=list)  # empty: every group
    flood_limit: int = 10  # questions per user ...
    flood_window: float = 60.0  # ... within this many seconds
    flood_seconds: float = 3.0  # ... and this much answering time (CPU seconds) per user
    max_retries: int = 3  # retries after a 429 from Telegram
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_url: str | None = None
    webhook_secret: str | None = None

    def check(self) -> None:
        _require(1 <= self.flood_limit <= 10000, "telegram.flood_limit", "an integer in [1, 10000]")
        _require(0 < self.flood_window <= DAY, "telegram.flood_window", "seconds in (0, 86400]")
        _require(0 < self.flood_seconds <= DAY, "telegram.flood_seconds", "seconds in (0, 86400]")
        _require(0 <= self.max_retries <= 10, "telegram.max_retries", "an integer in [0, 10]")
        _require(0 < self.webhook_port < 65536, "telegram.webhook_port", "a port in 1..65535")
        for key, ids in (("admin_ids", self.admin_ids), ("allowed_groups", self.allowed_groups)):
            _require(all(abs(i) < 2**63 for i in ids), f"telegram.{key}", "Telegram ids")
        if self.webhook_url is not None:
            _require(
                WEBHOOK_URL.fullmatch(self.webhook_url) is not None,
                "telegram.webhook_url",
                "an https:// URL (Telegram calls webhooks over HTTPS only)",
            )
        if self.webhook_secret is not None:
            _require(
                WEBHOOK_SECRET.fullmatch(self.webhook_secret) is not None,
                "telegram.webhook_secret",
                "1 to 256 characters of A-Z a-z 0-9 _ - (what Telegram allows)",
            )
        _require(
            self.proxy is None or _is_proxy_url(self.proxy),
            "telegram.proxy",
            "a proxy URL such as http://127.0.0.1:3128 or socks5://127.0.0.1:1080",
        )


@dataclass(frozen=True)
class Config:
    corpus: CorpusConfig = field(default_factory=CorpusConfig)
    text: TextConfig = field(default_factory=TextConfig)
    retrieval: RetrievalConfig = field(default_factory=RetrievalConfig)
    answer: AnswerConfig = field(default_factory=AnswerConfig)
    telegram: TelegramConfig = field(default_factory=TelegramConfig)
    base_dir: Path = field(default=Path("."), compare=False)
    source: Path | None = field(default=None, compare=False)  # the file it was read from
    telegram_token: str | None = field(default=None, repr=False, compare=False)

    def resolve(self, path: str) -> Path:
        """Resolve a configured path against the config file's folder."""
        p = Path(path).expanduser()
        return p if p.is_absolute() else self.base_dir / p

    @property
    def corpus_dir(self) -> Path:
        return self.resolve(self.corpus.path)

    def error(self, key: str, problem: str) -> ConfigError:
        """A ConfigError naming this config's file (when there is one) and the key."""
        where = f"{self.source}: " if self.source else ""
        return ConfigError(f"{where}'{key}' {problem}")


PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")
_SECTIONS = ("corpus", "text", "retrieval", "answer", "telegram")
DAY = 86400  # seconds: the longest window, poll or memory a setting may ask for
MAX_SYNONYMS = 10000
MAX_WORD = 32
MAX_CONFIG_BYTES = 2**20
WEBHOOK_URL = re.compile(r"https://[^\s/?#]+(?:/[^\s]*)?")
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
_SECRET = re.compile(r"secret|token|password", re.I)
_TOKEN = re.compile(r"\d{5,}:[\w-]{20,}")  # the shape of a Telegram bot token


def load_config(path: str | Path, env: typing.Mapping[str, str] | None = None) -> Config:
    """Read and check a YAML config; environment variables override secrets and endpoints."""
    env = os.environ if env is None else env
    path = Path(path)
    if not os.path.lexists(path):
        raise ConfigError(f"{path}: config file not found")
    try:
        # A FIFO or /dev/zero would block or never end; anchors (&a / *a) could expand without
        # limit, and a 5,000-digit number takes int() seconds: all refused before building.
        text = safeio.read_regular(path, MAX_CONFIG_BYTES).decode("utf-8")
        raw = safeio.load(text)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: cannot read: not UTF-8 ({exc.reason})") from None
    except safeio.UnsafeYaml as exc:
        if not exc.key:
            raise ConfigError(f"{path}: line {exc.line} is not valid YAML ({exc})") from None
        key = ".".join(exc.key)
        raise ConfigError(f"{path}: '{key}' (line {exc.line}): {exc}") from None
    raw = raw or {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping of sections at the top level")
    sections: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in _SECTIONS:
            expected = ", ".join(_SECTIONS)
            raise ConfigError(f"{path}: unknown key '{key}' (expected one of {expected})")
        sections[key] = _build(_section_class(key), value or {}, key, path)
    config = Config(**sections, base_dir=path.resolve().parent, source=path)
    return apply_env(config, env)


def _section_class(name: str) -> type:
    return typing.get_type_hints(Config)[name]


def _build(cls: type, raw: object, prefix: str, path: Path) -> Any:
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: '{prefix}' must be a mapping")
    hints = typing.get_type_hints(cls)
    known = {f.name for f in fields(cls)}
    values = {}
    for key, value in raw.items():
        if key not in known:
            raise ConfigError(
                f"{path}: unknown key '{prefix}.{key}' (expected one of {', '.join(sorted(known))})"
            )
        values[key] = _check_type(value, hints[key], f"{prefix}.{key}", path)
    obj = cls(**values)
    check = getattr(obj, "check", None)
    if check is not None:
        try:
            check()
        except ConfigError as exc:
            raise ConfigError(f"{path}: {exc}") from None
    return obj


def _check_type(value: object, hint: object, key: str, path: Path) -> object:
    if typing.get_origin(hint) is list and isinstance(value, list):
        (item,) = typing.get_args(hint)
        if isinstance(item, type) and is_dataclass(item):  # mappings, such as corpus.feeds
            return [_build(item, v, f"{key}[{i}]", path) for i, v in enumerate(value)]
    if isinstance(hint, type) and is_dataclass(hint) and isinstance(value, dict):
        return _build(hint, value, key, path)  # a section within a section: retrieval.sphinxql
    if _matches(value, hint):
        if isinstance(value, int) and not isinstance(value, bool) and hint is float:
            return float(value)
        return value
    # Never echo what may be a secret (webhook_secret, a token pasted into the wrong key).
    got = type(value).__name__ if _SECRET.search(key) else _TOKEN.sub("<token>", _REPR.repr(value))
    got = got if len(got) <= 60 else got[:59] + "…"
    raise ConfigError(f"{path}: '{key}' must be {_describe(hint)}, got {got}")


def _matches(value: object, hint: object) -> bool:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_matches(value, h) for h in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if hint is str:
        return isinstance(value, str)
    if origin is list:
        (item,) = typing.get_args(hint)
        return isinstance(value, list) and all(_matches(v, item) for v in value)
    if is_dataclass(hint):
        return isinstance(value, dict)
    return False


def _describe(hint: object, plural: bool = False) -> str:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_describe(h) for h in typing.get_args(hint))
    if origin is list:
        return f"{'lists' if plural else 'a list'} of {_describe(typing.get_args(hint)[0], True)}"
    if is_dataclass(hint):
        return "mappings" if plural else "a mapping"
    if plural:
        names = {bool: "true/false values", int: "integers", float: "numbers", str: "strings"}
        return names.get(hint, "nulls")  # type: ignore[call-overload]
    names = {bool: "true/false", int: "an integer", float: "a number", str: "a string"}
    return names.get(hint, "null") if hint is not type(None) else "null"  # type: ignore[call-overload]


def _is_proxy_url(url: str) -> bool:
    """http(s)://, socks5:// or socks5h:// with a host and, if any, a valid port."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a port out of range)
    except ValueError:
        return False
    return parts.scheme in PROXY_SCHEMES and bool(parts.hostname)


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 80


_require = require


def apply_env(config: Config, env: typing.Mapping[str, str]) -> Config:
    token = env.get("TELEGRAM_BOT_TOKEN") or None
    base_url = env.get("TELEGRAM_API_BASE_URL") or config.telegram.api_base_url
    return replace(
        config,
        telegram_token=token,
        telegram=replace(config.telegram, api_base_url=base_url),
    )
