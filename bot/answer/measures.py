"""What a question's figure measures (多长: a length or a duration) and what a sentence's
figures measure (7.8公里: a length), from the lexicon's units and question phrases.

Both models read it: the span model prefers a figure of the asked measure (多长 → 7.8公里,
not 1座), the ranker and its confidence a sentence that has one.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from bot.answer.spans import DIGITS, PHONE, UNITS_PATTERN, number_spans
from bot.lang.dates import era_years, find_dates
from bot.lang.lexicon import CHANGE_VERBS, MEASURE_ASKERS, MEASURE_UNITS, YEAR_WORDS

# Longest first: 多少分钟 asks a duration before 多少分 can ask a score, and 西元几年 a date
# (the phrases that ask a year) before 几年 can ask a duration.
_ASKING = {**MEASURE_ASKERS, "date": MEASURE_ASKERS["date"] + YEAR_WORDS}
_ASKERS = sorted(
    {
        w: frozenset(m for m, ws in _ASKING.items() if w in ws)
        for words in _ASKING.values()
        for w in words
    }.items(),
    key=lambda p: -len(p[0]),
)
_UNITS = sorted(((u, m) for m, us in MEASURE_UNITS.items() for u in us), key=lambda p: -len(p[0]))
_NUMBER = frozenset(("number",))
_FIGURE = re.compile(r"[\d零一二两三四五六七八九十百千万亿多余]")
_DAYTIME = "(?:凌晨|早上|上午|中午|下午|傍晚|晚上|夜里|夜间)"
# A time of day; a Chinese-numeral hour only after a time of day: 一点 alone is "a little".
# 86：83 is a score, not a time: the hour before a colon is at most 24.
CLOCK = re.compile(
    rf"{_DAYTIME}?(?:(?<!\d)(?:[01]?\d|2[0-4])[:：][0-5]\d|\d{{1,2}}[时点](?:\d{{1,2}}分|半)?)"
    rf"|{_DAYTIME}[一二三四五六七八九十]{{1,3}}[时点]半?"
)


# The part of a month a date may name (11月底, 本月下旬, 6月底前): kept with the date.
_DATE_PART = re.compile(r"底前|底|初|上旬|中旬|下旬|末|中")
_ISO_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
# A game's score (86：83, 3比1); 6:30 reads as a time of day first (measure_of).
_SCORE = re.compile(r"(?<![\d.:：])\d{1,3}\s?[:：比]\s?\d{1,3}(?![\d.:：])")
_NUMERAL = re.compile(r"\d+(?:[.,]\d+)*(?:\s?[万亿千百])?(?:\s?[A-Za-z%°²³]+[²³]?)?")
# Words that bound a figure as printed (约9.6亿元, 2600余艘, 10%以上, 每38秒, 第3家): a second
# candidate keeps them, and the span model learns when the gold answer does.
_NUMBER_BEFORE = ("约", "近", "超过", "逾", "共", "达", "仅", "第", "每")
_NUMBER_AFTER = ("以上", "以下", "以内", "左右", "多", "内")  # 48小时内
_BOUNDS = re.compile("(?:" + "|".join(_NUMBER_AFTER) + ")$")  # cut before reading the unit
_RANGE = re.compile(r"至|到|-|－|—|~|～")
# Between two times of day, a range may pass midnight: 18:00至次日0:30.
_CLOCK_RANGE = re.compile(rf"(?:{_RANGE.pattern})(?:次日|翌日|第二天)?")
_GLOSS = re.compile(r"\s?[(（](?:公元前?|西元前?)?\d{1,4}年[)）]")  # (1565年), after a reign's year
_DURATION = re.compile(r"(?:年|个月|周|天|小时|分钟|分|秒)$")
# A range whose first figure shares the second's unit: 两到三成, 3至5天, 7至8级.
_RANGE_SHARED = re.compile(
    rf"(?:{DIGITS}|[一二两三四五六七八九十]+)(?:至|到|-|－|~|～)"
    rf"(?:{DIGITS}|[一二两三四五六七八九十]+)(?:成|{UNITS_PATTERN})"
)
Figure = tuple[int, int, str, "str | None", "str | None"]  # start, end, kind, text, said


def figures(norm: str, published: str | None, phones: bool) -> list[Figure]:
    """Candidate answers that are figures: dates (completed against the publication date,
    with the part of a month they name), years, numbers with units and bounds, times of day,
    and phone numbers when `phones` (the question asks for one)."""
    out: list[Figure] = []
    days = find_dates(norm, published)
    for d in days:
        if d.completed:
            out.append((d.start, d.end, "date", d.resolved, d.text))
        elif _ISO_DATE.fullmatch(d.text):
            out.append((d.start, d.end, "date", d.resolved, None))  # 2016-09-12: 2016年9月12日
        else:
            out.append((d.start, d.end, "date", None, None))
        part = _DATE_PART.match(norm, d.end) if d.text.endswith("月") else None
        if part:
            said = d.text + part.group(0) if d.completed else None
            out.append((d.start, part.end(), "date", d.resolved + part.group(0), said))
        year = norm.find("年", d.start, d.end)
        if d.year is not None and 0 <= year < d.end - 1 and not d.completed:
            out.append((d.start, year + 1, "year", None, None))
    eras = era_years(norm)
    out += [(at, at + len(era), "year", None, None) for at, era in eras]
    # A reign's year glossed by the common era's is one answer: 嘉靖四十四年(1565年).
    for at, era in eras:
        gloss = _GLOSS.match(norm, at + len(era))
        if gloss:
            out.append((at, gloss.end(), "year", None, None))
    # From one date to another is one answer (1985年9月至1987年7月), completed when both are.
    for first_day, last_day in pairwise(days):
        gap = norm[first_day.end : last_day.start]
        if _RANGE.fullmatch(gap):
            both = first_day.completed and last_day.completed
            whole = first_day.resolved + gap + last_day.resolved if both else None
            said = first_day.text + gap + last_day.text if both else None
            out.append((first_day.start, last_day.end, "date", whole, said))
    numbers = number_spans(norm)
    for start, text in numbers:
        end = start + len(text)
        out.append((start, end, "number", None, None))
        before = next((w for w in _NUMBER_BEFORE if norm.endswith(w, 0, start)), "")
        after = next((w for w in _NUMBER_AFTER if norm.startswith(w, end)), "")
        if before or after:
            out.append((start - len(before), end + len(after), "number", None, None))
    # A range is one answer (25元至40元, 两到三成): two figures joined by 至, 到 or a dash.
    # So is a duration told in two units (1小时20分钟, 3年6个月).
    for (a, first), (b, second) in pairwise(numbers):
        if _RANGE.fullmatch(norm[a + len(first) : b]) or (
            a + len(first) == b and _DURATION.search(first) and _DURATION.search(second)
        ):
            out.append((a, b + len(second), "number", None, None))
    out += [(m.start(), m.end(), "number", None, None) for m in _RANGE_SHARED.finditer(norm)]
    clocks = list(CLOCK.finditer(norm))
    times = [(m.start(), m.end()) for m in clocks]
    # From one time of day to another is one answer (6:30至12:00, 凌晨1点至4点).
    for since, until in pairwise(clocks):
        if _CLOCK_RANGE.fullmatch(norm[since.end() : until.start()]):
            times.append((since.start(), until.end()))
    out += [(start, end, "clock", None, None) for start, end in times]
    # A day and the time of day right after it are one answer too (今天12时起, 8月8日6:30至
    # 17:30): a notice's "when" names both, completed as the day alone is.
    for d in days:
        for start, end in times:
            if start == d.end:
                clock = norm[start:end]
                whole = d.resolved + clock if d.completed else None
                said = d.text + clock if d.completed else None
                out += [(d.start, end, kind, whole, said) for kind in ("date", "clock")]
    # A bare numeral inside a time of day is no figure of its own (the 00 of 9:00).
    out += [
        (m.start(), m.end(), "number", None, None)
        for m in _NUMERAL.finditer(norm)
        if not any(a <= m.start() and m.end() <= b for a, b in times)
    ]
    out += [(m.start(), m.end(), "number", None, None) for m in _SCORE.finditer(norm)]
    if phones:
        out += [(m.start(), m.end(), "number", None, None) for m in PHONE.finditer(norm)]
    return out


# Measures the span model reads but the ranker does not: nearly every sentence of a news
# article holds a date, and any run of five digits reads as a phone number, so for ranking
# they say little (crossed on the training data, the ranker did worse with them).
SPAN_ONLY = frozenset(("date", "phone"))


@lru_cache(maxsize=64)  # the ranker and the span model both ask, for the same question
def asked(text: str) -> frozenset[str]:
    """The measures a question asks for, each phrase read once, longest first."""
    found: set[str] = set()
    quantity = _QUANTITY.search(text) is not None
    if _RATE_ASKED.search(text):
        found.add("share")  # 合格率多少, 覆盖率是多少: any rate is a share
    if _PRICE_ASKED.search(text):
        found.add("money")  # 收购价多少, 报名费要多少: any price or fee is a sum of money
    for word, measures in _ASKERS:
        if word not in text:
            continue
        # A noun that names a measure (速度, 票价) asks for it only in a question of quantity
        # (速度是多少, 多少奖金), not as a topic (网速是世界榜首, 要门票吗); a phone number or a
        # date is asked by its noun alone (打什么电话).
        if _WH.search(word) is None and not measures <= SPAN_ONLY and not quantity:
            continue
        found |= measures
        text = text.replace(word, "\0")
    return frozenset(found)


_WH = re.compile("多|几|哪|何|什么|甚么|啥")
_QUANTITY = re.compile("多少|几|多[大高长远快重久深宽贵]|为何")


# A rate asked for (合格率多少, 覆盖率达到了多少): whatever the rate of, a share answers it.
_RATE_ASKED = re.compile(r"[\u4e00-\u9fff]率(?:是|为|有|达到?了?|提高到|降到)?(?:多少|几)")
_PRICE_ASKED = re.compile(r"[\u4e00-\u9fff][价费](?:格|用)?(?:是|为|要|收|在)?(?:多少|几)")


def measure_of(text: str, kinds: frozenset[str]) -> str | None:
    """What a figure measures, by its unit (约7.8公里 → length); a date is a point in time."""
    if "clock" in kinds:
        return "clock"
    if kinds & {"date", "year"}:
        return "date"
    if PHONE.fullmatch(text):
        return "phone"
    if _SCORE.fullmatch(text):
        return "score"
    core = _BOUNDS.sub("", text)
    for unit, measure in _UNITS:
        if core.endswith(unit) and _FIGURE.search(core[-len(unit) - 1 : -len(unit)] or "x"):
            return measure
    return None


# A question asking until when, or from when to when: 展到什么时候, 办到哪天, 几点到几点.
_UNTIL_ASKED = re.compile(
    r"[到至](?:哪天|哪一天|哪日|什么时候|甚么时候|啥时候|几时|何时|几点|几号|几月|哪个月)"
)
# What ends a span of time before its last day or hour: 持续至11月5日, 6时至13时, 至次日0:30.
_UNTIL_MARK = re.compile(f"(?:{_CLOCK_RANGE.pattern})$")
_INNER_RANGE = re.compile(r"至|到|—|~|～")


def asks_until(text: str) -> bool:
    """Whether a question asks when something ends, alone or as a range's end."""
    return _UNTIL_ASKED.search(text) is not None


def until(norm: str, published: str | None) -> bool:
    """Whether a sentence says until when: a date or time of day right after 至, 到 or a dash."""
    dates = find_dates(norm, published)
    # A range read as one date (4月29日至5月3日) has its end inside; 2016-09-12's dashes do not.
    if any(_INNER_RANGE.search(d.text) for d in dates):
        return True
    starts = [d.start for d in dates] + [m.start() for m in CLOCK.finditer(norm)]
    return any(_UNTIL_MARK.search(norm, max(0, s - 4), s) for s in starts)


def found(norm: str, measures: frozenset[str]) -> bool:
    """Whether a sentence holds a figure of one of the measures."""
    if "clock" in measures and CLOCK.search(norm):
        return True
    if "phone" in measures and re.search(r"\d{5}", norm):
        return True
    if "date" in measures and find_dates(norm, None):
        return True
    return any(measure_of(t, _NUMBER) in measures for _, t in number_spans(norm))


# A figure changed: 由原来的40分钟缩短至25分钟, 从3万人增加到5万人, 票价下调为8元, and with
# the time of each said (由2020年的11.2%提高到去年的16.8%).
_CHANGE = "|".join(CHANGE_VERBS)
_WHEN_OF = "[^，,。；;的]{1,8}的"
_TO_AFTER_CHANGE = re.compile(f"(?:{_CHANGE})(?:至|到|为|成)(?:{_WHEN_OF})?$")
_FROM_BEFORE = re.compile(f"(?:由|从)(?:原来的?|原先的?|过去的?|以前的?|{_WHEN_OF})?$")
_CHANGE_AFTER = re.compile(f"[^，,。；;]{{0,6}}?(?:{_CHANGE})")
_UNIT_AT = re.compile(UNITS_PATTERN)


def changed(norm: str, start: int, end: int) -> str | None:
    """Whether the figure at norm[start:end] is what a change ends at ("to": 缩短至25分钟) or
    what it starts from ("from": 由40分钟缩短至…), or neither (None)."""
    since = max(0, start - 8)  # the eight characters before it
    if _TO_AFTER_CHANGE.search(norm, since, start):
        return "to"
    if _FROM_BEFORE.search(norm, since, start) and _CHANGE_AFTER.match(norm, end):
        return "from"
    return None


def unit_at(norm: str, at: int) -> bool:
    """Whether a figure's unit starts at `at` (元 right after 52 in 52元)."""
    return _UNIT_AT.match(norm, at) is not None
