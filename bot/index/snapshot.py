"""One immutable snapshot of the corpus: documents, sentences, their tokens and the index."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from bot.config import Config
from bot.index import lock, segments, store
from bot.index.bm25 import Index, terms_by_id
from bot.index.build import DEICTIC, analyse_corpus
from bot.index.segments import Catalog, Makers
from bot.index.tables import SentenceSlice, SentenceTable, TextTable
from bot.index.update import doc_terms
from bot.lang.names import word_kinds
from bot.lang.normalize import Normalizer
from bot.lang.tokenizer import Tokenizer
from bot.model import Document, Source

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
    word_kinds: np.ndarray  # uint8 per vocabulary id: the kinds of name it is (bot.lang.names)
    loaded: bool = False  # read from the persisted index rather than built
    # Each sentence's id in the whole corpus when this engine holds a share of it (a
    # cluster's answer to one question); None: this is the whole corpus.
    corpus_ids: np.ndarray | None = None
    # Every file a full build read, with its text's digest (None: nothing to index).
    files: list[tuple[Path, str | None]] = field(default_factory=list)
    catalog: Catalog | None = None  # the saved index it stands for (bot.index.segments)

    @classmethod
    def build(
        cls,
        config: Config,
        normalizer: Normalizer,
        tokenizer: Tokenizer,
        corpus_dir: Path | None = None,
        *,
        persist: bool = True,
        progress: Callable[[int, int], None] | None = None,
        current: Engine | None = None,
        merge: bool = True,
    ) -> Engine:
        """The engine of a corpus folder: the saved index brought up to date (only new and
        changed articles are analysed), or a full build saved for next time.

        `current`, a running bot's engine, is updated instead of reading the saved index
        again (no second copy in memory). `merge`: merge piled-up segments now; a reloader
        passes False and merges after the swap.
        """
        started = time.perf_counter()
        corpus_dir = corpus_dir or config.corpus_dir
        if not persist:
            engine = cls.index_corpus(config, normalizer, tokenizer, corpus_dir, progress)
            engine.build_seconds = time.perf_counter() - started
            return engine
        make = cls._makers(config, normalizer, tokenizer, corpus_dir, progress)
        folder = store.index_dir(config, corpus_dir, tokenizer)
        with lock.writer(folder):
            engine = segments.open_engine(folder, corpus_dir, config, make, current, merge)
        if engine is not current:
            engine.build_seconds = time.perf_counter() - started
        logger.info(
            "%s index of %d articles, %d sentences in %.2fs",
            "loaded" if engine.loaded else "built",
            len(engine.documents),
            len(engine.sentences),
            engine.build_seconds,
        )
        return engine

    @classmethod
    def _makers(
        cls,
        config: Config,
        normalizer: Normalizer,
        tokenizer: Tokenizer,
        corpus_dir: Path,
        progress: Callable[[int, int], None] | None = None,
    ) -> Makers:
        return Makers(
            lambda: cls.index_corpus(config, normalizer, tokenizer, corpus_dir, progress),
            cls.from_arrays,
            lambda parts: cls(*vars(parts).values()),
            normalizer,
            tokenizer,
            config.corpus.max_sentence_chars,
        )

    @classmethod
    def refresh(
        cls, config: Config, normalizer: Normalizer, tokenizer: Tokenizer, corpus_dir: Path
    ) -> tuple[dict[str, Any], bool] | None:
        """Bring the saved index up to date without reading it (new articles become a
        segment): its manifest and whether it changed; None when there is no saved index
        to update or merging is due."""
        make = cls._makers(config, normalizer, tokenizer, corpus_dir)
        folder = store.index_dir(config, corpus_dir, tokenizer)
        with lock.writer(folder):
            return segments.refresh(folder, corpus_dir, config, make)

    @classmethod
    def index_corpus(
        cls,
        config: Config,
        normalizer: Normalizer,
        tokenizer: Tokenizer,
        corpus_dir: Path,
        progress: Callable[[int, int], None] | None = None,
        workers: int | None = None,
    ) -> Engine:
        """Read, tokenize (in worker processes when big) and index a corpus folder."""
        started = time.perf_counter()
        corpus = analyse_corpus(
            corpus_dir, config.corpus.max_sentence_chars, normalizer, tokenizer, workers, progress
        )
        done = corpus.analysed
        # Tagging every word (~2 s at 1M sentences) runs beside the postings build, whose
        # numpy sorts and sums leave the interpreter free.
        with ThreadPoolExecutor(1) as pool:
            kinds = pool.submit(word_kinds, terms_by_id(done.vocab), tokenizer)
            index = Index.from_arrays(
                done.vocab,
                done.sent_terms,
                done.sent_offsets,
                config.retrieval.k1,
                config.retrieval.b,
            )
        table = SentenceTable(
            TextTable.from_strings(corpus.texts),
            corpus.doc,
            corpus.paragraph,
            corpus.position,
            corpus.headline,
        )
        documents = [
            Document(src, (), digest)
            for src, digest in zip(corpus.sources, corpus.digests, strict=True)
        ]
        engine = cls._finish(
            documents,
            table,
            TextTable.from_strings(done.norms),
            index,
            normalizer,
            tokenizer,
            done.deictic,
            kinds.result(),
            time.perf_counter() - started,
            corpus.counts,
        )
        engine.files = corpus.files
        return engine

    @classmethod
    def _finish(
        cls,
        documents: list[Document],
        table: SentenceTable,
        norms: TextTable,
        index: Index,
        normalizer: Normalizer,
        tokenizer: Tokenizer,
        deictic: np.ndarray,
        kinds: np.ndarray,
        seconds: float,
        counts: list[int],
    ) -> Engine:
        context = []
        titles = []
        slim = []
        start = 0
        for d, count in zip(documents, counts, strict=True):
            place_terms, title_terms = doc_terms(d.source, normalizer, tokenizer)
            context.append(place_terms)
            titles.append(title_terms)
            # The document's sentences become a view on the table, so each text is kept once.
            view = SentenceSlice(table, start, start + count)
            slim.append(Document(d.source, view, d.digest))  # type: ignore[arg-type]
            start += count
        engine = cls(slim, table, norms, index, seconds, context, titles, deictic, kinds)
        logger.info(
            "indexed %d articles, %d sentences in %.2fs", len(documents), len(table), seconds
        )
        return engine

    def to_arrays(self) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        """The engine as named arrays and JSON metadata, for the store."""
        index_arrays, index_meta = self.index.to_arrays()
        arrays = {
            **self.sentences.to_arrays(),
            **self.norms.to_arrays("norms"),
            **index_arrays,
            "deictic": self.deictic,
            "word_kinds": self.word_kinds,
        }
        meta = {
            **index_meta,
            "documents": [
                [
                    d.source.title,
                    d.source.paper,
                    d.source.date,
                    d.source.path,
                    d.source.place,
                    d.digest,
                    len(d.sentences),
                    d.source.url,
                ]
                for d in self.documents
            ],
            "context": [sorted(c) for c in self.doc_context],
            "titles": [sorted(t) for t in self.doc_title_terms],
        }
        return arrays, meta

    @classmethod
    def from_arrays(cls, meta: dict[str, Any], a: dict[str, Any]) -> Engine:
        """An engine from what to_arrays saved; ValueError when the parts disagree."""
        sentences = SentenceTable.from_arrays(a)
        norms = TextTable.from_arrays(a, "norms")
        documents = []
        start = 0
        for title, paper, date, path, place, digest, count, url in meta["documents"]:
            source = Source(title, paper, date, path, place, url)
            view = SentenceSlice(sentences, start, start + count)
            documents.append(Document(source, view, digest))  # type: ignore[arg-type]
            start += count
        if start != len(sentences) or len(norms) != len(sentences):
            raise ValueError("article and sentence counts disagree")
        index = Index.restore(meta, a)
        if index.size != len(sentences):
            raise ValueError("index and sentence counts disagree")
        if len(a["word_kinds"]) != len(index.idf):
            raise ValueError("word kinds and vocabulary disagree")
        return cls(
            documents,
            sentences,
            norms,
            index,
            0.0,
            [frozenset(c) for c in meta["context"]],
            [frozenset(t) for t in meta["titles"]],
            a["deictic"],
            a["word_kinds"],
            loaded=True,
        )
