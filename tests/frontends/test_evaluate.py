"""Answer quality on the shared development set, and the evaluator's arithmetic."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answer.qa import QA
from bot.frontends.evaluate import EvalFileError, Item, evaluate, load_items

DEV = Path(__file__).resolve().parents[3] / "shared" / "qa" / "dev.yaml"


@pytest.fixture(scope="module")
def dev_items() -> list[Item]:
    if not DEV.is_file():
        pytest.skip(f"{DEV} not found: the dev set lives in shared/ beside the repository")
    return load_items(DEV)


def test_dev_set_is_read_whole(dev_items: list[Item]) -> None:
    answerable = [i for i in dev_items if i.answerable]
    assert answerable and len(answerable) < len(dev_items)
    assert all(i.expect for i in answerable)


def test_scores_hits_misses_and_refusals(qa: QA) -> None:
    items = [
        Item(
            "永康何时被命名为质量强市示范城市", ("命名我市为全国质量强市示范城市",), ("2016年9月",)
        ),
        Item("义务收割机连队从哪里开到哪里", ("这句话不在任何文章里",)),
        Item("今天的天气预报怎么样", answerable=False),
    ]
    report = evaluate(qa, items)
    assert (report.answerable, report.unanswerable) == (2, 1)
    assert (report.hit1, report.hit3, report.mrr) == (0.5, 0.5, 0.5)
    assert report.short_answer == report.short_answer_strict == 1.0
    assert report.refusal_accuracy == 1.0
    assert [m["kind"] for m in report.misses] == ["wrong sentence"]


def test_expect_matches_after_folding_width_and_spaces(qa: QA) -> None:
    item = Item("永康何时被命名为质量强市示范城市", ("今年９月，国家质检总局 正式命名",))
    assert evaluate(qa, [item]).hit1 == 1.0


@pytest.mark.parametrize(
    "text", ["[1, 2]\n", "answerable:\n  - expect: [x]\n", "answerable: []\nunanswerable: []\n"]
)
def test_malformed_question_file_is_an_eval_file_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EvalFileError, match="bad.yaml"):
        load_items(path)


def test_a_short_answer_of_near_the_whole_sentence_is_told_apart() -> None:
    # The eval's strict score and the reply's 见原文 both use it.
    from bot.frontends.render import near_whole

    sentence = "今年9月,国家质检总局正式命名我市为全国质量强市示范城市。"
    assert near_whole(sentence.rstrip("。"), sentence)
    assert near_whole("国家质检总局正式命名我市为全国质量强市示范城市", sentence)
    assert not near_whole("2016年9月", sentence)
    assert not near_whole("国家质检总局", sentence)
    assert not near_whole("", "")
