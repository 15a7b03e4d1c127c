"""BM25 over sentence tokens, scored through numpy postings.

The formula is rank-bm25's BM25Okapi (same idf with its epsilon floor, same
length normalisation); tests check the scores equal `BM25Okapi.get_scores`.
Postings let a question touch only the sentences that share a term with it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.model import Hit

EPSILON = 0.25  # rank-bm25's floor for negative idf, as a share of the average idf


@dataclass
class Postings:
    """Per-term sentence ids and precomputed BM25 weights, CSR style."""

    offsets: np.ndarray  # int64, len(vocab) + 1
    ids: np.ndarray  # int32 sentence ids, grouped by term
    weights: np.ndarray  # float32 weights, parallel to ids


class Index:
    """A BM25 index over tokenized sentences."""

    def __init__(
        self,
        vocab: dict[str, int],
        idf: np.ndarray,
        postings: Postings,
        sent_offsets: np.ndarray,
        sent_terms: np.ndarray,
        k1: float,
        b: float,
    ) -> None:
        self.vocab = vocab
        self.idf = idf
        self.postings = postings
        self.sent_offsets = sent_offsets  # int64, n_sentences + 1
        self.sent_terms = sent_terms  # int32 term ids of each sentence, in order
        self.k1 = k1
        self.b = b
        self.size = len(sent_offsets) - 1
        # An unseen term is rarer than any seen one: weight it like a term found once.
        self.max_idf = math.log((self.size + 0.5) / 1.5) if self.size else 1.0

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
    ) -> Index:
        """Build postings from the flat term ids of all sentences."""
        n = len(sent_offsets) - 1
        lengths = np.diff(sent_offsets)
        sent_of_token = np.repeat(np.arange(n, dtype=np.int64), lengths)
        # One key per (term, sentence) pair; its count is the term frequency.
        keys = sent_terms.astype(np.int64) * max(n, 1) + sent_of_token
        pairs, tf = np.unique(keys, return_counts=True)
        term = (pairs // max(n, 1)).astype(np.int64)
        sent = (pairs % max(n, 1)).astype(np.int32)
        df = np.bincount(term, minlength=len(vocab)).astype(np.float64)
        idf = np.log(n - df + 0.5) - np.log(df + 0.5)
        if len(idf):
            eps = EPSILON * float(idf.mean())
            idf = np.where(idf < 0, eps, idf)
        avgdl = float(lengths.mean()) if n else 0.0
        norm = k1 * (1 - b + b * lengths[sent] / avgdl) if avgdl else np.full(len(sent), k1)
        weights = (idf[term] * tf * (k1 + 1) / (tf + norm)).astype(np.float32)
        offsets = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(np.bincount(term, minlength=len(vocab)), out=offsets[1:])
        postings = Postings(offsets, sent, weights)
        return cls(vocab, idf, postings, sent_offsets, sent_terms.astype(np.int32), k1, b)

    def term_idf(self, term: str) -> float:
        """The idf of a term; unseen terms get the largest possible idf."""
        tid = self.vocab.get(term)
        return float(self.idf[tid]) if tid is not None else self.max_idf

    def _posting(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        tid = self.vocab.get(term)
        if tid is None:
            return np.empty(0, np.int32), np.empty(0, np.float32)
        lo, hi = self.postings.offsets[tid], self.postings.offsets[tid + 1]
        return self.postings.ids[lo:hi], self.postings.weights[lo:hi]

    def scores(self, query: Sequence[str]) -> np.ndarray:
        """Dense BM25 scores of every sentence, as rank-bm25's get_scores computes them."""
        out = np.zeros(self.size, dtype=np.float64)
        for term in query:
            ids, weights = self._posting(term)
            out[ids] += weights
        return out

    def search(self, groups: Sequence[Sequence[str]], k: int) -> list[Hit]:
        """Top-k sentences for a query of term groups; a group scores its best-matching term."""
        parts_ids: list[np.ndarray] = []
        parts_w: list[np.ndarray] = []
        for group in groups:
            found = [p for p in (self._posting(t) for t in dict.fromkeys(group)) if len(p[0])]
            if not found:
                continue
            if len(found) == 1:
                ids, w = found[0]
            else:
                ids, w = _max_per_id(found)
            parts_ids.append(ids)
            parts_w.append(w)
        if not parts_ids:
            return []
        ids = np.concatenate(parts_ids)
        w = np.concatenate(parts_w).astype(np.float64)
        uniq, inverse = np.unique(ids, return_inverse=True)
        totals = np.bincount(inverse, weights=w)
        if len(uniq) > k:
            top = np.argpartition(-totals, k - 1)[:k]
        else:
            top = np.arange(len(uniq))
        # Ties break on sentence order so results are stable.
        order = top[np.lexsort((uniq[top], -totals[top]))]
        return [Hit(int(uniq[i]), float(totals[i])) for i in order]

    def sentence_terms(self, sid: int) -> np.ndarray:
        """Term ids of one sentence, in order."""
        return self.sent_terms[self.sent_offsets[sid] : self.sent_offsets[sid + 1]]


def _max_per_id(found: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    ids = np.concatenate([f[0] for f in found])
    w = np.concatenate([f[1] for f in found])
    order = np.lexsort((-w, ids))
    ids, w = ids[order], w[order]
    first = np.ones(len(ids), dtype=bool)
    first[1:] = ids[1:] != ids[:-1]
    return ids[first], w[first]
