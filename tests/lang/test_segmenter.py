"""jieba-rs, our segmenter, cuts as the pure-Python jieba does (jieba stays the reference).

Both get the same shipped user dictionary. The one known difference: jieba-rs keeps a run like
"2016-09-12" whole where Python jieba's HMM cuts it into 2016/-/09/-/12.
"""

from __future__ import annotations

import re
from pathlib import Path

import jieba
import numpy as np
import pytest
import yaml

from bot.corpus.article import article_files, read_article, to_document
from bot.lang.normalize import Normalizer
from bot.lang.tokenizer import Tokenizer, _data_lines

ROOT = Path(__file__).resolve().parents[2]
DASHED_NUMBERS = re.compile(r"\d-\d")


@pytest.fixture(scope="module")
def ours() -> Tokenizer:
    return Tokenizer()


@pytest.fixture(scope="module")
def reference() -> jieba.Tokenizer:
    ref = jieba.Tokenizer()
    ref.initialize()
    for line in _data_lines("userdict.txt"):
        parts = line.split()
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        ref.add_word(parts[0], freq, tag)
    return ref


def test_bundled_articles_are_cut_the_same(ours: Tokenizer, reference: jieba.Tokenizer) -> None:
    normalizer = Normalizer()
    corpus = ROOT / "corpus"
    checked = 0
    for path in article_files(corpus):
        article = read_article(path)
        assert article is not None
        for sentence in to_document(article, corpus, 2000).sentences:
            text = normalizer(sentence.text)
            if DASHED_NUMBERS.search(text):
                continue
            assert ours.cut(text) == reference.lcut(text), text
            checked += 1
    assert checked > 80


def test_questions_are_cut_the_same(ours: Tokenizer, reference: jieba.Tokenizer) -> None:
    normalizer = Normalizer()
    questions = []
    for name in ("heldout.yaml", "heldout2.yaml"):
        data = yaml.safe_load((ROOT / "tests" / "data" / name).read_text(encoding="utf-8"))
        questions += [item["q"] for item in data["answerable"]]
        questions += [q if isinstance(q, str) else q["q"] for q in data["unanswerable"]]
    assert len(questions) > 50
    for q in questions:
        text = normalizer.question(q)
        assert ours.cut(text) == reference.lcut(text), q


def test_random_sentences_from_the_dictionary_are_cut_the_same(
    ours: Tokenizer, reference: jieba.Tokenizer
) -> None:
    # Words drawn by their dictionary frequency, as the benchmark's synthetic articles are.
    words, freqs = [], []
    for line in (Path(jieba.__file__).parent / "dict.txt").read_text("utf-8").splitlines():
        word, freq, _ = line.split(" ")
        words.append(word)
        freqs.append(int(freq))
    # One cumulative distribution, searched for every draw at once (not a choice() per
    # sentence, which rebuilds it over 350k words each time).
    cdf = np.cumsum(np.array(freqs, dtype=np.float64))
    rng = np.random.default_rng(7)
    total = 3000
    sizes = rng.integers(8, 41, size=total)
    drawn = np.searchsorted(cdf, rng.random(int(sizes.sum())) * cdf[-1], side="right")
    differ = 0
    for chunk in np.split(drawn, np.cumsum(sizes)[:-1]):
        text = "".join(words[i] for i in chunk) + "。"
        differ += ours.cut(text) != reference.lcut(text)
    # The HMM of unknown runs may part ways on a rare sentence (1 in ~7000 measured).
    assert differ <= total // 500, differ
