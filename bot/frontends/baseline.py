"""The comparison row: plain BM25 (rank-bm25's BM25Okapi) over the bot's own sentences.

What "twenty lines of jieba + rank-bm25" does: the same sentences as the bot's index (same
cleaning and sentence split), the same normaliser and tokenizer, BM25Okapi with its default
k1 = 1.5, b = 0.75, epsilon = 0.25, the best-scoring sentences in order, never a refusal and
no short answer.
"""

from __future__ import annotations

import numpy as np
from rank_bm25 import BM25Okapi

from bot.answer.qa import QA


class PlainBM25:
    """Rank the sentences of a QA service's engine by plain BM25; never refuse."""

    def __init__(self, qa: QA) -> None:
        engine = qa.engine
        self._normalizer, self._tokenizer = qa.normalizer, qa.tokenizer
        self.sentences = [s.text for s in engine.sentences]
        self._bm25 = BM25Okapi([self._tokenizer.tokenize(norm) for norm in engine.norms])

    def top(self, question: str, k: int = 3) -> list[str]:
        """The k best sentences' texts, best first (ties in sentence order)."""
        tokens = self._tokenizer.tokenize(self._normalizer.question(question))
        scores = np.asarray(self._bm25.get_scores(tokens))
        best = np.argsort(-scores, kind="stable")[:k]
        return [self.sentences[i] for i in best.tolist()]
