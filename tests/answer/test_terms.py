"""Question terms as the index knows them: an unseen word is looked for by its pieces."""

from __future__ import annotations

import pytest
from corpora import qa_over

from bot.answer.qa import QA
from bot.answer.terms import _pieces

ARTICLES = {
    "bridge.txt": """---
title: 泰顺云岚桥修缮完工
source: 泰顺报
date: 2023-10-17
---
泰顺县筱村镇的云岚桥修缮工程昨天完工。

整座桥没有使用一颗铁钉，全部采用榫卯结构。
""",
}


@pytest.fixture(scope="module")
def qa(tmp_path_factory: pytest.TempPathFactory) -> QA:
    return qa_over(ARTICLES, tmp_path_factory.mktemp("corpus"))


@pytest.mark.parametrize(
    ("word", "vocab", "pieces"),
    [
        ("修云岚桥", {"云岚桥", "修"}, ("云岚桥",)),  # a verb jieba glued to a name
        ("abcd", {"ab", "bc", "abc", "cd"}, ("abc", "cd")),  # ab and bc are inside abc
        ("鑫澄财富", {"鑫", "财富"}, ("财富",)),  # one character is no piece
        ("云岚桥", {"云岚桥"}, ()),  # the word itself is no piece of it
    ],
)
def test_an_unseen_word_is_looked_for_by_the_longest_words_inside_it(
    word: str, vocab: set[str], pieces: tuple[str, ...]
) -> None:
    assert _pieces(word, vocab) == pieces


def test_a_name_jieba_glued_a_verb_to_in_the_question_finds_its_article(qa: QA) -> None:
    question = "修云岚桥用钉子了吗"
    assert "修云岚桥" in qa.analysed(question).terms  # as jieba cuts the question
    terms = qa._terms.terms(qa.engine, qa.analysed(question))
    assert next(t for t in terms if t.text == "修云岚桥").pieces == ("云岚桥",)
    assert qa.pool(question)  # was: no sentence shares a word with the question
