"""Short answers cut from one sentence and what stands around it; no index needed."""

from __future__ import annotations

import pytest

from bot.answer.extract import Passage, short_answer
from bot.answer.question import analyse
from bot.answer.template import fill, following
from bot.lang.normalize import Normalizer
from bot.lang.tokenizer import Tokenizer
from bot.model import ShortAnswer, Source

SOURCE = Source("标题", "永康日报", "2016-11-25", "a.txt")


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()


def short(
    tokenizer: Tokenizer, question: str, sentence: str, previous: str | None = None
) -> ShortAnswer | None:
    normalizer = Normalizer()
    q = analyse(normalizer.question(question), tokenizer)
    before = normalizer(previous) if previous else None
    passage = Passage(normalizer(sentence), SOURCE, previous, before, sentence)
    return short_answer(q, passage, tokenizer, {})


def cut(tokenizer: Tokenizer, question: str, sentence: str, previous: str | None = None) -> str:
    found = short(tokenizer, question, sentence, previous)
    return str(found.text if found else None)


@pytest.mark.parametrize(
    ("question", "sentence", "answer"),
    [
        # A month without a year takes the year of the article's date.
        ("永康何时被命名为示范城市", "今年9月,国家质检总局正式命名我市为示范城市。", "2016年9月"),
        ("研讨班有多少名学员", "研讨班共有38名学员参加。", "38名"),
        # The theme is the whole quotation, not its first clause.
        (
            "质量月的主题是什么",
            "今年质量月的主题是“提升质量,建设质量强国”。",
            "提升质量,建设质量强国",
        ),
        ("企业要打造什么样的企业", "企业要打造百年企业、常青企业。", "百年企业、常青企业"),
        ("车队从哪里开到哪里", "车队从永康开到金华,全程80公里。", "从永康开到金华"),
    ],
)
def test_the_gap_the_question_leaves_is_the_answer(
    tokenizer: Tokenizer, question: str, sentence: str, answer: str
) -> None:
    assert cut(tokenizer, question, sentence) == answer


def test_this_points_back_to_a_short_sentence_before_it(tokenizer: Tokenizer) -> None:
    question, sentence = "大家对讲座有什么感受", "这是与会者的一致感受。"
    assert cut(tokenizer, question, sentence, previous="精彩!") == "精彩!"
    # Without the sentence before it (another article's, or none), the answer is read in place
    # (which span the span model picks there is its own business).
    assert cut(tokenizer, question, sentence) in sentence


def test_a_completed_date_says_its_own_words(tokenizer: Tokenizer) -> None:
    found = short(tokenizer, "北汊桥什么时候通车", "昨天上午,北汊桥正式通车。")
    assert found == ShortAnswer("2016年11月24日", "昨天")


def test_a_when_question_gets_no_short_answer_that_says_no_time(tokenizer: Tokenizer) -> None:
    sentence = "近年来,宁波成为首批“全国质量强市示范城市”。"
    assert short(tokenizer, "宁波何时被命名为质量强市示范城市", sentence) is None
    # A time in words still answers.
    assert "高二的时候" in cut(tokenizer, "张天霖在何时拍摄了MV", "张天霖高二的时候拍摄了MV。")


def test_a_traditional_article_answers_in_its_own_script(tokenizer: Tokenizer) -> None:
    found = short(tokenizer, "誰出席了會議", "約翰·白朗寧出席了會議，並發表講話。")
    assert found == ShortAnswer("約翰·白朗寧")  # whole across the dot, as printed


def test_a_byline_does_not_answer_who_built(tokenizer: Tokenizer) -> None:
    found = short(tokenizer, "大桥由谁负责建设", "大桥由中铁大桥局负责建设。记者 张三")
    assert found is not None and found.text == "中铁大桥局"


def test_a_which_question_is_answered_by_a_name_of_the_asked_kind(tokenizer: Tokenizer) -> None:
    # The span model reads 哪一场战争 as asking for a name, ending in the kind it names.
    sentence = "这座古城毁于太平天国战争,城墙在战火中倒塌。"
    found = short(tokenizer, "这座古城毁于哪一场战争", sentence)
    assert found is not None and found.text == "太平天国战争"


@pytest.mark.parametrize("which", ["哪个", "哪一个"])
def test_the_gap_takes_the_asked_kind_and_leaves_the_questions_particle(
    tokenizer: Tokenizer, which: str
) -> None:
    # 了 ends the question's left part and is no answer; 乐团 is, 的演出 is not. 哪一个 (a
    # stem and measure word) reads as 哪个 does.
    q = analyse(f"观众当晚观看了{which}乐团的演出", tokenizer)
    assert fill(q, "观众当晚观看了牡丹峰乐团的演出。", tokenizer, {}) == "牡丹峰乐团"


def test_the_questions_own_words_are_no_answer(tokenizer: Tokenizer) -> None:
    found = short(tokenizer, "金政在讲课中提得最多的内容是什么", "也是金政在讲课中提得最多的内容。")
    assert found is None or "金政在讲课中" not in found.text


def test_the_next_list_items_label_is_not_the_figures_own(tokenizer: Tokenizer) -> None:
    # 多少玩具: 玩具 stands after 312亿元 only as the next item's label, before 186亿元 as its own.
    sentence = "上半年，我市出口服装及衣着附件312亿元、玩具186亿元、箱包117亿元。"
    assert cut(tokenizer, "义乌上半年卖出去多少玩具", sentence) == "186亿元"


def test_the_words_after_a_figure_count_up_to_its_item_or_clause_end() -> None:
    norm = "救助了390名受助大学生，玩具186亿元、箱包"
    assert following(norm, norm.index("390") + 3) == "名受助大学生"
    assert following(norm, norm.index("186亿元") + 5) == ""
