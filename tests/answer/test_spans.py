"""Spans of a sentence by kind: here, where a literal name stands."""

from __future__ import annotations

import re

import pytest

from bot.answer.extract import Passage, reading
from bot.answer.qa import QA
from bot.answer.question import analyse
from bot.answer.span_candidates import candidates
from bot.answer.span_context import context
from bot.answer.span_features import INDEX, features
from bot.answer.spans import (
    asks_for_credit,
    has_type,
    occurrences,
    org_spans,
    posts,
    typed_spans,
)
from bot.model import Source


@pytest.mark.parametrize(
    ("word", "text"),
    [("日报", "金华日报讯 金华日报记者"), ("aa", "aaaaa"), ("报", "没有"), ("a.b", "a.b axb a.b")],
)
def test_occurrences_are_where_a_literal_pattern_matches(word: str, text: str) -> None:
    assert occurrences(word, text) == [m.start() for m in re.finditer(re.escape(word), text)]


_SCORES = """
from bot.answer.question import analyse
from bot.answer.span_candidates import candidates
from bot.answer.span_context import context
from bot.answer.span_features import features
from bot.answer.span_model import shipped
from bot.lang.tokenizer import Tokenizer
t = Tokenizer()
q = analyse("哪些单位联合成立了服务队", t)
norm = "团市委、市公安局交警大队、市文明办、市志愿者协会联合成立服务队。"
model = shipped()
spans = candidates(q, norm, None, t)
ctx = context(q, norm, {}, None)
print([repr(model.score(features(s, q, norm, ctx))) for s in spans if len(s.kinds) > 1])
"""


def test_span_scores_do_not_depend_on_the_hash_seed() -> None:
    # A span's kinds are a set of strings, whose order follows PYTHONHASHSEED: the model's
    # sum must not, or the same question scores differently from one process to the next.
    import subprocess
    import sys

    runs = [
        subprocess.run(
            [sys.executable, "-c", _SCORES],
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
        for seed in ("1", "2", "3", "4")
    ]
    assert runs[0].startswith("['")  # some span has several kinds
    assert len(set(runs)) == 1, runs


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("由甬兴路桥工程有限公司负责施工", "甬兴路桥工程有限公司"),  # not 有限公司, nor 由甬兴…
        ("由宁波市轨道交通集团有限公司建设", "宁波市轨道交通集团有限公司"),
        ("晶耀光电科技有限公司也签约了", "晶耀光电科技有限公司"),
        ("由中组部和国家质检总局主办", "国家质检总局"),  # 和 joins two names
        # A company's name runs back over verbal nouns and brand words to its place, and no
        # further (委托, 联系 are the sentence's); 由 glued to 市 is cut off.
        ("镇政府委托瑞安市康源餐饮管理有限公司经营食堂", "瑞安市康源餐饮管理有限公司"),
        ("该工程由市城建投资集团负责建设", "市城建投资集团"),
        ("有疑问可联系德清县公交有限公司", "德清县公交有限公司"),
        ("该项目由温州海铭重工有限公司承建", "温州海铭重工有限公司"),
    ],
)
def test_an_organisation_is_named_whole(qa: QA, sentence: str, name: str) -> None:
    found = [w for _, w in org_spans(qa.normalizer(sentence), qa.tokenizer, None)]
    assert name in found
    assert not any(name in w and w != name for w in found)  # nothing before it glued on


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("由市委宣传部、市文化和广电旅游体育局主办。", "市文化和广电旅游体育局"),
        ("宁波市住房和城乡建设局发布通知。", "宁波市住房和城乡建设局"),
        ("市发展和改革委员会负责。", "市发展和改革委员会"),
        ("镇政府委托瑞安市康源餐饮管理有限公司经营食堂", "瑞安市康源餐饮管理有限公司"),
    ],
)
def test_an_organisation_is_offered_whole(qa: QA, sentence: str, name: str) -> None:
    q = analyse(qa.normalizer.question("谁负责"), qa.tokenizer)
    spans = {s.text: s.kinds for s in candidates(q, qa.normalizer(sentence), None, qa.tokenizer)}
    assert "org" in spans[name]
    assert not any(w.endswith(name) and w != name and "org" in k for w, k in spans.items())


@pytest.mark.parametrize(
    "sentence",
    [
        "记者昨天从国网宁波供电公司获悉，下周二（8月8日）6:30至17:30，海曙区将计划停电。",
        "昨天记者从市教育局了解到，下周二（8月8日）6:30至17:30，海曙区将计划停电。",
    ],
)
def test_the_day_a_reporter_learned_the_news_is_told_from_the_events_day(
    qa: QA, sentence: str
) -> None:
    q = analyse(qa.normalizer.question("海曙哪天停电"), qa.tokenizer)
    source = Source("海曙部分区域下周二停电", "宁波晚报", "2023-08-02", "a.txt")
    norm = qa.normalizer(sentence)
    ctx = context(q, norm, {}, None)
    reported = {
        s.said or s.text
        for s in candidates(q, norm, source, qa.tokenizer)
        if (INDEX["reported"], 1.0) in features(s, q, norm, ctx)
    }
    assert reported == {"昨天"}


@pytest.mark.parametrize(
    ("question", "sentence", "framed", "trimmed"),
    [
        ("公安部负责什么工作", "边防具体业务工作由公安部负责。", "边防具体业务工作由",
         "边防具体业务工作"),
        ("保育类野生动物和什么都受保护", "濒危物种和保育类野生动物都受保护。", "濒危物种和",
         "濒危物种"),
        ("什么时候二氧化硫大量排放", "在工业化初期，二氧化硫大量排放。", "在工业化初期",
         "工业化初期"),
    ],
)  # fmt: skip
def test_a_clause_part_is_offered_without_its_framing_words_too(
    qa: QA, question: str, sentence: str, framed: str, trimmed: str
) -> None:
    q = analyse(qa.normalizer.question(question), qa.tokenizer)
    spans = {s.text: s.kinds for s in candidates(q, qa.normalizer(sentence), None, qa.tokenizer)}
    assert "trimmed" not in spans[framed]  # the part as cut stays a candidate
    assert "trimmed" in spans[trimmed]


@pytest.mark.parametrize(
    ("question", "sentence", "listed"),
    [
        # Places the tagger does not all know as places, after a verb that stays out.
        ("这种鱼分布在哪些地方", "本鱼分布于西太平洋区，包括菲律宾、印尼、琉球群岛、台湾等海域。",
         "菲律宾、印尼、琉球群岛、台湾"),
        # Numbered routes; the count after the list stays out.
        ("哪些公交线路调整了", "市公交公司将调整218路、225路两条公交线路走向。", "218路、225路"),
        # Two items and a last one joined by 和.
        ("他中学在哪里读的", "中学就读于喇沙书院、英华书院和圣若瑟书院。",
         "喇沙书院、英华书院和圣若瑟书院"),
        # A last item jieba cuts into pieces (横店|镇桐|坞|村), its 村 a bound morpheme.
        ("哪两个村被命名为未来乡村", "东阳的南马镇梓溪村、横店镇桐坞村被命名为未来乡村。",
         "南马镇梓溪村、横店镇桐坞村"),
        # Organisations, the second named for two fields.
        ("文化节是谁主办的", "文化节由市委宣传部、市文化和广电旅游体育局主办。",
         "市委宣传部、市文化和广电旅游体育局"),
    ],
)  # fmt: skip
def test_items_joined_by_a_list_comma_are_offered_together(
    qa: QA, question: str, sentence: str, listed: str
) -> None:
    q = analyse(qa.normalizer.question(question), qa.tokenizer)
    spans = {s.text: s.kinds for s in candidates(q, qa.normalizer(sentence), None, qa.tokenizer)}
    assert "list" in spans[listed]


@pytest.mark.parametrize(
    "sentence",
    [
        "三、和睦路以北、登云路以南的区域。",  # a numbered point, not a list's first item
        "原告说，被告未按时付款。",  # no 、 at all
        "、开头的一句话。",  # a 、 with nothing before it
    ],
)
def test_no_list_is_made_where_the_list_comma_joins_no_items(qa: QA, sentence: str) -> None:
    q = analyse(qa.normalizer.question("有哪些"), qa.tokenizer)
    spans = candidates(q, qa.normalizer(sentence), None, qa.tokenizer)
    assert not any("list" in s.kinds and s.text.startswith("三") for s in spans)
    assert not any("list" in s.kinds and "、" not in s.text for s in spans)


def _marked(qa: QA, feature: str, question: str, sentence: str) -> set[str]:
    """The candidates of a sentence for a question that have a feature."""
    norm = qa.normalizer(sentence)
    q = analyse(qa.normalizer.question(question), qa.tokenizer)
    ctx = context(q, norm, {}, None)
    return {
        s.text
        for s in candidates(q, norm, None, qa.tokenizer)
        if (INDEX[feature], 1.0) in features(s, q, norm, ctx)
    }


def test_an_ordinal_is_marked_when_the_question_asks_which_in_order(qa: QA) -> None:
    sentence = "桐乡一院胸痛中心成为嘉兴第3家通过国家认证的胸痛中心。"
    assert _marked(qa, "ordinal_match", "胸痛中心是嘉兴第几家通过认证的", sentence) == {"第3家"}
    # Not asked which in order.
    assert _marked(qa, "ordinal_match", "嘉兴有几家胸痛中心通过认证", sentence) == set()


def test_a_place_in_an_order_without_a_unit_is_offered_when_asked(qa: QA) -> None:
    sentence = "太仓港继续位居长江沿线港口第一、全国港口第十。"
    asked = _marked(qa, "ordinal_match", "太仓港在全国港口排第几", sentence)
    assert {"第一", "第十"} <= asked
    # Asked how many, not which in order: 第十 is no figure of anything.
    q = analyse(qa.normalizer.question("太仓港有多少个泊位"), qa.tokenizer)
    texts = {s.text for s in candidates(q, qa.normalizer(sentence), None, qa.tokenizer)}
    assert "第十" not in texts


def _focused(qa: QA, question: str, sentence: str) -> set[str]:
    """The candidates standing beside the question's focus term, on its side."""
    return _marked(qa, "focus_clause", question, sentence)


def test_the_figure_after_the_asked_term_is_marked_not_the_one_before(qa: QA) -> None:
    marked = _focused(qa, "7号线末班车几点呢", "7号线首班车时间为6:00，末班车时间为22:30。")
    assert "22:30" in marked and "6:00" not in marked
    # In a row of labels the value before the next label is not that label's.
    marked = _focused(qa, "每个月订价多少", "全年订价：300元 每月订价：25元")
    assert "300元" not in marked


def test_an_answer_asked_before_its_term_is_marked_before_it(qa: QA) -> None:
    marked = _focused(qa, "宁波要把什么作为第一动力", "把质量放在首位，把创新作为第一动力。")
    assert "创新" in marked and "质量" not in marked  # 质量's clause has no 作为
    assert "第一动力" not in marked  # after 作为, where the question has none


def test_no_focus_is_marked_for_a_why_question_or_in_a_span_that_holds_it(qa: QA) -> None:
    assert not _focused(qa, "光伏产品出口为什么下降了", "受价格下跌影响，光伏产品出口下降3%。")
    marked = _focused(qa, "7号线末班车几点呢", "7号线首班车时间为6:00，末班车时间为22:30。")
    assert not any("末班车" in m for m in marked)


def test_the_kind_asked_alone_is_no_candidate(qa: QA) -> None:
    norm = qa.normalizer("张天霖高二的时候拍摄了MV。")
    q = analyse(qa.normalizer.question("张天霖在何时拍摄了MV"), qa.tokenizer)
    texts = {s.text for s in candidates(q, norm, None, qa.tokenizer)}
    assert "时候" not in texts and "张天霖高二的时候" in texts


def test_a_figure_in_the_unit_asked_for_is_marked(qa: QA) -> None:
    marked = _marked(qa, "unit_match", "望潮大桥主跨多少米", "跨江主桥长1.58公里，主跨达到520米。")
    assert marked == {"520米"}


def test_a_name_right_after_the_asked_kind_is_marked(qa: QA) -> None:
    sentence = "本报讯（记者 孙立峰 通讯员 陈佳慧）昨天上午，大道正式通车。"
    marked = _marked(qa, "kind_before", "通车的报道是哪个记者写的", sentence)
    assert "孙立峰" in marked and "陈佳慧" not in marked


def test_a_decade_is_offered_whole_as_a_date(qa: QA) -> None:
    q = analyse(qa.normalizer.question("什么时候二氧化硫大量排放"), qa.tokenizer)
    norm = qa.normalizer("在1960年代，二氧化硫大量排放。")
    dates = {s.text for s in candidates(q, norm, None, qa.tokenizer) if "date" in s.kinds}
    assert dates == {"1960年代"}


@pytest.mark.parametrize(
    ("question", "sentence", "now", "before"),
    [
        # The time of each figure said between them and the change.
        ("比例现在是多少", "比例由2020年的11.2%提高到去年的16.8%。", "16.8%", "11.2%"),
        ("末班车改到几点", "末班车由17时推迟至19时。", "19时", "17时"),
    ],
)
def test_a_changed_figure_is_marked_with_its_time_or_a_verb_of_time(
    qa: QA, question: str, sentence: str, now: str, before: str
) -> None:
    assert now in _marked(qa, "changed_to", question, sentence)
    assert before in _marked(qa, "changed_from", question, sentence)
    assert before not in _marked(qa, "changed_to", question, sentence)


def test_a_number_whose_unit_follows_it_is_marked_as_cut(qa: QA) -> None:
    sentence = "收购价由每公斤38元上涨到52元，共收购了1200吨。"
    marked = _marked(qa, "unit_cut", "收购价多少钱一公斤", sentence)
    assert {"38", "52", "1200"} <= marked
    assert not marked & {"38元", "52元", "1200吨"}


def test_a_changed_figure_is_marked_as_what_it_was_and_what_it_is(qa: QA) -> None:
    sentence = "行程时间将由原来的40分钟左右缩短至25分钟以内。"
    question = "从城区到新区要多久"
    assert _marked(qa, "changed_to", question, sentence) == {"25", "25分钟", "25分钟以内"}
    assert _marked(qa, "changed_from", question, sentence) == {"40", "40分钟", "40分钟左右"}
    # A figure no change touches is neither.
    plain = "行程时间约为25分钟。"
    assert (
        _marked(qa, "changed_to", question, plain)
        == _marked(qa, "changed_from", question, plain)
        == set()
    )


@pytest.mark.parametrize(
    ("question", "sentence", "name", "kind"),
    [
        # jieba: 被|浣|东|街道|队 — 浣 is cut off as a one-character verb morpheme.
        ("女子组冠军是哪个队", "女子组冠军被浣东街道队获得。", "浣东街道队", "noun"),
        # jieba: 延伸|至孝|丰镇 — 至 glued to the name's first character.
        ("6路延伸到哪里", "6路延伸至孝丰镇。", "孝丰镇", "place"),
    ],
)
def test_a_name_jieba_cut_a_character_off_is_offered_whole_too(
    qa: QA, question: str, sentence: str, name: str, kind: str
) -> None:
    q = analyse(qa.normalizer.question(question), qa.tokenizer)
    spans = {s.text: s.kinds for s in candidates(q, qa.normalizer(sentence), None, qa.tokenizer)}
    assert {kind, "wide"} <= spans[name]
    # What jieba's cut gives stays on offer, unmarked.
    assert "wide" not in spans[name[1:]]


@pytest.mark.parametrize(
    ("sentence", "village"),
    [
        ("步道起于新桥镇高迁村。", "高迁村"),  # jieba: 新桥镇|高迁 (nr)|村
        ("步道起于大溪镇志强村。", "志强村"),  # jieba: 大溪镇|志强 (nrfg)|村
    ],
)
def test_a_village_jieba_took_for_a_person_is_a_place(qa: QA, sentence: str, village: str) -> None:
    q = analyse(qa.normalizer.question("起点在哪"), qa.tokenizer)
    spans = {s.text: s.kinds for s in candidates(q, qa.normalizer(sentence), None, qa.tokenizer)}
    assert "place" in spans[village]
    assert "place" in spans[sentence[4:-1]]  # with its town: 新桥镇高迁村


def test_no_wide_span_is_made_where_jieba_cut_nothing_off(qa: QA) -> None:
    q = analyse(qa.normalizer.question("谁负责运营"), qa.tokenizer)
    norm = qa.normalizer("由平阳县餐饮管理有限公司负责运营。")
    assert not any("wide" in s.kinds for s in candidates(q, norm, None, qa.tokenizer))


@pytest.mark.parametrize(
    ("question", "sentence", "figure"),
    [
        ("一共献了多少血", "活动共献血8.9万毫升。", "8.9万毫升"),
        ("还要抽检多少食品", "今年还将抽检食品4800批次。", "4800批次"),
        ("扫码乘车打几折", "扫码乘车可享受8折优惠。", "8折"),
        ("要多少道工序", "做一件青瓷要经过72道工序。", "72道"),
        ("山有多高", "主峰高约3000英尺。", "3000英尺"),
        ("去年吞吐量多少", "去年完成集装箱吞吐量812.6万标箱。", "812.6万标箱"),
        ("装机容量有多大", "全县装机容量已达到1200兆瓦。", "1200兆瓦"),
        ("换了多少根构件", "共更换木构件326根。", "326根"),
        ("高速船一天几班", "高速客船每天由6班减为4班。", "4班"),
    ],
)
def test_a_figure_is_offered_with_its_unit(
    qa: QA, question: str, sentence: str, figure: str
) -> None:
    q = analyse(qa.normalizer.question(question), qa.tokenizer)
    norm = qa.normalizer(sentence)
    numbers = {s.text for s in candidates(q, norm, None, qa.tokenizer) if "number" in s.kinds}
    assert figure in numbers


def _dates_marked(qa: QA, feature: str, question: str, sentence: str) -> set[str]:
    q = analyse(qa.normalizer.question(question), qa.tokenizer)
    source = Source("抽检结果公布", "张家港日报", "2025-04-16", "a.txt")
    norm = qa.normalizer(sentence)
    ctx = context(q, norm, {}, None)
    return {
        s.text
        for s in candidates(q, norm, source, qa.tokenizer)
        if (INDEX[feature], 1.0) in features(s, q, norm, ctx)
    }


@pytest.mark.parametrize(
    ("question", "named", "coarser"),
    [
        ("抽检结果是哪天公布的", {"2025年3月18日"}, {"2025年"}),  # 今年 names no day
        ("抽检结果是几月公布的", {"2025年3月18日"}, {"2025年"}),
        ("抽检结果是什么时候公布的", set(), set()),  # no day or month asked: neither
    ],
)
def test_a_date_is_marked_by_whether_it_names_the_day_or_month_asked(
    qa: QA, question: str, named: set[str], coarser: set[str]
) -> None:
    sentence = "今年一季度的抽检结果已于3月18日公布。"
    assert _dates_marked(qa, "grain_match", question, sentence) == named
    assert _dates_marked(qa, "grain_coarse", question, sentence) == coarser


def test_a_space_between_chinese_words_ends_a_clause(qa: QA) -> None:
    # In a row of labels, the next label is not part of the value before it.
    row = "全年订价: 300元 每月订价: 25元"
    assert "300元" not in _marked(qa, "clause_cover", "每个月订价多少", row)
    # A space between Latin words is no break: Studio stands in the clause of 制作.
    assert "Studio" in _marked(qa, "clause_cover", "由哪家公司制作", "该片由Studio Pierrot公司制作")


def test_a_quoted_name_after_a_word_that_names_is_offered_for_who_and_which(qa: QA) -> None:
    norm = qa.normalizer("其中，城南一家名为“味之家”的餐馆抽检不合格。")
    q = analyse(qa.normalizer.question("哪家餐馆抽检不合格"), qa.tokenizer)
    spans = {s.text: s.kinds for s in candidates(q, norm, None, qa.tokenizer)}
    assert "named" in spans["味之家"]
    # A quotation no word names stays a quote only.
    q = analyse(qa.normalizer.question("他说了什么"), qa.tokenizer)
    norm = qa.normalizer("他说“味道很好”。")
    spans = {s.text: s.kinds for s in candidates(q, norm, None, qa.tokenizer)}
    assert "quote" in spans["味道很好"] and "named" not in spans["味道很好"]


def test_a_clause_ends_at_a_space_between_chinese_words(qa: QA) -> None:
    q = analyse(qa.normalizer.question("新开了什么线路"), qa.tokenizer)
    norm = qa.normalizer("一、6路延伸至孝丰镇 二、新开K8路快线，末班车20时。")
    clauses = {s.text for s in candidates(q, norm, None, qa.tokenizer) if "clause" in s.kinds}
    assert "二、新开K8路快线" in clauses or "新开K8路快线" in clauses
    assert not any("孝丰镇 " in c for c in clauses)


def test_a_name_jieba_glued_a_preposition_to_is_offered_without_it(qa: QA) -> None:
    q = analyse(qa.normalizer.question("女子冠军是谁"), qa.tokenizer)
    norm = qa.normalizer("埃塞俄比亚选手阿贝贝以1小时13分获得女子冠军。")  # jieba: 阿贝贝以 (nr)
    spans = {s.text: s.kinds for s in candidates(q, norm, None, qa.tokenizer)}
    assert "person" in spans["阿贝贝"]


def test_a_name_whose_surname_jieba_glued_to_its_role_is_offered_whole_not_in_pieces(
    qa: QA,
) -> None:
    q = analyse(qa.normalizer.question("河长是谁"), qa.tokenizer)
    norm = qa.normalizer("该段河道的河长方志远介绍了治理进展。")  # jieba: 河|长方|志远
    spans = {s.text: s.kinds for s in candidates(q, norm, None, qa.tokenizer)}
    assert "person" in spans["方志远"]
    assert "志远" not in spans


def test_what_says_yes_or_no_is_marked_for_a_yes_or_no_question_only(qa: QA) -> None:
    sentence = "特展在市博物馆举办，免费向公众开放。"
    marked = _marked(qa, "polar", "看特展要门票吗", sentence)
    assert marked and all("免" in m for m in marked)
    assert "市博物馆" not in marked
    assert _marked(qa, "polar", "特展在哪里举办", sentence) == set()


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("紫砂拍卖会的拍卖师是谁", False),  # 拍 of 拍卖, an auction
        ("这次紫砂壶一共拍了多少钱", True),  # 拍 alone is read as taking a photo
        ("照片是谁拍的", True),
        ("拍卖会的照片是谁拍的", True),
        ("这篇报道是谁写的", True),
        ("大桥由谁负责建设", False),
    ],
)
def test_a_question_asks_about_the_report_by_its_words_not_their_characters(
    question: str, asks: bool
) -> None:
    assert asks_for_credit(question) is asks


LEAD = "本报讯（记者 邵雨晨 通讯员 潘建华）前天下午，慈善拍卖会在陶瓷博物馆举行。"


@pytest.mark.parametrize(
    ("question", "sentence", "names", "typed"),
    [
        # The lead names its reporters, not who did what it tells.
        ("拍卖会的拍卖师是谁", LEAD, ["邵雨晨", "潘建华"], 0.0),
        ("拍卖会的拍卖师是谁", LEAD, ["雨晨"], 0.0),  # a part of the name, as jieba may cut it
        ("拍卖会的报道是谁写的", LEAD, ["邵雨晨", "潘建华"], 1.0),
        ("拍卖会的拍卖师是谁", "拍卖师由任俊杰义务担任。", ["任俊杰"], 1.0),
        ("拍卖会的拍卖师是谁", "拍卖师由任俊杰担任。记者 邵雨晨", ["任俊杰", "邵雨晨"], 1.0),
    ],
)
def test_a_reporters_name_holds_a_person_only_for_a_question_about_the_report(
    qa: QA, question: str, sentence: str, names: list[str], typed: float
) -> None:
    q = analyse(qa.normalizer.question(question), qa.tokenizer)
    assert has_type(q, qa.normalizer(sentence), None, qa.tokenizer, names) == typed


@pytest.mark.parametrize(
    ("question", "sentence", "typed"),
    [
        # 今年 resolves to a year against the paper's date: no day, so 哪天 is answered weakly.
        ("消费券从几号开始报名", "今年的消费券采用报名加摇号方式发放。", 0.5),
        ("消费券从几号开始报名", "消费券于本月18日开始报名。", 1.0),
        ("消费券从几号开始报名", "消费券昨天开始报名。", 1.0),
        ("咖啡节几月开幕", "咖啡节将于今年10月开幕。", 1.0),
        ("咖啡节几月开幕", "咖啡节今年开幕。", 0.5),
        ("咖啡节哪一年开幕", "咖啡节今年开幕。", 1.0),  # a year is what is asked
        ("咖啡节什么时候开幕", "咖啡节今年开幕。", 1.0),
        ("咖啡节哪天开幕", "咖啡节延长至5天。", 0.0),
        # A reign's year is a time, and a year: no calendar date says 建文二年.
        ("王子之乱发生在什么时候", "建文二年，又发生王子之乱。", 1.0),
        ("西沙群岛在哪一年成为中国领土", "清宣统二年李准亦悬旗鸣炮。", 1.0),
        ("王子之乱发生在哪天", "建文二年，又发生王子之乱。", 0.5),
        ("王子之乱发生在什么时候", "连续三年发生王子之乱。", 0.0),
    ],
)
def test_a_date_that_names_no_day_holds_a_day_asked_for_weakly(
    qa: QA, question: str, sentence: str, typed: float
) -> None:
    q = analyse(qa.normalizer.question(question), qa.tokenizer)
    source = Source(title="", paper="", date="2024-05-03", path="a.txt")
    assert has_type(q, qa.normalizer(sentence), source, qa.tokenizer) == typed


def test_a_masked_name_is_offered_whole_and_not_in_pieces(qa: QA) -> None:
    q = analyse(qa.normalizer.question("同案被告人是谁"), qa.tokenizer)
    norm = qa.normalizer("同案被告人周某芳被判处有期徒刑3年。")
    people = {s.text for s in candidates(q, norm, None, qa.tokenizer) if "person" in s.kinds}
    assert "周某芳" in people
    assert not people & {"某芳", "周某"}  # jieba's 周|某芳 names no one


def test_a_name_without_a_surname_is_marked_when_a_person_is_asked(qa: QA) -> None:
    # jieba's dictionary tags 弘扬 and 臻于完善 as names (nr).
    sentence = "市委书记金政以《百年锤炼,臻于完善——永康市弘扬工匠精神》为题授课,约翰·白朗宁也来了。"
    marked = _marked(qa, "no_surname", "永康市委书记是谁", sentence)
    assert {"弘扬", "臻于完善"} <= marked
    assert not {"金政", "约翰·白朗宁"} & marked
    assert _marked(qa, "no_surname", "永康市委书记在哪里授课", sentence) == set()


def test_the_party_secretary_is_named_not_a_word_tagged_as_a_name(qa: QA) -> None:
    assert qa.answer("永康市委书记是谁").answer == "金政"


@pytest.mark.parametrize(
    ("sentence", "offices"),
    [
        ("1998年6月至2000年4月任中共温州市委书记。", {"市委书记", "中共温州市委书记"}),
        ("市文化和广电旅游体育局局长邵明杰介绍", {"局长", "市文化和广电旅游体育局局长"}),
        # Not across a break, a verb of taking office, a date or a day.
        (
            "1992年4月，任中共天津市大港区委副书记、代区长",
            {"区委副书记", "中共天津市大港区委副书记", "代区长"},
        ),
        ("昨天市长方启明主持会议", {"市长"}),
        ("24日,市委书记金政应邀走上讲台", {"市委书记"}),
    ],
)
def test_a_post_is_offered_with_the_office_it_is_of(sentence: str, offices: set[str]) -> None:
    assert {sentence[s:e] for s, e in posts(sentence)} == offices


def test_what_post_is_answered_with_its_office(qa: QA) -> None:
    q = analyse("蒋巨峰担任什么职务", qa.tokenizer)
    norm = qa.normalizer("1998年6月至2000年4月任中共温州市委书记。")
    assert typed_spans(q, norm, None, qa.tokenizer) == [(16, "中共温州市委书记")]


def test_a_reading_that_says_only_what_the_question_does_is_no_candidate(qa: QA) -> None:
    # The question around 哪一个 lines up with the sentence around 一个: the gap says nothing.
    q = analyse(qa.normalizer.question("中华民国下辖的哪一个省级行政区简称为粤"), qa.tokenizer)
    norm = qa.normalizer("广东省，为中华民国下辖的一个省级行政区，简称为粤。")
    rule = reading(q, Passage(norm, None), qa.tokenizer, {})
    assert rule is not None and rule[0] == "一个"
    assert "一个" not in {s.text for s in candidates(q, norm, None, qa.tokenizer, rule)}


def test_the_partner_of_an_item_the_question_names_is_marked(qa: QA) -> None:
    sentence = "芝加哥大学包容了洪堡与纽曼两种大学理念。"
    question = "芝加哥大学结合两种大学理念，一是纽曼，另一个是什么"
    assert "洪堡" in _marked(qa, "coordinated_other", question, sentence)
    # Partnered with a question's item, but the question asks for no other one.
    plain = "芝加哥大学包容了纽曼和哪种大学理念"
    assert "洪堡" in _marked(qa, "coordinated", plain, sentence)
    assert not _marked(qa, "coordinated_other", plain, sentence)
    # Two characters of the question must stand right across the joiner.
    assert not _marked(qa, "coordinated", question, "洪堡与康德的理念。")


def test_a_name_ending_in_the_first_character_of_the_asked_kind_is_marked(qa: QA) -> None:
    sentence = "要探讨梵语的发展，可以考察吠陀文本和奥义书。"
    marked = _marked(qa, "kind_first", "吠陀文本可以作为研究哪一门语言的参考", sentence)
    assert "梵语" in marked and "奥义书" not in marked
    # The kind's last character is kind_head's (哪一个宗教 → 佛教), not this.
    assert not _marked(qa, "kind_first", "回鹘人信仰哪一个宗教", "回鹘人信仰佛教。")
