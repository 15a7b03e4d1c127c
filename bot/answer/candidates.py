"""Candidate sentences for a question: gathered by BM25, covered in their article context,
checked for the asked type, and described for the ranker (bot/answer/features.py)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.answer import measures
from bot.answer.coverage import Term, Where, city_named, find
from bot.answer.features import Seen
from bot.answer.question import Question
from bot.answer.spans import NAMED, has_type, is_byline
from bot.corpus.boilerplate import is_furniture
from bot.index.layout import ASKED_REACH, Layout
from bot.index.snapshot import Engine
from bot.index.tables import SentenceTable
from bot.lang.tokenizer import Tokenizer

# Only the best hits bring their neighbours (bylines, captions, answers under a sub-head).
_EXPANDED = 5
# The most sentences an article of the best hits adds for the rest of the question (_titled).
_TITLED = 6
# The most sentences an article of the best hits adds for holding a figure of the asked measure.
_MEASURED = 6
# How many of the best hits' articles add sentences so, best first: the best hit may be
# another story's sentence that repeats the question's words, while the story that answers
# (约定月工资6500元 for 李某一个月工资多少) comes second or later. These three numbers were
# chosen on the seven crossings of train_ranker.py (docs/answer-method.md).
_ARTICLES = 4
# The neighbours whose words the ranker's bigrams_nearby feature looks at.
_AROUND = np.array((-2, -1, 1, 2))


@dataclass(eq=False)  # compared by identity: one object per sentence and question
class Candidate:
    sid: int
    bm25: float
    coverage: float = 0.0
    final: float = 0.0  # the fitted ranker's score
    matches: tuple[tuple[str, str, float], ...] = ()  # (term, how, strength)
    typed: float | None = None  # how clearly it holds an answer of the asked type; None: unchecked
    # Read once by `cover` for the steps after it: the normalised sentence and its article.
    norm: str = ""
    doc: int = -1


def gather(
    engine: Engine, layout: Layout, terms: list[Term], k: int, asked: frozenset[str] = frozenset()
) -> list[Candidate]:
    """The BM25 top k, with the neighbours of the best few, and the best sentences of the
    best hits' first articles that hold what their title does not, or a figure of the
    `asked` measures (bot.answer.measures)."""
    groups = [t.words + t.pieces for t in terms]
    hits = engine.index.search(groups, k)
    found = {h.sentence: Candidate(h.sentence, h.score) for h in hits}
    # The articles of the best hits, each once, by their best hit.
    articles: dict[int, int] = {}
    for h in hits:
        articles.setdefault(int(layout.doc[h.sentence]), h.sentence)
    for best in list(articles.values())[:_ARTICLES]:
        for sid, score in _titled(engine, layout, terms, groups, best):
            found.setdefault(sid, Candidate(sid, score))
        if asked:
            for sid, score in _measured(engine, layout, groups, best, asked):
                found.setdefault(sid, Candidate(sid, score))
    # Bylines, captions and "这是…" sentences answer through the sentence next to them;
    # an article's own question ("金政为什么会…?") is answered by what follows it. A source
    # line (稿源: 宁波日报 …) beside a hit answers nothing through it.
    near: dict[int, None] = {}  # in order, each once
    for h in hits[:_EXPANDED]:
        sid = h.sentence
        after = range(sid + 1, sid + 1 + ASKED_REACH) if layout.asks[sid] else range(0)
        for n in (sid - 1, sid + 1, *after):
            if 0 <= n < len(layout.doc) and layout.doc[n] == layout.doc[sid] and n not in found:
                near[n] = None
    norms = engine.norms.take(np.fromiter(near, np.int64, len(near))) if near else []
    for n, norm in zip(near, norms, strict=True):
        if not is_furniture(norm):
            found[n] = Candidate(n, 0.0)
    return list(found.values())


def _titled(
    engine: Engine, layout: Layout, terms: list[Term], groups: list[tuple[str, ...]], best: int
) -> list[tuple[int, float]]:
    """An article names its subject in its title and drops it later (体色为粉红色。), so BM25
    on the rest of the question may not reach the sentence that answers: when the best hit's
    article title holds a question term, its sentences holding another term, best first."""
    doc = int(layout.doc[best])
    title = engine.doc_title_terms[doc]
    rest = [g for t, g in zip(terms, groups, strict=True) if not any(w in title for w in t.words)]
    if len(rest) == len(groups) or not rest:
        return []
    lo, hi = _article(layout.doc, best)
    index = engine.index
    vocab, offsets, ids = index.vocab, index.postings.offsets, index.postings.ids
    held = []
    for group in rest:
        for w in group:
            tid = vocab.get(w)
            if tid is not None:
                post = ids[offsets[tid] : offsets[tid + 1]]
                held.append(post[np.searchsorted(post, lo) : np.searchsorted(post, hi)])
    if not held:
        return []
    return _best(engine, groups, np.unique(np.concatenate(held)), _TITLED)


def _measured(
    engine: Engine, layout: Layout, groups: list[tuple[str, ...]], best: int, asked: frozenset[str]
) -> list[tuple[int, float]]:
    """A news story says "how long" or "how much" in a sentence that repeats none of the
    question's words (经过近30个小时的搜救): the best hit's article's sentences holding a figure
    of the asked measure, best first."""
    lo, hi = _article(layout.doc, best)
    sids = np.arange(lo, hi, dtype=np.int64)
    held = [s for s, norm in zip(sids.tolist(), engine.norms.take(sids), strict=True)
            if measures.found(norm, asked)]  # fmt: skip
    if not held:
        return []
    return _best(engine, groups, np.array(held, dtype=np.int64), _MEASURED)


def _best(
    engine: Engine, groups: list[tuple[str, ...]], sids: np.ndarray, n: int
) -> list[tuple[int, float]]:
    """The n of these sentences the question's BM25 scores best, best first (ties by order)."""
    scores = engine.index.scores_of(groups, sids)
    order = np.argsort(-scores, kind="stable")[:n]
    return [(int(sids[i]), float(scores[i])) for i in order]


def _article(doc: np.ndarray, sid: int) -> tuple[int, int]:
    """The sentence ids [lo, hi) of sid's article: every build numbers articles in sentence
    order, so the doc column never decreases and two binary searches find the range."""
    d = doc[sid]
    return int(np.searchsorted(doc, d)), int(np.searchsorted(doc, d, side="right"))


def cover(
    engine: Engine, layout: Layout, terms: list[Term], total: float, candidates: list[Candidate]
) -> list[Candidate]:
    """Coverage of the question's terms by each sentence and its article context.

    Returns the candidates that can answer. Two kinds cannot, whatever else they share
    with the question: a sentence that is itself a question (an article's sub-head "金政为
    什么会…?" asks, the sentences after it answer); and a sentence of another city's
    article (its paper's place, or its 我市) that never mentions the city the question
    names.
    """
    sids = np.fromiter((c.sid for c in candidates), np.int64, len(candidates))
    found = find(engine.index, layout, sids, [(t.ids, t.piece_ids) for t in terms])
    docs = layout.doc[sids].tolist()
    deictic = engine.deictic[sids].tolist()
    # One loop of plain slices (TextTable.take), not one item lookup per candidate.
    norms = engine.norms.take(sids)
    contexts, titles = engine.doc_context, engine.doc_title_terms
    places = layout.places
    whole = tuple((t.text, "sentence", 1.0) for t in terms)
    kept = []
    asks = layout.asks[sids].tolist()
    for i, c in enumerate(candidates):
        cannot = bool(asks[i])
        c.norm, c.doc = norms[i], docs[i]
        own = found.own[i]
        if all(own):  # the common case needs no look at the text or article
            covered, matches = total, whole
        else:
            doc = c.doc
            where = None  # made for the first term the sentence itself lacks
            found_matches = []
            covered = 0.0
            for j, t in enumerate(terms):
                if own[j]:
                    how, strength = "sentence", 1.0
                else:
                    if where is None:
                        where = Where(found, i, c.norm, contexts[doc], titles[doc], deictic[i])
                    how, strength = where.match(t, j)
                    if (
                        strength == 0.0
                        and (deictic[i] or contexts[doc])
                        and city_named(t.text, places)
                    ):
                        # The question names a city this article never mentions (Where.match
                        # finds its own city, 湖州市 as 湖州, in its context), and the article
                        # is another city's (its paper's place, or 我市 here).
                        how, cannot = "another city", True
                covered += t.weight * strength
                found_matches.append((t.text, how, strength))
            matches = tuple(found_matches)
        c.coverage = covered / total if total else 0.0
        c.matches = matches
        if not cannot:
            kept.append(c)
    return kept


def check_type(
    engine: Engine,
    layout: Layout,
    q: Question,
    tokenizer: Tokenizer,
    c: Candidate,
    clock: bool = False,
    until: bool = False,
) -> None:
    """How clearly the sentence holds an answer of the asked type; `clock`: the question asks
    a time of day (几点); `until`: it asks when something ends (办到哪天, 几点到几点)."""
    names = None
    if q.qtype in NAMED:  # the index knows which of the sentence's words are names
        tids = engine.index.sentence_terms(c.sid)
        named = tids[(engine.word_kinds[tids] & NAMED[q.qtype]) != 0]
        names = [layout.words[i] for i in named.tolist()]
    source = engine.documents[c.doc].source
    c.typed = has_type(q, c.norm, source, tokenizer, names)
    # 几点 is answered by a time of day that names no date (营业时间为18:00至次日0:30).
    if clock and c.typed < 1 and measures.CLOCK.search(c.norm):
        c.typed = 1.0
    # 展到什么时候 is answered by 展期至明年2月29日, not by the day it opened.
    if until and c.typed > 0:
        c.typed = 1.0 if measures.until(c.norm, source.date) else 0.5


def seen(
    engine: Engine, layout: Layout, candidates: list[Candidate], terms: list[Term]
) -> list[Seen]:
    """The candidates as the ranker's features see them (after `cover`, which read their texts)."""
    size = len(engine.norms)
    sids = np.fromiter((c.sid for c in candidates), np.int64, len(candidates))
    # Each candidate's neighbours ±1 and ±2 in the same article, looked up for all at once.
    around = sids[:, None] + _AROUND
    inside = (around >= 0) & (around < size)
    around = np.where(inside, around, sids[:, None])
    same = inside & (layout.doc[around] == layout.doc[sids][:, None])
    texts = {c.sid: c.norm.lower() for c in candidates}
    texts[-1] = ""  # where a neighbour is not in the article
    # The neighbours that are not candidates themselves, each read once (they are shared),
    # in one loop of plain slices (TextTable.take): a hundred sentences a question through
    # TextTable's item method cost more than the rest of `seen`.
    others = [n for n in dict.fromkeys(around[same].tolist()) if n not in texts]
    if others:
        read = engine.norms.take(np.array(others, dtype=np.int64))
        texts.update(zip(others, [t.lower() for t in read], strict=True))
    headlines = engine.sentences.headline[sids].tolist()
    titles = engine.doc_title_terms
    leads = _leads(engine, sids, terms)
    out = []
    # The texts around each candidate that count: join adds nothing for the others (-1).
    near = np.where(same, around, -1).tolist()
    for c, neighbours, headline, (lead, lead_sid) in zip(
        candidates, near, headlines, leads, strict=True
    ):
        own = texts[c.sid]
        nearby = "".join(map(texts.__getitem__, neighbours))
        # Positional: the fields in Seen's order (keywords cost a dict a candidate).
        out.append(
            Seen(
                c.bm25,
                c.coverage,
                c.matches,
                c.typed,
                bool(headline),
                is_byline(own),
                own,
                nearby,
                titles[c.doc],
                lead,
                c.sid == lead_sid,
            )
        )
    return out


# The most headline lines an article's lead comes after.
_HEADLINES = 6


def _leads(engine: Engine, sids: np.ndarray, terms: list[Term]) -> list[tuple[frozenset[str], int]]:
    """Each candidate's article lead, its first sentence under the headlines (-1 if the
    article is all headlines or its start is not in this engine), and the question's terms
    it holds."""
    vocab = engine.index.vocab
    asked = {vocab[t.text]: t.text for t in terms if t.text in vocab}
    table = engine.sentences
    starts = (sids - table.position[sids]).tolist()
    made: dict[int, tuple[frozenset[str], int]] = {}
    out = []
    for start, doc in zip(starts, table.doc[sids].tolist(), strict=True):
        found = made.get(start)
        if found is None:
            lead = _lead(table, start, doc)
            ids = engine.index.sentence_terms(lead).tolist() if lead >= 0 and asked else []
            found = made[start] = (frozenset(asked[i] for i in ids if i in asked), lead)
        out.append(found)
    return out


def _lead(table: SentenceTable, start: int, doc: int) -> int:
    """The first sentence of the article starting at `start` that is no headline, or -1."""
    for sid in range(max(start, 0), min(start + _HEADLINES, len(table.doc))):
        if table.doc[sid] != doc:
            break
        if not table.headline[sid]:
            return sid
    return -1
