"""A new engine from an old one and a change of articles, without analysing the old ones again.

The result answers every question exactly as a full rebuild of the same files would: its
sentences and articles stand in path order (ties break on sentence id, neighbourhoods stay
inside an article), its BM25 statistics are global (N, avgdl, df, idf over every live
sentence) and every posting weight is recomputed from the stored term frequencies with
rank-bm25's float operations in the same order. Only term ids differ: old terms keep theirs,
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
from bot.index.postings import Postings
from bot.index.tables import SentenceSlice, SentenceTable, TextTable
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
    """The per-sentence columns of the new engine, gathered piece by piece."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.text_lengths: list[np.ndarray] = []
        self.norms: list[str] = []
        self.norm_lengths: list[np.ndarray] = []
        self.paragraph: list[np.ndarray] = []
        self.position: list[np.ndarray] = []
        self.headline: list[np.ndarray] = []
        self.deictic: list[np.ndarray] = []
        self.term_counts: list[np.ndarray] = []
        self.terms: list[np.ndarray] = []
        self.size = 0

    def old(self, engine: Engine, lo: int, hi: int) -> None:
        """Sentences lo..hi of the old engine, as they are."""
        table, index = engine.sentences, engine.index
        for blobs, lengths, source in (
            (self.texts, self.text_lengths, table.texts),
            (self.norms, self.norm_lengths, engine.norms),
        ):
            at = source.offsets
            blobs.append(source.blob[at[lo] : at[hi]])
            lengths.append(np.diff(at[lo : hi + 1]))
        self.paragraph.append(table.paragraph[lo:hi])
        self.position.append(table.position[lo:hi])
        self.headline.append(table.headline[lo:hi])
        self.deictic.append(engine.deictic[lo:hi])
        so = index.sent_offsets
        self.term_counts.append(np.diff(so[lo : hi + 1]))
        self.terms.append(index.sent_terms[so[lo] : so[hi]])
        self.size += hi - lo

    def new(self, art: Article, remap: np.ndarray) -> None:
        """A newly analysed article, its terms mapped to the new vocabulary's ids."""
        chunk = art.chunk
        norms = [t if n is None else n for t, n in zip(art.texts, chunk.norms, strict=True)]
        for blobs, lengths, strings in (
            (self.texts, self.text_lengths, art.texts),
            (self.norms, self.norm_lengths, norms),
        ):
            blobs.append("".join(strings))
            lengths.append(np.fromiter(map(len, strings), np.int64, len(strings)))
        n = len(art.texts)
        self.paragraph.append(np.array(art.paragraphs, dtype=np.int32))
        self.position.append(np.arange(n, dtype=np.int32))
        self.headline.append(np.array(art.headlines, dtype=bool))
        self.deictic.append(chunk.deictic)
        self.term_counts.append(chunk.lengths)
        self.terms.append(remap[chunk.ids] if len(chunk.ids) else chunk.ids.astype(np.int32))
        self.size += n


def _table(blobs: list[str], lengths: list[np.ndarray]) -> TextTable:
    sizes = np.concatenate(lengths).astype(np.int64)
    offsets = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    return TextTable("".join(blobs), offsets)


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
    vocab = dict(old.vocab)  # the old engine keeps serving from its own
    n_old_terms = len(old.idf)
    new_terms: list[str] = []
    cols = _Columns()
    new_of_old = np.full(old.size, -1, dtype=np.int32)
    added: list[tuple[int, Article, np.ndarray]] = []  # (first new sentence id, article, ids)
    documents: list[Document] = []
    context: list[frozenset[str]] = []
    titles: list[frozenset[str]] = []
    counts: list[int] = []
    run: tuple[int, int] | None = None  # old sentences lo..hi awaiting copy

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
            documents.append(doc)
            context.append(engine.doc_context[item])
            titles.append(engine.doc_title_terms[item])
            counts.append(hi - lo)
            continue
        flush()
        run = None
        remap = np.empty(len(item.chunk.terms), dtype=np.int32)
        for i, term in enumerate(item.chunk.terms):
            tid = vocab.get(term)
            if tid is None:
                tid = vocab[term] = n_old_terms + len(new_terms)
                new_terms.append(term)
            remap[i] = tid
        first = cols.size
        cols.new(item, remap)
        added.append((first, item, cols.terms[-1]))
        documents.append(Document(item.source, (), item.digest))
        ctx, title = doc_terms(item.source, normalizer, tokenizer)
        context.append(ctx)
        titles.append(title)
        counts.append(len(item.texts))
    flush()

    n = cols.size
    term_counts = np.concatenate(cols.term_counts).astype(np.int64)
    sent_offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(term_counts, out=sent_offsets[1:])
    sent_terms = np.concatenate(cols.terms).astype(np.int32, copy=False)
    n_terms = n_old_terms + len(new_terms)
    postings, df_before, shapes = _postings(
        old.postings, old.shapes, new_of_old, added, term_counts, n_terms
    )
    df = np.diff(postings.offsets)
    died = np.flatnonzero((df == 0) & (df_before > 0))
    if len(died):
        gone = set(died.tolist())
        for term in [t for t, tid in vocab.items() if tid in gone]:
            del vocab[term]
    idf = post.live_idf(df, n, sent_terms, sent_offsets, postings)
    touched = df != df_before
    for _, _, ids in added:  # a term can gain and lose as many postings
        touched[ids] = True
    index = Index(vocab, idf, postings, sent_offsets, sent_terms, old.k1, old.b, shapes, old.tops)
    index.tops = post.carried_tops(postings, index.weigh_range, old.tops, new_of_old, touched)

    doc_col = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
    table = SentenceTable(
        _table(cols.texts, cols.text_lengths),
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
    kinds = np.concatenate([engine.word_kinds, word_kinds(new_terms, tokenizer)])
    return Parts(
        slim,
        table,
        _table(cols.norms, cols.norm_lengths),
        index,
        time.perf_counter() - started,
        context,
        titles,
        np.concatenate(cols.deictic).astype(bool, copy=False),
        kinds.astype(np.uint8, copy=False),
    )


def _postings(
    old: Postings,
    shapes: np.ndarray,
    new_of_old: np.ndarray,
    added: list[tuple[int, Article, np.ndarray]],
    term_counts: np.ndarray,
    n_terms: int,
) -> tuple[Postings, np.ndarray, np.ndarray]:
    """The old postings with removed sentences dropped and ids renumbered, the new
    articles' postings inserted in place; weights left to fill. Also each term's old df."""
    df_before = np.zeros(n_terms, dtype=np.int64)
    df_before[: len(old.offsets) - 1] = np.diff(old.offsets)
    ids = new_of_old[old.ids]
    keep = ids >= 0
    if keep.all():
        tf = old.shape
        live_at = old.offsets
    else:
        ids, tf = ids[keep], old.shape[keep]
        kept = np.zeros(len(keep) + 1, dtype=np.int64)
        np.cumsum(keep, out=kept[1:])
        live_at = kept[old.offsets]
    starts = np.full(n_terms + 1, len(ids), dtype=np.int64)  # where each term's block starts
    starts[: len(live_at)] = live_at
    df = np.diff(starts)
    if added:
        term = np.concatenate([ids_ for _, _, ids_ in added]).astype(np.int64)
        sent = np.concatenate(
            [
                np.repeat(
                    np.arange(first, first + len(art.texts), dtype=np.int64), art.chunk.lengths
                )
                for first, art, _ in added
            ]
        )
        size = max(len(term_counts), 1)
        keys = np.unique(term * size + sent, return_counts=True)  # sorted by term, then id
        new_term = keys[0] // size
        new_sent = (keys[0] % size).astype(np.int32)
        shapes, new_tf = post.extend_shapes(shapes, keys[1], term_counts[new_sent])
        tf = tf.astype(new_tf.dtype, copy=False)
        # Where each new posting goes among its term's kept ones (both ascending by id).
        at = starts[new_term]
        bounds = np.flatnonzero(np.diff(new_term)) + 1
        for lo, hi in zip(
            np.concatenate(([0], bounds)).tolist(),
            np.concatenate((bounds, [len(new_term)])).tolist(),
            strict=True,
        ):
            t = int(new_term[lo])
            block = ids[starts[t] : starts[t + 1]]
            if len(block):
                at[lo:hi] += np.searchsorted(block, new_sent[lo:hi])
        ids = _insert(ids, at, new_sent)
        tf = _insert(tf, at, new_tf)
        df = df + np.bincount(new_term, minlength=n_terms)
    offsets = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(df, out=offsets[1:])
    return Postings(offsets, ids, tf), df_before, shapes


def _insert(base: np.ndarray, at: np.ndarray, values: np.ndarray) -> np.ndarray:
    """np.insert(base, at, values) for ascending `at`. A new article's sentences are
    consecutive ids, so its postings of one term go in at one place: a few hundred places
    for a few articles, where joining slices beats np.insert's masks over every posting."""
    places, first = np.unique(at, return_index=True)
    if len(places) > 10_000:
        return np.insert(base, at, values)
    pieces = []
    prev = 0
    for place, part in zip(places.tolist(), np.split(values, first[1:]), strict=True):
        pieces += [base[prev:place], part]
        prev = place
    pieces.append(base[prev:])
    return np.concatenate(pieces)
