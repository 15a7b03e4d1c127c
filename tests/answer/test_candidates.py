"""Candidate sentences: the best hit's article adds its sentences that hold the rest of the
question when its title names the question's subject (the subject dropped after the title),
and its sentences that hold a figure of the measure asked."""

from __future__ import annotations

import numpy as np
import pytest
from corpora import qa_over

from bot.answer import measures
from bot.answer.candidates import _article, _leads, gather
from bot.answer.features import NAMES
from bot.answer.qa import QA

ARTICLES = {
    "flower.txt": """---
title: 夜来香
source: 百科
date: 2020-05-20
---
夜来香是一种藤本植物,花在夜间散发香味。

它的茎细长,叶片呈心形。

花期在每年五月至八月。

主要分布于亚洲南部和华南地区。
""",
    "rescue.txt": """---
title: 两名驴友九龙山迷路获救
source: 遂昌报
date: 2025-03-24
---
本报讯（记者 郑雅文）上周六傍晚，两名驴友在九龙山徒步时迷路被困。

县应急管理局接警后立即组织救援。

救援队分成三组上山搜寻。

经过近30个小时的努力，二人被安全带下山。

目前二人身体状况良好。
""",
    "peach.txt": """---
title: 桃树
source: 百科
date: 2020-05-21
---
桃树是一种落叶小乔木。

桃树在中国各地都有分布。
""",
}


@pytest.fixture(scope="module")
def qa(tmp_path_factory: pytest.TempPathFactory) -> QA:
    return qa_over(ARTICLES, tmp_path_factory.mktemp("corpus"))


def _gathered(qa: QA, question: str) -> dict[str, float]:
    engine, layout = qa._state
    q = qa.ranked(question).question
    terms = qa._terms.terms(engine, q)
    found = gather(engine, layout, terms, 1, measures.asked(q.text) - measures.SPAN_ONLY)
    return {engine.sentences[c.sid].text: c.bm25 for c in found}


def test_the_titled_articles_sentence_that_drops_the_subject_is_a_candidate(qa: QA) -> None:
    found = _gathered(qa, "夜来香分布在哪里")
    answer = "主要分布于亚洲南部和华南地区。"
    assert answer in found
    assert found[answer] > 0  # scored by the question's BM25, not taken as a neighbour
    assert qa.answer("夜来香分布在哪里").sentence == answer


def test_an_article_whose_title_names_no_question_term_adds_nothing(qa: QA) -> None:
    found = _gathered(qa, "藤本植物在夜间散发什么")
    assert "主要分布于亚洲南部和华南地区。" not in found
    assert "花期在每年五月至八月。" not in found


def test_the_best_articles_sentence_with_the_measure_asked_is_a_candidate(qa: QA) -> None:
    # It repeats none of the question's words: only the duration asked for brings it.
    answer = "经过近30个小时的努力，二人被安全带下山。"
    assert answer in _gathered(qa, "驴友被困了多长时间")
    assert answer in [qa.engine.sentences[sid].text for sid in qa.pool("驴友被困了多长时间")]


def test_no_sentence_is_added_for_a_measure_when_none_is_asked(qa: QA) -> None:
    assert "经过近30个小时的努力，二人被安全带下山。" not in _gathered(qa, "驴友在哪里迷路被困")


@pytest.mark.parametrize("sizes", [[1], [3, 1, 2], [64, 65, 1], [5000], [2, 130, 7, 1000, 3]])
def test_an_articles_sentences_are_found_however_long_it_is(sizes: list[int]) -> None:
    doc = np.repeat(np.arange(len(sizes), dtype=np.int32), sizes)
    starts = np.concatenate([[0], np.cumsum(sizes)])
    for a, (lo, hi) in enumerate(zip(starts[:-1], starts[1:], strict=True)):
        for sid in {int(lo), int(hi) - 1, int(lo + hi) // 2}:
            assert _article(doc, sid) == (lo, hi), (a, sid)


PAGE = {
    "library.txt": """---
title: 图书馆新馆今起免费开放
source: 兰溪日报
date: 2024-03-25
---
图书馆新馆今起免费开放

稿源: 兰溪日报   2024-03-25 07:05:00

市图书馆新馆今天起免费开放。

记者 王五 摄
""",
    "other.txt": """---
title: 公园开放
source: 兰溪日报
date: 2024-03-26
---
西山公园今天起延长开放时间。
""",
}


def test_a_source_line_beside_a_hit_is_no_candidate_but_a_credit_is(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    qa = qa_over(PAGE, tmp_path_factory.mktemp("page"))
    engine, layout = qa._state
    terms = qa._terms.terms(engine, qa.analysed("图书馆新馆哪天免费开放"))
    found = {engine.sentences[c.sid].text for c in gather(engine, layout, terms, 5)}
    assert "市图书馆新馆今天起免费开放。" in found
    assert "记者 王五 摄" in found  # a credit answers through the sentence beside it
    assert not any(s.startswith("稿源") for s in found)


def test_every_candidate_is_checked_for_the_asked_type(qa: QA) -> None:
    # Unchecked, a sentence would read as lacking no type and holding none: the ranker could
    # not tell the sentence with the figure (30个小时) from one beyond some cut.
    r = qa.ranked("两名驴友被困了多长时间")
    assert len(r.candidates) > 1
    assert all(c.typed is not None for c in r.candidates)
    by_text = {qa.engine.sentences[c.sid].text: c.typed for c in r.candidates}
    assert by_text["经过近30个小时的努力，二人被安全带下山。"] == 1.0
    assert 0.0 in by_text.values()


def test_each_candidate_knows_the_question_terms_its_articles_lead_holds(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    story = {
        "fest.txt": """---
title: 府城文化节开幕
source: 临海日报
date: 2023-10-23
---
府城文化节昨晚开幕

本报讯（记者 何雨桐）昨晚，第十届府城文化节在东湖广场开幕。

活动咨询热线为85123456。
""",
        **ARTICLES,
    }
    qa = qa_over(story, tmp_path_factory.mktemp("leads"))
    engine = qa.engine
    texts = [s.text for s in engine.sentences]
    assert engine.sentences[texts.index("府城文化节昨晚开幕")].headline
    later = ("活动咨询热线为85123456。", "目前二人身体状况良好。")
    sids = np.array([texts.index(t) for t in later])
    terms = qa._terms.terms(engine, qa.analysed("东湖广场文化节热线驴友九龙山昨晚"))
    (fest, fest_lead), (rescue, rescue_lead) = _leads(engine, sids, terms)
    assert {"东湖", "广场", "昨晚"} <= fest and "热线" not in fest  # the lead, not the headline
    assert {"驴友", "九龙山"} <= rescue and "东湖" not in rescue
    assert texts[fest_lead].startswith("本报讯") and texts[rescue_lead].startswith("本报讯")
    # The ranker is told which candidate is its article's lead.
    r = qa.ranked("两名驴友在九龙山迷路后怎么下山的")
    flags = {
        texts[c.sid]: row[NAMES.index("is_lead")]
        for c, row in zip(r.candidates, r.features, strict=True)
    }
    assert flags[texts[rescue_lead]] == 1.0
    assert sum(flags.values()) == 1.0  # one article, one lead


MARKET = {
    "market.txt": """---
title: 港口夜市本周六开市
source: 象山日报
date: 2024-05-01
---
本报讯（记者 李明）本周六晚6时，港口夜市将正式开市。

夜市设有摊位90个，营业时间为18:00至次日0:30。
""",
}


@pytest.mark.parametrize(
    ("question", "opening", "hours"),
    [
        # A time of day answers 几点 though it names no date.
        ("港口夜市每天几点营业", 1.0, 1.0),
        # Until when: the day it opens holds a time, but not how long it lasts.
        ("港口夜市几点到几点", 0.5, 1.0),
    ],
)
def test_a_time_of_day_and_an_end_answer_the_times_asked(
    tmp_path_factory: pytest.TempPathFactory, question: str, opening: float, hours: float
) -> None:
    qa = qa_over(MARKET, tmp_path_factory.mktemp("market"))
    r = qa.ranked(question)
    by_text = {qa.engine.sentences[c.sid].text: c.typed for c in r.candidates}
    assert by_text["本报讯（记者 李明）本周六晚6时，港口夜市将正式开市。"] == opening
    assert by_text["夜市设有摊位90个，营业时间为18:00至次日0:30。"] == hours


WAGES = {
    "talk.txt": """---
title: 职工谈工资
source: 嘉兴日报
date: 2024-03-01
---
李某说，工资一个月发一次。
""",
    "case.txt": """---
title: 劳动争议案宣判
source: 嘉兴日报
date: 2024-03-02
---
法院昨天宣判李某劳动争议案。

庭审持续了两个小时。

旁听的群众有三十人。

双方签订的合同约定月薪6500元。
""",
}


def test_the_articles_after_the_best_hit_add_their_figures(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # The best hit is another story's sentence repeating the question's words; the story
    # that answers comes second, and its figure of money, which shares no word with the
    # question and stands apart from its hits, must still be a candidate.
    qa = qa_over(WAGES, tmp_path_factory.mktemp("wages"))
    engine, layout = qa._state
    q = qa.analysed("李某一个月工资多少钱")
    terms = qa._terms.terms(engine, q)
    hits = engine.index.search([t.words for t in terms], 2)
    texts = [engine.sentences[h.sentence].text for h in hits]
    assert texts == ["李某说，工资一个月发一次。", "法院昨天宣判李某劳动争议案。"]
    found = gather(engine, layout, terms, 2, measures.asked(q.text))
    assert "双方签订的合同约定月薪6500元。" in {engine.sentences[c.sid].text for c in found}
