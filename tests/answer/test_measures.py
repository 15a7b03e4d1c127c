"""What a question's figure measures, and the figures a sentence offers as answers."""

from __future__ import annotations

import pytest

from bot.answer import measures
from bot.answer.question import analyse
from bot.answer.span_candidates import Span, candidates
from bot.answer.spans import number_spans
from bot.lang.tokenizer import Tokenizer
from bot.model import Source


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("凤岙隧道多长", {"length", "duration"}),  # 多长: either
        ("从城区开车要多长时间", {"duration"}),  # the longer phrase wins
        ("要多少分钟", {"duration"}),  # not a score: 多少分 is inside 多少分钟
        ("录取线多少分", {"score"}),
        ("坐7号线最贵要多少钱", {"money"}),
        ("末班车几点", {"clock"}),
        ("哪天开幕", {"date"}),
        ("值班电话多少", {"phone"}),
        ("研讨班一共多少人", set()),  # a count: the unit (人) says what is counted
        ("食品抽检合格率多少", {"share"}),  # any rate is a share
        ("垃圾回收利用率达到多少", {"share"}),
        ("率先在哪里试点", set()),  # 率 starting a word asks no rate
        ("扫码乘车打几折", {"share"}),
        # A measure's noun asks for it only in a question of quantity, before or after it.
        ("火车最高时速为何", {"speed"}),
        ("冠军拿了多少奖金", {"money"}),
        ("哪一个国家的网络速度是世界第一", set()),  # 速度 is the topic, a country is asked
        ("看特展要门票吗", set()),  # yes or no, not a price
        ("停电了打什么电话", {"phone"}),  # a phone number is asked by its noun alone
        ("法国于西元几年夺回该城", {"date"}),  # a year, not a duration (几年)
        ("大桥用了几年建成", {"duration"}),
        ("元胡今年收购价多少一公斤", {"money"}),  # any price or fee is a sum of money
        ("夜跑报名费要多少", {"money"}),
        ("老人今年多大", {"age"}),
        ("核心保护区有多大", set()),  # 多大 alone: a size, not an age
    ],
)
def test_the_measure_a_question_asks(question: str, asked: set[str]) -> None:
    assert measures.asked(question) == asked


@pytest.mark.parametrize(
    ("text", "kinds", "measure"),
    [
        ("7.8公里", {"number"}, "length"),
        ("约9.6亿元", {"number"}, "money"),
        ("25分钟以内", {"number"}, "duration"),
        ("612分", {"number"}, "score"),
        ("300公厘", {"number"}, "length"),
        ("10km", {"number"}, "length"),
        ("1座", {"number"}, None),
        ("22:30", {"clock"}, "clock"),
        ("2016年", {"year"}, "date"),
        ("0574-62712345", {"number"}, "phone"),
    ],
)
def test_what_a_figure_measures(text: str, kinds: set[str], measure: str | None) -> None:
    assert measures.measure_of(text, frozenset(kinds)) == measure


def test_figures_keep_their_bounds_and_the_part_of_a_month() -> None:
    norm = "项目总投资约9.6亿元，将于今年11月底前完工，末班车22:30发车。"
    found = {
        (text or norm[s:e], kind)
        for s, e, kind, text, _ in measures.figures(norm, "2023-06-01", False)
    }
    assert ("9.6亿元", "number") in found
    assert ("约9.6亿元", "number") in found
    assert ("2023年11月底前", "date") in found
    assert ("22:30", "clock") in found


def test_phone_numbers_are_offered_only_when_asked() -> None:
    norm = "值班电话：0574-62712345。"
    asked = _figures(norm, phones=True)
    unasked = _figures(norm)
    assert "0574-62712345" in asked
    assert "0574-62712345" not in unasked


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("前天下午，市长方启明主持召开市政府常务会议。", "方启明"),
        ("胸痛中心医疗总监屠建明说，去年中心共救治患者2100余人次。", "屠建明"),
    ],
)
def test_a_person_named_right_after_a_post_is_a_candidate(sentence: str, name: str) -> None:
    spans = _candidates("会议是谁主持的", sentence)
    assert any(s.text == name and "person" in s.kinds for s in spans)


def test_a_byline_closed_by_a_bracket_is_known_as_one() -> None:
    tokenizer = Tokenizer()
    sentence = "本报讯（记者 邬海燕）前天下午，市长方启明主持召开会议。"
    chaired = candidates(analyse("会议是谁主持的", tokenizer), sentence, None, tokenizer)
    assert not any("海燕" in s.text for s in chaired)  # the reporter chaired nothing
    wrote = candidates(analyse("这篇报道的记者是谁", tokenizer), sentence, None, tokenizer)
    assert "邬海燕" in [s.text for s in wrote if s.byline]
    assert all(s.byline for s in wrote if "海燕" in s.text)  # jieba's 海燕 of it too


def test_ranges_currencies_and_levels_are_whole_figures() -> None:
    norm = "收购价每斤25元至40元，比冰鲜货贵两到三成，利用外资1.86亿美元，启动防台风III级应急响应。"
    found = _figures(norm)
    assert {"25元至40元", "两到三成", "1.86亿美元", "III级"} <= found


def test_a_figure_in_any_currency_is_whole_and_measures_money() -> None:
    sentence = "联邦政府出资5000万加元作为初始资本，注册资本为30亿越南盾。"
    texts = [s.text for s in _candidates("初始资本是多少", sentence)]
    assert {"5000万加元", "30亿越南盾"} <= set(texts)
    # jieba cuts the numeral in two (5000|万|加元): its second half is no figure of its own.
    assert "万加元" not in texts
    assert measures.measure_of("5000万加元", frozenset(("number",))) == "money"


def test_figures_with_grouped_thousands_are_read_whole() -> None:
    found = _figures("生长于海拔900米至1,900米的地区，现场有6,476名观众，2016,300人报名。")
    assert {"900米至1,900米", "1,900米", "6,476名"} <= found
    assert "900米" in found  # the range's first figure alone
    assert not {"476名", "000米", "2016,300人"} & found  # no part of a grouped figure
    assert "300人" in found  # a year and a count after a comma are two figures


def test_a_duration_in_two_units_and_a_range_of_any_unit_are_whole_figures() -> None:
    found = _figures("单程从1小时20分钟缩短至25分钟，工期3年6个月，风力7至8级。")
    assert {"1小时20分钟", "25分钟", "3年6个月", "7至8级"} <= found
    # Two figures side by side that are not one duration stay apart.
    assert "3米5个" not in _figures("浪高3米5个船员获救")


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        # A place within a place is one answer.
        ("今年28岁的方宇航是江西上饶人", "江西上饶"),
        ("货船在岱山县衢山岛东北约15海里处机舱进水", "岱山县衢山岛"),
        # A site is named before its venue word, whatever jieba tags the name.
        ("马拉松将于本周日在西施广场鸣枪起跑", "西施广场"),
        ("第十届台州府城文化节在紫阳街东湖广场开幕", "紫阳街东湖广场"),
        ("建成后预计年产值可达60亿元，落户余姚经济开发区。", "余姚经济开发区"),
    ],
)
def test_a_place_named_in_parts_is_one_candidate(sentence: str, place: str) -> None:
    spans = _candidates("在哪里", sentence)
    assert any(s.text == place and "place" in s.kinds for s in spans)


def test_places_apart_and_a_bare_venue_word_are_no_place() -> None:
    apart = _candidates("在哪里", "北京和上海")
    assert not any(s.text == "北京和上海" and "place" in s.kinds for s in apart)
    # The venue word alone is a common noun.
    road = _candidates("在哪里", "道路两旁种满了树")
    assert not any("place" in s.kinds for s in road)


def test_a_span_of_time_of_day_and_a_bound_after_are_whole_figures() -> None:
    assert "6:30至12:00" in _figures("11月12日6:30至12:00实施交通管制")
    assert "凌晨1点至4点" in _figures("停水时间为凌晨1点至4点")
    assert "18:00至次日0:30" in _figures("夜市营业时间为18:00至次日0:30")
    assert "48小时内" in _figures("请在48小时内联系")
    assert measures.measure_of("48小时内", frozenset(("number",))) == "duration"


def test_a_score_is_a_figure_of_its_own_and_no_time_of_day() -> None:
    norm = "店口镇队以86：83险胜，首班车6:00发车"
    found = {(norm[s:e], kind) for s, e, kind, _, _ in measures.figures(norm, None, False)}
    assert ("86：83", "number") in found
    assert ("86：83", "clock") not in found
    assert ("6:00", "clock") in found
    assert measures.measure_of("86：83", frozenset(("number",))) == "score"
    assert measures.measure_of("3比1", frozenset(("number",))) == "score"
    assert measures.measure_of("6:00", frozenset(("clock", "number"))) == "clock"
    assert not measures.CLOCK.search("86：83")


def test_the_numerals_inside_a_time_of_day_are_no_figures_of_their_own() -> None:
    found = _figures("开放时间为每周二至周日9:00—17:00，周一闭馆")
    assert "9:00—17:00" in found
    assert not {"9", "00", "17"} & set(found)  # 周一闭馆 answered 00 before


def test_working_days_quarters_and_counts_of_orders_and_cases_are_figures() -> None:
    assert {"1个工作日内", "120万单", "12例"} <= _figures("1个工作日内办结，卖出120万单，新增12例")
    assert measures.measure_of("3个工作日", frozenset(("number",))) == "duration"
    assert measures.measure_of("2个季度", frozenset(("number",))) == "duration"


def test_a_name_jieba_cut_after_its_surname_is_whole() -> None:
    spans = _candidates("最有价值球员是谁", "店口镇队的25号球员何俊杰全场砍下31分")
    assert any(s.text == "何俊杰" and "person" in s.kinds for s in spans)


def test_figures_joined_by_a_list_answer_together() -> None:
    spans = _candidates("能换乘哪几条线", "分别与1号线、2号线、3号线和5号线实现换乘")
    assert any(s.text == "1号线、2号线、3号线和5号线" and "series" in s.kinds for s in spans)


def test_a_person_named_after_a_profession_is_a_candidate() -> None:
    spans = _candidates("总工程师叫什么", "项目总工程师邱海峰介绍，合龙误差控制在3毫米以内")
    assert any(s.text == "邱海峰" and "person" in s.kinds for s in spans)


def _candidates(question: str, sentence: str) -> list[Span]:
    """The span candidates of a sentence for a question, from an article with no date."""
    tokenizer = Tokenizer()
    return candidates(analyse(question, tokenizer), sentence, Source("", "", None, ""), tokenizer)


def _figures(norm: str, phones: bool = False) -> set[str]:
    """The texts of a sentence's figures, in an article with no date."""
    return {text or norm[s:e] for s, e, _, text, _ in measures.figures(norm, None, phones)}


def test_a_day_and_its_time_of_day_are_one_figure_completed_as_the_day_is() -> None:
    norm = "指挥部决定于今天12时起启动应急响应，8月8日6:30至17:30停电"
    found = {
        (norm[s:e], kind): (text, said)
        for s, e, kind, text, said in measures.figures(norm, "2023-09-01", False)
    }
    assert found[("今天12时", "date")] == ("2023年9月1日12时", "今天12时")
    assert found[("今天12时", "clock")] == ("2023年9月1日12时", "今天12时")
    assert ("8月8日6:30至17:30", "clock") in found  # a whole date needs no completing
    assert ("12时", "clock") in found and ("今天", "date") in found  # each alone too
    # A day not right before the time of day stays apart from it.
    apart = _figures("今天上级决定12时起响应")
    assert "12时" in apart and not any(f.startswith("今天") and f.endswith("12时") for f in apart)


def test_from_one_date_to_another_is_one_figure() -> None:
    norm = "1985年9月至1987年7月在晋中学习，于今年3月1日至明年1月5日展出，5月2日开幕。"
    found = {
        (norm[s:e], kind): text
        for s, e, kind, text, _ in measures.figures(norm, "2023-06-01", False)
    }
    assert found[("1985年9月至1987年7月", "date")] is None  # said in full: nothing completed
    assert found[("今年3月1日至明年1月5日", "date")] == "2023年3月1日至2024年1月5日"
    # Dates not joined by 至, 到 or a dash stay apart.
    assert not any(text.startswith("明年") and text.endswith("开幕") for text, _ in found)
    assert not any("5日" in text and "5月2日" in text for text, _ in found)


def test_a_reign_year_glossed_by_the_common_era_is_one_figure() -> None:
    norm = "李日华生于嘉靖四十四年(1565年),万历七年 (1579年)参加乡试,1580年(庚辰)中举。"
    found = {norm[s:e] for s, e, kind, _, _ in measures.figures(norm, None, False)}
    assert {"嘉靖四十四年(1565年)", "万历七年 (1579年)"} <= found
    assert {"嘉靖四十四年", "1565年"} <= found  # each alone stays a candidate too
    assert not any(f.endswith("(庚辰)") for f in found)  # a bracket after a plain year


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("昨天共有52对新人登记结婚", "52对"),  # a count in pairs
        ("共向水阳江放流各类鱼苗260万尾", "260万尾"),  # fish are counted in 尾
        ("体长约有24公分", "24公分"),
        ("最低气温-14.3℃，为今冬最低", "-14.3℃"),  # below zero: the sign is the figure's
        ("气温在-5℃至3℃之间", "-5℃"),
    ],
)
def test_a_figure_keeps_its_measure_word_and_its_sign(sentence: str, figure: str) -> None:
    assert figure in [text for _, text in number_spans(sentence)]


@pytest.mark.parametrize("text", ["2020-2021年", "A-1区", "1-3月"])
def test_a_dash_between_figures_is_no_minus_sign(text: str) -> None:
    assert not any(t.startswith("-") for _, t in number_spans(text))


@pytest.mark.parametrize(
    ("question", "until"),
    [
        ("夜市几点到几点", True),
        ("特展展到什么时候", True),
        ("文化节办到哪天结束", True),
        ("末班车几点", False),
        ("他哪天到杭州", False),  # 到 before the question word, not after it
    ],
)
def test_a_question_asking_until_when(question: str, until: bool) -> None:
    assert measures.asks_until(question) is until


@pytest.mark.parametrize(
    ("sentence", "until"),
    [
        ("营业时间为18:00至次日0:30。", True),
        ("展期至明年2月29日。", True),
        ("比赛当天6时至13时实行交通管制。", True),
        ("4月29日至5月3日假期，游客众多。", True),  # a range read as one date
        ("本周六晚6时，夜市将开市。", False),
        ("大桥于2016-09-12通车。", False),  # an ISO date's dashes end nothing
    ],
)
def test_a_sentence_saying_until_when(sentence: str, until: bool) -> None:
    assert measures.until(sentence, "2024-05-01") is until
