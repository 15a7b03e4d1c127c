"""The QA service: analyse a question, rank evidence in article context, extract, or refuse."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.config import AnswerConfig, RetrievalConfig
from bot.engine import Engine
from bot.extract import has_type, short_answer
from bot.model import Answer, Evidence
from bot.question import Question, analyse
from bot.text import Normalizer, Tokenizer

_QUESTION_END = re.compile(r"[?？]\W*$")
_REASON_CUE = re.compile(r"因为|由于|正是|原因|得益于|所以|因此|为了|是因|缘于|源于")
_TYPED = frozenset({"time", "person", "agent", "org", "place", "number"})


@dataclass(frozen=True)
class Term:
    """A topic term of the question with its weight and the words that may stand for it."""

    text: str
    weight: float
    ids: frozenset[int]  # vocabulary ids of the term and its synonyms
    words: tuple[str, ...]


@dataclass
class Candidate:
    sid: int
    bm25: float
    coverage: float = 0.0
    final: float = 0.0
    matches: tuple[tuple[str, str, float], ...] = ()  # (term, how, strength)
    typed: bool = False


class QA:
    """Answer questions from an Engine; `engine` may be swapped at any time (hot reload)."""

    def __init__(self, engine: Engine, normalizer: Normalizer, tokenizer: Tokenizer,
                 retrieval: RetrievalConfig, config: AnswerConfig,
                 synonyms: list[list[str]] | None = None) -> None:
        self.engine = engine
        self.normalizer = normalizer
        self.tokenizer = tokenizer
        self.retrieval = retrieval
        self.config = config
        self.synonyms: dict[str, tuple[str, ...]] = {}
        for group in synonyms or []:
            words = tuple(dict.fromkeys(t for w in group for t in [normalizer(w).lower()] if t))
            for w in words:
                self.synonyms[w] = tuple(dict.fromkeys(self.synonyms.get(w, ()) + words))

    def answer(self, question: str) -> Answer:
        """Answer one question; weak evidence gives a refusal, never an exception."""
        engine = self.engine  # one read, so a reload mid-question cannot mix two indexes
        norm = self.normalizer.question(question)
        q = analyse(norm, self.tokenizer)
        if q.chatter or not q.terms:
            return self._refuse(question, q, "chatter" if q.chatter else "empty", {})
        terms = self._terms(engine, q)
        candidates = self._candidates(engine, terms)
        explain: dict[str, object] = {
            "qtype": q.qtype, "wh": q.wh,
            "terms": [{"term": t.text, "weight": round(t.weight, 3), "words": list(t.words)}
                      for t in terms],
        }
        if not candidates:
            return self._refuse(question, q, "no sentence shares a word with the question", explain)
        total = sum(t.weight for t in terms)
        for c in candidates:
            self._score(engine, q, terms, total, c)
        candidates.sort(key=lambda c: (-c.final, c.sid))
        best = candidates[0]
        explain["ranking"] = [self._explain(engine, c) for c in candidates[:5]]
        reason = self._refusal_reason(q, terms, best, total)
        if reason:
            explain["decision"] = f"refused: {reason}"
            return self._refuse(question, q, reason, explain)
        sentence = engine.sentences[best.sid]
        source = engine.documents[sentence.doc].source
        short = short_answer(q, engine, best.sid, self.tokenizer, self.synonyms)
        explain["decision"] = f"answered with sentence {best.sid} (coverage {best.coverage:.2f})"
        return Answer(
            question=question, abstained=False, answer=short, sentence=sentence.text,
            source=source, score=round(best.final, 4),
            alternatives=self._alternatives(engine, candidates, best), qtype=q.qtype,
            explain=explain,
        )

    def _terms(self, engine: Engine, q: Question) -> list[Term]:
        vocab = engine.index.vocab
        out = []
        for text in q.terms:
            words = self.synonyms.get(text, (text,))
            if text not in words:
                words = (text, *words)
            if text not in vocab and len(text) >= 3 and not any(w in vocab for w in words):
                # jieba may cut an unseen compound differently in the articles: try its pieces.
                words = words + tuple(text[i : i + 2] for i in range(len(text) - 1))
            ids = frozenset(vocab[w] for w in words if w in vocab)
            weight = engine.index.term_idf(text)
            if text not in vocab and ids:
                weight = max(engine.index.term_idf(w) for w in words if w in vocab)
            out.append(Term(text, max(weight, 0.05), ids, words))
        return out

    def _candidates(self, engine: Engine, terms: list[Term]) -> list[Candidate]:
        hits = engine.index.search([t.words for t in terms], self.retrieval.candidates)
        found = {h.sentence: Candidate(h.sentence, h.score) for h in hits}
        # Bylines, captions and "这是…" sentences answer through the sentence next to them.
        for h in hits[:10]:
            for n in engine.neighbours(h.sentence):
                found.setdefault(n, Candidate(n, 0.0))
        return list(found.values())

    def _score(self, engine: Engine, q: Question, terms: list[Term], total: float,
               c: Candidate) -> None:
        sentence = engine.sentences[c.sid]
        own = set(engine.index.sentence_terms(c.sid).tolist())
        near = set()
        for n in engine.neighbours(c.sid):
            near.update(engine.index.sentence_terms(n).tolist())
        norm = engine.norms[c.sid]
        context = engine.doc_context[sentence.doc]
        title = engine.doc_title_terms[sentence.doc]
        matches = []
        covered = 0.0
        for t in terms:
            how, strength = _match(t, own, near, norm, context, title, bool(engine.deictic[c.sid]))
            covered += t.weight * strength
            matches.append((t.text, how, strength))
        c.coverage = covered / total if total else 0.0
        c.matches = tuple(matches)
        c.typed = has_type(q, norm, engine.documents[sentence.doc].source, self.tokenizer)
        final = c.coverage + 0.2 * min(c.bm25 / total, 1.0) if total else c.coverage
        if q.qtype in _TYPED:
            final += 0.12 if c.typed else -0.1
        if q.qtype == "reason" and _REASON_CUE.search(norm):
            final += 0.1
        if _QUESTION_END.search(norm):
            final -= 0.3  # a sub-heading that asks the question does not answer it
        c.final = final

    def _refusal_reason(self, q: Question, terms: list[Term], best: Candidate,
                        total: float) -> str | None:
        missing = [m[0] for m in best.matches if m[2] == 0.0]
        if best.coverage < self.config.min_coverage:
            return f"key terms not found: {'、'.join(missing) or '—'}"
        if total and best.bm25 / total < self.config.min_relative_score and best.coverage < 0.9:
            return "the best match is too weak"
        if q.qtype in _TYPED and not best.typed and best.coverage < 0.85:
            return f"no {q.qtype} in the matching sentences"
        return None

    def _alternatives(self, engine: Engine, ranked: list[Candidate],
                      best: Candidate) -> tuple[Evidence, ...]:
        limit = self.config.alternatives
        floor = self.config.min_coverage
        seen = {engine.sentences[best.sid].text}
        out: list[Evidence] = []
        for c in ranked[1:]:
            if len(out) >= limit or c.coverage < floor:
                continue
            s = engine.sentences[c.sid]
            if s.text in seen:
                continue
            seen.add(s.text)
            out.append(Evidence(s.text, engine.documents[s.doc].source, round(c.final, 4)))
        return tuple(out)

    def _explain(self, engine: Engine, c: Candidate) -> dict[str, object]:
        return {
            "sentence": engine.sentences[c.sid].text, "final": round(c.final, 3),
            "coverage": round(c.coverage, 3), "bm25": round(c.bm25, 3), "typed": c.typed,
            "matches": [{"term": t, "how": how, "strength": s} for t, how, s in c.matches],
        }

    def _refuse(self, question: str, q: Question, reason: str,
                explain: dict[str, object]) -> Answer:
        explain.setdefault("decision", f"refused: {reason}")
        return Answer(question=question, abstained=True, qtype=q.qtype, reason=reason,
                      explain=explain)


def _match(t: Term, own: set[int], near: set[int], norm: str, context: frozenset[str],
           title: frozenset[str], deictic: bool) -> tuple[str, float]:
    """How strongly a sentence (with its article around it) covers one question term."""
    if t.ids & own:
        return "sentence", 1.0
    if any(w in context for w in t.words):
        return ("our city", 1.0) if deictic else ("article", 0.6)
    if t.ids & near:
        return "next sentence", 0.5
    if any(w in title for w in t.words):
        return "headline", 0.4
    if len(t.text) >= 3:
        grams = [t.text[i : i + 2] for i in range(len(t.text) - 1)]
        share = sum(g in norm for g in grams) / len(grams)
        if share >= 0.5:
            return "characters", round(0.8 * share, 3)
    return "missing", 0.0
