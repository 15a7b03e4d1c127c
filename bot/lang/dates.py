"""Find date expressions in a sentence and resolve them against the article's date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.lang.lexicon import OTHER_YEAR_WORDS

_CN_DIGIT = "〇零一二三四五六七八九十两"
_NUM = rf"(?:\d{{1,4}}|[{_CN_DIGIT}]{{1,4}})"
# 号 is a day (5月1号) unless a noun goes on (1号线, 3号楼, 25号球员).
_DAY_MARK = "(?:日|号(?![线楼院馆门店球车位床房室码]))"
# Where a date expression can begin: a relative year, a numeral or a range's 至/到/dash.
# Every part of _DATE is optional, so without this it matches (empty) at every character.
_DATE_START = rf"(?=[今去前明本至到\-—~～\d{_CN_DIGIT}])"
_DATE = re.compile(
    rf"{_DATE_START}"
    rf"(?P<rel>今年|去年|前年|明年|本年)?"
    rf"(?:(?P<year>(?:\d{{4}}|[{_CN_DIGIT}]{{4}}))年)?"
    rf"(?:(?P<month>{_NUM})月(?:份)?)?"
    rf"(?:(?P<day>{_NUM}){_DAY_MARK})?"
    rf"(?:(?P<sep>至|到|-|—|~|～)(?:(?P<month2>{_NUM})月)?(?P<day2>{_NUM}){_DAY_MARK})?"
)
# The characters a written date or range is made of (2016年11月23日至28日, 11-23), as the
# inside of a regex character class.
DATE_CHARS = r"\d年月日至\-"
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
# Every date found has a numeral before 年, 月, 日 or 号, or is an ISO date.
_MAYBE_DATE = re.compile(rf"[\d{_CN_DIGIT}][年月日号]|\d-\d")
# A decade (1930年代, 80年代, 二十世纪八十年代初) is a time of its own, not the year it starts
# with: it is found whole, and no year is read from it.
_DECADE = re.compile(
    rf"(?<![\d{_CN_DIGIT}])(?:上个?世纪|(?:\d{{1,2}}|[{_CN_DIGIT}]{{1,3}})世纪)?"
    rf"(?:\d{{4}}|\d0|[{_CN_DIGIT}]{{2,4}})年代(?:初期|中期|后期|末期|初|中|末)?"
)
_RELATIVE_YEAR = {"今年": 0, "本年": 0, "去年": -1, "前年": -2, "明年": 1}
# Words that only mean a date against the day the article came out.
_RELATIVE_DAY = {"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2, "明天": 1, "明日": 1}
# A part of a relative day names its date too: 昨晚7时30分 is yesterday's evening.
_RELATIVE_DAY |= {"今晚": 0, "今夜": 0, "今晨": 0, "今早": 0, "昨晚": -1, "昨夜": -1, "昨晨": -1}
_RELATIVE_DAY |= {"前晚": -2, "前日": -2, "明晚": 1, "明早": 1}
_RELATIVE_MONTH = {"本月": 0, "上月": -1, "上个月": -1, "下月": 1, "下个月": 1}
_RELATIVE_WEEK = {"本周": 0, "这周": 0, "上周": -1, "下周": 1}
_WEEKDAY = {c: i for i, c in enumerate("一二三四五六")} | {"日": 6, "天": 6}
_RELATIVE = re.compile(
    "(?P<dayword>" + "|".join(_RELATIVE_DAY) + ")"
    "|(?P<monthword>" + "|".join(sorted(_RELATIVE_MONTH, key=len, reverse=True)) + ")"
    rf"(?:(?P<mday>{_NUM})[日号])?"
    "|(?P<weekword>" + "|".join(_RELATIVE_WEEK) + ")(?:星期|礼拜)?(?P<weekday>[一二三四五六日天])"
    "|(?P<yearword>" + "|".join(_RELATIVE_YEAR) + ")(?![\\d" + _CN_DIGIT + "]{1,2}月)"
)
# "同年11月9日": the year is another sentence's, so the publication year must not fill it.
_OTHER_YEAR = OTHER_YEAR_WORDS
_MAYBE_RELATIVE = re.compile("[今昨前明本上下这去][天日月周年个晚夜晨早]")


@dataclass(frozen=True)
class DateSpan:
    """A date expression: where it stands, what it said and what it means."""

    start: int
    end: int
    text: str
    resolved: str  # e.g. 2016年9月 or 2016年11月23日至28日
    year: int | None
    completed: bool = False  # resolved reads something the text does not say (今年 → 2016年)


def _num(text: str | None) -> int | None:
    if not text:
        return None
    if text.isdigit():
        return int(text)
    try:
        # "二零一六" is read digit by digit, "二十八" as a number.
        if len(text) == 4 and all(c in _DIGITS for c in text):
            return int("".join(str(_DIGITS[c]) for c in text))
        import cn2an  # 0.3 s to import: only once a date is written in Chinese numerals

        return int(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError):
        return None


def find_dates(text: str, published: str | None) -> list[DateSpan]:
    """Date expressions in text, resolved against the publication date (YYYY-MM-DD) if known.

    Only the text itself and the publication date complete a date: a year or month the
    sentence leaves out is never taken from another sentence.
    """
    pub = _published(published)
    relative = _relative_dates(text, pub) if pub and _MAYBE_RELATIVE.search(text) else []
    if not _MAYBE_DATE.search(text):
        return relative  # most sentences hold no date; skip the slow scan
    out: list[DateSpan] = []
    for m in _DATE.finditer(text):
        if not _says_a_date(m) and m.group("day2"):
            # Only a range's end matched (9:00至5月26日): the date after the 至 is one of its own.
            m = _DATE.match(text, m.end("sep")) or m
        if not _says_a_date(m):
            continue
        rel = m.group("rel")
        year = _num(m.group("year"))
        month = _num(m.group("month"))
        day = _num(m.group("day"))
        if not _plausible(year, month, day):
            continue
        said = (year, month)
        if pub and not text[: m.start()].endswith(_OTHER_YEAR):
            year, month = _complete(pub, rel, year, month, day)
        resolved = _format(year, month, day, m)
        completed = (year, month) != said
        out.append(DateSpan(m.start(), m.end(), m.group(0), resolved, year, completed))
    for m in _ISO.finditer(text):
        y, mo, d = (int(g) for g in m.groups())
        if _plausible(y, mo, d):
            out.append(DateSpan(m.start(), m.end(), m.group(0), f"{y}年{mo}月{d}日", y))
    # A relative expression holds the plain date inside it (本月|20日), a decade its first
    # year (1930|年代): each wins the overlap.
    decades = [
        DateSpan(m.start(), m.end(), m.group(0), m.group(0), None) for m in _DECADE.finditer(text)
    ]
    wider = relative + decades
    out = [d for d in out if not any(r.start <= d.start < r.end for r in wider)]
    return sorted(out + wider, key=lambda d: d.start)


def _complete(
    pub: date, rel: str | None, year: int | None, month: int | None, day: int | None
) -> tuple[int | None, int | None]:
    """The year and month a date leaves out, from the publication date."""
    if year is None and rel:
        year = pub.year + _RELATIVE_YEAR[rel]
    if year is None and (month or day):
        return _infer(pub, month, day)
    if month is None and day is not None and year == pub.year:
        month = pub.month
    return year, month


def _published(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published) if published else None
    except ValueError:
        return None


def _relative_dates(text: str, pub: date) -> list[DateSpan]:
    """昨天, 本月20日, 上周五, 今年 …: dates that only the publication date resolves."""
    out = []
    for m in _RELATIVE.finditer(text):
        if m.group("dayword"):
            day = pub + timedelta(days=_RELATIVE_DAY[m.group("dayword")])
            resolved = f"{day.year}年{day.month}月{day.day}日"
            year = day.year
        elif m.group("monthword"):
            months = pub.year * 12 + pub.month - 1 + _RELATIVE_MONTH[m.group("monthword")]
            year, month = divmod(months, 12)
            mday = _num(m.group("mday"))
            if mday is not None and not 1 <= mday <= 31:
                continue
            resolved = f"{year}年{month + 1}月" + (f"{mday}日" if mday else "")
        elif m.group("weekword"):
            monday = pub - timedelta(days=pub.weekday())
            weeks = _RELATIVE_WEEK[m.group("weekword")]
            day = monday + timedelta(weeks=weeks, days=_WEEKDAY[m.group("weekday")])
            resolved = f"{day.year}年{day.month}月{day.day}日"
            year = day.year
        else:
            year = pub.year + _RELATIVE_YEAR[m.group("yearword")]
            resolved = f"{year}年"
        out.append(DateSpan(m.start(), m.end(), m.group(0), resolved, year, True))
    return out


def _says_a_date(m: re.Match[str]) -> bool:
    """Whether a match of _DATE says a year, month or day (all its parts are optional)."""
    return bool(m.group("year") or m.group("month") or m.group("day"))


def _plausible(year: int | None, month: int | None, day: int | None) -> bool:
    # Four digits before 年 are a year (1843年, 1449年: encyclopedias and history pieces go
    # back centuries); the cap keeps 3000年 (a span of time) out.
    if year is not None and not 1000 <= year <= 2100:
        return False
    if month is not None and not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= 31


def _infer(pub: date, month: int | None, day: int | None) -> tuple[int, int | None]:
    """A month or day without a year: the latest such date not long after publication."""
    if month is None:
        # "24日" in a paper of the 25th: this month; "28日" may still be this month's week.
        if day is not None and day > pub.day + 7:
            prev = pub.month - 1 or 12
            return (pub.year if pub.month > 1 else pub.year - 1), prev
        return pub.year, pub.month
    return (pub.year if month <= pub.month + 1 else pub.year - 1), month


def _format(year: int | None, month: int | None, day: int | None, m: re.Match[str]) -> str:
    parts = []
    if year is not None:
        parts.append(f"{year}年")
    if month is not None:
        parts.append(f"{month}月")
    if day is not None:
        parts.append(f"{day}日")
    text = "".join(parts)
    if m.group("day2"):
        month2 = _num(m.group("month2"))
        end = f"{month2}月" if month2 else ""
        text += f"至{end}{_num(m.group('day2'))}日"
    return text


# A year of an era or reign, which no calendar date says: 民国25年, 公元68年, 康熙三十二年,
# 至元十一年, 昭和21年. The era is two characters that are no word of counting or of time (第二年,
# 连续三年, 长达十年, 此后两年): the character before the numeral is none of these.
_NOT_ERA_END = (
    "第近续达过后前来去多余约共仅满至到于了又再才就的"  # 第二年, 最近三年, 连续, 长达, 此后 …
    "每这那该本同当次翌整长短时隔期间有是在为"  # 每年, 这三年, 同年, 历时, 时隔, 为期, 共有 …
)
_ERA_YEAR = re.compile(
    r"(?:(?:公元前?|西元前?|民国|民國)\d{1,4}"
    rf"|[\u4e00-\u9fff][^\W\d{_NOT_ERA_END}{_CN_DIGIT}](?:元|[{_CN_DIGIT}]{{1,4}}|\d{{1,2}}))年"
)


def era_years(text: str) -> list[tuple[int, str]]:
    """Each year of an era or reign in the text, with where it starts."""
    return [(m.start(), m.group(0)) for m in _ERA_YEAR.finditer(text)]
