"""/start's example questions: made from the corpus, worded as a reader asks, answered well."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT
from corpora import qa_over

from bot.answer.qa import QA
from bot.app import build_qa
from bot.config import load_config
from bot.frontends.telegram.examples import MAX_CHARS, example_questions

QUESTION_WORDS = ("什么时候", "多少", "谁", "是什么")

# Three made-up articles (a test corpus needs three: BM25 gives idf 0 to a word in half of them).
ARTICLES = {
    "a.txt": "---\ntitle: 老街改造\nsource: 金华日报\ndate: 2015-03-02\nplace: 金华\n---\n"
    "今年3月,县政府正式启动老街改造工程,预计明年完工。\n改造涉及沿街商铺两百多家。\n",
    "b.txt": "---\ntitle: 图书馆新馆\nsource: 金华日报\ndate: 2015-04-10\nplace: 金华\n---\n"
    "市图书馆新馆面积很大,藏书丰富。\n新馆的设计理念是,“把书房搬进公园”。\n",
    "c.txt": "---\ntitle: 马拉松\nsource: 金华日报\ndate: 2015-05-20\nplace: 金华\n---\n"
    "首届金华马拉松昨天鸣枪开跑,来自各地的选手参加了比赛。\n赛道沿江而设,风景优美。\n",
}


@pytest.fixture(scope="module")
def small_qa(tmp_path_factory: pytest.TempPathFactory) -> QA:
    return qa_over(ARTICLES, tmp_path_factory.mktemp("examples_corpus"))


def _check(qa: QA, questions: list[str]) -> None:
    for question in questions:
        assert question.endswith("？") and len(question) <= MAX_CHARS
        assert any(word in question for word in QUESTION_WORDS), question
        answer = qa.answer(question)
        assert not answer.abstained and answer.answer, question
        assert answer.answer not in question  # what was taken out is what it answers


def test_bundled_corpus_examples_are_one_per_article_and_answered(qa: QA) -> None:
    questions = example_questions(qa)
    assert len(questions) == 3
    _check(qa, questions)
    articles = {qa.answer(q).source for q in questions}
    assert len(articles) == len(qa.engine.documents) == 2  # both articles before a second one


def test_examples_come_from_any_corpus_not_a_list(small_qa: QA) -> None:
    questions = example_questions(small_qa)
    _check(small_qa, questions)
    # Each is made from this corpus: most of its words are an article's own.
    text = "".join(ARTICLES.values())
    for question in questions:
        assert any(question[i : i + 4] in text for i in range(len(question) - 3)), question
    assert "新馆的设计理念是什么？" in questions


def test_the_date_next_to_the_event_answers_when(small_qa: QA) -> None:
    # Of two dates in the sentence (今年3月 … 明年完工), the one that goes with 启动.
    assert small_qa.answer("县政府什么时候正式启动老街改造工程？").answer == "2015年3月"


def test_no_examples_when_nothing_can_be_asked(tmp_path: Path) -> None:
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text("记者 王小明\n咨询热线: 87138012\n", "utf-8")
    qa = build_qa(load_config(ROOT / "config.yaml", env={}), tmp_path)
    assert example_questions(qa) == []
