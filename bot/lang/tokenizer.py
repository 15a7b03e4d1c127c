"""The one tokenizer shared by indexing and querying: jieba's words, terms and tags."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

import rjieba

from bot import safeio
from bot.lang.masked import MASK, masked_names

_WORD = re.compile(r"\w", re.UNICODE)
_GLUE = frozenset("在的了是和与也都就而被把对于从到向")


def _data_lines(name: str) -> list[str]:
    text = resources.files("bot.data").joinpath(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


MAX_USER_DICT_BYTES = 64 * 2**20
MAX_FREQUENCY = 10**9  # jieba's most frequent word (的) counts 318,825
MAX_USER_WORD = 64


def read_user_dict(path: Path) -> list[tuple[str, int | None, str | None]]:
    """The entries of a user dictionary file; ValueError naming the file (and line) if it is
    not a regular UTF-8 file of "word [frequency] [tag]" lines."""
    try:
        text = safeio.read_regular(path, MAX_USER_DICT_BYTES).decode("utf-8-sig")
    except OSError as exc:
        raise ValueError(f"cannot read user dictionary {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ValueError(f"user dictionary {path} is not UTF-8 text") from None
    return _entries(text.splitlines(), str(path))


def _entries(lines: Iterable[str], name: str) -> list[tuple[str, int | None, str | None]]:
    out = []
    for n, line in enumerate(lines, 1):
        parts = line.split()
        if not parts:
            continue
        word = parts[0]
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        if len(word) > MAX_USER_WORD:
            raise ValueError(f"{name}:{n}: a word of more than {MAX_USER_WORD} characters")
        if freq is not None and (len(parts[1]) > 10 or freq > MAX_FREQUENCY):
            raise ValueError(f"{name}:{n}: frequency {parts[1][:20]} is over {MAX_FREQUENCY:,}")
        out.append((word, freq, tag))
    return out


class Tokenizer:
    """jieba's segmentation (its Rust implementation, jieba-rs) with the shipped user
    dictionary, stopwords and no punctuation.

    jieba-rs cuts with jieba's dictionary, HMM and algorithm about twenty times faster than
    the pure-Python jieba, which is what lets a million sentences be indexed in about a
    minute; `tests/test_text.py` checks that its words are jieba's.
    """

    def __init__(self, user_dict: Path | None = None, phrases: Iterable[str] = ()) -> None:
        # Read and check the user's dictionary first: a mistake in it is reported at once.
        extra = read_user_dict(user_dict) if user_dict is not None else []
        self._jieba = rjieba.Jieba()  # its own instance: user words never leak between bots
        self.user_words: dict[str, str] = {}
        self._add_words(_entries(_data_lines("userdict.txt"), "userdict.txt"))
        # Synonym phrases ("每个月") stay whole so the synonym list can match them.
        self._add_words((p, None, None) for p in phrases if len(p) >= 2)
        self._add_words(extra)
        self.stopwords = frozenset(_data_lines("stopwords.txt"))
        # jieba-rs keeps its own tag for a word it already knows, whatever add_word says: a
        # user's tag for such a word (有点 d, where jieba's dictionary says noun) is applied
        # after the cut instead.
        self._retagged = {w: t for w, t in self.user_words.items() if t and self._own_tag(w) != t}
        self.tag = lru_cache(maxsize=65536)(self.dictionary_tag)
        self._known = lru_cache(maxsize=65536)(self._jieba.has_word)

    def _add_words(self, entries: Iterable[tuple[str, int | None, str | None]]) -> None:
        for word, freq, tag in entries:
            self._jieba.add_word(word, freq, tag)
            self.user_words[word] = tag or ""

    @property
    def settings(self) -> str:
        """A fingerprint of what changes tokens, for keying a persisted index."""
        return "|".join(sorted(f"{w}/{t}" for w, t in self.user_words.items())) + str(
            len(self.stopwords)
        )

    def cut(self, text: str) -> list[str]:
        """Every jieba word of normalised text, punctuation and spaces included, a masked name
        (蒋某华) as one word."""
        if MASK in text:
            return [w for w, _, _ in self.spans(text)]
        return self._jieba.cut(text)

    def spans(self, text: str) -> list[tuple[str, int, int]]:
        """Every jieba word of normalised text with its start and end offsets, a masked name
        (蒋某华) as one word."""
        names = masked_names(text, self.known) if MASK in text else []
        if not names:
            return self._jieba.tokenize(text)
        # jieba cuts a masked name anywhere, the same name differently in a question than in
        # its article (蒋|某华案, 蒋|某华犯): it stays whole, and jieba cuts the text between.
        out: list[tuple[str, int, int]] = []
        at = 0
        for start, name in [*names, (len(text), "")]:
            out += [(w, at + s, at + e) for w, s, e in self._jieba.tokenize(text[at:start])]
            if name:
                out.append((name, start, start + len(name)))
            at = start + len(name)
        return out

    def tagged(self, text: str) -> list[tuple[str, str]]:
        """Every jieba word of normalised text with its part-of-speech tag, unknown words
        tagged by jieba's HMM (约翰 nrt, 天安门城楼 ns), user dictionaries' tags first."""
        tags = self._jieba.tag(text, True)
        retagged = self._retagged
        if not retagged:
            return tags
        return [(w, retagged.get(w, t)) for w, t in tags]

    def guessed_tag(self, word: str) -> str:
        """The tag jieba's HMM guesses for a word its dictionary lacks ('' if it cuts it):
        v for 图有 or 展要, where jieba glued a verb to a noun, nr for a new name."""
        return self._own_tag(word, hmm=True)

    def _own_tag(self, word: str, hmm: bool = False) -> str:
        """jieba's tag of one word, as its tagger gives it ('' if it cuts the word)."""
        tagged = self._jieba.tag(word, hmm)
        return tagged[0][1] if len(tagged) == 1 else ""

    def term(self, word: str) -> str | None:
        """The matching term a word stands for, or None for punctuation and stopwords."""
        if not _WORD.search(word):
            return None
        word = word.lower()
        if len(word) == 2 and (word[0] in _GLUE or word[1] in _GLUE) and not self._known(word):
            # jieba's HMM glued a function character to its neighbour ("菊花展在" → 展在).
            word = word[1] if word[0] in _GLUE else word[0]
        return None if word in self.stopwords else word

    def known(self, word: str) -> bool:
        """Whether a word is in the dictionary (jieba's or a user's), not made by the HMM."""
        return bool(self._known(word))

    def tokenize(self, text: str) -> list[str]:
        """Matching terms of normalised text: lower-cased words, no punctuation, no stopwords."""
        return [t for w in self.cut(text) if (t := self.term(w)) is not None]

    def dictionary_tag(self, word: str) -> str:
        """The dictionary part-of-speech tag of one word ('' if unknown); `tag` is the same,
        cached for the words questions and answers meet again and again."""
        if self.user_words.get(word):
            return self.user_words[word]
        # Not through the _known cache: tagging the whole vocabulary at build would flush it.
        if not self._jieba.has_word(word):
            return ""
        return self._own_tag(word)
