"""Tokenizing in worker processes gives exactly what one process gives, duplicates included."""

from __future__ import annotations

import io
import random
from pathlib import Path

import numpy as np
import pytest

from bot.index.build import PARALLEL_FILES, analyse_corpus, progress_bar
from bot.lang.normalize import Normalizer
from bot.lang.tokenizer import Tokenizer

WORDS = [
    "永康",
    "五金",
    "博览会",
    "开幕",
    "企业",
    "参展",
    "温州",
    "大桥",
    "通车",
    "游客",
    "西湖",
    "市民",
    "我市",
    "质量",
    "城市",
    "经济",
    "发展",
    "项目",
    "投资",
    "亿元",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("many")
    rng = random.Random(11)
    bodies = []
    for _ in range(PARALLEL_FILES + 30):
        sentences = [
            "".join(rng.choices(WORDS, k=rng.randint(3, 9))) + "。"
            for _ in range(rng.randint(1, 6))
        ]
        bodies.append("".join(sentences))
    bodies[150] = bodies[20]  # a repeated article: its words must not enter the vocabulary twice
    bodies[160] = bodies[159]  # a repeat inside the same worker batch
    bodies[170] = "独一无二的稀有词汇。" + bodies[40]
    bodies[171] = bodies[170]
    # Two spellings of one term, a stopword and punctuation: words that are not terms as cut.
    bodies[172] = "YRCB银行和yrcb银行的讲师,也在永康。"
    for i, body in enumerate(bodies):
        front = f"---\ntitle: 第{i}篇\nsource: 永康日报\n---\n\n"
        (folder / f"{i:04d}.txt").write_text(front + body + "\n", encoding="utf-8")
    return folder


def test_workers_give_the_same_result_as_one_process(corpus: Path) -> None:
    normalizer, tokenizer = Normalizer(), Tokenizer()
    one = analyse_corpus(corpus, 120, normalizer, tokenizer, workers=1)
    two = analyse_corpus(corpus, 120, normalizer, tokenizer, workers=2)
    assert one.texts == two.texts and one.digests == two.digests
    assert len(one.sources) == PARALLEL_FILES + 30 - 3
    assert list(one.analysed.vocab) == list(two.analysed.vocab)
    assert np.array_equal(one.analysed.sent_terms, two.analysed.sent_terms)
    assert np.array_equal(one.analysed.sent_offsets, two.analysed.sent_offsets)
    assert one.analysed.norms == two.analysed.norms
    assert np.array_equal(one.doc, two.doc) and np.array_equal(one.position, two.position)
    # The vocabulary is numbered by first use over the kept sentences, as rank-bm25 does.
    tokens = [tokenizer.tokenize(normalizer(t)) for t in one.texts]
    assert list(one.analysed.vocab) == list(dict.fromkeys(w for sent in tokens for w in sent))
    flat = [one.analysed.vocab[w] for sent in tokens for w in sent]
    assert one.analysed.sent_terms.tolist() == flat


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal() -> None:
    assert progress_bar(io.StringIO()) is None
    out = Terminal()
    show = progress_bar(out)
    assert show is not None
    show(5, 10)
    show(10, 10)
    assert out.getvalue().startswith("\rindexing [") and out.getvalue().endswith("10/10\n")
