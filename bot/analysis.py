"""Normalise and tokenize many sentences, in worker processes when there are many."""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from bot.text import Normalizer, Tokenizer

# Words by which an article speaks of its own city or paper.
DEICTIC = ("我市", "本市", "全市", "该市", "市委", "市政府", "我县", "本县", "全县", "我区",
           "本区", "我省", "本省", "本报", "市民", "我们")
PARALLEL_MIN = 20000  # fewer sentences are tokenized in-process: workers cost a second to start
CHUNK = 4000

_worker: tuple[Normalizer, Tokenizer] | None = None  # set in the parent before forking


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


def analyse_chunk(texts: Sequence[str], normalizer: Normalizer, tokenizer: Tokenizer) -> Chunk:
    """Normalise and tokenize a run of sentences."""
    local: dict[str, int] = {}
    ids: list[int] = []
    lengths = np.empty(len(texts), dtype=np.int64)
    norms: list[str | None] = []
    deictic = np.empty(len(texts), dtype=bool)
    for i, text in enumerate(texts):
        norm = normalizer(text)
        norms.append(None if norm == text else norm)
        tokens = tokenizer.tokenize(norm)
        lengths[i] = len(tokens)
        ids.extend(local.setdefault(t, len(local)) for t in tokens)
        deictic[i] = any(w in norm for w in DEICTIC)
    return Chunk(norms, list(local), np.array(ids, dtype=np.int32), lengths, deictic)


def _work(texts: list[str]) -> Chunk:
    if _worker is None:
        raise RuntimeError("worker started without a tokenizer (not forked from analyse)")
    return analyse_chunk(texts, *_worker)


def worker_count() -> int:
    """Cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def analyse(texts: Sequence[str], normalizer: Normalizer, tokenizer: Tokenizer,
            workers: int | None = None, progress: Callable[[int, int], None] | None = None
            ) -> Analysed:
    """Analyse every sentence; big corpora are split over forked worker processes."""
    workers = worker_count() if workers is None else workers
    chunks = [list(texts[i : i + CHUNK]) for i in range(0, len(texts), CHUNK)]
    parallel = (workers > 1 and len(texts) >= PARALLEL_MIN
                and "fork" in multiprocessing.get_all_start_methods())
    vocab: dict[str, int] = {}
    parts: list[np.ndarray] = []
    lengths: list[np.ndarray] = []
    deictic: list[np.ndarray] = []
    norms: list[str] = []
    done = 0
    results = _results(chunks, normalizer, tokenizer, workers, parallel)
    for chunk, result in zip(chunks, results, strict=True):
        # Terms are numbered by first use over the whole corpus, as rank-bm25 orders them.
        remap = np.array([vocab.setdefault(t, len(vocab)) for t in result.terms], dtype=np.int32)
        parts.append(remap[result.ids] if len(result.ids) else result.ids)
        lengths.append(result.lengths)
        deictic.append(result.deictic)
        norms.extend(t if n is None else n for t, n in zip(chunk, result.norms, strict=True))
        done += len(chunk)
        if progress is not None:
            progress(done, len(texts))
    sent_offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    if lengths:
        np.cumsum(np.concatenate(lengths), out=sent_offsets[1:])
    flat = np.concatenate(parts) if parts else np.empty(0, np.int32)
    flags = np.concatenate(deictic) if deictic else np.empty(0, bool)
    return Analysed(norms, vocab, flat, sent_offsets, flags)


def _results(chunks: list[list[str]], normalizer: Normalizer, tokenizer: Tokenizer,
             workers: int, parallel: bool) -> Iterator[Chunk]:
    if not parallel:
        yield from (analyse_chunk(c, normalizer, tokenizer) for c in chunks)
        return
    global _worker
    _worker = (normalizer, tokenizer)
    try:
        # fork: workers inherit the loaded dictionary instead of loading it again.
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap(_work, chunks)
    finally:
        _worker = None


def progress_bar(stream: object = None) -> Callable[[int, int], None] | None:
    """A one-line progress bar on a terminal; None when the stream is not a TTY."""
    out = stream or sys.stderr
    if not getattr(out, "isatty", lambda: False)():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        out.write(f"\rindexing [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")  # type: ignore[attr-defined]
        if done >= total:
            out.write("\n")  # type: ignore[attr-defined]
        out.flush()  # type: ignore[attr-defined]

    return show
