"""Retrieval on a cluster: per question, the share of the corpus that can answer it, as an Engine.

The cluster ranks sentences by its own BM25 (shard-local idf) for the question's words; the
articles of its best K come back whole, with their metadata, and become a small Engine whose
index is weighed by the whole corpus's statistics (sentence count, total length, each
question word's document frequency). Its BM25 scores are then the embedded index's, so the
unchanged answer stage gives the same answer whenever the cluster's K hold the embedded
top candidates. A replica keeps nothing between questions but a cache of word kinds.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bot.index.bm25 import Index
from bot.index.postings import CorpusStats
from bot.index.snapshot import Engine
from bot.index.sphinxql import RANKER, STATS_KEY, Client, SearchUnavailable, doc_key, token
from bot.index.tables import SentenceSlice, SentenceTable, TextTable
from bot.lang.names import indexed_kinds
from bot.lang.tokenizer import Tokenizer
from bot.model import Document, Source

logger = logging.getLogger(__name__)

MAX_ROWS = 50_000  # sentences fetched for one question at most (whole articles)
_KINDS_CACHED = 200_000


@dataclass(frozen=True)
class ClusterStats:
    """The whole corpus's counts, as every shard's statistics row states them."""

    sentences: int
    length: int
    eps: float  # rank-bm25's floor for a negative idf
    articles: int
    shards: int
    places: frozenset[str]

    def idf(self, df: int) -> float:
        """rank-bm25's idf of a term found in df sentences (bot.index.postings.okapi_idf)."""
        n = self.sentences
        value = math.log(n - df + 0.5) - math.log(df + 0.5)
        return self.eps if value < 0 else value


class ClusterRetrieval:
    """Builds each question's Engine from a cluster's distributed table."""

    def __init__(
        self,
        client: Client,
        tokenizer: Tokenizer,
        k1: float,
        b: float,
        candidates: int = 100,
    ) -> None:
        self.client = client
        self.tokenizer = tokenizer
        self.k1, self.b = k1, b
        self.candidates = candidates
        self._kinds: dict[str, int] = {}

    def empty(self) -> Engine:
        """An Engine with no articles: what a replica holds between questions."""
        return self.build([], {}, ClusterStats(0, 0, 0.0, 0, 0, frozenset()))

    def stats(self) -> ClusterStats:
        """The corpus's counts; SearchUnavailable unless every shard answers."""
        rows, _ = self.client.select(
            f"SELECT id, data FROM {self.client.table} WHERE MATCH('@dockey {STATS_KEY}') "
            "LIMIT 1000"
        )
        if not rows:
            raise SearchUnavailable("the cluster holds no statistics rows (not indexed?)")
        first = json.loads(rows[0][1])
        if len(rows) != first["shards"]:
            raise SearchUnavailable(f"{len(rows)} of {first['shards']} shards answer")
        return ClusterStats(
            sentences=int(first["sentences"]),
            length=int(first["length"]),
            eps=float(first["eps"]),
            articles=int(first["articles"]),
            shards=int(first["shards"]),
            places=frozenset(first["places"]),
        )

    def known(self, words: Collection[str]) -> dict[str, int]:
        """The words the corpus has, with how many sentences hold each; nothing is fetched."""
        tokens = {token(w): w for w in dict.fromkeys(words) if w}
        if not tokens:
            return {}
        _, meta = self.client.select(
            f"SELECT id FROM {self.client.table} WHERE MATCH('@words {' | '.join(tokens)}') "
            "LIMIT 1 OPTION max_matches=1"
        )
        df = _counts(meta, tokens)
        return {w: n for w, n in df.items() if n > 0}

    def engine_for(
        self, words: Collection[str], known: dict[str, int] | None = None
    ) -> tuple[Engine, ClusterStats]:
        """The Engine of the articles that best match any of the words, and the corpus counts;
        `known` (from `known`) are further words its vocabulary holds, not searched for."""
        stats = self.stats()
        tokens = {token(w): w for w in dict.fromkeys(words) if w}
        if not tokens:
            return self.build([], dict(known or {}), stats), stats
        table = self.client.table
        ranker = RANKER.format(k1=self.k1, b=self.b)
        k = self.candidates
        hits, meta = self.client.select(
            f"SELECT id, doc FROM {table} WHERE MATCH('@words {' | '.join(tokens)}') "
            f"LIMIT {k} OPTION {ranker}, max_matches={k}"
        )
        df = {**(known or {}), **_counts(meta, tokens)}
        docs = sorted({int(doc) for _, doc in hits})
        rows: list[tuple[Any, ...]] = []
        if docs:
            keys = " | ".join(doc_key(d) for d in docs)
            rows, meta = self.client.select(
                "SELECT id, doc, paragraph, position, headline, deictic, data "
                f"FROM {table} WHERE MATCH('@dockey {keys}') ORDER BY id ASC "
                f"LIMIT {MAX_ROWS} OPTION max_matches={MAX_ROWS}"
            )
            if int(meta.get("total_found", 0)) > len(rows):
                logger.warning("a question's articles exceed %d sentences: some left out", MAX_ROWS)
        return self.build(rows, df, stats), stats

    def build(
        self, rows: Sequence[tuple[Any, ...]], df: dict[str, int], stats: ClusterStats
    ) -> Engine:
        """An Engine over whole articles' rows (in sentence order), weighed by the corpus."""
        articles = _articles(rows)
        vocab: dict[str, int] = {}
        ids: list[int] = []
        lengths: list[int] = []
        texts: list[str] = []
        norms: list[str] = []
        columns: list[list[int]] = [[], [], [], []]  # doc, paragraph, position, headline
        deictic: list[bool] = []
        sids: list[int] = []  # Sphinx ids are the corpus's sentence ids + 1
        documents, contexts, titles = [], [], []
        for mini, (meta, sentences) in enumerate(articles):
            start = len(texts)
            for row_id, _, paragraph, position, headline, deictic_flag, data in sentences:
                sids.append(int(row_id) - 1)
                terms = data["w"]
                ids.extend(vocab.setdefault(t, len(vocab)) for t in terms)
                lengths.append(len(terms))
                texts.append(data["t"])
                norms.append(data.get("n", data["t"]))
                for column, value in zip(
                    columns, (mini, paragraph, position, headline), strict=True
                ):
                    column.append(int(value))
                deictic.append(bool(deictic_flag))
            source = Source(
                meta["title"], meta["paper"], meta["date"], meta["path"], meta["place"], meta["url"]
            )
            documents.append((source, start, len(texts), meta["digest"]))
            contexts.append(frozenset(meta["context"]))
            titles.append(frozenset(meta["titles"]))
        for word in df:  # words of the corpus these articles lack: known, with no postings
            if df[word] > 0:
                vocab.setdefault(word, len(vocab))
        idf = np.zeros(len(vocab), dtype=np.float64)  # only the question's words are weighed
        for word, count in df.items():
            if count > 0:
                idf[vocab[word]] = stats.idf(count)
        offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(np.array(lengths, dtype=np.int64), out=offsets[1:])
        index = Index.from_arrays(
            vocab,
            np.array(ids, dtype=np.int32),
            offsets,
            self.k1,
            self.b,
            stats=CorpusStats(stats.sentences, stats.length, idf),
        )
        doc, paragraph, position, headline = (np.array(c, dtype=np.int32) for c in columns)
        table = SentenceTable(
            TextTable.from_strings(texts), doc, paragraph, position, headline.astype(bool)
        )
        docs = [
            Document(source, SentenceSlice(table, lo, hi), digest)  # type: ignore[arg-type]
            for source, lo, hi, digest in documents
        ]
        return Engine(
            docs,
            table,
            TextTable.from_strings(norms),
            index,
            0.0,
            contexts,
            titles,
            np.array(deictic, dtype=bool),
            self._word_kinds(vocab),
            corpus_ids=np.array(sids, dtype=np.int64),
        )

    def _word_kinds(self, vocab: dict[str, int]) -> np.ndarray:
        """bot.lang.names.word_kinds of the vocabulary, remembered across questions."""
        cache = self._kinds
        if len(cache) > _KINDS_CACHED:
            cache.clear()
        out = np.zeros(len(vocab), dtype=np.uint8)
        for word, tid in vocab.items():
            kind = cache.get(word)
            if kind is None:
                kind = cache[word] = indexed_kinds(word, self.tokenizer)
            out[tid] = kind
        return out


def _counts(meta: dict[str, str], tokens: dict[str, str]) -> dict[str, int]:
    """Each searched word's sentence count, from the query's meta (keyword[i], docs[i])."""
    return {
        tokens[value]: int(meta[f"docs[{key[8:-1]}]"])
        for key, value in meta.items()
        if key.startswith("keyword[") and value in tokens
    }


def _articles(
    rows: Sequence[tuple[Any, ...]],
) -> list[tuple[dict[str, Any], list[tuple[Any, ...]]]]:
    """Rows grouped by article, each with its metadata; an incomplete article is left out."""
    out: list[tuple[dict[str, Any], list[tuple[Any, ...]]]] = []
    current: list[tuple[Any, ...]] = []
    for row in rows:
        parsed = (*row[:6], json.loads(row[6]))
        if current and int(current[0][1]) != int(row[1]):
            _close(current, out)
            current = []
        current.append(parsed)
    if current:
        _close(current, out)
    return out


def _close(
    sentences: list[tuple[Any, ...]], out: list[tuple[dict[str, Any], list[tuple[Any, ...]]]]
) -> None:
    meta = sentences[0][6].get("a")
    if meta is None or meta["count"] != len(sentences):
        logger.warning("article %s came back incomplete; left out", sentences[0][1])
        return
    out.append((meta, sentences))
