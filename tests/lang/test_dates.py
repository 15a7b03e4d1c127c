"""Date expressions resolved against the article's publication date."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.lang import dates
from bot.lang.dates import find_dates


def _resolved(text: str, published: str | None) -> list[str]:
    return [d.resolved for d in find_dates(text, published)]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("今年9月,国家质检总局正式命名我市", "2016-11-25", ["2016年9月"]),
        ("24日,市委书记金政应邀走上讲台", "2016-11-25", ["2016年11月24日"]),
        ("(二零一六年九月十二日)", "2016-09-12", ["2016年9月12日"]),
        ("本报讯 23日至28日,由中组部主办", "2016-11-25", ["2016年11月23日至28日"]),
        ("11月23日至12月2日举行", "2016-11-25", ["2016年11月23日至12月2日"]),
        ("去年3月开工", "2016-11-25", ["2015年3月"]),
        ("稿源: 宁波日报 2016-09-12 07:05:00", None, ["2016年9月12日"]),
        # A day well past the publication day belongs to the month before.
        ("28日举行", "2016-11-05", ["2016年10月28日"]),
        # December named in a January paper is last year's.
        ("12月3日举行", "2016-01-10", ["2015年12月3日"]),
        # Without a publication date nothing is invented.
        ("9月开班", None, ["9月"]),
    ],
)
def test_dates_resolve_against_publication(
    text: str, published: str | None, expected: list[str]
) -> None:
    assert _resolved(text, published) == expected


def test_span_covers_the_original_words() -> None:
    (span,) = find_dates("本报讯 23日至28日,由中组部主办", "2016-11-25")
    assert span.text == "23日至28日"
    assert "本报讯 23日至28日,由中组部主办"[span.start : span.end] == span.text
    assert span.year == 2016


def test_plain_numbers_are_not_dates() -> None:
    assert find_dates("共资助困难学子745人次,其中390名走上工作岗位", "2016-11-25") == []


def test_impossible_dates_are_ignored() -> None:
    assert find_dates("第13月32日", "2016-11-25") == []


def test_a_year_of_past_centuries_is_a_date_and_a_span_of_millennia_is_not() -> None:
    (span,) = find_dates("1843年巴西也拥有了自己的第一套邮票", None)
    assert (span.text, span.year) == ("1843年", 1843)
    assert find_dates("这座古城已有3000年历史", None) == []


@pytest.mark.parametrize(
    ("text", "decade"),
    [
        ("这是1930年代的旧脚踏车", "1930年代"),
        ("20世纪60年代以来，战舰火炮逐渐式微", "20世纪60年代"),
        ("上世纪80年代初，他来到深圳", "上世纪80年代初"),
        ("二十世纪八十年代末", "二十世纪八十年代末"),
    ],
)
def test_a_decade_is_found_whole_and_names_no_year(text: str, decade: str) -> None:
    (span,) = find_dates(text, "2016-05-01")
    assert (span.text, span.resolved, span.year, span.completed) == (decade, decade, None, False)


def test_a_decade_beside_a_date_leaves_the_date_alone() -> None:
    spans = find_dates("1990年代以后，1995年8月他任常委", None)
    assert [(d.text, d.year) for d in spans] == [("1990年代", None), ("1995年8月", 1995)]
    assert [d.text for d in find_dates("今年代表大会", "2016-05-01")] == ["今年"]


# Pieces dates are made of, and the characters around them in news text.
DATE_BITS = [
    "2016",
    "9",
    "12",
    "二零一六",
    "十二",
    "二十八",
    "一",
    "今年",
    "去年",
    "年",
    "月",
    "份",
    "日",
    "号",
    "至",
    "到",
    "-",
    "—",
    "～",
    "本报讯",
    "日本",
    "月亮",
    ",",
    "。",
]


@given(
    pieces=st.lists(st.sampled_from(DATE_BITS), max_size=12),
    published=st.sampled_from([None, "2016-11-25", "2016-01-10"]),
)
def test_the_fast_paths_skip_only_text_without_dates(
    pieces: list[str], published: str | None
) -> None:
    # The same scan with neither the start lookahead nor the prefilter finds the same dates.
    text = "".join(pieces)
    anywhere = re.compile(dates._DATE.pattern.removeprefix(dates._DATE_START))
    with (
        mock.patch.object(dates, "_DATE", anywhere),
        mock.patch.object(dates, "_MAYBE_DATE", re.compile("")),
    ):
        slow = find_dates(text, published)
    assert find_dates(text, published) == slow


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("昨天上午，北汊桥正式通车", ("昨天", "2016年11月24日")),
        ("今日凌晨起停水", ("今日", "2016年11月25日")),
        ("前天傍晚", ("前天", "2016年11月23日")),
        ("本月20日开幕", ("本月20日", "2016年11月20日")),
        ("上周五举行", ("上周五", "2016年11月18日")),  # 2016-11-25 is a Friday
        ("下月起实施", ("下月", "2016年12月")),
        ("今年是第三届", ("今年", "2016年")),
        ("今年9月命名", ("今年9月", "2016年9月")),
        ("昨晚7时30分开幕", ("昨晚", "2016年11月24日")),  # an evening names its day
        ("今晨6时起封闭", ("今晨", "2016年11月25日")),
        ("明晚8时播出", ("明晚", "2016年11月26日")),
    ],
)
def test_relative_words_resolve_against_the_publication_date(
    text: str, expected: tuple[str, str]
) -> None:
    (span,) = find_dates(text, "2016-11-25")
    assert (span.text, span.resolved, span.completed) == (*expected, True)
    assert text[span.start : span.end] == span.text


def test_a_number_before_hao_and_a_noun_is_no_day() -> None:
    # 号 is a day in 5月1号, not in 1号线, 3号楼 or 25号球员.
    assert [d.text for d in find_dates("5月1号起，1号线、3号楼和25号球员", None)] == ["5月1号"]


def test_relative_words_mean_nothing_without_a_publication_date() -> None:
    assert find_dates("昨天上午通车", None) == []
    (span,) = find_dates("本月20日开幕", None)
    assert (span.text, span.completed) == ("20日", False)


def test_a_year_named_in_another_sentence_is_not_filled_in() -> None:
    # "同年" points at a year another sentence gives: neither that nor the paper's year fills it.
    (span,) = find_dates("同年11月9日，两国建交", "2016-11-25")
    assert (span.resolved, span.year, span.completed) == ("11月9日", None, False)


def test_a_full_date_is_not_completed() -> None:
    (span,) = find_dates("一九六一年九月十日在平壤", "2016-11-25")
    assert span.completed is False


@pytest.mark.parametrize("stored", ["2016-13-45", "2016-02-30", "9" * 40, "not a date"])
def test_a_stored_bad_date_never_raises_when_dates_are_read(stored: str) -> None:
    assert [d.resolved for d in find_dates("今年9月24日开幕", stored)] == ["9月24日"]


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("康熙三十二年改为赤城县", ["康熙三十二年"]),
        ("道光二十二年（1842年）十月", ["道光二十二年"]),
        ("中共皖浙赣省委于民国25年成立", ["民国25年"]),
        ("白马寺建于公元68年", ["公元68年"]),
        ("至元十一年，元军东征；昭和21年", ["至元十一年", "昭和21年"]),
        # Counting and time words before the numeral make no era.
        ("连续三年获奖，第二年他去了北京", []),
        ("此后两年、长达十年、时隔三年、共有3年、最近三年", []),
        ("去年、今年、1949年", []),
    ],
)
def test_a_year_of_an_era_or_reign_is_found(text: str, years: list[str]) -> None:
    assert [y for _, y in dates.era_years(text)] == years


def test_a_date_after_a_range_mark_that_follows_no_date_is_found() -> None:
    # 9:00 is no date, so 至5月26日 ends no range: 5月26日 is a date of its own.
    found = find_dates("报名时间为5月21日9:00至5月26日17:00", "2024-05-10")
    assert [d.text for d in found] == ["5月21日", "5月26日"]
    # A range of days is still one date.
    assert [d.text for d in find_dates("10月28日至29日举办", None)] == ["10月28日至29日"]
