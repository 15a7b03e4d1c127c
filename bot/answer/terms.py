"""A question's topic terms as the index knows them: weights, synonyms, pieces of unseen words.

Each word is looked up once per index and then remembered: the same words come back question
after question, and a Term is immutable.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Callable, Container
from importlib import resources

from bot.answer.coverage import SYNONYM, Term
from bot.answer.question import Question
from bot.index.snapshot import Engine
from bot.lang.synonyms import thesaurus
from bot.lang.tokenizer import Tokenizer

# Part-of-speech tags of words that rarely name a topic: verbs, adjectives, adverbs, places in
# time or space (期间), numerals, pronouns, function words.
_LIGHT_TAGS = frozenset("vadftmqrpcuyeob")
# The most thesaurus synonyms a question term is widened to.
_SYNONYMS = 5
# What a term's idf is multiplied by when it names the kind of answer asked, when it is a word
# no article uses (a light one: a verb or the like, else a noun or name), or when it is one
# character. Checked on the crossed training data by tools/factors.py: none of the other
# values tried does better beyond the noise (docs/answer-method.md, "Eighth round").
CATEGORY = 0.3
UNSEEN_LIGHT = 0.5
UNSEEN_NOUN = 1.5
ONE_CHARACTER = 0.4
# What a question word's idf is multiplied by, for the words the training questions asked
# often and their answers' sentences seldom held (现在, 花, 做, 原因: the asking, not the
# topic). Fitted by tools/word_factors.py (`make train`); a word not listed keeps its idf.
WORD_FACTORS: dict[str, float] = json.loads(
    resources.files("bot.data").joinpath("word_factors.json").read_text("utf-8")
)["factors"]
# The most words remembered (per index for terms); then it starts afresh.
_KEPT = 50_000


class TermLookup:
    """QA's question terms, looked up in whichever engine answers the question."""

    def __init__(self, synonyms: dict[str, tuple[str, ...]], tokenizer: Tokenizer) -> None:
        """`synonyms`: the local synonym groups, word → its group (QA.synonyms)."""
        self.synonyms = synonyms
        self.tokenizer = tokenizer
        self._known: tuple[Callable[[], Engine | None], dict[tuple[str, bool], Term]]
        self._known = (lambda: None, {})
        self._named: dict[str, bool] = {}  # word → names_a_thing, which only the tagger decides

    def terms(self, engine: Engine, q: Question) -> list[Term]:
        """The question's topic terms as the engine's index knows them."""
        known, cache = self._known
        if known() is not engine:  # a new index (a reload, or the cluster's per question)
            cache = {}
            # A weak reference: the cache must not keep a replaced index in memory.
            self._known = (weakref.ref(engine), cache)
        elif len(cache) > _KEPT:
            cache.clear()
        out = []
        for text in q.terms:
            key = (text, text == q.category)
            term = cache.get(key)
            if term is None:
                term = cache[key] = self.term(engine, text, key[1])
            out.append(term)
        return out

    def term(self, engine: Engine, text: str, category: bool) -> Term:
        """One term: its weight, its synonym group's ids, and the thesaurus's words the
        articles use; `category`: it names the kind of answer asked for."""
        vocab = engine.index.vocab
        related = thesaurus()
        words = self.synonyms.get(text, (text,))
        if text not in words:
            words = (text, *words)
        # Thesaurus synonyms the articles use widen retrieval; coverage tells them apart.
        synonyms = tuple(w for w in related.get(text) if w in vocab and w not in words)
        idf = {w: engine.index.term_idf(w) for w in synonyms}
        # The rarest few: each is looked for in every candidate the term is missing from.
        synonyms = tuple(sorted(synonyms, key=lambda w: -idf[w]))[:_SYNONYMS]
        pieces: tuple[str, ...] = ()
        if text not in vocab and len(text) >= 3 and not any(w in vocab for w in words):
            # jieba may cut an unseen compound differently in the articles: try its pieces.
            pieces = _pieces(text, vocab)
        ids = frozenset(vocab[w] for w in words if w in vocab)
        weight = engine.index.term_idf(text)
        if text not in vocab and (ids or synonyms):
            weight = max(engine.index.term_idf(w) for w in words + synonyms if w in vocab)
        rare = max(weight, 1e-9)  # what the term says, before the adjustments below
        if category:
            weight *= CATEGORY  # the kind of answer asked for, not its topic
        elif text not in vocab and not ids and not pieces and not synonyms:
            # Unseen nouns name a topic the articles lack; unseen verbs are often paraphrase.
            # A word jieba made up is tagged by its guess: 图有 (v) is a glued verb, 潘淑 a name.
            tag = self.tokenizer.tag(text) or self.tokenizer.guessed_tag(text)
            weight *= UNSEEN_LIGHT if tag[:1] and tag[0] in _LIGHT_TAGS else UNSEEN_NOUN
        if len(text) == 1 and not text.isdigit():
            weight *= ONE_CHARACTER  # one character says little on its own (成, 去, 做)
        weight *= WORD_FACTORS.get(text, 1.0)
        piece_ids = frozenset(vocab[g] for g in pieces)
        strengths = tuple(round(SYNONYM * min(1.0, idf[w] / rare), 3) for w in synonyms)
        # Only the few synonyms about as rare as the term widen retrieval: a common one
        # (作为 for 看作) brings long postings for little. Coverage still sees them all.
        wide = tuple(w for w, s in zip(synonyms, strengths, strict=True) if s >= SYNONYM / 2)
        weight = max(weight, 0.05)
        return Term(text, weight, ids, words + wide, pieces, piece_ids, synonyms, strengths)

    def names_a_thing(self, word: str) -> bool:
        """A noun, name or word the dictionary does not know (often a new name)."""
        named = self._named.get(word)
        if named is None:
            if len(self._named) > _KEPT:
                self._named.clear()
            tag = self.tokenizer.tag(word)
            named = self._named[word] = not tag or tag[0] in "nx"
        return named


def _pieces(text: str, vocab: Container[str]) -> tuple[str, ...]:
    """The words of the index inside an unseen word, two characters or more, left to right,
    each not part of a longer one found: jieba glues a verb to a name in a question (修|云岚桥
    read as 修云岚桥) that the articles cut apart."""
    found = [
        (i, text[i:j])
        for i in range(len(text) - 1)
        for j in range(len(text), i + 1, -1)
        if (i, j) != (0, len(text)) and text[i:j] in vocab
    ]
    words = [w for _, w in found]
    return tuple(
        dict.fromkeys(w for _, w in sorted(found) if not any(w != o and w in o for o in words))
    )
