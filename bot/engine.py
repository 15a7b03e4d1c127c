"""One immutable snapshot of the corpus: documents, sentences, their tokens and the index."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.config import Config
from bot.corpus import load_corpus
from bot.index import Index
from bot.model import Document, Sentence
from bot.text import Normalizer, Tokenizer

logger = logging.getLogger(__name__)

# Words by which an article speaks of its own city or paper.
DEICTIC = ("我市", "本市", "全市", "该市", "市委", "市政府", "我县", "本县", "全县", "我区",
           "本区", "我省", "本省", "本报", "市民", "我们")


@dataclass
class Engine:
    """Everything a question is answered from; replaced whole on reload, never mutated."""

    documents: list[Document]
    sentences: list[Sentence]
    norms: list[str]  # normalised text of each sentence, for matching and extraction
    index: Index
    build_seconds: float
    doc_context: list[frozenset[str]]  # place/paper terms each article implies
    doc_title_terms: list[frozenset[str]]
    deictic: np.ndarray  # bool per sentence: speaks of "our city"

    @classmethod
    def build(cls, config: Config, normalizer: Normalizer, tokenizer: Tokenizer,
              corpus_dir: Path | None = None) -> Engine:
        """Load the corpus folder and index it."""
        started = time.perf_counter()
        documents = load_corpus(corpus_dir or config.corpus_dir, config.corpus.max_sentence_chars)
        sentences = [s for d in documents for s in d.sentences]
        norms = [normalizer(s.text) for s in sentences]
        tokens = [tokenizer.tokenize(n) for n in norms]
        index = Index.build(tokens, config.retrieval.k1, config.retrieval.b)
        return cls.assemble(documents, sentences, norms, index, normalizer, tokenizer,
                            time.perf_counter() - started)

    @classmethod
    def assemble(cls, documents: list[Document], sentences: list[Sentence], norms: list[str],
                 index: Index, normalizer: Normalizer, tokenizer: Tokenizer,
                 seconds: float) -> Engine:
        """Derive the per-article context from loaded parts."""
        context = []
        titles = []
        for d in documents:
            words = {d.source.place, d.source.paper, *tokenizer.tokenize(normalizer(d.source.place)),
                     *tokenizer.tokenize(normalizer(d.source.paper))}
            context.append(frozenset(w.lower() for w in words if w))
            titles.append(frozenset(tokenizer.tokenize(normalizer(d.source.title))))
        deictic = np.fromiter((any(w in n for w in DEICTIC) for n in norms), dtype=bool,
                              count=len(norms))
        engine = cls(documents, sentences, norms, index, seconds, context, titles, deictic)
        logger.info("indexed %d articles, %d sentences in %.2fs", len(documents),
                    len(sentences), seconds)
        return engine

    def neighbours(self, sid: int, reach: int = 1) -> list[int]:
        """Sentence ids next to sid within the same article."""
        doc = self.sentences[sid].doc
        return [n for n in range(sid - reach, sid + reach + 1)
                if n != sid and 0 <= n < len(self.sentences) and self.sentences[n].doc == doc]
