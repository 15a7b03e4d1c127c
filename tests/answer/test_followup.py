"""Follow-up rewriting: pure rules, no corpus needed."""

import pytest

from bot.answer.followup import rewrite, topic_of, without_wh

PREVIOUS = "永康何时被命名为质量强市示范城市"


@pytest.mark.parametrize(
    ("followup", "expected"),
    [
        ("那宁波呢？", "宁波何时被命名为质量强市示范城市"),
        ("宁波呢", "宁波何时被命名为质量强市示范城市"),
        ("那么宁波呢?", "宁波何时被命名为质量强市示范城市"),
        ("是谁命名的？", "永康被命名为质量强市示范城市，是谁命名的？"),
        ("哪一年？", "永康被命名为质量强市示范城市，哪一年？"),
        ("什么时候？", "永康被命名为质量强市示范城市，什么时候？"),
    ],
)
def test_followup_is_read_with_the_previous_question(followup: str, expected: str) -> None:
    assert rewrite(followup, PREVIOUS, {"永康", "宁波"}) == expected


def test_topic_swap_prefers_a_known_place_anywhere_in_the_question() -> None:
    previous = "国家质检总局何时命名永康为示范城市"
    assert rewrite("那宁波呢？", previous, {"永康"}) == "国家质检总局何时命名宁波为示范城市"


def test_topic_swap_without_known_places_replaces_the_leading_topic() -> None:
    assert rewrite("那唐一军呢？", "金政是谁") == "唐一军是谁"


def test_pronoun_is_replaced_by_the_previous_topic() -> None:
    assert rewrite("他是什么职务？", "金政是谁") == "金政是什么职务？"


@pytest.mark.parametrize(
    "question",
    ["金政是谁？", "永康的质量强市建设有哪些做法？", "", "   ", "你好", "谢谢！"],
)
def test_full_questions_and_chatter_are_not_followups(question: str) -> None:
    assert rewrite(question, PREVIOUS, {"永康"}) is None


def test_nothing_to_follow_without_a_previous_question() -> None:
    assert rewrite("那宁波呢？", None) is None
    assert rewrite("哪一年？", "") is None


def test_helpers() -> None:
    assert topic_of(PREVIOUS) == "永康"
    assert without_wh("金政是谁") == "金政"
    assert without_wh(PREVIOUS) == "永康被命名为质量强市示范城市"


def test_a_counted_question_leaves_no_stray_measure_word() -> None:
    assert without_wh("研讨班有多少名学员") == "研讨班有学员"
    assert rewrite("在哪里开班？", "研讨班有多少名学员") == "研讨班有学员，在哪里开班？"
