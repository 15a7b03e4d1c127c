"""A new engine from an old one and a change of articles, without analysing the old ones again.

The result answers every question exactly as a full rebuild of the same files would: its
sentences and articles stand in path order (ties break on sentence id, neighbourhoods stay
inside an article), its BM25 statistics are global (N, avgdl, df, idf over every live
sentence) and every posting's weight, computed as a question reads it from its (tf, dl)
shape (bot.index.postings), has rank-bm25's bits. The old engine's texts, norms, sentence
terms and vocabulary are shared, not copied: it goes on serving while the new one is made,
and the two together hold little more than one. Only term ids differ: old terms keep theirs,
new terms are appended, and a term no live sentence holds leaves its id empty (out of the
vocabulary, df 0). Ids are only keys; the one place where the order of terms reaches a
score, rank-bm25's floor for negative idf (a mean summed in first-use order), sums them in
the order a full rebuild would number them (`first_use_order`).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from bot.corpus.article import CorpusError
from bot.index import postings as post
from bot.index.bm25 import Index
from bot.index.build import Article
from bot.index.splice import Added, splice
from bot.index.tables import Flat, SentenceSlice, SentenceTable, TextTable, join_offsets
from bot.index.vocab import Vocab
from bot.lang.names import word_kinds
from bot.lang.normalize import Normalizer
from bot.lang.tokenizer import Tokenizer
from bot.model import Document, Source


class Engine(Protocol):
    """What an update reads of the serving engine (bot.index.snapshot.Engine)."""

    documents: list[Document]
    sentences: SentenceTable
    norms: TextTable
    index: Index
    doc_context: list[frozenset[str]]
    doc_title_terms: list[frozenset[str]]
    deictic: np.ndarray
    word_kinds: np.ndarray


@dataclass
class Parts:
    """The new engine's fields, in Engine's order (snapshot builds the Engine)."""

    documents: list[Document]
    sentences: SentenceTable
    norms: TextTable
    index: Index
    build_seconds: float
    doc_context: list[frozenset[str]]
    doc_title_terms: list[frozenset[str]]
    deictic: np.ndarray
    word_kinds: np.ndarray


def doc_terms(
    src: Source, normalizer: Normalizer, tokenizer: Tokenizer
) -> tuple[frozenset[str], frozenset[str]]:
    """The place/paper terms an article implies, and its title's terms."""
    words = {
        src.place,
        src.paper,
        *tokenizer.tokenize(normalizer(src.place)),
        *tokenizer.tokenize(normalizer(src.paper)),
    }
    context = frozenset(w.lower() for w in words if w)
    return context, frozenset(tokenizer.tokenize(normalizer(src.title)))


class _Columns:
    """The per-sentence columns of the new engine, gathered piece by piece. Texts, norms and
    sentence terms of old sentences are shared with the old engine, not copied."""

    def __init__(self) -> None:
        self.texts: list[tuple[str, int, int]] = []
        self.text_lengths: list[tuple[bool, np.ndarray]] = []  # parts for join_offsets
        self.norms: list[tuple[str, int, int]] = []
        self.norm_lengths: list[tuple[bool, np.ndarray]] = []
        self.paragraph: list[np.ndarray] = []
        self.position: list[np.ndarray] = []
        self.headline: list[np.ndarray] = []
        self.deictic: list[np.ndarray] = []
        self.term_counts: list[tuple[bool, np.ndarray]] = []
        self.terms: list[np.ndarray] = []
        self.size = 0
        # New articles waiting to be joined into one piece each of text, norms and terms.
        self._new: list[tuple[list[str], list[str], np.ndarray]] = []

    def old(self, engine: Engine, lo: int, hi: int) -> None:
        """Sentences lo..hi of the old engine, as they are."""
        self._join()
        table, index = engine.sentences, engine.index
        for pieces, lengths, source in (
            (self.texts, self.text_lengths, table.texts),
            (self.norms, self.norm_lengths, engine.norms),
        ):
            pieces.extend(source.spans(lo, hi))
            lengths.append((True, source.offsets[lo : hi + 1]))
        self.paragraph.append(table.paragraph[lo:hi])
        self.position.append(table.position[lo:hi])
        self.headline.append(table.headline[lo:hi])
        self.deictic.append(engine.deictic[lo:hi])
        so = index.sent_offsets
        self.term_counts.append((True, so[lo : hi + 1]))
        self.terms.extend(index.sent_terms.views(int(so[lo]), int(so[hi])))
        self.size += hi - lo

    def new(self, art: Article, remap: np.ndarray) -> np.ndarray:
        """A newly analysed article, its terms mapped to the new vocabulary's ids (returned)."""
        chunk = art.chunk
        norms = [t if n is None else n for t, n in zip(art.texts, chunk.norms, strict=True)]
        terms = remap[chunk.ids] if len(chunk.ids) else chunk.ids.astype(np.int32)
        self._new.append((art.texts, norms, terms))
        for lengths, strings in ((self.text_lengths, art.texts), (self.norm_lengths, norms)):
            lengths.append((False, np.fromiter(map(len, strings), np.int64, len(strings))))
        n = len(art.texts)
        self.paragraph.append(np.array(art.paragraphs, dtype=np.int32))
        self.position.append(np.arange(n, dtype=np.int32))
        self.headline.append(np.array(art.headlines, dtype=bool))
        self.deictic.append(chunk.deictic)
        self.term_counts.append((False, chunk.lengths.astype(np.int64)))
        self.size += n
        return terms

    def _join(self) -> None:
        """The waiting new articles (neighbours in path order) as one piece each."""
        if not self._new:
            return
        for pieces, k in ((self.texts, 0), (self.norms, 1)):
            blob = "".join(s for item in self._new for s in item[k])
            pieces.append((blob, 0, len(blob)))
        self.terms.append(np.concatenate([item[2] for item in self._new]).astype(np.int32))
        self._new = []

    def tables(self) -> tuple[TextTable, TextTable]:
        self._join()
        return (
            TextTable.from_pieces(self.texts, join_offsets(self.text_lengths)),
            TextTable.from_pieces(self.norms, join_offsets(self.norm_lengths)),
        )


def apply(
    engine: Engine,
    plan: Sequence[int | Article],
    normalizer: Normalizer,
    tokenizer: Tokenizer,
) -> Parts:
    """The engine of the articles `plan` lists in path order: an int is the old engine's
    article of that index, kept as analysed; an Article is new (or changed) analysis."""
    started = time.perf_counter()
    if not plan:
        raise CorpusError("no articles (.txt, .md, .html) left in the corpus")
    old = engine.index
    new_ids: dict[str, int] = {}  # the new terms' ids (the old engine serves from its map)
    n_old_terms = len(old.idf)
    new_terms: list[str] = []
    cols = _Columns()
    new_of_old = np.full(old.size, -1, dtype=np.int32)
    added: list[Added] = []
    documents: list[Document] = []
    context: list[frozenset[str]] = []
    titles: list[frozenset[str]] = []
    counts: list[int] = []
    run: tuple[int, int] | None = None  # old sentences lo..hi awaiting copy
    old_end = 0  # where the last old article placed so far ends (an old sentence id)

    def flush() -> None:
        if run is not None:
            new_of_old[run[0] : run[1]] = np.arange(
                cols.size, cols.size + run[1] - run[0], dtype=np.int32
            )
            cols.old(engine, *run)

    for item in plan:
        if isinstance(item, int):
            doc = engine.documents[item]
            view = doc.sentences
            lo, hi = view.start, view.stop  # type: ignore[attr-defined]
            if run is not None and run[1] == lo:
                run = (run[0], hi)
            else:
                flush()
                run = (lo, hi)
            old_end = hi
            documents.append(doc)
            context.append(engine.doc_context[item])
            titles.append(engine.doc_title_terms[item])
            counts.append(hi - lo)
            continue
        flush()
        run = None
        found = list(map(old.vocab.get, item.chunk.terms))
        unknown = [i for i, tid in enumerate(found) if tid is None] if None in found else []
        for i in unknown:  # new to the index, or new in this update
            term = item.chunk.terms[i]
            tid = new_ids.get(term)
            if tid is None:
                tid = new_ids[term] = n_old_terms + len(new_terms)
                new_terms.append(term)
            found[i] = tid
        remap = np.array(found, dtype=np.int32)
        first = cols.size
        terms = cols.new(item, remap)
        added.append(Added(first, terms, item.chunk.lengths, old_end))
        documents.append(Document(item.source, (), item.digest))
        ctx, title = doc_terms(item.source, normalizer, tokenizer)
        context.append(ctx)
        titles.append(title)
        counts.append(len(item.texts))
    flush()
    texts, norms = cols.tables()

    n = cols.size
    sent_offsets = np.frombuffer(join_offsets(cols.term_counts), dtype=np.int64)
    sent_terms = Flat(cols.terms)
    n_terms = n_old_terms + len(new_terms)
    postings, df_before, shapes = splice(
        old.postings,
        old.sent_terms,
        old.sent_offsets,
        old.shapes,
        new_of_old,
        added,
        sent_offsets,
        n_terms,
    )
    df = np.diff(postings.offsets)
    died = set(np.flatnonzero((df == 0) & (df_before > 0)).tolist())
    gone = {t for t, tid in old.vocab.items() if tid in died} if died else set()
    vocab = Vocab.changed(old.vocab, new_ids, gone)
    idf = post.live_idf(df, n, sent_terms, sent_offsets, postings)
    index = Index(vocab, idf, postings, sent_offsets, sent_terms, old.k1, old.b, shapes, old.tops)
    if old.words is not None:
        index.words = [*old.words, *new_terms]
        for tid in died:
            index.words[tid] = ""
    index.tops = post.carried_tops(postings, index.weigh, old.tops, new_of_old)

    doc_col = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
    table = SentenceTable(
        texts,
        doc_col,
        np.concatenate(cols.paragraph).astype(np.int32, copy=False),
        np.concatenate(cols.position).astype(np.int32, copy=False),
        np.concatenate(cols.headline).astype(bool, copy=False),
    )
    start = 0
    slim = []
    for d, count in zip(documents, counts, strict=True):
        slim.append(Document(d.source, SentenceSlice(table, start, start + count), d.digest))  # type: ignore[arg-type]
        start += count
    kinds = engine.word_kinds
    if new_terms:
        kinds = np.concatenate([kinds, word_kinds(new_terms, tokenizer)]).astype(np.uint8)
    return Parts(
        slim,
        table,
        norms,
        index,
        time.perf_counter() - started,
        context,
        titles,
        np.concatenate(cols.deictic).astype(bool, copy=False),
        kinds,
    )
