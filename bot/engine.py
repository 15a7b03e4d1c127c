"""One immutable snapshot of the corpus: documents, sentences, their tokens and the index."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

import numpy as np

from bot import store
from bot.analysis import DEICTIC, analyse_corpus
from bot.config import Config
from bot.index import Index, terms_by_id
from bot.model import Document
from bot.names import word_kinds
from bot.tables import SentenceSlice, SentenceTable, TextTable
from bot.text import Normalizer, Tokenizer

logger = logging.getLogger(__name__)

__all__ = ["DEICTIC", "Engine"]


@dataclass
class Engine:
    """Everything a question is answered from; replaced whole on reload, never mutated."""

    documents: list[Document]
    sentences: SentenceTable  # columns; Sentence objects are made on access
    norms: TextTable  # normalised text of each sentence, for matching and extraction
    index: Index
    build_seconds: float
    doc_context: list[frozenset[str]]  # place/paper terms each article implies
    doc_title_terms: list[frozenset[str]]
    deictic: np.ndarray  # bool per sentence: speaks of "our city"
    word_kinds: np.ndarray  # uint8 per vocabulary id: the kinds of name it is (bot.names)
    loaded: bool = False  # read from the persisted index rather than built

    @classmethod
    def build(cls, config: Config, normalizer: Normalizer, tokenizer: Tokenizer,
              corpus_dir: Path | None = None, *, persist: bool = True,
              progress: Callable[[int, int], None] | None = None) -> Engine:
        """Load the saved index of the corpus folder if it is current, else index and save it."""
        started = time.perf_counter()
        corpus_dir = corpus_dir or config.corpus_dir
        folder = store.index_dir(config, corpus_dir)
        stamp = store.files_stamp(corpus_dir, tokenizer, config) if persist else None
        key = cache(partial(store.corpus_key, corpus_dir, tokenizer, config))
        snap = store.load(folder, stamp, key) if persist else None
        if snap is not None:
            engine = cls(snap.documents, snap.sentences, snap.norms, snap.index,
                         time.perf_counter() - started, snap.doc_context, snap.doc_title_terms,
                         snap.deictic, snap.word_kinds, loaded=True)
            logger.info("loaded index of %d articles, %d sentences in %.2fs",
                        len(engine.documents), len(engine.sentences), engine.build_seconds)
            return engine
        content = key() if persist else ""  # before the articles are read again
        engine = cls.index_corpus(config, normalizer, tokenizer, corpus_dir, progress)
        if persist:
            try:
                store.save(folder, content, stamp, engine)
            except (OSError, ValueError) as exc:  # serve anyway; the next start builds again
                logger.warning("cannot save the index in %s: %s", folder, exc)
        engine.build_seconds = time.perf_counter() - started
        return engine

    @classmethod
    def index_corpus(cls, config: Config, normalizer: Normalizer, tokenizer: Tokenizer,
                     corpus_dir: Path, progress: Callable[[int, int], None] | None = None,
                     workers: int | None = None) -> Engine:
        """Read, tokenize (in worker processes when big) and index a corpus folder."""
        started = time.perf_counter()
        corpus = analyse_corpus(corpus_dir, config.corpus.max_sentence_chars, normalizer,
                                tokenizer, workers, progress)
        done = corpus.analysed
        # Tagging every word (~2 s at 1M sentences) runs beside the postings build, whose
        # numpy sorts and sums leave the interpreter free.
        with ThreadPoolExecutor(1) as pool:
            kinds = pool.submit(word_kinds, terms_by_id(done.vocab), tokenizer)
            index = Index.from_arrays(done.vocab, done.sent_terms, done.sent_offsets,
                                      config.retrieval.k1, config.retrieval.b)
        table = SentenceTable(TextTable.from_strings(corpus.texts), corpus.doc, corpus.paragraph,
                              corpus.position, corpus.headline)
        documents = [Document(src, (), digest) for src, digest in zip(corpus.sources,
                                                                       corpus.digests, strict=True)]
        return cls._finish(documents, table, TextTable.from_strings(done.norms), index, normalizer,
                           tokenizer, done.deictic, kinds.result(), time.perf_counter() - started,
                           corpus.counts)

    @classmethod
    def _finish(cls, documents: list[Document], table: SentenceTable, norms: TextTable,
                index: Index, normalizer: Normalizer, tokenizer: Tokenizer,
                deictic: np.ndarray, kinds: np.ndarray, seconds: float,
                counts: list[int]) -> Engine:
        context = []
        titles = []
        slim = []
        start = 0
        for d, count in zip(documents, counts, strict=True):
            src = d.source
            words = {src.place, src.paper, *tokenizer.tokenize(normalizer(src.place)),
                     *tokenizer.tokenize(normalizer(d.source.paper))}
            context.append(frozenset(w.lower() for w in words if w))
            titles.append(frozenset(tokenizer.tokenize(normalizer(d.source.title))))
            # The document's sentences become a view on the table, so each text is kept once.
            view = SentenceSlice(table, start, start + count)
            slim.append(Document(d.source, view, d.digest))  # type: ignore[arg-type]
            start += count
        engine = cls(slim, table, norms, index, seconds, context, titles, deictic, kinds)
        logger.info("indexed %d articles, %d sentences in %.2fs", len(documents),
                    len(table), seconds)
        return engine
