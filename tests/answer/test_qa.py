"""The QA service on a small corpus of its own: context, types, short answers, refusals.

These articles are not the bundled ones, so the mechanisms are checked apart from the
development questions.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.answer.features import NAMES
from bot.answer.qa import QA
from bot.app import build_qa
from bot.config import load_config
from bot.frontends.render import to_json, to_text
from bot.model import QType

ROOT = Path(__file__).resolve().parents[2]

ARTICLES = {
    "jinhua.txt": """---
title: 樱花节吸引游客 我市获评文明城市
source: 金华晚报
date: 2020-05-20
place: 金华
---
樱花节吸引游客

19日,金华植物园内樱花盛开,3万多名游客前来赏花。
记者 张三 摄

今年3月,省政府正式授予我市“文明城市”称号。这是全省首个获此称号的地级市。

文明城市是一种综合性的城市荣誉,是城市整体文明水平的体现。

全年订价: 300元 每月订价: 25元
""",
    "lishui.txt": """---
title: 丽水旅游再创新高
source: 丽水日报
date: 2019-01-10
place: 丽水
---
去年,丽水接待游客5000万人次,同比增长12%。

文明城市是指全体市民共同创建、共同享有的城市品牌。

丽水是一座山城,森林覆盖率高达81.7%。
""",
    "hangzhou.txt": """---
title: 西湖音乐节下月开幕
source: 杭州日报
date: 2018-05-20
place: 杭州
---
西湖音乐节将于6月15日开幕,为期三天。音乐节由市文化局主办。
""",
    "wenzhou.txt": """---
title: 温州鞋业
source: 温州日报
date: 2017-03-03
place: 温州
---
温州的鞋业十分发达,产品远销海外。
""",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def qa(corpus: Path) -> QA:
    return build_qa(load_config(ROOT / "config.yaml", env={}), corpus)


def test_our_city_in_a_citys_paper_answers_for_that_city(qa: QA) -> None:
    answer = qa.answer("金华何时被授予文明城市称号")
    assert not answer.abstained
    assert "我市" in (answer.sentence or "")
    assert answer.answer == "2020年3月"  # 今年3月 in a paper of 2020-05-20
    assert answer.source is not None and answer.source.paper == "金华晚报"


def test_a_bare_day_resolves_against_the_article_date(qa: QA) -> None:
    answer = qa.answer("金华植物园的樱花是哪天盛开的")
    assert answer.answer == "2020年5月19日"


def test_a_byline_answers_who_took_the_photo_next_to_it(qa: QA) -> None:
    answer = qa.answer("樱花的照片是谁拍的")
    assert answer.answer == "张三"
    assert "张三" in (answer.sentence or "")


def test_numbers_come_with_their_units(qa: QA) -> None:
    assert qa.answer("植物园有多少游客前来赏花").answer == "3万多名"
    assert qa.answer("丽水去年接待了多少游客").answer == "5000万人次"


def test_the_value_beside_its_label_is_chosen(qa: QA) -> None:
    assert qa.answer("金华晚报每个月订价多少").answer == "25元"
    assert qa.answer("金华晚报全年订价多少").answer == "300元"


def test_organisation_that_acted(qa: QA) -> None:
    answer = qa.answer("音乐节由哪个单位主办")
    assert answer.answer == "市文化局"


@pytest.mark.parametrize(
    "question",
    [
        "金华的人口是多少",
        "你好",
        "谢谢",
        "今天天气怎么样",
        "？？？",
        "1+1等于几",
        "hello",
        "温州的高铁站在哪里",
        "怎么做红烧肉",
    ],
)
def test_questions_the_articles_do_not_answer_are_refused(qa: QA, question: str) -> None:
    answer = qa.answer(question)
    assert answer.abstained, answer.sentence
    assert answer.sentence is None and answer.answer is None
    assert answer.reason
    # What is named as missing is the question's own terms, each once.
    terms = qa.analysed(question).terms
    assert set(answer.missing) <= set(terms) and len(set(answer.missing)) == len(answer.missing)


def test_a_refusal_for_missing_terms_names_them_and_an_answer_names_none(qa: QA) -> None:
    refused = qa.answer("金华的人口是多少")
    assert refused.abstained and "人口" in refused.missing
    assert "人口" in refused.reason  # the same terms the explanation gives
    assert qa.answer("金华何时被授予文明城市称号").missing == ()


@pytest.mark.parametrize(
    "variant",
    [
        "金華何時被授予文明城市稱號",
        "  金华  何时被授予文明城市称号？？？ ",
        "金华何时被授予文明城市称号!!!",
        "金华何时被授予文明城市称号　？",  # full-width space and question mark
    ],
)
def test_script_width_spacing_and_punctuation_do_not_change_the_answer(
    qa: QA, variant: str
) -> None:
    clean = qa.answer("金华何时被授予文明城市称号")
    noisy = qa.answer(variant)
    assert (noisy.answer, noisy.sentence) == (clean.answer, clean.sentence)


def test_another_articles_answer_is_listed_with_its_source(qa: QA) -> None:
    answer = qa.answer("什么是文明城市")
    assert not answer.abstained and answer.source is not None
    papers = {alt.source.paper for alt in answer.alternatives}
    assert {"金华晚报", "丽水日报"} - {answer.source.paper} <= papers


def test_definition_short_answer_is_what_the_term_is_said_to_be(qa: QA) -> None:
    answer = qa.answer("什么是文明城市")
    assert answer.answer in ("一种综合性的城市荣誉", "全体市民共同创建、共同享有的城市品牌")


def test_explain_tells_type_terms_and_decision(qa: QA) -> None:
    answer = qa.answer("金华何时被授予文明城市称号", explain=True)
    assert answer.explain.qtype is QType.TIME
    assert "文明城市" in {t.term for t in answer.explain.terms or ()}
    assert answer.explain.ranking and answer.explain.ranking[0].sentence == answer.sentence
    assert str(answer.explain.decision).startswith("answered")
    refused = qa.answer("金华的人口是多少", explain=True)
    assert str(refused.explain.decision).startswith("refused")


def test_confidence_threshold_from_config_decides_refusal(qa: QA) -> None:
    question = "金华何时被授予文明城市称号"
    answered = qa.answer(question)
    assert not answered.abstained and 0 < answered.score < 1

    def with_floor(floor: float) -> QA:
        config = replace(qa.answer_config, min_confidence=floor)
        return QA(
            qa.engine,
            normalizer=qa.normalizer,
            tokenizer=qa.tokenizer,
            retrieval=qa.retrieval,
            answer_config=config,
        )

    refused = with_floor(min(answered.score + 0.01, 1.0)).answer(question)
    assert refused.abstained and refused.reason  # a reason, never an empty one
    assert not with_floor(answered.score - 0.01).answer(question).abstained


def test_an_answer_below_the_sure_threshold_says_it_may_be_wrong(qa: QA) -> None:
    question = "金华何时被授予文明城市称号"
    answer = qa.answer(question)
    assert not answer.abstained
    doubtful = QA(
        qa.engine,
        normalizer=qa.normalizer,
        tokenizer=qa.tokenizer,
        retrieval=qa.retrieval,
        answer_config=qa.answer_config,
        ranker=replace(qa.ranker, refuse_below=0.0, sure_above=answer.score + 0.01),
    )
    maybe = doubtful.answer(question)
    assert maybe.tentative and not maybe.abstained
    assert "答：可能是" in to_text(maybe)
    assert to_json(maybe)["tentative"] is True
    assert "可能是" not in to_text(replace(maybe, tentative=False))


def test_reload_safe_engine_swap_changes_the_answers(qa: QA, corpus: Path) -> None:
    other = build_qa(load_config(ROOT / "config.yaml", env={}), ROOT / "corpus")
    swapped = QA(
        other.engine,
        normalizer=qa.normalizer,
        tokenizer=qa.tokenizer,
        retrieval=qa.retrieval,
        answer_config=qa.answer_config,
    )
    assert swapped.answer("金华何时被授予文明城市称号").abstained


def test_our_city_of_another_citys_paper_does_not_answer_for_this_one(qa: QA) -> None:
    # 我市 in 金华晚报 is 金华: it says nothing about when 丽水 was honoured.
    answer = qa.answer("丽水何时被授予文明城市称号")
    assert answer.source is None or answer.source.paper != "金华晚报"
    assert answer.sentence is None or "我市" not in answer.sentence


@pytest.mark.parametrize("city", ["丽水", "丽水市"])
def test_a_city_named_with_its_suffix_is_still_another_papers_city(qa: QA, city: str) -> None:
    # 丽水市 is 丽水, the place of 丽水日报: 杭州日报's sentence never mentions it.
    answer = qa.answer(f"{city}西湖音乐节由哪个单位主办")
    assert answer.source is None or answer.source.paper != "杭州日报"


def test_the_own_city_named_with_its_suffix_is_answered(qa: QA) -> None:
    answer = qa.answer("杭州市西湖音乐节由哪个单位主办")
    assert not answer.abstained and answer.source is not None
    assert answer.source.paper == "杭州日报"


def test_the_mayor_is_not_answered_with_the_party_secretary(qa: QA) -> None:
    a = qa.answer("永康市长是谁")  # the articles name 永康市's 市委书记, no 市长
    assert a.abstained and "市长" in a.missing


def test_the_asked_kind_is_no_noun_the_answer_must_repeat(qa: QA) -> None:
    # 哪一个机关: the answer names one (市文化局) and seldom says 机关.
    r = qa.ranked("西湖音乐节由哪一个机关主办")
    assert r.question.kind == "机关" and "机关" in [t.text for t in r.terms]
    row = next(i for i, c in enumerate(r.candidates) if "文化局" in qa.engine.sentences[c.sid].text)
    x = dict(zip(NAMES, r.features[row].tolist(), strict=True))
    assert x["missing"] > 0 and x["missing_nouns"] == 0
