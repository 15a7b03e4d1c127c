"""Which question terms each candidate sentence, or what surrounds it, contains, and how well.

One `searchsorted` per term word over its postings answers, for every candidate at once,
whether the term is in the sentence, in a neighbour, in its section headline, or in an
article's own question asked just above it.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, field

import numpy as np

from bot.index.bm25 import Index
from bot.index.layout import ASKED, SECTION, SELF, Layout
from bot.lang.lexicon import META_WORDS
from bot.lang.normalize import hanzi

# How much a thesaurus synonym in the sentence covers a term at most: less than the word
# itself, since a synonym set's words are not always interchangeable in context. A synonym
# more common than the term covers less still, by the ratio of their idf (see bot.answer.terms).
SYNONYM = 0.7
# How much a term found around the sentence covers: in its article's title, paper or city
# (我市 of the paper's own city counts whole), in a sentence within reach of it, in its
# section's sub-head, in the headline alone. Checked on the crossed training data by
# tools/factors.py (docs/answer-method.md, "Eighth round").
ARTICLE_STRENGTH = 0.6
NEARBY_STRENGTH = 0.6
SECTION_STRENGTH = 0.5
HEADLINE_STRENGTH = 0.4


@dataclass(frozen=True)
class Probes:
    """For each candidate, the sentences whose words count for it, and which of them apply."""

    positions: np.ndarray  # (candidates, 9) int32 sentence ids
    valid: np.ndarray  # (candidates, 9) bool


def probes(layout: Layout, sids: np.ndarray) -> Probes:
    """Sentences around each candidate: ±1 always, ±2..3 in the same paragraph, same article."""
    return Probes(*layout.probes.rows(sids))


def present(index: Index, ids: Iterable[int], probes: Probes) -> np.ndarray:
    """Where any of the term ids occurs among the probed sentences (shaped like the probes)."""
    flat = probes.positions.ravel()
    out = np.zeros(flat.shape, dtype=bool)
    offsets, postings = index.postings.offsets, index.postings.ids
    for tid in ids:
        post = postings[offsets[tid] : offsets[tid + 1]]
        if len(post):  # past the end: clipped to the last posting, which then differs
            out |= post.take(np.searchsorted(post, flat), mode="clip") == flat
    return out.reshape(probes.positions.shape) & probes.valid


@dataclass(frozen=True)
class Found:
    """Per candidate (row) and term (column): where the term was found.

    Nested lists, not arrays: the ranker reads single cells, which lists serve ten times faster.
    """

    own: list[list[bool]]
    pieces: list[list[int]]  # how many two-character pieces of an unseen word the sentence has
    near: list[list[bool]]
    section: list[list[bool]]
    asked: list[list[bool]]


def find(
    index: Index,
    layout: Layout,
    sids: np.ndarray,
    terms: list[tuple[frozenset[int], frozenset[int]]],
) -> Found:
    """Look up every (ids, piece ids) term for every candidate sentence."""
    pr = probes(layout, sids)
    # (terms, candidates, probes): the columns are cut out of it once for all terms.
    hits = np.zeros((len(terms), *pr.positions.shape), bool)
    pieces = np.zeros((len(terms), len(sids)), np.int32)
    for j, (ids, piece_ids) in enumerate(terms):
        hits[j] = present(index, ids, pr)
        for pid in piece_ids:
            pieces[j] += present(index, (pid,), pr)[:, SELF]
    return Found(
        hits[:, :, SELF].T.tolist(),
        pieces.T.tolist(),
        hits[:, :, SELF + 1 : SECTION].any(axis=2).T.tolist(),
        hits[:, :, SECTION].T.tolist(),
        hits[:, :, ASKED].T.tolist(),
    )


@dataclass(frozen=True)
class Term:
    """A topic term of the question with its weight and the words that may stand for it."""

    text: str
    weight: float
    ids: frozenset[int]  # vocabulary ids of the term and its synonym group, not the thesaurus's
    words: tuple[str, ...]  # all that may stand for it in retrieval, thesaurus synonyms too
    pieces: tuple[str, ...] = ()  # two-character pieces of an unseen word found in the corpus
    piece_ids: frozenset[int] = frozenset()
    synonyms: tuple[str, ...] = ()  # the thesaurus's words among `words`: a weaker match
    # What each synonym covers of the term, strongest first: a common synonym (作为 for 看作)
    # says less than the rare word asked about.
    synonym_strengths: tuple[float, ...] = ()
    # Derived once per question, read for every candidate sentence. Plain fields, not
    # cached_property: that takes a lock on first use (Python 3.11), ~2 µs a property.
    exact: tuple[str, ...] = field(init=False, compare=False)  # `words` but the thesaurus's
    long_words: tuple[str, ...] = field(init=False, compare=False)  # may sit inside a longer word
    number: bool = field(init=False, compare=False)
    about_article: bool = field(init=False, compare=False)  # 本文, 这篇报道: not the content
    grams: tuple[str, ...] = field(init=False, compare=False)  # pieces of a 3+ character term
    # Two Chinese characters no article uses as a word: perhaps a short form (半马).
    abbreviation: bool = field(init=False, compare=False)
    synonym_pairs: tuple[tuple[str, float], ...] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        text = self.text
        if not self.synonym_strengths:
            object.__setattr__(self, "synonym_strengths", (SYNONYM,) * len(self.synonyms))
        elif len(self.synonym_strengths) != len(self.synonyms):
            raise ValueError("synonym_strengths needs one strength per synonym")
        exact = tuple(w for w in self.words if w not in self.synonyms)
        long_words = tuple(w for w in exact if len(w) >= 2) if len(text) >= 2 else ()
        object.__setattr__(self, "exact", exact)
        grams = tuple(text[k : k + 2] for k in range(len(text) - 1)) if len(text) >= 3 else ()
        object.__setattr__(self, "long_words", long_words)
        object.__setattr__(self, "number", text.isdigit())
        object.__setattr__(
            self, "about_article", text in META_WORDS or text.endswith(("文章", "报道"))
        )
        object.__setattr__(self, "grams", grams)
        object.__setattr__(self, "abbreviation", len(text) == 2 and hanzi(text) and not self.ids)
        pairs = tuple(zip(self.synonyms, self.synonym_strengths, strict=True))
        object.__setattr__(self, "synonym_pairs", pairs)


# What a question may add to a city's name (湖州市 for 湖州).
_CITY_SUFFIXES = frozenset("市县区")


def city_named(word: str, cities: Container[str]) -> str | None:
    """The city of `cities` a word names: 湖州, said so or as 湖州市 as questions may say it."""
    if word in cities:
        return word
    if word[-1:] in _CITY_SUFFIXES and word[:-1] in cities:
        return word[:-1]
    return None


class Where:
    """One candidate sentence in its article, for matching question terms in order of strength."""

    __slots__ = ("own", "pieces", "near", "section", "asked", "norm", "context", "title", "deictic")

    def __init__(
        self,
        found: Found,
        row: int,
        norm: str,
        context: frozenset[str],
        title: frozenset[str],
        deictic: bool,
    ) -> None:
        self.own, self.pieces = found.own[row], found.pieces[row]
        self.near, self.section, self.asked = found.near[row], found.section[row], found.asked[row]
        self.norm, self.context, self.title, self.deictic = norm, context, title, deictic

    def match(self, t: Term, col: int) -> tuple[str, float]:
        """How strongly the sentence, in its article, covers one question term."""
        if self.own[col]:
            return "sentence", 1.0
        if self.pieces[col]:
            # Part of an unseen word (宁波 of 宁波港): weak, the rest may be what is asked.
            return "part of the word", round(0.8 * self.pieces[col] / (len(t.text) - 1), 3)
        norm = self.norm
        for w in t.long_words:
            if w in norm:
                return "inside a word", 0.8  # jieba cut the article differently (开展 in 深入开展)
        for w, strength in t.synonym_pairs:
            if w in norm:
                return "synonym", strength  # 逝世 for 过世: the ranker weighs it on its own
        if t.number:
            return "missing", 0.0  # a number asked about must be in the sentence itself
        if t.about_article:
            return "the article", 1.0
        context = self.context
        for w in t.exact:
            if city_named(w, context):  # 湖州, or 湖州市 as a question says it
                return ("our city", 1.0) if self.deictic else ("article", ARTICLE_STRENGTH)
        if self.asked[col]:
            return "asked above", 0.8
        if self.near[col]:
            return "nearby", NEARBY_STRENGTH
        if self.section[col]:
            return "section", SECTION_STRENGTH
        title = self.title
        for w in t.exact:
            if w in title:
                return "headline", HEADLINE_STRENGTH
        if t.grams:
            share = sum(g in norm for g in t.grams) / len(t.grams)
            if share >= 0.5:
                return "characters", round(0.8 * share, 3)
        if len(t.text) == 1 and t.text in norm:
            # A one-character verb inside the article's word (抓 in 抓获, 骗 in 骗取, 打 in
            # 拨打): weaker than a longer word inside one, since one character is often a
            # part of an unrelated word.
            return "inside a word", 0.5
        if t.abbreviation and _abbreviates(t.text, norm):
            # 半马 for 半程马拉松, 泵企 for 泵与电机企业: a short form the articles never use.
            return "abbreviation", 0.5
        if len(t.text) == 2 and _one_of_two(t.text, norm):
            return "one character", 0.0  # still missing: the ranker weighs it apart
        return "missing", 0.0


# The most characters between an abbreviation's two (半程马拉松: 程 between 半 and 马).
_ABBREVIATED_GAP = 3


def _abbreviates(term: str, norm: str) -> bool:
    """Whether the sentence has the term's two characters in order with one to three Chinese
    characters between them (半马 in 半程马拉松), as a short form takes a word's first ones."""
    a, b = term[0], term[1]
    at = norm.find(a)
    while at >= 0:
        for gap in range(1, _ABBREVIATED_GAP + 1):
            k = at + 1 + gap
            if k >= len(norm) or not hanzi(norm[k - 1]):
                break
            if norm[k] == b:
                return True
        at = norm.find(a, at + 1)
    return False


def _one_of_two(term: str, norm: str) -> bool:
    """Whether the sentence has a word that shares one of the term's two characters in its
    place (逝世 for 去世, 废止 for 废除): often a near-synonym a paraphrase chose."""
    a, b = term[0], term[1]
    at = norm.find(a)
    while 0 <= at < len(norm) - 1:
        if hanzi(norm[at + 1]):
            return True
        at = norm.find(a, at + 1)
    at = norm.find(b, 1)
    while at > 0:
        if hanzi(norm[at - 1]):
            return True
        at = norm.find(b, at + 1)
    return False
