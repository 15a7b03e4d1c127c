"""Find date expressions in a sentence and resolve them against the article's date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_CN_DIGIT = "〇零一二三四五六七八九十两"
_NUM = rf"(?:\d{{1,4}}|[{_CN_DIGIT}]{{1,4}})"
_DAY = rf"{_NUM}[日号]"
# Where a date expression can begin: a relative year, a numeral or a range's 至/到/dash.
# Every part of _DATE is optional, so without this it matches (empty) at every character.
_DATE_START = rf"(?=[今去前明本至到\-—~～\d{_CN_DIGIT}])"
_DATE = re.compile(
    rf"{_DATE_START}"
    rf"(?P<rel>今年|去年|前年|明年|本年)?"
    rf"(?:(?P<year>(?:\d{{4}}|[{_CN_DIGIT}]{{4}}))年)?"
    rf"(?:(?P<month>{_NUM})月(?:份)?)?"
    rf"(?:(?P<day>{_NUM})[日号])?"
    rf"(?:(?P<sep>至|到|-|—|~|～)(?:(?P<month2>{_NUM})月)?(?P<day2>{_NUM})[日号])?"
)
# The characters a written date or range is made of (2016年11月23日至28日, 11-23), as the
# inside of a regex character class.
DATE_CHARS = r"\d年月日至\-"
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
# Every date found has a numeral before 年, 月, 日 or 号, or is an ISO date.
_MAYBE_DATE = re.compile(rf"[\d{_CN_DIGIT}][年月日号]|\d-\d")
_RELATIVE_YEAR = {"今年": 0, "本年": 0, "去年": -1, "前年": -2, "明年": 1}


@dataclass(frozen=True)
class DateSpan:
    """A date expression: where it stands, what it said and what it means."""

    start: int
    end: int
    text: str
    resolved: str  # e.g. 2016年9月 or 2016年11月23日至28日
    year: int | None


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
    """Date expressions in text, resolved against the publication date (YYYY-MM-DD) if known."""
    if not _MAYBE_DATE.search(text):
        return []  # most sentences hold no date; skip the slow scan
    pub = date.fromisoformat(published) if published else None
    out: list[DateSpan] = []
    for m in _DATE.finditer(text):
        if not (m.group("year") or m.group("month") or m.group("day")):
            continue
        rel = m.group("rel")
        if not (m.group("year") or m.group("month")) and not m.group("day"):
            continue
        year = _num(m.group("year"))
        month = _num(m.group("month"))
        day = _num(m.group("day"))
        if not _plausible(year, month, day):
            continue
        if year is None and rel and pub:
            year = pub.year + _RELATIVE_YEAR[rel]
        if year is None and pub and (month or day):
            year, month = _infer(pub, month, day)
        elif month is None and day is not None and pub and year == pub.year:
            month = pub.month
        out.append(DateSpan(m.start(), m.end(), m.group(0), _format(year, month, day, m), year))
    for m in _ISO.finditer(text):
        y, mo, d = (int(g) for g in m.groups())
        if _plausible(y, mo, d):
            out.append(DateSpan(m.start(), m.end(), m.group(0), f"{y}年{mo}月{d}日", y))
    return sorted(out, key=lambda d: d.start)


def _plausible(year: int | None, month: int | None, day: int | None) -> bool:
    if year is not None and not 1900 <= year <= 2100:
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
