"""The QA service: analyse a question, rank evidence in article context, extract, or refuse."""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from operator import attrgetter

import numpy as np

from bot.answer import candidates as cands
from bot.answer import features, measures
from bot.answer.asked import focus_of
from bot.answer.candidates import Candidate
from bot.answer.coverage import Term
from bot.answer.extract import Passage, short_answer
from bot.answer.question import Question, analyse
from bot.answer.rank import Ranker
from bot.answer.recut import pieces, recut
from bot.answer.spans import asks_for_credit
from bot.answer.terms import TermLookup
from bot.config import AnswerConfig, RetrievalConfig
from bot.index.layout import Layout
from bot.index.remote import ClusterRetrieval
from bot.index.snapshot import Engine
from bot.index.sphinxql import SearchUnavailable
from bot.lang.normalize import Normalizer, encodable
from bot.lang.synonyms import thesaurus
from bot.lang.tokenizer import Tokenizer
from bot.model import (
    UNAVAILABLE,
    Answer,
    Evidence,
    Explanation,
    Ranked,
    TermMatch,
    WeightedTerm,
)

logger = logging.getLogger(__name__)

# Longer messages (a pasted article) are cut before analysis so every answer stays fast.
MAX_QUESTION_CHARS = 500


@dataclass(frozen=True)
class Ranking:
    """What the fitted ranker made of one question's candidates."""

    question: Question
    terms: list[Term]
    candidates: list[Candidate]  # best first
    features: np.ndarray  # one row per candidate, in the same order
    scores: np.ndarray


class QA:
    """Answer questions from an Engine; `engine` may be swapped at any time (hot reload)."""

    def __init__(
        self,
        engine: Engine,
        *,
        normalizer: Normalizer,
        tokenizer: Tokenizer,
        retrieval: RetrievalConfig,
        answer_config: AnswerConfig,
        synonyms: Sequence[Sequence[str]] = (),
        ranker: Ranker | None = None,
        cluster: ClusterRetrieval | None = None,
    ) -> None:
        """Keyword-only past the engine: two configs and two text tools are easily swapped.

        With `cluster`, each question is answered from the articles the cluster finds for it
        (bot.index.remote); `engine` then only stands for the corpus between questions.
        """
        self.ranker = ranker or Ranker.load()
        self.cluster = cluster
        self.engine = engine  # also lays the engine out (see the property)
        self.normalizer = normalizer
        self.tokenizer = tokenizer
        self.retrieval = retrieval
        self.answer_config = answer_config
        self.synonyms: dict[str, tuple[str, ...]] = {}
        for group in synonyms:
            words = tuple(dict.fromkeys(t for w in group for t in [normalizer(w).lower()] if t))
            for w in words:
                self.synonyms[w] = tuple(dict.fromkeys(self.synonyms.get(w, ()) + words))
        self._terms = TermLookup(self.synonyms, tokenizer)

    @property
    def engine(self) -> Engine:
        return self._state[0]

    @engine.setter
    def engine(self, engine: Engine) -> None:
        # Lay out first, then swap both in one assignment: a reload thread sets this while
        # questions are answered from the old pair.
        self._state = (engine, Layout.of(engine))

    def answer(self, question: str, explain: bool = False) -> Answer:
        """Answer one question; weak evidence gives a refusal, never an exception.

        With `explain`, the answer carries the terms, the ranking and the decision.
        """
        question = _as_question(question)
        engine, layout = self._state  # one read: a reload mid-question cannot mix two indexes
        if self.cluster is not None:
            try:
                engine, layout = self._from_cluster(question)
            except SearchUnavailable as exc:
                logger.warning("search unavailable: %s", exc)
                q = analyse(self.normalizer.question(question), self.tokenizer)
                return self._refuse(question, q, UNAVAILABLE, Explanation())
        r = self.ranked(question, engine, layout)
        q, terms, candidates = r.question, r.terms, r.candidates
        if q.chatter or not q.terms:
            return self._refuse(question, q, "chatter" if q.chatter else "empty", Explanation())
        why = Explanation()
        if explain:
            weighted = tuple(WeightedTerm(t.text, round(t.weight, 3), t.words) for t in terms)
            why = Explanation(q.qtype, q.wh, weighted)
        if not candidates:
            none = "no sentence shares a word with the question"
            return self._refuse(question, q, none, why, tuple(t.text for t in terms))
        best = candidates[0]
        confidence = self.ranker.confidence(
            self.ranker.confidence_inputs(r.features, r.scores, len(terms))
        )
        if explain:
            why = replace(why, ranking=tuple(self._explain(engine, c) for c in candidates[:5]))
        missing = tuple(m[0] for m in best.matches if m[2] == 0.0)
        reason = self._refusal_reason(missing, confidence)
        if reason:
            return self._refuse(question, q, reason, why, missing)
        sentence = engine.sentences[best.sid]
        short = short_answer(q, _passage(engine, best.sid), self.tokenizer, self.synonyms)
        tentative = confidence < self.ranker.sure_above
        if explain:
            sure = "tentative" if tentative else "sure"
            sid = best.sid if engine.corpus_ids is None else int(engine.corpus_ids[best.sid])
            decision = f"answered with sentence {sid} (confidence {confidence:.2f}, {sure})"
            why = replace(why, decision=decision)
        return Answer(
            question=question,
            abstained=False,
            answer=short.text if short else None,
            said=short.said if short else None,
            sentence=sentence.text,
            source=engine.documents[sentence.doc].source,
            score=round(confidence, 4),
            tentative=tentative,
            alternatives=self._alternatives(engine, candidates, best),
            qtype=q.qtype,
            explain=why,
        )

    def ranked(
        self, question: str, engine: Engine | None = None, layout: Layout | None = None
    ) -> Ranking:
        """The question's candidates, best first, with their feature rows and scores.

        `answer` decides from this; training (tools/train_ranker.py) learns from it.
        """
        if engine is None or layout is None:
            engine, layout = self._state
        # Cut again where the articles cut: a word jieba glued in the question is no topic.
        q = recut(self.analysed(question), engine.index.vocab, self.tokenizer)
        empty = np.zeros((0, len(features.NAMES)))
        if q.chatter or not q.terms:
            return Ranking(q, [], [], empty, np.zeros(0))
        terms = self._terms.terms(engine, q)
        asked = measures.asked(q.text) - measures.SPAN_ONLY
        found = cands.gather(engine, layout, terms, self.retrieval.candidates, asked)
        if not found:
            return Ranking(q, terms, [], empty, np.zeros(0))
        found = cands.cover(engine, layout, terms, sum(t.weight for t in terms), found)
        if not found:
            return Ranking(q, terms, [], empty, np.zeros(0))
        # By coverage, then BM25, then id: three stable sorts, least significant first.
        found.sort(key=attrgetter("sid"))
        found.sort(key=attrgetter("bm25"), reverse=True)
        found.sort(key=attrgetter("coverage"), reverse=True)
        clock, until = "clock" in asked, measures.asks_until(q.text)
        for c in found:
            cands.check_type(engine, layout, q, self.tokenizer, c, clock, until)
        x = features.matrix(
            cands.seen(engine, layout, found, terms),
            [t.weight for t in terms],
            # The asked kind (宗教 of 哪一种宗教) is seldom in the answer (东正教): no noun to miss.
            [
                t.text not in (q.category, q.kind) and self._terms.names_a_thing(t.text)
                for t in terms
            ],
            features.question_bigrams(q.text),
            q.qtype.value,
            asked,
            asks_for_credit(q.text),
            focus_of(q)[0],
            q.asked_kind or "",
        )
        scores = self.ranker.scores(x)
        for c, score in zip(found, scores.tolist(), strict=True):
            c.final = score
        sids = np.fromiter((c.sid for c in found), np.int64, len(found))
        order = np.lexsort((sids, -scores))  # best first; the lower id first on a tie
        return Ranking(q, terms, [found[i] for i in order.tolist()], x[order], scores[order])

    def analysed(self, question: str) -> Question:
        """The question as the answer stage reads it: its type, question words and terms."""
        return analyse(self.normalizer.question(_as_question(question)), self.tokenizer)

    def _from_cluster(self, question: str) -> tuple[Engine, Layout]:
        """The question's share of the corpus from the cluster, laid out as the whole is."""
        q = self.analysed(question)
        if q.chatter or not q.terms or self.cluster is None:
            return self._state
        engine, stats = self.cluster.engine_for(self._looked_up(q))
        if any(t not in engine.index.vocab for t in q.terms):
            # `ranked` re-cuts a term the articles lack against their words: the corpus's,
            # not the few articles' fetched. The cluster says which pieces of the question it
            # has, and the re-cut terms' articles are fetched with them in the vocabulary.
            known = self.cluster.known(pieces(q.text.lower()))
            cut = recut(q, {*engine.index.vocab, *known}, self.tokenizer)
            engine, stats = self.cluster.engine_for(self._looked_up(cut), known)
        # The cities of every paper, not only of the articles fetched (see candidates.cover).
        return engine, replace(Layout.of(engine), places=stats.places)

    def _looked_up(self, q: Question) -> list[str]:
        """Every word _terms may look up: the cluster says which the corpus has."""
        related = thesaurus()
        words = []
        for text in q.terms:
            words += [text, *self.synonyms.get(text, ()), *related.get(text)]
            if len(text) >= 3:
                words += [text[i : i + 2] for i in range(len(text) - 1)]
        return words

    def places(self) -> Collection[str]:
        """The cities the articles' papers speak for; none while the cluster is unavailable."""
        if self.cluster is None:
            return {d.source.place for d in self.engine.documents if d.source.place}
        try:
            return self.cluster.stats().places
        except SearchUnavailable as exc:
            logger.warning("search unavailable: %s", exc)
            return frozenset()

    def pool(self, question: str) -> list[int]:
        """The ids of the sentences the ranker weighs for a question, best first.

        For error analysis: a right sentence outside the pool is a retrieval miss, one
        inside it but not first a ranking miss. Answers nothing and changes nothing.
        """
        return [c.sid for c in self.ranked(question).candidates]

    def _refusal_reason(self, missing: tuple[str, ...], confidence: float) -> str | None:
        floor = self.answer_config.min_confidence
        if confidence >= (self.ranker.refuse_below if floor is None else floor):
            return None
        if missing:
            return f"key terms not found: {'、'.join(missing)}"
        return f"the best match is too weak (confidence {confidence:.2f})"

    def _alternatives(
        self, engine: Engine, ranked: list[Candidate], best: Candidate
    ) -> tuple[Evidence, ...]:
        """Runners-up that pass the bar; another article's best is always among them."""
        floor = self.answer_config.min_coverage
        texts = engine.sentences.texts  # the columns: no Sentence object made for each
        seen = {texts[best.sid]}
        passing = []
        covering = [c for c in ranked[1:] if c.coverage >= floor]
        sids = np.fromiter((c.sid for c in covering), np.int64, len(covering))
        for c, text in zip(covering, texts.take(sids), strict=True):  # one loop of slices
            if text not in seen:
                seen.add(text)
                passing.append(c)
        docs = {engine.sentences[best.sid].doc}
        chosen = []
        of = engine.sentences.doc[[c.sid for c in passing]].tolist()
        # First, the best sentence of every other article.
        for c, doc in zip(passing, of, strict=True):
            if doc not in docs:
                docs.add(doc)
                chosen.append(c)
        chosen += [c for c in passing if c not in chosen]
        chosen = sorted(chosen[: self.answer_config.alternatives], key=lambda c: (-c.final, c.sid))
        return tuple(
            Evidence(
                engine.sentences[c.sid].text,
                engine.documents[engine.sentences[c.sid].doc].source,
                round(c.final, 4),
            )
            for c in chosen
        )

    def _explain(self, engine: Engine, c: Candidate) -> Ranked:
        return Ranked(
            sentence=engine.sentences[c.sid].text,
            final=round(c.final, 3),
            coverage=round(c.coverage, 3),
            bm25=round(c.bm25, 3),
            typed=None if c.typed is None else c.typed > 0,
            matches=tuple(TermMatch(t, how, s) for t, how, s in c.matches),
        )

    def _refuse(
        self,
        question: str,
        q: Question,
        reason: str,
        why: Explanation,
        missing: tuple[str, ...] = (),
    ) -> Answer:
        """A refusal, with the terms of the question the best evidence lacks, shown to readers."""
        why = replace(why, decision=f"refused: {reason}")
        return Answer(
            question=question,
            abstained=True,
            qtype=q.qtype,
            reason=reason,
            missing=missing,
            explain=why,
        )


def _passage(engine: Engine, sid: int) -> Passage:
    """A sentence with the one before it, if that is in the same article."""
    doc = engine.sentences[sid].doc
    source = engine.documents[doc].source
    text = engine.sentences[sid].text
    if sid > 0 and engine.sentences[sid - 1].doc == doc:
        previous = engine.sentences[sid - 1].text
        return Passage(engine.norms[sid], source, previous, engine.norms[sid - 1], text)
    return Passage(engine.norms[sid], source, text=text)


def _as_question(text: str) -> str:
    """Cut a message to MAX_QUESTION_CHARS; lone surrogates become U+FFFD so replies encode."""
    return encodable(text[:MAX_QUESTION_CHARS])
