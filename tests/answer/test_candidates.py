"""Candidate sentences: the best hit's article adds its sentences that hold the rest of the
question when its title names the question's subject (the subject dropped after the title)."""

from __future__ import annotations

import numpy as np
import pytest
from corpora import qa_over

from bot.answer.candidates import _article, gather
from bot.answer.qa import QA

ARTICLES = {
    "flower.txt": """---
title: 夜来香
source: 百科
date: 2020-05-20
---
夜来香是一种藤本植物,花在夜间散发香味。

它的茎细长,叶片呈心形。

花期在每年五月至八月。

主要分布于亚洲南部和华南地区。
""",
    "peach.txt": """---
title: 桃树
source: 百科
date: 2020-05-21
---
桃树是一种落叶小乔木。

桃树在中国各地都有分布。
""",
}


@pytest.fixture(scope="module")
def qa(tmp_path_factory: pytest.TempPathFactory) -> QA:
    return qa_over(ARTICLES, tmp_path_factory.mktemp("corpus"))


def _gathered(qa: QA, question: str) -> dict[str, float]:
    engine, layout = qa._state
    q = qa.ranked(question).question
    terms = qa._terms.terms(engine, q)
    return {engine.sentences[c.sid].text: c.bm25 for c in gather(engine, layout, terms, 1)}


def test_the_titled_articles_sentence_that_drops_the_subject_is_a_candidate(qa: QA) -> None:
    found = _gathered(qa, "夜来香分布在哪里")
    answer = "主要分布于亚洲南部和华南地区。"
    assert answer in found
    assert found[answer] > 0  # scored by the question's BM25, not taken as a neighbour
    assert qa.answer("夜来香分布在哪里").sentence == answer


def test_an_article_whose_title_names_no_question_term_adds_nothing(qa: QA) -> None:
    found = _gathered(qa, "藤本植物在夜间散发什么")
    assert "主要分布于亚洲南部和华南地区。" not in found
    assert "花期在每年五月至八月。" not in found


@pytest.mark.parametrize("sizes", [[1], [3, 1, 2], [64, 65, 1], [5000], [2, 130, 7, 1000, 3]])
def test_an_articles_sentences_are_found_however_long_it_is(sizes: list[int]) -> None:
    doc = np.repeat(np.arange(len(sizes), dtype=np.int32), sizes)
    starts = np.concatenate([[0], np.cumsum(sizes)])
    for a, (lo, hi) in enumerate(zip(starts[:-1], starts[1:], strict=True)):
        for sid in {int(lo), int(hi) - 1, int(lo + hi) // 2}:
            assert _article(doc, sid) == (lo, hi), (a, sid)
