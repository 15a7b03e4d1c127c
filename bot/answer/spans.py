"""Spans of a sentence by kind — dates, numbers, names, titles — and whether it has any."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate

from bot.answer.question import Question
from bot.lang.dates import era_years, find_dates
from bot.lang.lexicon import (
    ADDRESS_FORMS,
    BYLINE_ASKERS,
    BYLINE_ROLES,
    DAY_WORDS,
    MANY_ASKERS,
    MONTH_WORDS,
    NOT_BYLINE_ASKERS,
    NUMBER_UNITS,
    PEOPLE_UNITS,
    PHONE_WORDS,
    POST_RANKS,
    POST_UNITS,
    POSTS,
    REASON_CUES,
    YEAR_WORDS,
)
from bot.lang.masked import masked_names
from bot.lang.names import ORG, PERSON, PLACE, is_name, org_start
from bot.lang.tokenizer import Tokenizer
from bot.model import QType, Source

# What names a day, or a month, in a date: 18日, 5号, 周五, 星期三; 3月.
_DAY = re.compile(
    r"\d\s*[日号]|[一二三四五六七八九十廿卅]日|(?:周|礼拜|星期)[一二三四五六日天末]|[昨今明前后]天"
)
_MONTH = re.compile(r"月")


def grain(q: Question) -> re.Pattern[str] | None:
    """What a date must name when the question asks a day (哪天, 几号) or a month (几月)."""
    return _grain(q.text)


@lru_cache(maxsize=1024)  # has_type asks it for every candidate of a question
def _grain(text: str) -> re.Pattern[str] | None:
    if any(w in text for w in DAY_WORDS):
        return _DAY
    return _MONTH if any(w in text for w in MONTH_WORDS) else None


# Every unit a figure may carry, as a regex alternation, longest first (分钟 before 分).
UNITS_PATTERN = "|".join(sorted(NUMBER_UNITS, key=len, reverse=True))
# Digits as printed, thousands grouped or not (1,900米, 6,476名): grouped first, so that 1,900
# is not read as 900.
DIGITS = r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# A minus sign counts where it cannot be a dash between two figures (-14.3℃, 至-5℃).
_SIGN = r"(?:(?<![\dA-Za-z.,)）])-)?"
_NUMBER = re.compile(
    # Roman numerals are letters after NFKC (Ⅲ级 → III级): only before 级.
    rf"(?:{_SIGN}(?:{DIGITS})|[零一二两三四五六七八九十百千]+|(?<![A-Za-z])[IVX]{{1,4}}(?=级))"
    rf"(?:多|余)?(?:万|亿|千|百)?(?:多|余)?(?:{UNITS_PATTERN})"
)
# A place in an order as printed, unit or not (全国港口第十, 第3家): what 第几 asks for.
_ORDINAL = re.compile(rf"第(?:\d+|[一二三四五六七八九十百千两]+)(?:{UNITS_PATTERN})?")
# A phone number or a hotline: 0574-62712345, 87138012, 96390.
PHONE = re.compile(r"(?<![\d.])(?:\d{3,4}[-－])?\d{5,11}(?![\d.])")
# A surname with a form of address: 王先生, 李老师.
TITLE_NAME = re.compile(r"[\u4e00-\u9fff](?:" + "|".join(ADDRESS_FORMS) + ")")
# A credit line, or a name at its end (记者 张三, 张三摄): only a space, 摄 or the end may
# follow the name. The lead 本报讯（记者 张三）前天下午… is no credit line but the news itself;
# span_candidates' _BYLINE_NAME finds the name in it too.
_BYLINE = re.compile(
    r"(?:" + "|".join(BYLINE_ROLES) + r")\s*[:：]?\s*([\u4e00-\u9fff]{2,3})(?:\s|摄|$)"
)
_ROLE = re.compile("|".join(BYLINE_ROLES))
# A reporter's name wherever the credit stands, in brackets too (本报讯（记者 邬海燕）): a
# span there is marked, so that only a question about the report takes it (_BYLINE is the
# narrower pattern of a sentence that is a credit line).
BYLINE_NAME = re.compile(
    r"(?:" + "|".join(BYLINE_ROLES) + r")\s*[:：]?\s*([\u4e00-\u9fff]{2,3})(?=\s|摄|$|[,，、 ）)])"
)
TITLE_POST = re.compile(
    "(?:" + "|".join(POST_UNITS) + ")?(?:" + "|".join(POST_RANKS) + ")?(?:" + "|".join(POSTS) + ")"
)
# Where the office a post belongs to begins, looking back from the post (任中共温州市委书记,
# 叶盛茂任台北市政府政风处处长): after a break, a verb of taking office or a date.
_OFFICE_START = re.compile(
    r"[，,。；;：:、（）()“”\"《》\s]|担任|出任|兼任|升任|调任|改任|转任|当选为?|任命为|任|为|是|由|在"
    r"|\d[年月日]|[年月]份?|[昨今前明]天|[昨今近]日|日前|目前|近期|此前|随后"
)
_OFFICE_CHARS = 20
_REASON_CUE = re.compile("|".join(REASON_CUES))
_PHONE_ASKED = re.compile("|".join(PHONE_WORDS))
_DEFINED_AS = re.compile(r"(就是|是指|指的是|是|指|即)([^，,。；;]{2,40})")
# Measure words that count the same things: 几名学员 is answered by 38名 or 38人.
SAME_UNIT = {"名": PEOPLE_UNITS, "人": PEOPLE_UNITS, "位": PEOPLE_UNITS}


def is_byline(norm: str) -> bool:
    """Whether a sentence names a reporter, photographer or editor ("记者 张三", "张三 摄")."""
    # The roles first, by one pattern of them alone (C's scan for their first characters):
    # the whole pattern tried at every character cost more than the rest of a candidate's
    # features, and most sentences name no role.
    return _ROLE.search(norm) is not None and _BYLINE.search(norm) is not None


@lru_cache(maxsize=64)  # asked for the same question by the ranker, its type check and the spans
def asks_for_credit(question: str) -> bool:
    """Whether a question asks who reported, wrote, edited or took the photo (记者, 拍): then
    a byline answers it; otherwise a byline names no one who built or chaired anything."""
    for w in NOT_BYLINE_ASKERS:
        question = question.replace(w, " ")
    return any(w in question for w in BYLINE_ASKERS)


def asks_for_several(question: str) -> bool:
    """Whether a question asks for several things (哪些, 哪几, 分别): a list may answer it."""
    return any(w in question for w in MANY_ASKERS)


def asks_in_order(question: str) -> bool:
    """Whether a question asks which place in an order (第几): an ordinal answers it."""
    return "第几" in question


def posts(norm: str) -> list[tuple[int, int]]:
    """Posts (副书记, 处长), and each with the office it is of before it where one is said
    (中共温州市委书记, 台北市政府政风处处长): answers to 什么职务 are often the whole."""
    out = []
    for m in TITLE_POST.finditer(norm):
        out.append((m.start(), m.end()))
        lo = max(0, m.start() - _OFFICE_CHARS)
        at_start = 0 if lo == 0 else -1  # the sentence's start is a break too
        start = max(
            (b.end() for b in _OFFICE_START.finditer(norm, lo, m.start())), default=at_start
        )
        if 0 <= start <= m.start() - 2:
            out.append((start, m.end()))
    return out


def ordinals(q: Question, norm: str) -> list[tuple[int, str]]:
    """A sentence's places in an order (全国港口第十, 第3家), when the question asks for one."""
    if not asks_in_order(q.text):
        return []
    return [(m.start(), m.group(0)) for m in _ORDINAL.finditer(norm)]


def occurrences(word: str, text: str) -> list[int]:
    """Where a non-empty word stands in a text, left to right, not overlapping (as
    re.finditer finds it, without a pattern to escape and look up for every sentence)."""
    out = []
    at = text.find(word)
    while at >= 0:
        out.append(at)
        at = text.find(word, at + len(word))
    return out


def person_spans(norm: str, tokenizer: Tokenizer) -> list[tuple[int, str]]:
    out = [(m.start(), m.group(0)) for m in TITLE_NAME.finditer(norm)]
    out += [(m.start(1), m.group(1)) for m in _BYLINE.finditer(norm)]
    out += [(s, w) for w, s, _ in tokenizer.spans(norm) if is_name(w, "person", tokenizer)]
    return out + masked_names(norm, tokenizer.known)


def org_spans(norm: str, tokenizer: Tokenizer, source: Source | None) -> list[tuple[int, str]]:
    out = []
    words = tokenizer.tagged(norm)
    starts = [0, *accumulate(len(w) for w, _ in words)]
    for i, (w, _) in enumerate(words):
        if is_name(w, "org", tokenizer):
            start = org_start(norm, words, starts, i, tokenizer.known)
            out.append((start, norm[start : starts[i + 1]]))
    if source and source.paper:
        out += [(at, source.paper) for at in occurrences(source.paper, norm)]
    return out


def place_spans(norm: str, tokenizer: Tokenizer) -> list[tuple[int, str]]:
    """Place names; a following 镇/县/区… belongs to the name (龙山|镇 → 龙山镇)."""
    out = []
    for w, s, e in tokenizer.spans(norm):
        if is_name(w, "place", tokenizer):
            suffix = re.match(r"(?:街道|[省市县区镇乡村])", norm[e:])
            out.append((s, w + suffix.group(0) if suffix else w))
    return out


def number_spans(norm: str) -> list[tuple[int, str]]:
    dates = [(d.start, d.end) for d in find_dates(norm, None)]
    return [
        (m.start(), m.group(0))
        for m in _NUMBER.finditer(norm)
        if not any(a <= m.start() < b for a, b in dates)
    ]


def typed_spans(
    q: Question, norm: str, source: Source | None, tokenizer: Tokenizer
) -> list[tuple[int, str]]:
    """Spans of the answer type the question asks for, minus words the question already says."""
    if q.qtype is QType.TIME:
        dates = find_dates(norm, source.date if source else None)
        if q.wh in YEAR_WORDS:
            found = [(d.start, f"{d.year}年") for d in dates if d.year is not None]
        else:
            found = [(d.start, d.resolved) for d in dates]
    elif q.qtype is QType.NUMBER:
        found = number_spans(norm)
        if q.unit:
            units = SAME_UNIT.get(q.unit, (q.unit,))
            found = [(s, w) for s, w in found if w.endswith(units)]
        if _PHONE_ASKED.search(q.text):
            found += [(m.start(), m.group(0)) for m in PHONE.finditer(norm)]
        found += ordinals(q, norm)
    elif q.qtype is QType.PERSON:
        found = person_spans(norm, tokenizer)
    elif q.qtype in (QType.AGENT, QType.ORG):
        found = org_spans(norm, tokenizer, source)
        if q.qtype is QType.AGENT:
            found += person_spans(norm, tokenizer)
    elif q.qtype is QType.PLACE:
        found = place_spans(norm, tokenizer)
    elif q.qtype is QType.TITLE:
        widest: dict[int, int] = {}  # each post with the office it is of, if said
        for start, end in posts(norm):
            widest[end] = min(start, widest.get(end, start))
        found = [(start, norm[start:end]) for end, start in widest.items()]
    else:
        return []
    found = [(s, w) for s, w in found if w not in q.text]
    # "哪个镇": a name that ends in the asked kind is the better answer.
    kind = [(s, w) for s, w in found if q.category and w.endswith(q.category)]
    return kind or found


def has_type(
    q: Question,
    norm: str,
    source: Source | None,
    tokenizer: Tokenizer,
    names: list[str] | None = None,
) -> float:
    """How clearly a sentence holds an answer of the asked type: 0 none, 1 clear, 0.5 weak.

    `names`: the sentence's indexed words that name something of the asked kind (see
    `NAMED`), known from the index, so the sentence need not be cut and tagged again.
    """
    if names is not None and q.qtype in NAMED:
        return 1.0 if _named(q, norm, source, names) else 0.0
    if q.qtype is QType.REASON:
        m = _REASON_CUE.search(norm)
        return 0.0 if not m else 1.0 if len(m.group(0)) > 1 else 0.5
    if q.qtype is QType.DEFINITION:
        m = definition(q, norm)
        return (
            0.0 if not m else 1.0 if len(m.group(1)) > 1 or m.group(2).startswith("一种") else 0.6
        )
    if q.qtype is QType.LIST:
        # An enumeration of the asked kind ("X活动、Y活动") is the clearest list.
        noun = _category_noun(q)
        if noun and norm.count(noun) >= 2 and "、" in norm:
            return 1.0
        return 0.5 if "、" in norm else 0.0
    found = typed_spans(q, norm, source, tokenizer)
    if q.qtype is QType.TIME:
        # A reign's or era's year (建文二年, 民国三十八年) holds a time too. Not offered as the
        # hand-written reading's answer (extract.reading): the span model weighs it there,
        # and taking it as the reading lost (docs/answer-method.md).
        if "年" in norm:  # a substring test spares most sentences the regular expression
            found += era_years(norm)
        # 今年 says no day: a sentence with only a year answers 哪天 weakly.
        asked = grain(q)
        if found and asked and not any(asked.search(text) for _, text in found):
            return 0.5
    return 1.0 if found else 0.0


# Question types told by names, and the bits of the kinds of name that answer them.
NAMED = {QType.PERSON: PERSON, QType.PLACE: PLACE, QType.ORG: ORG, QType.AGENT: ORG | PERSON}


def _named(q: Question, norm: str, source: Source | None, names: list[str]) -> bool:
    """Whether the sentence names someone or something of the asked kind the question does not.

    A reporter's name counts only when the question asks about the report: the lead of a
    story (本报讯（记者 张三）昨天…) names who wrote it, not who built or won anything.
    """
    credit = asks_for_credit(q.text)
    credited = () if credit else [m.group(1) for m in BYLINE_NAME.finditer(norm)]
    # A part of a reporter's name too (雨晨 of 邵雨晨, as jieba may cut it).
    if any(w not in q.text and not any(w in c for c in credited) for w in names):
        return True
    if q.qtype in (QType.PERSON, QType.AGENT) and (
        TITLE_NAME.search(norm) or (credit and _BYLINE.search(norm))
    ):
        return True
    return q.qtype in (QType.ORG, QType.AGENT) and bool(
        source and source.paper and source.paper in norm
    )


def definition(q: Question, norm: str) -> re.Match[str] | None:
    """ "工匠精神是一种…的精神": the asked term followed by 是/指/即, and what it is said to be."""
    for term in sorted(q.terms, key=len, reverse=True):
        # Found by str.find, not a pattern built from the term: compiling one per new
        # question cost more than the whole rest of the type check.
        at = norm.find(term)
        while at >= 0:
            m = _DEFINED_AS.match(norm, at + len(term))
            if m:
                return m
            at = norm.find(term, at + 1)
    return None


def _category_noun(q: Question) -> str | None:
    """The word right after the question phrase: 活动 in 开展哪些活动."""
    if q.category:
        return q.category
    if not q.wh_spans:
        return None
    end = q.wh_spans[-1][1]
    m = re.match(r"[\u4e00-\u9fff]{2}", q.text[end:])
    return m.group(0) if m else None
