"""Where a question's phrases (谁, 哪一年, 多少家, 哪两天) stand, and what each asks.

A phrase counts only on word boundaries, and a stem jieba cut off its measure word (哪/一种)
is read with it. question.analyse reads the question's type and kind from what this finds.
"""

from __future__ import annotations

import re

from bot.answer.wei import asks_what
from bot.lang.lexicon import (
    CATEGORIES,
    COUNT_STEMS,
    NUMBER_UNITS,
    QUESTION_PHRASES,
    QUESTION_WORDS,
    WH_MEASURE_TYPES,
    WH_STEMS,
)
from bot.lang.tokenizer import Tokenizer
from bot.model import QType

# Question phrases by their first character, for one pass over a question's word starts.
BY_FIRST: dict[str, list[tuple[str, QType, int]]] = {}
for _rank, (_qtype, _words) in enumerate(QUESTION_WORDS.items()):
    for _word in _words:
        BY_FIRST.setdefault(_word[0], []).append((_word, _qtype, _rank))
_TYPE_RANK = {qtype: rank for rank, qtype in enumerate(QUESTION_WORDS)}
# Question phrases of two or more characters read the same wherever they stand, so a jieba
# word that glues one to the next character (哪天开的 → 哪/天开/的) is cut at the phrase's edge.
LONG_PHRASES = re.compile(
    "|".join(sorted((w for w in QUESTION_PHRASES if len(w) >= 2), key=len, reverse=True))
)
# A count of two or more with its measure word after 哪: which ones (两个), or days (两天).
_SEVERAL = re.compile("[两二三四五六七八九十]+(" + "|".join(WH_MEASURE_TYPES) + ")")


def stem_type(word: str) -> QType | None:
    """The type a jieba word of stem and measure word asks for (哪一条, 几座), or None."""
    for stem in COUNT_STEMS:
        if word.startswith(stem) and word[len(stem) :] in WH_MEASURE_TYPES:
            return QType.NUMBER
    for stem, qtype in WH_STEMS.items():
        if word.startswith(stem) and word[len(stem) :] in WH_MEASURE_TYPES:
            measured = WH_MEASURE_TYPES[word[len(stem) :]]
            return qtype if measured is QType.WHAT else measured
    return None


_UNITS = frozenset(NUMBER_UNITS)


def _count_with_unit(word: str) -> bool:
    """A count stem jieba keeps with a unit (几分钟, 多少公里; unlike 几座桥, no noun after)."""
    return any(word.startswith(c) and word[len(c) :] in _UNITS for c in COUNT_STEMS)


def wh_spans(
    text: str, spans: list[tuple[str, int, int]], tokenizer: Tokenizer
) -> list[tuple[int, int, QType, int]]:
    """Question phrases that begin and end on word boundaries: (start, end, type, rank).

    The boundaries keep 几 in 几乎 or 谁 in a name from reading as questions.
    """
    starts, ends = {s for _, s, _ in spans}, {e for _, _, e in spans}
    found: list[tuple[int, int, QType, int]] = []
    for start in starts:
        for phrase, qtype, rank in BY_FIRST.get(text[start : start + 1], ()):
            end = start + len(phrase)
            if end in ends and text.startswith(phrase, start):
                found.append((start, end, qtype, rank))
    for word, start, end in spans:
        asks = stem_type(word) if len(word) >= 2 else None
        if asks is None and _count_with_unit(word):
            asks = QType.NUMBER
        if asks is not None:
            found.append((start, end, asks, _TYPE_RANK[asks]))
    # jieba may cut the measure word off its stem (哪/一种 → 哪一/种, 哪/几座, 哪/两个, 第/几位):
    # the two are read together, as when jieba keeps them whole (哪一个), so 种 is no topic.
    after = {start: (word, end) for word, start, end in spans}
    before = {end: word for word, _, end in spans}
    for start, end, qtype, rank in list(found):
        nxt = after.get(end)
        # A kind noun after the stem stays the kind (哪一/国家), as in _unglued.
        if text[start:end] in WH_STEMS and nxt is not None and nxt[0] not in CATEGORIES:
            joined = stem_type(text[start:end] + nxt[0])
            if joined is None and (several := _SEVERAL.fullmatch(nxt[0])):  # 哪两个乡镇, 哪两天
                joined = QType.TIME if WH_MEASURE_TYPES[several[1]] is QType.TIME else QType.LIST
            if joined is not None:
                found.append((start, nxt[1], joined, _TYPE_RANK[joined]))
        if text[start : start + 1] == "几" and before.get(start) == "第":
            found.append((start - 1, end, qtype, rank))  # 第几位: which place in an order
    # 好几次 (several times), 十几个 (a dozen or so): a count, not a question.
    found = [f for f in found if not (text[f[0]] == "几" and f[0] and text[f[0] - 1] in "好十")]
    # Longest phrase wins an overlap; then the more specific type.
    found.sort(key=lambda f: (-(f[1] - f[0]), f[3], f[0]))
    chosen: list[tuple[int, int, QType, int]] = []
    for f in found:
        if all(f[1] <= c[0] or f[0] >= c[1] for c in chosen):
            chosen.append(f)
    return sorted(_what_after_wei(text, f, tokenizer) for f in chosen)


def _what_after_wei(
    text: str, f: tuple[int, int, QType, int], tokenizer: Tokenizer
) -> tuple[int, int, QType, int]:
    """为什么 read as 为 + 什么 where 为 closes the words before it (bot/answer/wei.py)."""
    if asks_what(text, f[0], f[1], tokenizer):
        return (f[0] + 1, f[1], QType.WHAT, _TYPE_RANK[QType.WHAT])
    return f
