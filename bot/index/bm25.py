"""BM25 over sentence tokens, scored through numpy postings.

The formula is rank-bm25's BM25Okapi, computed with the same float64 operations in the
same order, so scores equal `BM25Okapi.get_scores` bit for bit (tests check it). Postings
let a question touch only the sentences that share a term with it; their weights are
computed as it reads them, from term frequencies (bot.index.postings.weigh). A question
with few postings scores them all; otherwise a MaxScore bound skips the long postings of
common terms whenever they cannot change the top k.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from bot.index import postings as post
from bot.index import topk
from bot.index.postings import CorpusStats, Postings, okapi_idf
from bot.index.tables import Flat
from bot.index.topk import Part
from bot.model import Hit

# Below this many postings in a query, scoring them all beats MaxScore's bookkeeping
# (interleaved A/B over the benchmark's questions at 1M sentences).
DENSE_BELOW = 50_000


class Index:
    """A BM25 index over tokenized sentences."""

    dense_below = DENSE_BELOW  # tests lower it to reach the pruned path on small corpora

    def __init__(
        self,
        vocab: Mapping[str, int],
        idf: np.ndarray,
        postings: Postings,
        sent_offsets: np.ndarray,
        sent_terms: np.ndarray | Flat,
        k1: float,
        b: float,
        shapes: np.ndarray,
        tops: tuple[np.ndarray, np.ndarray] | None = None,
        corpus_size: int | None = None,
        avgdl: float | None = None,
        term_max: np.ndarray | None = None,
    ) -> None:
        self.vocab = vocab
        self.idf = idf
        self.postings = postings
        self.sent_offsets = sent_offsets  # int64, n_sentences + 1
        # int32 term ids of each sentence, in order (in pieces after an update)
        self.sent_terms = sent_terms if isinstance(sent_terms, Flat) else Flat([sent_terms])
        self.k1 = k1
        self.b = b
        self.size = len(sent_offsets) - 1
        if avgdl is None:
            avgdl = int(sent_offsets[-1] - sent_offsets[0]) / self.size if self.size else 1.0
        self.avgdl = avgdl
        self.shapes = shapes  # int32 (rows, 2): the (tf, dl) pair of each shape
        self.parts = post.shape_parts(shapes, k1, b, avgdl)  # its weight before the idf
        # Each term's largest weight, the MaxScore bound: known after a build, else computed
        # on first use and kept (a new engine's weights all differ from the old one's).
        self.term_max = term_max
        self._bounds: dict[int, float] = {}
        self.words: list[str] | None = None  # id → term, when known (see terms())
        # (offsets, ids): per term with more than TOP postings, its TOP best sentences.
        self.tops = post.tops(postings, self.weigh) if tops is None else tops
        # An unseen term is rarer than any seen one: weight it like a term found once.
        n = self.size if corpus_size is None else corpus_size
        self.max_idf = math.log((n + 0.5) / 1.5) if n else 1.0

    @classmethod
    def build(cls, tokens: Sequence[Sequence[str]], k1: float = 1.5, b: float = 0.75) -> Index:
        """Index one token list per sentence."""
        vocab: dict[str, int] = {}
        lengths = np.fromiter((len(t) for t in tokens), dtype=np.int64, count=len(tokens))
        flat = np.fromiter(
            (vocab.setdefault(w, len(vocab)) for sent in tokens for w in sent),
            dtype=np.int32,
            count=int(lengths.sum()),
        )
        sent_offsets = np.zeros(len(tokens) + 1, dtype=np.int64)
        np.cumsum(lengths, out=sent_offsets[1:])
        return cls.from_arrays(vocab, flat, sent_offsets, k1, b)

    @classmethod
    def from_arrays(
        cls,
        vocab: dict[str, int],
        sent_terms: np.ndarray,
        sent_offsets: np.ndarray,
        k1: float,
        b: float,
        stats: CorpusStats | None = None,
    ) -> Index:
        """Build postings from the flat term ids of all sentences (term ids by first use);
        with `stats`, weigh them by the whole corpus's idf and average length instead."""
        n = len(sent_offsets) - 1
        lengths = np.diff(sent_offsets)
        sent_terms = sent_terms.astype(np.int32, copy=False)
        # One key per (term, sentence) pair; its count is the term frequency.
        keys = sent_terms.astype(np.int64)
        keys *= max(n, 1)
        keys += np.repeat(np.arange(n, dtype=np.int64), lengths)
        keys.sort()
        first = np.ones(len(keys), dtype=bool)
        first[1:] = keys[1:] != keys[:-1]
        starts = np.flatnonzero(first)
        pairs = keys[starts]
        tf = np.diff(np.append(starts, len(keys)))
        del keys, first, starts
        term = pairs // max(n, 1)
        sent = (pairs % max(n, 1)).astype(np.int32)
        del pairs
        df = np.bincount(term, minlength=len(vocab))
        idf = okapi_idf(df.tolist(), n) if stats is None else stats.idf
        avgdl = int(lengths.sum()) / n if n else 1.0
        if stats is not None and stats.sentences:
            avgdl = stats.length / stats.sentences
        shapes, shape = post.shapes_of(tf, lengths[sent])
        del tf
        # The weights, once, for the MaxScore seeds and bounds; then let go: a question
        # computes those it reads.
        weights = post.shape_parts(shapes, k1, b, avgdl).take(shape)
        weights *= idf[term]
        del term
        offsets = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(df, out=offsets[1:])
        postings = Postings(offsets, sent, shape)
        tops = post.tops(postings, lambda tid, where: weights[where])
        bounds = post.term_max(postings, weights)
        size = None if stats is None else stats.sentences
        return cls(
            vocab, idf, postings, sent_offsets, sent_terms, k1, b, shapes, tops, size, avgdl, bounds
        )

    def to_arrays(self) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        """The postings, idf and per-sentence terms as named arrays, with JSON metadata."""
        # By id; a term no live sentence holds any more (after an update) is saved as "".
        # Terms never hold NUL: the normaliser removes it.
        vocab = "\0".join(self.terms())
        arrays = {
            "idf": self.idf,
            "post_offsets": self.postings.offsets,
            "post_ids": self.postings.ids,
            "post_shape": self.postings.shape,
            "shapes": self.shapes,
            "sent_offsets": self.sent_offsets,
            "sent_terms": self.sent_terms.array(),
            "top_offsets": self.tops[0],
            "top_ids": self.tops[1],
            "vocab": np.frombuffer(vocab.encode("utf-8"), dtype=np.uint8),
        }
        return arrays, {"k1": self.k1, "b": self.b, "terms": len(self.idf)}

    @classmethod
    def restore(cls, meta: dict[str, Any], a: dict[str, Any]) -> Index:
        """The index to_arrays saved (vocab handed over decoded); ValueError if it disagrees."""
        terms = a["vocab"].split("\0") if meta["terms"] else []
        if len(terms) != meta["terms"]:
            raise ValueError("vocabulary size disagrees")
        vocab = dict(zip(terms, range(len(terms)), strict=True))  # terms are distinct...
        vocab.pop("", None)  # ...but for the ids no term holds any more
        postings = Postings(a["post_offsets"], a["post_ids"], a["post_shape"])
        if len(postings.offsets) != len(terms) + 1 or len(a["idf"]) != len(terms):
            raise ValueError("postings and vocabulary disagree")
        index = cls(
            vocab,
            a["idf"],
            postings,
            a["sent_offsets"],
            a["sent_terms"],
            float(meta["k1"]),
            float(meta["b"]),
            a["shapes"].reshape(-1, 2),
            (a["top_offsets"], a["top_ids"]),
        )
        index.words = terms
        return index

    def terms(self) -> list[str]:
        """The vocabulary by id ("" for an id no term holds): kept once made."""
        if self.words is None:
            self.words = terms_by_id(self.vocab, len(self.idf))
        return self.words

    def term_idf(self, term: str) -> float:
        """The idf of a term; unseen terms get the largest possible idf."""
        tid = self.vocab.get(term)
        return float(self.idf[tid]) if tid is not None else self.max_idf

    def weigh(self, tid: int, where: slice | np.ndarray) -> np.ndarray:
        """The weights of a term's postings at `where` (a slice or positions)."""
        return self.parts.take(self.postings.shape[where]) * self.idf[tid]

    def weights_of(self, tid: int) -> np.ndarray:
        """The weights of one term's postings, parallel to its ids."""
        return self.weigh(tid, slice(self.postings.offsets[tid], self.postings.offsets[tid + 1]))

    def _posting(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        tid = self.vocab.get(term)
        if tid is None:
            return np.empty(0, np.int32), np.empty(0, np.float64)
        return self._slice(tid)

    def scores(self, query: Sequence[str]) -> np.ndarray:
        """Dense BM25 scores of every sentence, as rank-bm25's get_scores computes them."""
        out = np.zeros(self.size, dtype=np.float64)
        for term in query:
            ids, weights = self._posting(term)
            out[ids] += weights
        return out

    def search(self, groups: Sequence[Sequence[str]], k: int) -> list[Hit]:
        """Top-k sentences for a query of term groups; a group scores its best-matching term.

        Ties break on sentence order. The result is exact: a group is skipped as a source of
        candidates only when all such skipped groups together score below the k-th best.
        """
        if k < 1:
            raise ValueError("k must be at least 1")
        parts, found_tids = self._parts(groups)
        if not parts:
            return []
        if sum(len(p.ids) for p in parts) < self.dense_below:
            return topk.exhaustive_top([(p.ids, self._weights(p)) for p in parts], k)
        theta = self._threshold(parts, found_tids, k)
        # MaxScore: the weakest groups whose bounds sum below theta cannot lift a sentence
        # into the top k on their own, so only the other groups supply candidates.
        bounds = [max(self._term_bound(tid) for tid in p.tids) for p in parts]
        essential = list(range(len(parts)))
        spent = 0.0
        for g in sorted(range(len(parts)), key=lambda g: bounds[g]):
            spent += bounds[g]
            if spent * (1 + 1e-9) >= theta:
                break
            essential.remove(g)
        cand = topk.union([parts[g].ids for g in essential])
        totals = self._totals(parts, cand)
        return topk.top(cand, totals, k)

    def scores_of(self, groups: Sequence[Sequence[str]], sids: np.ndarray) -> np.ndarray:
        """The query's full scores of the given sentences (ascending, distinct ids), as search
        would give them."""
        parts, _ = self._parts(groups)
        return self._totals(parts, sids) if parts else np.zeros(len(sids))

    def _parts(self, groups: Sequence[Sequence[str]]) -> tuple[list[Part], list[int]]:
        """Each group's postings (a group scores its best-matching term), and the term ids."""
        offsets = self.postings.offsets
        parts: list[Part] = []
        found_tids: list[int] = []
        for group in groups:
            tids = [t for t in (self.vocab.get(w) for w in dict.fromkeys(group)) if t is not None]
            found = [tid for tid in tids if offsets[tid + 1] > offsets[tid]]
            if not found:
                continue
            if len(found) == 1:
                lo, hi = int(offsets[found[0]]), int(offsets[found[0] + 1])
                parts.append(Part(self.postings.ids[lo:hi], found, lo))
            else:
                ids, w = topk.max_per_id([self._slice(tid) for tid in found])
                parts.append(Part(ids, found, -1, w))
            found_tids.extend(found)
        return parts, found_tids

    def _slice(self, tid: int) -> tuple[np.ndarray, np.ndarray]:
        lo, hi = int(self.postings.offsets[tid]), int(self.postings.offsets[tid + 1])
        return self.postings.ids[lo:hi], self.weigh(tid, slice(lo, hi))

    def _weights(self, part: Part, at: np.ndarray | None = None) -> np.ndarray:
        """A part's weights, all of them or those at some of its positions."""
        if part.weights is not None:
            return part.weights if at is None else part.weights[at]
        if at is None:
            return self.weigh(part.tids[0], slice(part.lo, part.lo + len(part.ids)))
        return self.weigh(part.tids[0], part.lo + at)

    def _term_bound(self, tid: int) -> float:
        if self.term_max is not None:
            return float(self.term_max[tid])
        bound = self._bounds.get(tid)
        if bound is None:  # several threads may compute it: the same value
            bound = self._bounds[tid] = float(self.weights_of(tid).max())
        return bound

    def _threshold(self, parts: list[Part], tids: list[int], k: int) -> float:
        """A lower bound on the k-th best score: the k-th best full score among the sentences
        that weigh most for some query term."""
        top_offsets, top_ids = self.tops
        offsets, ids = self.postings.offsets, self.postings.ids
        seeds = []
        for tid in tids:
            lo, hi = top_offsets[tid], top_offsets[tid + 1]
            seeds.append(top_ids[lo:hi] if hi > lo else ids[offsets[tid] : offsets[tid + 1]])
        cand = topk.union(seeds)
        if len(cand) < k:
            return 0.0
        totals = self._totals(parts, cand)
        return float(np.partition(totals, len(totals) - k)[len(totals) - k])

    def _totals(self, parts: list[Part], cand: np.ndarray) -> np.ndarray:
        """Full scores of candidate sentences (ascending ids), summed group by group in query
        order. Each group is matched from its shorter side: a short posting list is looked
        up among the candidates, the candidates are looked up in a long one (whose weights
        are computed only where a candidate stands)."""
        out = np.zeros(len(cand), dtype=np.float64)
        for part in parts:
            if len(part.ids) <= len(cand):
                pos, hit = topk.locate(cand, part.ids)
                out[pos[hit]] += self._weights(part)[hit]  # ids are distinct within a part
            else:
                pos, hit = topk.locate(part.ids, cand)
                out[hit] += self._weights(part, pos[hit])
        return out

    def posting_weights(self) -> np.ndarray:
        """Every posting's weight, parallel to postings.ids (for tests and comparisons)."""
        p = self.postings
        return self.parts.take(p.shape) * np.repeat(self.idf, np.diff(p.offsets))

    def sentence_terms(self, sid: int) -> np.ndarray:
        """Term ids of one sentence, in order."""
        return self.sent_terms.slice(int(self.sent_offsets[sid]), int(self.sent_offsets[sid + 1]))


def terms_by_id(vocab: Mapping[str, int], size: int | None = None) -> list[str]:
    """The vocabulary as a list: id → term; "" for the ids below `size` no term holds."""
    terms = [""] * (len(vocab) if size is None else size)
    for term, tid in vocab.items():
        terms[tid] = term
    return terms
