"""A question's glued words cut again where the articles cut them (bot/answer/recut.py)."""

from __future__ import annotations

import pytest
from corpora import qa_over

from bot.answer.qa import QA
from bot.answer.question import analyse
from bot.answer.recut import recut
from bot.lang.tokenizer import Tokenizer


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()


def _recut(question: str, vocab: set[str], tokenizer: Tokenizer) -> tuple[str, ...]:
    return recut(analyse(question, tokenizer), vocab, tokenizer).terms


def test_an_articles_word_across_the_glued_edge_replaces_the_glued_word(
    tokenizer: Tokenizer,
) -> None:
    q = analyse("锦地罗又被称为什么", tokenizer)
    assert "锦地" in q.terms  # jieba: 锦地|罗
    assert recut(q, {"锦地罗", "称为"}, tokenizer).terms[0] == "锦地罗"


def test_the_piece_left_over_stays_a_term_when_it_is_one(tokenizer: Tokenizer) -> None:
    q = analyse("为啥法院说包薪制约定无效", tokenizer)
    assert "包薪" in q.terms and "制约" in q.terms  # jieba: 包薪|制约|定
    terms = recut(q, {"法院", "包薪制", "约定", "无效", "说"}, tokenizer).terms
    assert "包薪制" in terms and "包薪" not in terms and "制约" not in terms


def test_a_word_the_articles_use_is_never_cut_into(tokenizer: Tokenizer) -> None:
    # 采茶机|一小时 glued as 机一: 一小 is an article word across the edge, but it would cut
    # 小时, which the articles use, so the question keeps its words.
    q = analyse("采茶机一小时能采多少", tokenizer)
    vocab = {"一小", "小时", "采茶机", "采茶"}
    assert not {"一小"} & set(recut(q, vocab, tokenizer).terms)


def test_the_question_phrase_is_never_cut_into(tokenizer: Tokenizer) -> None:
    q = analyse("东阳这次几个人评上省工艺美术大师", tokenizer)
    assert "人评" in q.terms
    terms = recut(q, {"个人", "东阳", "工艺美术", "大师", "省"}, tokenizer).terms
    assert "个人" not in terms  # 几个人 asks how many people


def test_two_glued_characters_the_articles_use_apart_are_split(tokenizer: Tokenizer) -> None:
    # The articles cut 方|宇航; the question 写方|宇航: no article word crosses 写方's edge.
    terms = _recut("写方宇航的这篇报道作者是谁", {"写", "方", "宇航", "报道", "作者"}, tokenizer)
    assert "写方" not in terms and {"写", "方"} <= set(terms)


def test_one_character_glued_on_to_an_articles_word_comes_off(tokenizer: Tokenizer) -> None:
    q = analyse("诸暨半马有多少人参赛", tokenizer)
    assert "半马有" in q.terms  # jieba: 半马有|多少
    terms = recut(q, {"诸暨", "半马", "有", "参赛"}, tokenizer).terms
    assert "半马" in terms and "半马有" not in terms and "有" not in terms  # 有 frames, no topic
    q = analyse("修云岚桥花了多少钱", tokenizer)
    assert recut(q, {"云岚桥", "花"}, tokenizer).terms[0] == "云岚桥"  # 修 is no article word
    # Two characters over stay: 最贵要 is neither 最贵 nor 贵要 the articles use.
    q = analyse("坐7号线最贵要多少钱", tokenizer)
    assert "最贵要" in recut(q, {"坐", "7", "号线", "最"}, tokenizer).terms


def test_a_question_whose_words_the_articles_use_is_left_as_it_is(tokenizer: Tokenizer) -> None:
    q = analyse("云岚桥修缮工程哪天完工", tokenizer)
    assert recut(q, set(q.terms), tokenizer) is q


def test_an_unseen_name_with_no_article_word_around_it_stays(tokenizer: Tokenizer) -> None:
    q = analyse("潘淑是哪里人", tokenizer)
    assert recut(q, {"哪里", "人"}, tokenizer) is q  # the articles lack 潘, 淑 and 潘淑


def test_a_dictionary_word_the_articles_lack_is_not_cut_into(tokenizer: Tokenizer) -> None:
    """市长 is no glue: 永康市 across its edge would drop it, and 永康市长是谁 would be
    answered with the 市委书记 of 永康市."""
    q = analyse("永康市长是谁", tokenizer)
    assert q.terms == ("永康", "市长")
    assert recut(q, {"永康", "永康市", "市委书记"}, tokenizer) is q
    q = analyse("恒锐公司会上诉吗", tokenizer)
    assert "上诉" in q.terms
    assert "上诉" in recut(q, {"恒锐", "公司", "会上"}, tokenizer).terms  # not 会上 alone


def test_a_dictionary_word_jieba_cut_wrongly_is_re_cut_when_none_of_it_is_lost(
    tokenizer: Tokenizer,
) -> None:
    q = analyse("龙游走丢的老人是谁找到的", tokenizer)
    assert q.terms[:2] == ("龙", "游走")  # 游走 is a word of jieba's dictionary
    vocab = {"龙游", "走", "丢", "老人", "找到"}
    assert recut(q, vocab, tokenizer).terms[:2] == ("龙游", "走")


ARTICLES = {
    "court.txt": """---
title: 电信诈骗团伙主犯获刑
source: 示例日报
date: 2023-05-10
---
昨天，市人民法院公开宣判一起电信网络诈骗案。

法院审理认为，包薪制约定不能免除用人单位支付加班费的义务，该约定无效。

锦地罗又被称为落地金钱，是一种草本植物。
""",
}


@pytest.fixture(scope="module")
def qa(tmp_path_factory: pytest.TempPathFactory) -> QA:
    return qa_over(ARTICLES, tmp_path_factory.mktemp("corpus"))


def test_a_glued_question_word_is_searched_as_the_articles_cut_it(qa: QA) -> None:
    vocab = qa.engine.index.vocab
    question = "锦地罗又被称为什么"
    glued = [t for t in qa.analysed(question).terms if t not in vocab]
    assert glued  # as jieba cuts the question alone
    ranked = qa.ranked(question)
    assert all(t.text in vocab for t in ranked.terms)
    a = qa.answer(question)
    assert not a.abstained and "落地金钱" in (a.sentence or "")
