"""Normalisation and the one tokenizer shared by indexing and querying."""

from __future__ import annotations

import logging
import re
import sys
import unicodedata
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any


def _import_jieba() -> ModuleType:
    # jieba imports pkg_resources (0.2 s) only to open its own files, with a plain-open
    # fallback when it is missing; take the fallback unless something already loaded it.
    guard = "pkg_resources" not in sys.modules
    if guard:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import jieba
    finally:
        if guard:
            del sys.modules["pkg_resources"]
    return jieba


jieba = _import_jieba()
import opencc  # noqa: E402

logger = logging.getLogger(__name__)

_SPACE = re.compile(r"\s+")
# Repeated punctuation ("？？？", "!!!") carries no meaning for retrieval.
_REPEAT_PUNCT = re.compile(r"([^\w\s])\1+")
_WORD = re.compile(r"\w", re.UNICODE)
# Code points that cannot be encoded (lone surrogates) or only steer layout.
_JUNK = re.compile(r"[\ud800-\udfff\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_GLUE = frozenset("在的了是和与也都就而被把对于从到向")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Normalizer:
    """NFKC, traditional to simplified, folded whitespace: one form for articles and questions."""

    def __init__(self) -> None:
        self._t2s = opencc.OpenCC("t2s")

    def __call__(self, text: str) -> str:
        text = _JUNK.sub("", text)
        text = _CONTROL.sub(" ", text)
        text = unicodedata.normalize("NFKC", text)
        text = self._t2s.convert(text)
        return _SPACE.sub(" ", text).strip()

    def question(self, text: str) -> str:
        """Normalise a question and collapse repeated punctuation."""
        return _REPEAT_PUNCT.sub(r"\1", self(text))


def _data_lines(name: str) -> list[str]:
    text = resources.files("bot.data").joinpath(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


class Tokenizer:
    """Own jieba.Tokenizer with the shipped user dictionary, stopwords and no punctuation."""

    def __init__(self, user_dict: Path | None = None, phrases: Iterable[str] = ()) -> None:
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()
        self.user_words: dict[str, str] = {}
        self._load_user_dict(_data_lines("userdict.txt"))
        # Synonym phrases ("每个月") stay whole so the synonym list can match them.
        self._load_user_dict(p for p in phrases if len(p) >= 2)
        if user_dict is not None:
            try:
                lines = user_dict.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError) as exc:
                raise ValueError(f"cannot read user dictionary {user_dict}: {exc}") from exc
            self._load_user_dict(ln.strip() for ln in lines if ln.strip())
        self.stopwords = frozenset(_data_lines("stopwords.txt"))
        # jieba.posseg costs ~0.5 s to import and its tag table ~0.5 s to read: both wait
        # until a question needs them, so the first answer comes sooner.
        self._pos_tokenizer: Any = None
        self._tags: dict[str, str] | None = None

    def _load_user_dict(self, lines: Iterable[str]) -> None:
        for line in lines:
            parts = line.split()
            word = parts[0]
            freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
            tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
            self._jieba.add_word(word, freq, tag)
            self.user_words[word] = tag or ""

    @property
    def settings(self) -> str:
        """A fingerprint of what changes tokens, for keying a persisted index."""
        return "|".join(sorted(f"{w}/{t}" for w, t in self.user_words.items())) + str(
            len(self.stopwords)
        )

    def cut(self, text: str) -> list[str]:
        """Every jieba word of normalised text, punctuation and spaces included."""
        return self._jieba.lcut(text)

    def spans(self, text: str) -> list[tuple[str, int, int]]:
        """Every jieba word of normalised text with its start and end offsets."""
        return list(self._jieba.tokenize(text))

    def term(self, word: str) -> str | None:
        """The matching term a word stands for, or None for punctuation and stopwords."""
        if not _WORD.search(word):
            return None
        word = word.lower()
        if (
            len(word) == 2
            and (word[0] in _GLUE or word[1] in _GLUE)
            and not self._jieba.FREQ.get(word)
        ):
            # jieba's HMM glued a function character to its neighbour ("菊花展在" → 展在).
            word = word[1] if word[0] in _GLUE else word[0]
        return None if word in self.stopwords else word

    def tokenize(self, text: str) -> list[str]:
        """Matching terms of normalised text: lower-cased words, no punctuation, no stopwords."""
        return [t for w in self._jieba.cut(text) if (t := self.term(w)) is not None]

    def pos(self, text: str) -> list[tuple[str, str]]:
        """Words of normalised text with their part-of-speech tags."""
        return [(p.word, p.flag) for p in self._pos.lcut(text)]

    @property
    def _pos(self) -> Any:
        if self._pos_tokenizer is None:
            import jieba.posseg

            self._pos_tokenizer = jieba.posseg.POSTokenizer(self._jieba)
        return self._pos_tokenizer

    def tag(self, word: str) -> str:
        """The dictionary part-of-speech tag of one word ('' if unknown)."""
        if self._tags is None:
            self._tags = _dictionary_tags(self._jieba)
        return self.user_words.get(word) or self._tags.get(word, "")


def _dictionary_tags(tokenizer: jieba.Tokenizer) -> dict[str, str]:
    """Word → tag of the main dictionary, as jieba.posseg reads it, in one pass.

    (A marshal cache of this table loads no faster: building the 350k-entry dict is the cost.)
    """
    with tokenizer.get_dict_file() as f:
        text = f.read().decode("utf-8")
    tags = {}
    for line in text.splitlines():
        parts = line.strip().split(" ")
        if len(parts) == 3:
            tags[parts[0]] = parts[2]
    return tags
