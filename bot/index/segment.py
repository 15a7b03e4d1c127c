"""One segment's file: the analysis of the articles an update added, as it would be redone.

Per article its source, digest, sentence texts and norms, paragraph, headline and deictic
flags, its own vocabulary (terms by first use) and the term ids of each sentence: exactly
what bot.index.build.analyse_file returns, so applying a segment never tokenizes again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bot.index import store
from bot.index.build import Article, Chunk
from bot.index.tables import TextTable
from bot.model import Source


def write_segment(folder: Path, name: str, articles: list[tuple[str, Article]]) -> dict[str, str]:
    """Save new articles' analysis: what an update would otherwise read and tokenize again."""
    texts = [t for _, a in articles for t in a.texts]
    norms = [
        t if n is None else n
        for _, a in articles
        for t, n in zip(a.texts, a.chunk.norms, strict=True)
    ]
    vocab = "\0".join(t for _, a in articles for t in a.chunk.terms)

    def cat(parts: list[np.ndarray], dtype: type) -> np.ndarray:
        return np.concatenate(parts).astype(dtype) if parts else np.empty(0, dtype)

    arrays = {
        **TextTable.from_strings(texts).to_arrays("texts"),
        **TextTable.from_strings(norms).to_arrays("norms"),
        "vocab": np.frombuffer(vocab.encode("utf-8"), dtype=np.uint8),
        "paragraph": cat([np.array(a.paragraphs) for _, a in articles], np.int32),
        "headline": cat([np.array(a.headlines, bool) for _, a in articles], np.bool_),
        "deictic": cat([a.chunk.deictic for _, a in articles], np.bool_),
        "lengths": cat([a.chunk.lengths for _, a in articles], np.int64),
        "ids": cat([a.chunk.ids for _, a in articles], np.int32),
    }
    meta = {
        "articles": [
            [name, *_source_row(a.source), a.digest, len(a.texts), len(a.chunk.terms)]
            for name, a in articles
        ]
    }
    return store.write_part(folder, name, arrays, meta)


def shape(source: Source, digest: str, paragraphs: Sequence[int], headlines: Sequence[bool]) -> str:
    """A fingerprint of what an article contributes besides its text's digest: an edit that
    changes only its front matter or its paragraph breaks is a change too."""
    row = [_source_row(source), digest, [int(p) for p in paragraphs], [bool(h) for h in headlines]]
    return hashlib.sha256(json.dumps(row, ensure_ascii=False).encode()).hexdigest()[:32]


def _source_row(s: Source) -> list[str | None]:
    return [s.title, s.paper, s.date, s.path, s.place, s.url]


def read_segment(folder: Path, name: str, sums: dict[str, str]) -> dict[str, Article]:
    """The articles a segment holds, by file name, as the update that wrote it analysed them."""
    return store.read_part(folder, name, sums, _articles)


def _articles(meta: dict[str, Any], a: dict[str, Any]) -> dict[str, Article]:
    texts = TextTable(a["texts"], a["texts_offsets"])
    norms = TextTable(a["norms"], a["norms_offsets"])
    vocab = a["vocab"].split("\0") if a["vocab"] else []
    out: dict[str, Article] = {}
    s = t = w = 0  # sentence, term and term-id cursors
    for row in meta["articles"]:
        name_, title, paper, date, path, place, url, digest, count, terms = row
        lengths = a["lengths"][s : s + count]
        n_ids = int(lengths.sum())
        chunk = Chunk(
            list(norms[s : s + count]),
            vocab[t : t + terms],
            a["ids"][w : w + n_ids],
            lengths,
            a["deictic"][s : s + count],
        )
        out[name_] = Article(
            Source(title, paper, date, path, place, url),
            digest,
            texts[s : s + count],
            a["paragraph"][s : s + count].tolist(),
            a["headline"][s : s + count].tolist(),
            chunk,
        )
        s, t, w = s + count, t + terms, w + n_ids
    if s != len(texts) or w != len(a["ids"]) or t != len(vocab):
        raise ValueError("a segment disagrees with itself")
    return out
