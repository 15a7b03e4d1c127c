"""Console text of an answer: at most two 另见 lines, each source shown once, no page furniture."""

from __future__ import annotations

from dataclasses import replace

from bot.frontends.render import SEE_ALSO, to_text
from bot.model import Answer, Evidence, Source

HERE = Source("永康经验 登上中组部质量研讨班", "永康日报", "2016-11-25", "a.txt")
THERE = Source("唐一军:弘扬工匠精神", "宁波日报", "2016-09-12", "b.txt")


def _answer(*alternatives: Evidence) -> Answer:
    return Answer(
        question="永康何时被命名为质量强市示范城市",
        abstained=False,
        answer="2016年9月",
        sentence="今年9月,国家质检总局正式命名我市为全国质量强市示范城市。",
        source=HERE,
        score=1.3,
        alternatives=alternatives,
    )


def test_see_also_skips_furniture_and_shows_each_source_line_once() -> None:
    text = to_text(
        _answer(
            Evidence("记者 林群心 摄", HERE, 0.9),
            Evidence(
                "这是全国首个也是目前唯一获此命名的县级市,永康做法上升为永康经验。", HERE, 0.8
            ),
            Evidence("咨询热线: 87138012", THERE, 0.8),
            Evidence("宁波成为首批“全国质量强市示范城市”,走在全国前列。", THERE, 0.7),
            Evidence("宁波要闯出创新转型、动能转换、结构优化的新路子。", THERE, 0.6),
        )
    )
    see_also = [line for line in text.splitlines() if line.startswith("  另见：")]
    assert len(see_also) == SEE_ALSO == 2
    assert (
        see_also[0]
        == "  另见：「这是全国首个也是目前唯一获此命名的县级市,永康做法上升为永康经验。」"
    )
    assert see_also[1].endswith("—— 宁波日报 2016-09-12《唐一军:弘扬工匠精神》")
    assert "林群心" not in text and "热线" not in text
    assert text.count("永康日报 2016-11-25") == 1


def test_no_see_also_when_every_alternative_is_furniture() -> None:
    text = to_text(
        _answer(Evidence("记者 陈晓苏", HERE, 0.9), Evidence("微信扫码马上订阅", THERE, 0.8))
    )
    assert "另见" not in text


def test_a_reply_points_to_the_sentence_instead_of_repeating_it() -> None:
    sentence = "今年9月,国家质检总局正式命名我市为全国质量强市示范城市。"
    whole = Answer(question="q", abstained=False, answer=sentence[:-1], sentence=sentence)
    short = Answer(question="q", abstained=False, answer="国家质检总局", sentence=sentence)
    assert to_text(whole).splitlines()[0] == "答：见原文"
    assert to_text(short).splitlines()[0] == "答：国家质检总局"


def test_a_tentative_reply_without_a_short_answer_says_the_evidence_may_not_fit() -> None:
    sentence = "今年9月,国家质检总局正式命名我市为全国质量强市示范城市。"
    maybe = Answer(question="q", abstained=False, answer=None, sentence=sentence, tentative=True)
    assert to_text(maybe).splitlines()[0] == "答：不一定相关，见原文"
    assert (
        to_text(replace(maybe, answer="国家质检总局")).splitlines()[0] == "答：可能是国家质检总局"
    )
