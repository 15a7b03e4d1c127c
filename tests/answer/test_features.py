"""The ranker's feature vector: named, one row per candidate, relative to the best."""

from __future__ import annotations

import numpy as np
import pytest

from bot.answer import features, term_matches
from bot.answer.features import NAMES, Seen, matrix, question_bigrams


def _seen(**kw: object) -> Seen:
    base: dict[str, object] = {
        "bm25": 0.0,
        "coverage": 0.0,
        "matches": (("永康", "missing", 0.0), ("命名", "missing", 0.0)),
        "typed": None,
        "headline": False,
        "byline": False,
        "text": "",
        "nearby": "",
        "title": frozenset(),
        "lead": frozenset(),
        "is_lead": False,
    }
    base.update(kw)
    return Seen(**base)  # type: ignore[arg-type]


def col(name: str) -> int:
    return NAMES.index(name)


def test_question_bigrams_skip_punctuation_and_spaces() -> None:
    assert question_bigrams("永康 何时？") == ["永康", "何时"]


def test_matrix_counts_matches_by_how_and_weight() -> None:
    x = matrix(
        [
            _seen(
                bm25=6.0,
                coverage=0.75,
                matches=(("永康", "sentence", 1.0), ("命名", "nearby", 0.6)),
                typed=1.0,
                text="永康被命名",
                title=frozenset({"永康"}),
            ),
            _seen(bm25=2.0, text="别的句子"),
        ],
        weights=[3.0, 1.0],
        nouns=[True, False],
        bigrams=question_bigrams("永康命名"),
        qtype="time",
    )
    assert x.shape == (2, len(NAMES))
    first, second = x
    assert first[col("in_sentence")] == pytest.approx(0.75)
    assert first[col("nearby")] == pytest.approx(0.6 / 4)
    assert first[col("missing")] == 0.0
    assert second[col("missing")] == pytest.approx(1.0)
    assert second[col("missing_nouns")] == pytest.approx(0.75)
    assert second[col("missing_noun_most")] == pytest.approx(0.75)
    assert first[col("title")] == pytest.approx(0.75)
    assert first[col("typed_time")] == 1.0 and first[col("typed_person")] == 0.0
    assert first[col("bm25_share_of_best")] == 1.0 and second[col("bm25_rank")] == 0.5
    # 永康 and 命名 are in the sentence, 康命 is not: a run of one of three pairs.
    assert first[col("bigrams")] == pytest.approx(2 / 3)
    assert first[col("bigram_run")] == pytest.approx(1 / 3)
    # The best candidate is 0 behind the best on every feature; the other is behind or level.
    base = len(features.BASE)
    assert np.all(x[:, base:] <= 0)
    assert x[0, base + col("bm25_share_of_best")] == 0.0
    assert x[1, base + col("bm25_share_of_best")] == pytest.approx(-2 / 3)


@pytest.mark.parametrize("how", sorted(features._HOW))
def test_each_way_of_matching_counts_in_its_own_column(how: str) -> None:
    x = matrix(
        [_seen(matches=(("永康", how, 0.5), ("命名", "missing", 0.0)), text="别的句子")],
        weights=[3.0, 1.0],
        nouns=[True, True],
        bigrams=[],
        qtype="time",
    )[0]
    counted = {features.BASE[i] for i in np.flatnonzero(x[: len(features.BASE)])}
    # The weighted strength in the column of `how`, the unmatched noun in the missing ones,
    # and nothing in any other way's column (the rest describe the sentence, not the match).
    assert x[features._HOW[how]] == pytest.approx(0.5 * 3 / 4)
    assert x[col("missing")] == x[col("missing_nouns")] == x[col("missing_noun_most")] == 0.25
    described = {"bm25_rank", "log_length", "neighbour_only"}
    missing = {"missing", "missing_nouns", "missing_noun_most"}
    # With no title the rest is the whole question; with no character pairs asked, none are
    # lacking (the rest columns are tested on their own below).
    held = {"rest_in_sentence", "rest_beyond_lead"} if how in term_matches.IN_SENTENCE else set()
    rest = {"rest_bigrams"} | held
    assert counted == {features._HOW[how].name} | missing | described | rest


def test_no_candidates_give_an_empty_matrix() -> None:
    assert matrix([], [1.0], [True], ["永康"], "time").shape == (0, len(NAMES))


def test_bigrams_nearby_count_a_pair_once_and_never_across_the_sentence_edge() -> None:
    # 永康 is in the sentence, 命名 only around it; 康命 would need the sentence's last
    # character and its neighbours' first, which are not one text.
    x = matrix(
        [_seen(bm25=1.0, text="永康", nearby="命名"), _seen(bm25=2.0, text="永康命名")],
        weights=[3.0, 1.0],
        nouns=[True, False],
        bigrams=question_bigrams("永康命名"),
        qtype="time",
    )
    assert x[0, col("bigrams")] == pytest.approx(1 / 3)
    assert x[0, col("bigrams_nearby")] == pytest.approx(2 / 3)
    assert x[1, col("bigrams_nearby")] == pytest.approx(1.0)
    assert x[0, col("bigram_run")] == pytest.approx(1 / 3)
    assert x[1, col("bigram_run")] == pytest.approx(1.0)
    assert x[0, col("bm25_rank")] == 0.5 and x[1, col("bm25_rank")] == 1.0


def test_equal_bm25_ranks_in_candidate_order() -> None:
    x = matrix([_seen(bm25=2.0), _seen(bm25=2.0), _seen(bm25=3.0)], [1.0, 1.0], [True, True],
               [], "time")  # fmt: skip
    assert x[:, col("bm25_rank")].tolist() == [0.5, 1 / 3, 1.0]


def test_a_byline_is_told_apart_only_when_the_question_asks_who_reported() -> None:
    seen = [_seen(byline=True), _seen(byline=False)]
    args = (seen, [1.0, 1.0], [True, True], ["照片"], "person")
    asked = matrix(*args, credits=True)
    assert asked[:, col("byline_asked")].tolist() == [1.0, 0.0]
    assert matrix(*args)[:, col("byline_asked")].tolist() == [0.0, 0.0]
    assert matrix(*args)[:, col("byline")].tolist() == [1.0, 0.0]


def test_the_rest_counts_only_question_words_the_title_does_not_give() -> None:
    # 永康 is in the title: every sentence of the article has it, so the rest is 命名 alone.
    lead, answer, empty = matrix(
        [
            _seen(
                matches=(("永康", "sentence", 1.0), ("命名", "missing", 0.0)),
                text="永康市",
                title=frozenset({"永康"}),
            ),
            _seen(
                matches=(("永康", "title", 0.4), ("命名", "sentence", 1.0)),
                text="被命名为",
                title=frozenset({"永康"}),
            ),
            _seen(
                matches=(("永康", "title", 0.4), ("命名", "title", 0.4)),
                text="别的",
                title=frozenset({"永康命名的", "永康", "命名"}),
            ),
        ],
        weights=[3.0, 1.0],
        nouns=[True, False],
        bigrams=question_bigrams("永康命名的"),
        qtype="time",
    )
    assert lead[col("rest_in_sentence")] == 0.0
    assert lead[col("rest_bigrams")] == 0.0
    assert answer[col("rest_in_sentence")] == 1.0
    # Of 康命, 命名 and 名的 (永康 is the title's), the sentence holds 命名.
    assert answer[col("rest_bigrams")] == pytest.approx(1 / 3)
    # A title holding every word leaves nothing to find: nothing is missing either.
    assert empty[col("rest_in_sentence")] == 1.0
    assert empty[col("rest_bigrams")] == 1.0


def test_beyond_the_lead_counts_only_question_words_neither_title_nor_lead_gives() -> None:
    # The lead names the event (文化节, 开幕); the question asks its hotline (热线), which a
    # later sentence states without repeating the event's name.
    story = frozenset({"文化节", "开幕"})
    lead, later, other = matrix(
        [
            _seen(
                matches=(("文化节", "sentence", 1.0), ("热线", "missing", 0.0)),
                text="文化节开幕",
                lead=story,
            ),
            _seen(
                matches=(("文化节", "nearby", 0.5), ("热线", "sentence", 1.0)),
                text="咨询热线",
                lead=story,
            ),
            _seen(  # another article, whose lead does not name the event
                matches=(("文化节", "sentence", 1.0), ("热线", "missing", 0.0)),
                text="文化节",
            ),
        ],
        weights=[2.0, 1.0],
        nouns=[True, True],
        bigrams=question_bigrams("文化节热线"),
        qtype="number",
    )
    assert lead[col("rest_beyond_lead")] == 0.0
    assert later[col("rest_beyond_lead")] == 1.0
    assert later[col("rest_in_sentence")] == pytest.approx(1 / 3)  # the title gives neither
    assert other[col("rest_beyond_lead")] == pytest.approx(2 / 3)


def test_a_type_is_lacking_only_where_it_was_checked_and_a_check_exists() -> None:
    seen = [_seen(typed=1.0), _seen(typed=0.0), _seen(typed=None)]
    args = (seen, [1.0, 1.0], [True, True], [])
    # 多少名: a number was asked and checked for; a sentence not checked says nothing.
    assert matrix(*args, "number")[:, col("type_lacking")].tolist() == [0.0, 1.0, 0.0]
    # 怎么: no check exists for a manner, so a 0 there is no lack.
    assert matrix(*args, "manner")[:, col("type_lacking")].tolist() == [0.0, 0.0, 0.0]


def test_the_focus_counts_only_when_the_sentence_itself_holds_it() -> None:
    def with_focus(how: str, strength: float) -> Seen:
        return _seen(matches=(("永康", "sentence", 1.0), ("冠军", how, strength)))

    seen = [with_focus("sentence", 1.0), with_focus("synonym", 0.7), with_focus("nearby", 0.6),
            with_focus("missing", 0.0)]  # fmt: skip
    x = matrix(seen, [1.0, 1.0], [True, True], [], "person", focus="冠军")
    assert x[:, col("focus_in_sentence")].tolist() == pytest.approx([1.0, 0.7, 0.0, 0.0])
    assert x[:, col("focus_lacking")].tolist() == [0.0, 0.0, 1.0, 1.0]
    # A question with no word beside its question word has no focus to lack.
    plain = matrix(seen, [1.0, 1.0], [True, True], [], "person")
    assert not plain[:, [col("focus_in_sentence"), col("focus_lacking")]].any()


def test_the_asked_kind_is_found_beyond_the_question_words_that_hold_it() -> None:
    matches = (("吠陀", "sentence", 1.0), ("语法", "sentence", 1.0))
    seen = [
        _seen(matches=matches, text="夜柔吠陀是研究梵语的参考"),  # 梵语: 语 of 语言
        _seen(matches=matches, text="夜柔吠陀规范了语法"),  # 语 only in the asked 语法
        _seen(matches=matches, text="夜柔吠陀的文字"),
    ]
    args = (seen, [1.0, 1.0], [True, True], [], "what")
    assert matrix(*args, kind="语言")[:, col("kind_found")].tolist() == [1.0, 0.0, 0.0]
    assert matrix(*args, kind="战争")[:, col("kind_found")].tolist() == [0.0, 0.0, 0.0]
    # No kind asked (是什么): nothing to find.
    assert not matrix(*args)[:, col("kind_found")].any()
