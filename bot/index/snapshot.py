"""One immutable snapshot of the corpus: documents, sentences, their tokens and the index."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Any

import numpy as np

from bot.config import Config
from bot.index import store
from bot.index.bm25 import Index, terms_by_id
from bot.index.build import DEICTIC, analyse_corpus
from bot.index.tables import SentenceSlice, SentenceTable, TextTable
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
    ) -> Engine:
        """Load the saved index of the corpus folder if it is current, else index and save it."""
        started = time.perf_counter()
        corpus_dir = corpus_dir or config.corpus_dir
        folder = store.index_dir(config, corpus_dir, tokenizer)
        stamp = store.files_stamp(corpus_dir, tokenizer, config) if persist else None
        key = cache(partial(store.corpus_key, corpus_dir, tokenizer, config))
        engine = store.load(folder, stamp, key, cls.from_arrays) if persist else None
        if engine is not None:
            engine.build_seconds = time.perf_counter() - started
            logger.info(
                "loaded index of %d articles, %d sentences in %.2fs",
                len(engine.documents),
                len(engine.sentences),
                engine.build_seconds,
            )
            return engine
        content = key() if persist else ""  # before the articles are read again
        engine = cls.index_corpus(config, normalizer, tokenizer, corpus_dir, progress)
        if persist:
            try:
                store.save(folder, content, stamp, *engine.to_arrays())
            except (OSError, ValueError) as exc:  # serve anyway; the next start builds again
                logger.warning("cannot save the index in %s: %s", folder, exc)
        engine.build_seconds = time.perf_counter() - started
        return engine

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
        return cls._finish(
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
            src = d.source
            words = {
                src.place,
                src.paper,
                *tokenizer.tokenize(normalizer(src.place)),
                *tokenizer.tokenize(normalizer(d.source.paper)),
            }
            context.append(frozenset(w.lower() for w in words if w))
            titles.append(frozenset(tokenizer.tokenize(normalizer(d.source.title))))
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
        if len(a["word_kinds"]) != len(index.vocab):
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
