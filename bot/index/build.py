"""Normalise and tokenize many sentences, in worker processes when there are many."""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO, TypeVar

import numpy as np

from bot.corpus.article import CorpusError, article_files, read_article, to_document
from bot.lang.lexicon import DEICTIC
from bot.lang.normalize import Normalizer
from bot.lang.tokenizer import Tokenizer
from bot.model import Source

_NOT_A_TERM = -1  # the id of a cut word that is no term (punctuation, stopword)
FILE_BATCH = 64  # article files per task handed to a worker
PARALLEL_FILES = 200  # fewer files are read in-process

_worker: tuple[Normalizer, Tokenizer] | None = None  # set in the parent before forking
logger = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")


@dataclass
class Chunk:
    """Analysed sentences: norms (None where equal to the text), terms by first use, ids."""

    norms: list[str | None]
    terms: list[str]
    ids: np.ndarray  # int32 indices into terms, sentence after sentence
    lengths: np.ndarray  # int64 terms per sentence
    deictic: np.ndarray  # bool per sentence


@dataclass
class Analysed:
    """All sentences analysed: what the index and the engine are built from."""

    norms: list[str]
    vocab: dict[str, int]
    sent_terms: np.ndarray
    sent_offsets: np.ndarray
    deictic: np.ndarray


class Numbering:
    """Term ids by first use, and the id each cut word stands for (-1: not a term).

    Shared by the sentences of one task, so each distinct word is filtered once and the
    parent merges one vocabulary per task.
    """

    def __init__(self) -> None:
        self.terms: dict[str, int] = {}
        self.words: dict[str, int] = {}

    def add(self, word: str, tokenizer: Tokenizer) -> None:
        term = tokenizer.term(word)
        terms = self.terms
        self.words[word] = _NOT_A_TERM if term is None else terms.setdefault(term, len(terms))


def analyse_chunk(
    texts: Sequence[str],
    normalizer: Normalizer,
    tokenizer: Tokenizer,
    numbering: Numbering | None = None,
) -> Chunk:
    """Normalise and tokenize a run of sentences; `numbering` numbers terms across runs."""
    shared = numbering is not None
    numbering = numbering or Numbering()
    word_ids = numbering.words
    ids: list[int] = []
    lengths = np.empty(len(texts), dtype=np.int64)
    norms: list[str | None] = []
    deictic = np.empty(len(texts), dtype=bool)
    for i, text in enumerate(texts):
        norm = normalizer(text)
        norms.append(None if norm == text else norm)
        words = tokenizer.cut(norm)
        for w in words:  # the same terms, in the same order, as Tokenizer.tokenize
            if w not in word_ids:
                numbering.add(w, tokenizer)
        before = len(ids)
        ids.extend(filter(_NOT_A_TERM.__ne__, map(word_ids.__getitem__, words)))
        lengths[i] = len(ids) - before
        deictic[i] = any(w in norm for w in DEICTIC)
    terms = [] if shared else list(numbering.terms)
    return Chunk(norms, terms, np.array(ids, dtype=np.int32), lengths, deictic)


@dataclass
class Article:
    """One cleaned, analysed article file, as a worker hands it back."""

    source: Source
    digest: str
    texts: list[str]
    paragraphs: list[int]
    headlines: list[bool]
    chunk: Chunk


@dataclass
class Corpus:
    """Every article of a folder, analysed: columns for the sentence table and the index."""

    sources: list[Source]
    digests: list[str]
    counts: list[int]  # sentences per article
    texts: list[str]
    doc: np.ndarray
    paragraph: np.ndarray
    position: np.ndarray
    headline: np.ndarray
    analysed: Analysed
    # Every file read, in path order, and its text's digest (None: nothing to index).
    files: list[tuple[Path, str | None]]


def analyse_file(
    path: Path,
    root: Path,
    max_chars: int,
    normalizer: Normalizer,
    tokenizer: Tokenizer,
    numbering: Numbering | None = None,
) -> Article | None:
    """Read, clean and analyse one article file; None when it has nothing to index."""
    article = read_article(path)
    if article is None:
        return None
    doc = to_document(article, root, max_chars)
    if not doc.sentences:
        logger.warning("%s: skipped, no sentences after cleaning", path)
        return None
    texts = [s.text for s in doc.sentences]
    return Article(
        doc.source,
        doc.digest,
        texts,
        [s.paragraph for s in doc.sentences],
        [s.headline for s in doc.sentences],
        analyse_chunk(texts, normalizer, tokenizer, numbering),
    )


def _work_files(task: tuple[list[Path], Path, int]) -> tuple[list[Article | None], list[str]]:
    """Analyse a batch of files with one term numbering, so the parent merges it once."""
    if _worker is None:
        raise RuntimeError("worker started without a tokenizer (not forked from analyse)")
    paths, root, max_chars = task
    numbering = Numbering()
    return (
        [analyse_file(p, root, max_chars, *_worker, numbering) for p in paths],
        list(numbering.terms),
    )


def _work_one(task: tuple[Path, Path, int]) -> Article | None:
    if _worker is None:
        raise RuntimeError("worker started without a tokenizer (not forked from analyse)")
    path, root, max_chars = task  # each file with its own term numbering: an update's unit
    return analyse_file(path, root, max_chars, *_worker)


def analyse_files(
    paths: Sequence[Path],
    root: Path,
    max_chars: int,
    normalizer: Normalizer,
    tokenizer: Tokenizer,
    workers: int | None = None,
) -> list[Article | None]:
    """Analyse some files, each with its own vocabulary; in worker processes when many."""
    workers = worker_count() if workers is None else workers
    parallel = (
        workers > 1
        and len(paths) >= PARALLEL_FILES
        and "fork" in multiprocessing.get_all_start_methods()
    )
    tasks = [(p, root, max_chars) for p in paths]
    return list(_map(_work_one, tasks, normalizer, tokenizer, workers, parallel))


def analyse_corpus(
    folder: Path,
    max_chars: int,
    normalizer: Normalizer,
    tokenizer: Tokenizer,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Corpus:
    """Read and analyse every article below a folder; the same text under two names counts once."""
    paths = article_files(folder)
    workers = worker_count() if workers is None else workers
    if progress is None and len(paths) >= PARALLEL_FILES:
        progress = progress_bar()  # on a terminal only
    tasks = [
        (paths[i : i + FILE_BATCH], folder, max_chars) for i in range(0, len(paths), FILE_BATCH)
    ]
    parallel = (
        workers > 1
        and len(paths) >= PARALLEL_FILES
        and "fork" in multiprocessing.get_all_start_methods()
    )
    merger = _Merger()
    out = Corpus(
        [],
        [],
        [],
        [],
        np.empty(0),
        np.empty(0),
        np.empty(0),
        np.empty(0),
        Analysed([], {}, np.empty(0), np.empty(0), np.empty(0)),
        [],
    )
    seen: dict[str, str] = {}
    paragraphs: list[int] = []
    headlines: list[bool] = []
    done = 0
    for task, (batch, terms) in zip(
        tasks, _map(_work_files, tasks, normalizer, tokenizer, workers, parallel), strict=True
    ):
        keep = []
        for path, art in zip(task[0], batch, strict=True):
            out.files.append((path, None if art is None else art.digest))
            if art is None:
                continue
            if art.digest in seen:
                logger.info("%s: same text as %s; indexed once", path, seen[art.digest])
                continue
            seen[art.digest] = art.source.path
            keep.append(art)
        # One remap per batch. A dropped copy adds no term: its original came first.
        remap = merger.remap(terms)
        for art in keep:
            out.sources.append(art.source)
            out.digests.append(art.digest)
            out.counts.append(len(art.texts))
            out.texts.extend(art.texts)
            paragraphs.extend(art.paragraphs)
            headlines.extend(art.headlines)
            merger.add(art.texts, art.chunk, remap)
        done += len(task[0])
        if progress is not None:
            progress(done, len(paths))
    if not out.sources:
        raise CorpusError(f"no articles (.txt, .md, .html) found in {folder}")
    counts = np.array(out.counts, dtype=np.int64)
    out.doc = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    out.position = (np.arange(len(out.texts)) - starts).astype(np.int32)
    out.paragraph = np.array(paragraphs, dtype=np.int32)
    out.headline = np.array(headlines, dtype=bool)
    out.analysed = merger.finish()
    return out


class _Merger:
    """Join analysed chunks into one vocabulary numbered by first use."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.parts: list[np.ndarray] = []
        self.lengths: list[np.ndarray] = []
        self.deictic: list[np.ndarray] = []
        self.norms: list[str] = []

    def remap(self, terms: Sequence[str]) -> np.ndarray:
        """Global ids of local terms; terms are numbered by first use, as rank-bm25 orders them."""
        vocab = self.vocab
        return np.array([vocab.setdefault(t, len(vocab)) for t in terms], dtype=np.int32)

    def add(self, texts: Sequence[str], chunk: Chunk, remap: np.ndarray | None = None) -> None:
        """Append analysed sentences; `remap` maps their ids when the terms are shared."""
        if remap is None:
            remap = self.remap(chunk.terms)
        self.parts.append(remap[chunk.ids] if len(chunk.ids) else chunk.ids)
        self.lengths.append(chunk.lengths)
        self.deictic.append(chunk.deictic)
        self.norms.extend(t if n is None else n for t, n in zip(texts, chunk.norms, strict=True))

    def finish(self) -> Analysed:
        n = len(self.norms)
        sent_offsets = np.zeros(n + 1, dtype=np.int64)
        if self.lengths:
            np.cumsum(np.concatenate(self.lengths), out=sent_offsets[1:])
        flat = np.concatenate(self.parts) if self.parts else np.empty(0, np.int32)
        flags = np.concatenate(self.deictic) if self.deictic else np.empty(0, bool)
        return Analysed(
            self.norms, self.vocab, flat.astype(np.int32, copy=False), sent_offsets, flags
        )


def worker_count() -> int:
    """Cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _map(
    func: Callable[[T], R],
    tasks: list[T],
    normalizer: Normalizer,
    tokenizer: Tokenizer,
    workers: int,
    parallel: bool,
) -> Iterator[R]:
    """Results of func over tasks, in order; in forked workers when parallel."""
    global _worker
    _worker = (normalizer, tokenizer)
    try:
        if not parallel:
            yield from map(func, tasks)
            return
        # fork: workers inherit the loaded dictionary instead of loading it again.
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap(func, tasks)
    finally:
        _worker = None


def progress_bar(stream: TextIO | None = None) -> Callable[[int, int], None] | None:
    """A one-line progress bar on a terminal; None when the stream is not a TTY."""
    out = stream or sys.stderr
    if not getattr(out, "isatty", lambda: False)():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        out.write(f"\rindexing [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            out.write("\n")
        out.flush()

    return show
