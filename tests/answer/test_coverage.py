"""Vectorised coverage lookups agree with a plain reading of the rules."""

from __future__ import annotations

import random

import numpy as np
import pytest

from bot.answer.coverage import Found, Term, Where, find
from bot.answer.qa import QA
from bot.index.layout import Layout, _asks, _nearest_before
from bot.index.tables import TextTable


def test_nearest_flag_before_stays_in_its_article_and_reach() -> None:
    flag = np.array([1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0], bool)
    doc = np.array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1])
    got = _nearest_before(flag, doc, reach=6).tolist()
    assert got == [-1, 0, 0, 0, 3, 3, 3, 3, 3, 3, -1, -1]


def test_question_sentences_are_found_in_one_scan() -> None:
    texts = [
        "金政为什么会走上讲台?",
        "他说“为什么?”",
        "讲了什么?把工匠精神讲透。",
        "“好!",
        "为何？！",
        "没有问号。",
        "？",
    ]
    assert _asks(TextTable.from_strings(texts)).tolist() == [
        True,
        True,
        False,
        False,
        True,
        False,
        True,
    ]


def _naive(qa: QA, layout: Layout, sid: int, ids: frozenset[int]) -> tuple[bool, ...]:
    """Own, near, section, asked by walking the sentences one by one."""
    index, sentences = qa.engine.index, qa.engine.sentences

    def has(n: int) -> bool:
        return bool(ids & set(index.sentence_terms(n).tolist()))

    me = sentences[sid]
    near = any(
        has(n)
        for n in range(max(0, sid - 3), min(len(sentences), sid + 4))
        if n != sid
        and sentences[n].doc == me.doc
        and (abs(n - sid) == 1 or sentences[n].paragraph == me.paragraph)
    )
    section = asked = False
    seen_section = seen_asked = False
    for j in range(sid - 1, max(-1, sid - 9), -1):
        if sentences[j].doc != me.doc:
            break
        if not seen_asked and sid - j <= 6 and layout.asks[j]:
            seen_asked, asked = True, has(j)
        if not seen_section and sentences[j].headline and not me.headline:
            seen_section, section = True, has(j)
    return has(sid), near, section, asked


def test_find_matches_the_naive_reading(qa: QA) -> None:
    layout = Layout.of(qa.engine)
    rng = random.Random(7)
    n = len(qa.engine.sentences)
    sids = np.array(rng.sample(range(n), 40))
    # Terms taken from sentences near the candidates, so every kind of hit occurs.
    near_words = [
        qa.engine.index.sentence_terms(min(n - 1, max(0, s + rng.randint(-8, 3)))).tolist()
        for s in sids.tolist()
    ]
    terms = [(frozenset(rng.sample(w, min(2, len(w)))), frozenset()) for w in near_words if w]
    found = find(qa.engine.index, layout, sids, terms)
    for flags in (found.own, found.near, found.section, found.asked):
        assert any(any(row) for row in flags)
    for i, sid in enumerate(sids.tolist()):
        for j, (ids, _) in enumerate(terms):
            got = (found.own[i][j], found.near[i][j], found.section[i][j], found.asked[i][j])
            assert tuple(map(bool, got)) == _naive(qa, layout, sid, ids), (sid, ids)


def _where(norm: str) -> Where:
    found = Found([[False]], [[0]], [[False]], [[False]], [[False]])
    return Where(found, 0, norm, frozenset(), frozenset(), False)


def test_a_one_character_term_inside_a_word_is_a_weak_match() -> None:
    caught = Term("抓", 1.0, frozenset(), ("抓",))
    assert _where("民警当场将嫌疑人抓获。").match(caught, 0) == ("inside a word", 0.5)
    assert _where("民警当场将嫌疑人带走。").match(caught, 0) == ("missing", 0.0)
    # A longer word inside another keeps the stronger match.
    assert _where("深入开展活动。").match(Term("开展", 1.0, frozenset(), ("开展",)), 0) == (
        "inside a word",
        0.8,
    )


def test_a_two_character_word_no_article_uses_may_abbreviate_a_longer_one() -> None:
    half = Term("半马", 1.0, frozenset(), ("半马",))
    assert half.abbreviation
    assert _where("诸暨半程马拉松将于本周日开跑。").match(half, 0) == ("abbreviation", 0.5)
    pumps = Term("泵企", 1.0, frozenset(), ("泵企",))
    assert _where("全市现有泵与电机企业3000余家。").match(pumps, 0) == ("abbreviation", 0.5)
    # Too far apart, or across punctuation: no short form of one word.
    assert _where("半场比赛结束后，马上宣布。").match(half, 0)[1] == 0.0
    assert _where("半年来跑遍了全城的马路。").match(half, 0)[1] == 0.0
    # A word the articles use is matched as itself, never as a short form.
    assert not Term("半马", 1.0, frozenset({7}), ("半马",)).abbreviation
    assert not Term("5G", 1.0, frozenset(), ("5g",)).abbreviation


def test_a_made_up_word_weighs_by_the_tag_jieba_guesses(qa: QA) -> None:
    # Neither is a word of the articles: 图有 (海塘图有多长) is a verb jieba glued, light;
    # 军判 (郑某军判了几年) reads as a noun, a topic the articles lack, heavy.
    glued = qa._terms.term(qa.engine, "图有", False)
    noun = qa._terms.term(qa.engine, "军判", False)
    assert glued.ids == noun.ids == frozenset()
    assert noun.weight == pytest.approx(3 * glued.weight)
