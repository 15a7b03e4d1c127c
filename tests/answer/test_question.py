"""Question analysis: answer types, question phrases kept out of the terms, chatter."""

from __future__ import annotations

import pytest

from bot.answer.question import analyse
from bot.lang.normalize import Normalizer
from bot.lang.tokenizer import Tokenizer
from bot.model import QType


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()


@pytest.mark.parametrize(
    ("question", "qtype"),
    [
        ("金华何时举办灯会", QType.TIME),
        ("灯会是什么时候开幕的", QType.TIME),
        ("大桥哪一年通车", QType.TIME),
        ("这张照片是谁拍的", QType.PERSON),
        ("哪位专家作了报告", QType.PERSON),
        ("大会在哪里召开", QType.PLACE),
        ("车队开到了哪个国家", QType.PLACE),
        ("一共有多少人参加", QType.NUMBER),
        ("会议开了几天", QType.NUMBER),
        ("为什么要建设新城", QType.REASON),
        ("为啥要建设新城", QType.REASON),
        ("怎样提高服务质量", QType.MANNER),
        ("有哪些企业参加", QType.ORG),
        ("他担任哪些职务", QType.TITLE),
        ("什么是工业互联网", QType.DEFINITION),
        ("新城要建什么", QType.WHAT),
        ("大桥通车了吗", QType.YESNO),
        ("这个称号是谁评的", QType.AGENT),
    ],
)
def test_question_type(tokenizer: Tokenizer, question: str, qtype: QType) -> None:
    assert analyse(question, tokenizer).qtype is qtype


def test_question_phrases_stay_out_of_the_terms(tokenizer: Tokenizer) -> None:
    q = analyse("大会是什么时候在哪里召开的", tokenizer)
    assert "大会" in q.terms and "召开" in q.terms
    assert not {"什么", "时候", "哪里", "在"} & set(q.terms)


def test_a_question_word_inside_a_longer_word_is_not_a_question(tokenizer: Tokenizer) -> None:
    # 几乎 contains 几 but asks for no number.
    assert analyse("他几乎每天都去公园", tokenizer).qtype is not QType.NUMBER


def test_category_noun_sets_the_type_and_is_remembered(tokenizer: Tokenizer) -> None:
    q = analyse("唐一军担任哪些职务", tokenizer)
    assert (q.qtype, q.category) == (QType.TITLE, "职务")
    assert "担任" not in q.terms  # only frames the question


@pytest.mark.parametrize(
    "text", ["你好", "谢谢！", "hello", "Thanks", "再见~", "？？？", "...", ""]
)
def test_chatter_and_punctuation_are_recognised(tokenizer: Tokenizer, text: str) -> None:
    q = analyse(Normalizer().question(text), tokenizer)
    assert q.chatter and not q.terms


def test_wh_spans_point_at_the_question_phrases(tokenizer: Tokenizer) -> None:
    q = analyse("车队从哪里开到哪里", tokenizer)
    assert [q.text[s:e] for s, e in q.wh_spans] == ["哪里", "哪里"]


@pytest.mark.parametrize(
    ("question", "qtype"),
    [
        ("永康日报征订热线", QType.NUMBER),
        ("记者", QType.PERSON),
        ("活动地点", QType.PLACE),
        ("订价", QType.NUMBER),
    ],
)
def test_a_bare_attribute_without_question_word_asks_for_it(
    tokenizer: Tokenizer, question: str, qtype: QType
) -> None:
    assert analyse(question, tokenizer).qtype is qtype
