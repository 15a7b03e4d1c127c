"""The QA service: analyse a question, rank evidence in article context, extract, or refuse."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from bot.answer.coverage import Term, Where, find
from bot.answer.extract import Passage, short_answer
from bot.answer.question import Question, analyse
from bot.answer.spans import NAMED, has_type
from bot.config import AnswerConfig, RetrievalConfig
from bot.index.layout import ASKED_REACH, Layout
from bot.index.snapshot import Engine
from bot.lang.normalize import Normalizer
from bot.lang.tokenizer import Tokenizer
from bot.model import (
    SPAN_TYPES,
    Answer,
    Evidence,
    Explanation,
    QType,
    Ranked,
    TermMatch,
    WeightedTerm,
)

# Longer messages (a pasted article) are cut before analysis so every answer stays fast.
MAX_QUESTION_CHARS = 500
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Part-of-speech tags of words that rarely name a topic: verbs, adjectives, adverbs, places in
# time or space (期间), numerals, pronouns, function words.
_LIGHT_TAGS = frozenset("vadftmqrpcuyeob")
# The ranker looks for an answer of the asked type only among the best few by coverage.
_TYPE_CHECKED = 10
# The most a type check adds to a candidate's score (see _type_bonus).
_MAX_TYPE_BONUS = 0.25
# Only the best hits bring their neighbours (bylines, captions, answers under a sub-head).
_EXPANDED = 5


@dataclass(eq=False)  # compared by identity: one object per sentence and question
class Candidate:
    sid: int
    bm25: float
    coverage: float = 0.0
    final: float = 0.0
    matches: tuple[tuple[str, str, float], ...] = ()  # (term, how, strength)
    typed: bool | None = None  # holds an answer of the asked type; None: not checked


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
    ) -> None:
        """Keyword-only past the engine: two configs and two text tools are easily swapped."""
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
        norm = self.normalizer.question(question)
        q = analyse(norm, self.tokenizer)
        if q.chatter or not q.terms:
            return self._refuse(question, q, "chatter" if q.chatter else "empty", Explanation())
        terms = self._terms(engine, q)
        candidates = self._candidates(engine, layout, terms)
        why = Explanation()
        if explain:
            weighted = tuple(WeightedTerm(t.text, round(t.weight, 3), t.words) for t in terms)
            why = Explanation(q.qtype, q.wh, weighted)
        if not candidates:
            return self._refuse(question, q, "no sentence shares a word with the question", why)
        total = sum(t.weight for t in terms)
        self._cover(engine, layout, terms, total, candidates)
        candidates.sort(key=lambda c: (-c.final, c.sid))
        # Typing a sentence is the costly step: stop once no later candidate, even with the
        # largest bonus, could overtake the best typed one.
        best_final = -np.inf
        checkable = candidates[:_TYPE_CHECKED]
        for c in checkable:
            if c.final + _MAX_TYPE_BONUS < best_final:
                break
            self._type_bonus(engine, layout, q, c)
            best_final = max(best_final, c.final)
        candidates.sort(key=lambda c: (-c.final, c.sid))
        best = candidates[0]
        if explain:
            why = replace(why, ranking=tuple(self._explain(engine, c) for c in candidates[:5]))
        reason = self._refusal_reason(q, terms, best, total)
        if reason:
            return self._refuse(question, q, reason, why)
        sentence = engine.sentences[best.sid]
        source = engine.documents[sentence.doc].source
        short = short_answer(q, _passage(engine, best.sid), self.tokenizer, self.synonyms)
        # Runners-up are ordered by their typed score too; none of them can overtake the best.
        for c in checkable:
            if c.typed is None and c.coverage >= self.answer_config.min_coverage:
                self._type_bonus(engine, layout, q, c)
        candidates.sort(key=lambda c: (-c.final, c.sid))
        if explain:
            decision = f"answered with sentence {best.sid} (coverage {best.coverage:.2f})"
            why = replace(why, decision=decision)
        return Answer(
            question=question,
            abstained=False,
            answer=short,
            sentence=sentence.text,
            source=source,
            score=round(best.final, 4),
            alternatives=self._alternatives(engine, candidates, best),
            qtype=q.qtype,
            explain=why,
        )

    def pool(self, question: str) -> list[int]:
        """The ids of the sentences the ranker weighs for a question, unordered.

        For error analysis: a right sentence outside the pool is a retrieval miss, one
        inside it but not first a ranking miss. Answers nothing and changes nothing.
        """
        engine, layout = self._state
        q = analyse(self.normalizer.question(_as_question(question)), self.tokenizer)
        if q.chatter or not q.terms:
            return []
        return [c.sid for c in self._candidates(engine, layout, self._terms(engine, q))]

    def _terms(self, engine: Engine, q: Question) -> list[Term]:
        vocab = engine.index.vocab
        out = []
        for text in q.terms:
            words = self.synonyms.get(text, (text,))
            if text not in words:
                words = (text, *words)
            pieces: tuple[str, ...] = ()
            if text not in vocab and len(text) >= 3 and not any(w in vocab for w in words):
                # jieba may cut an unseen compound differently in the articles: try its pieces.
                grams = dict.fromkeys(text[i : i + 2] for i in range(len(text) - 1))
                pieces = tuple(g for g in grams if g in vocab)
            ids = frozenset(vocab[w] for w in words if w in vocab)
            weight = engine.index.term_idf(text)
            if text not in vocab and ids:
                weight = max(engine.index.term_idf(w) for w in words if w in vocab)
            if text == q.category:
                weight *= 0.3  # the kind of answer asked for, not its topic
            elif text not in vocab and not ids and not pieces:
                # Unseen nouns name a topic the articles lack; unseen verbs are often paraphrase.
                tag = self.tokenizer.tag(text)
                weight *= 0.5 if tag[:1] and tag[0] in _LIGHT_TAGS else 1.5
            if len(text) == 1 and not text.isdigit():
                weight *= 0.4  # one character says little on its own (成, 去, 做)
            piece_ids = frozenset(vocab[g] for g in pieces)
            out.append(Term(text, max(weight, 0.05), ids, words, pieces, piece_ids))
        return out

    def _candidates(self, engine: Engine, layout: Layout, terms: list[Term]) -> list[Candidate]:
        groups = [t.words + t.pieces for t in terms]
        hits = engine.index.search(groups, self.retrieval.candidates)
        found = {h.sentence: Candidate(h.sentence, h.score) for h in hits}
        # Bylines, captions and "这是…" sentences answer through the sentence next to them;
        # an article's own question ("金政为什么会…?") is answered by what follows it.
        for h in hits[:_EXPANDED]:
            sid = h.sentence
            after = range(sid + 1, sid + 1 + ASKED_REACH) if layout.asks[sid] else range(0)
            for n in (sid - 1, sid + 1, *after):
                if 0 <= n < len(layout.doc) and layout.doc[n] == layout.doc[sid]:
                    found.setdefault(n, Candidate(n, 0.0))
        return list(found.values())

    def _cover(
        self,
        engine: Engine,
        layout: Layout,
        terms: list[Term],
        total: float,
        candidates: list[Candidate],
    ) -> None:
        """Coverage of the question's terms by each sentence and its article context."""
        sids = np.fromiter((c.sid for c in candidates), np.int64, len(candidates))
        found = find(engine.index, layout, sids, [(t.ids, t.piece_ids) for t in terms])
        docs = layout.doc[sids].tolist()
        asks = layout.asks[sids].tolist()
        deictic = engine.deictic[sids].tolist()
        norms, contexts, titles = engine.norms, engine.doc_context, engine.doc_title_terms
        places = layout.places
        whole = tuple((t.text, "sentence", 1.0) for t in terms)
        for i, c in enumerate(candidates):
            conflict = False
            own = found.own[i]
            if all(own):  # the common case needs no look at the text or article
                covered, matches = total, whole
            else:
                doc = docs[i]
                where = Where(found, i, norms[c.sid], contexts[doc], titles[doc], deictic[i])
                found_matches = []
                covered = 0.0
                for j, t in enumerate(terms):
                    how, strength = where.match(t, j)
                    if strength == 0.0 and deictic[i] and t.text in places:
                        # The question names one city; this sentence's 我市 is another one.
                        how, conflict = "another city", True
                    covered += t.weight * strength
                    found_matches.append((t.text, how, strength))
                matches = tuple(found_matches)
            c.coverage = covered / total if total else 0.0
            c.matches = matches
            c.final = c.coverage + 0.2 * min(c.bm25 / total, 1.0) if total else c.coverage
            if conflict:
                c.final -= 1.0
            if asks[i]:
                c.final -= 0.3  # a sub-heading that asks the question does not answer it

    def _type_bonus(self, engine: Engine, layout: Layout, q: Question, c: Candidate) -> None:
        """Prefer sentences that hold an answer of the asked type."""
        sentence = engine.sentences[c.sid]
        names = None
        if q.qtype in NAMED:  # the index knows which of the sentence's words are names
            tids = engine.index.sentence_terms(c.sid)
            named = tids[(engine.word_kinds[tids] & NAMED[q.qtype]) != 0]
            names = [layout.words[i] for i in named.tolist()]
        source = engine.documents[sentence.doc].source
        strength = has_type(q, engine.norms[c.sid], source, self.tokenizer, names)
        c.typed = strength > 0
        if q.qtype in SPAN_TYPES:
            # A time question answered without any time is no answer at all.
            c.final += 0.15 * strength if c.typed else -0.3
        elif q.qtype in (QType.REASON, QType.LIST, QType.DEFINITION):
            c.final += 0.25 * strength if c.typed else -0.1
        if q.qtype not in SPAN_TYPES and sentence.headline:
            c.final -= 0.1  # a headline announces; the body explains

    def _refusal_reason(
        self, q: Question, terms: list[Term], best: Candidate, total: float
    ) -> str | None:
        missing = [m[0] for m in best.matches if m[2] == 0.0]
        if best.coverage < self.answer_config.min_coverage:
            return f"key terms not found: {'、'.join(missing) or '—'}"
        if (
            total
            and best.bm25 / total < self.answer_config.min_relative_score
            and best.coverage < 0.9
        ):
            return "the best match is too weak"
        if q.qtype in SPAN_TYPES and not best.typed and (best.coverage < 0.85 or q.unit):
            # "多少家企业" is not answered by a sentence that counts nothing in 家.
            return f"no {q.qtype.value} in the matching sentences"
        return None

    def _alternatives(
        self, engine: Engine, ranked: list[Candidate], best: Candidate
    ) -> tuple[Evidence, ...]:
        """Runners-up that pass the bar; another article's best is always among them."""
        floor = self.answer_config.min_coverage
        seen = {engine.sentences[best.sid].text}
        passing = []
        for c in ranked[1:]:
            if c.coverage < floor:
                continue
            text = engine.sentences[c.sid].text
            if text not in seen:
                seen.add(text)
                passing.append(c)
        docs = {engine.sentences[best.sid].doc}
        chosen = []
        for c in passing:  # first, the best sentence of every other article
            doc = engine.sentences[c.sid].doc
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
            typed=c.typed,
            matches=tuple(TermMatch(t, how, s) for t, how, s in c.matches),
        )

    def _refuse(self, question: str, q: Question, reason: str, why: Explanation) -> Answer:
        why = replace(why, decision=f"refused: {reason}")
        return Answer(question=question, abstained=True, qtype=q.qtype, reason=reason, explain=why)


def _passage(engine: Engine, sid: int) -> Passage:
    """A sentence with the one before it, if that is in the same article."""
    doc = engine.sentences[sid].doc
    source = engine.documents[doc].source
    if sid > 0 and engine.sentences[sid - 1].doc == doc:
        return Passage(
            engine.norms[sid], source, engine.sentences[sid - 1].text, engine.norms[sid - 1]
        )
    return Passage(engine.norms[sid], source)


def _as_question(text: str) -> str:
    """Cut a message to MAX_QUESTION_CHARS; lone surrogates become U+FFFD so replies encode."""
    return _LONE_SURROGATE.sub("\ufffd", text[:MAX_QUESTION_CHARS])
