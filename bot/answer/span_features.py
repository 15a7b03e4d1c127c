"""What the span model knows about a candidate answer: its kinds against the question's type,
where it stands from the question's words, its length and surroundings.

Features are sparse (name index, value) pairs over the fixed `FEATURES` list, which the
shipped weights (bot/data/spans.json) are checked against.
"""

from __future__ import annotations

import math
import re

from bot.answer import measures
from bot.answer.lists import coordinated
from bot.answer.question import Question
from bot.answer.span_candidates import KINDS, READINGS, Span
from bot.answer.span_context import Context
from bot.answer.spans import SAME_UNIT
from bot.answer.template import beyond, following, preceding, shared_start
from bot.lang.names import surnamed
from bot.model import QType

# The question's type as the model sees it: a year question is a kind of its own.
# A what-question naming the kind of thing asked (哪一场战争, 什么语言) is a kind of its own too:
# it asks for a name (南北战争), where a bare 是什么 is answered by a phrase or a clause.
QUESTION_KINDS = tuple(t.value for t in QType) + ("year", "which")
_NUMERIC = (
    "length",  # log(1 + characters)
    "one_char",
    "long",  # over 15 characters
    "position",  # where it starts, as a share of the sentence
    "asked_share",  # share of its characters the question also has
    "has_term",  # holds one of the question's terms
    "near",  # 1 / (1 + characters to the nearest question term in the sentence)
    "term_before",  # a question term ends within two characters before it
    "term_after",  # a question term starts within two characters after it, no break between
    "context_left",  # characters before it that continue the question's text before its wh
    "context_right",  # characters after it that continue the question's text after its wh
    "context_chars",  # question characters close around it, nearer counting more
    "clause_cover",  # share of the question's terms in its clause
    "best_clause",  # its clause holds the most question terms
    "after_copula",  # 是/为 right before it
    "after_preposition",  # 在/于/由/从/自/到 right before it
    "many_asked",  # the question asks for several (哪些) and it lists several (、)
    "unit_match",  # the question counts in a unit (多少家) and it ends in that unit
    "measure_match",  # the question asks a measure (多长, 多少钱) and its unit measures it
    "measure_clash",  # … and its unit measures something else (多长 → 1座)
    "measure_none",  # … and it is a figure whose unit measures nothing known
    "category_match",  # it ends in the asked kind (哪个镇 → …镇, 哪一场战争 → 南北战争)
    "rule_inside",  # holds the hand-written reading's answer and more
    "inside_rule",  # lies inside the hand-written reading's answer
    "starts_function",  # begins with a preposition, copula or particle (由…, 是…)
    "ends_function",  # ends in a particle or adverb (…的, …正式)
    "after_break",  # punctuation or the sentence's start right before it
    "before_break",  # punctuation or the sentence's end right after it
    "byline",  # a name in a byline (记者 张三)
    "byline_asked",  # … and the question asks about reporters
    "completed",  # a date completed from the publication date
    "not_a_span",  # the hand-written reading's answer is no span of the sentence
    "kind_head",  # it ends in the last character of the asked kind only (哪一个宗教 → 佛教)
    "reported",  # a date or time of the reporter's own lead (记者昨天从…获悉): not the event's
    "list_item",  # one item of a list (、 right before or after it), not the whole list
    "ordinal_match",  # the question asks which in order (第几) and it says (第3家, 第五区)
    "kind_before",  # the asked kind stands right before it (哪个记者 → 记者 孙立峰)
    "focus_clause",  # the question's term beside its question word is on that side of it
    "changed_to",  # a figure a change ends at (缩短至25分钟): what it is now
    "changed_from",  # a figure a change starts from (由40分钟缩短至…): what it was
    "grain_match",  # the question asks a day (哪天) or month (几月) and the date names one
    "grain_coarse",  # … and the date names only a coarser one (2025年 for 哪天)
    "polar",  # the question asks yes or no and it says which (不重新评阅, 免费参观, 暂停教学)
    "no_surname",  # a person asked, and a name that starts with no surname (弘扬, tagged nr)
    "unit_cut",  # a number whose unit follows it, left out (52 of 52元)
    "coordinated",  # joined by 和/与/、 to an item the question names (洪堡与纽曼)
    "coordinated_other",  # … and the question asks for the other one (另一个是?, 除了)
    "kind_first",  # it ends in the first character of a two-character kind (哪一门语言 → 梵语)
)
FEATURES = (
    ("bias",)
    + tuple(f"kind:{k}" for k in KINDS)
    + tuple(f"{t}:{k}" for t in QUESTION_KINDS for k in KINDS)
    + tuple(f"reading:{r}" for r in READINGS)
    + _NUMERIC
    + tuple(f"length:{t}" for t in QUESTION_KINDS)
)
INDEX = {name: i for i, name in enumerate(FEATURES)}
_MAGNITUDES = frozenset("万亿")
_BIAS = INDEX["bias"]
_KIND = {k: (INDEX[f"kind:{k}"], 1.0) for k in KINDS}
_TYPED = {t: {k: (INDEX[f"{t}:{k}"], 1.0) for k in KINDS} for t in QUESTION_KINDS}
_TYPED_LENGTH = {t: INDEX[f"length:{t}"] for t in QUESTION_KINDS}
(_LENGTH, _ONE_CHAR, _LONG, _POSITION, _ASKED_SHARE, _HAS_TERM, _NEAR, _TERM_BEFORE) = (
    INDEX[n] for n in _NUMERIC[:8]
)
(_TERM_AFTER, _CONTEXT_LEFT, _CONTEXT_RIGHT, _CONTEXT_CHARS, _CLAUSE_COVER, _BEST_CLAUSE) = (
    INDEX[n] for n in _NUMERIC[8:14]
)
(_AFTER_COPULA, _AFTER_PREPOSITION, _MANY_ASKED, _UNIT_MATCH, _MEASURE_MATCH) = (
    INDEX[n] for n in _NUMERIC[14:19]
)
(_MEASURE_CLASH, _MEASURE_NONE, _CATEGORY_MATCH, _RULE_INSIDE, _INSIDE_RULE) = (
    INDEX[n] for n in _NUMERIC[19:24]
)
(_STARTS_FUNCTION, _ENDS_FUNCTION, _AFTER_BREAK, _BEFORE_BREAK, _BYLINE, _BYLINE_ASKED) = (
    INDEX[n] for n in _NUMERIC[24:30]
)
_COMPLETED, _NOT_A_SPAN, _KIND_HEAD, _REPORTED, _LIST_ITEM = (INDEX[n] for n in _NUMERIC[30:35])
_ORDINAL_MATCH, _KIND_BEFORE, _FOCUS_CLAUSE = (INDEX[n] for n in _NUMERIC[35:38])
_CHANGED_TO, _CHANGED_FROM, _GRAIN_MATCH, _GRAIN_COARSE, _POLAR = (
    INDEX[n] for n in _NUMERIC[38:43]
)
_NO_SURNAME, _UNIT_CUT, _COORDINATED, _COORDINATED_OTHER, _KIND_FIRST = (
    INDEX[n] for n in _NUMERIC[43:48]
)
_CONTEXT_MOST = 6  # characters of the question's context beside a span that count
_POLARITY = re.compile("不|没|未|无|免|禁|暂停|停止|取消|须|需要|可以")
_COPULA = frozenset("是为")
_PREPOSITION = frozenset("在于由从自到")
_LEADING = frozenset("由在是的和与被把对从将于为及并也都就而")
_TRAILING = frozenset("的了地得着过和与及在是将被把")
_TRAILING_WORDS = ("正式", "已经", "正在", "共同", "联合", "一起", "分别", "主要", "先后")
_BREAKS = frozenset('，,。；;！!？?：:、 （）()“”"「」《》')
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_FIGURES = frozenset(("number", "clock", "date", "year"))  # kinds a measure applies to
_WHEN = frozenset(("date", "clock"))
_DATES = frozenset(("date", "year"))
# A lead's date of when the reporter learned of it (记者昨天从…获悉), not of the event itself.
_REPORTER_LEARNED = re.compile(r"\s*(?:记者)?\s*从[^，,。；;]{1,30}?(?:获悉|了解到|得知)")


def features(span: Span, q: Question, norm: str, ctx: Context) -> list[tuple[int, float]]:
    """The candidate's non-zero features as (index into FEATURES, value)."""
    # Appended in FEATURES' names' order of old (a dict filled name by name), zeros left out:
    # the model's sum then adds the same numbers in the same order.
    out: list[tuple[int, float]] = [(_BIAS, 1.0)]
    add = out.append
    kinds = span.kinds
    typed = _TYPED[ctx.qkind]
    # Sorted: a frozenset of strings iterates in an order set by the process's hash seed,
    # and the model's sum would add in that order, so its last digits differed by process.
    for k in sorted(kinds):
        add(_KIND[k])
        add(typed[k])
    text = span.text
    size = len(text)
    # A figure's digits count as one character: 216元 is no longer an answer than 18元.
    length = math.log1p(len(_DIGITS.sub("0", text)))
    add((_LENGTH, length))
    add((_TYPED_LENGTH[ctx.qkind], length))
    if size == 1:
        add((_ONE_CHAR, 1.0))
    elif size > 15:
        add((_LONG, 1.0))
    if size:
        share = sum(map(ctx.qchars.__contains__, text)) / size
        if share:
            add((_ASKED_SHARE, share))
    if any(map(text.__contains__, ctx.term_words)):
        add((_HAS_TERM, 1.0))
    if span.said is not None:
        add((_COMPLETED, 1.0))
    if ctx.qkind == "person" and "person" in kinds and not surnamed(text):
        add((_NO_SURNAME, 1.0))
    if ctx.qkind == "yesno" and _POLARITY.search(text):
        add((_POLAR, 1.0))
    if span.reading:
        add((INDEX[f"reading:{span.reading}"], 1.0))
    if span.byline:
        add((_BYLINE, 1.0))
        if ctx.asks_byline:
            add((_BYLINE_ASKED, 1.0))
    if ctx.many and ("、" in text or "series" in kinds):
        add((_MANY_ASKED, 1.0))
    if q.unit and text.endswith(SAME_UNIT.get(q.unit, (q.unit,))):
        add((_UNIT_MATCH, 1.0))
    elif ctx.asked_unit and "number" in kinds and text.endswith(ctx.asked_unit):
        add((_UNIT_MATCH, 1.0))  # 多少米 → 520米, not 520
    if ctx.grain and kinds & _DATES:
        add((_GRAIN_MATCH if ctx.grain.search(text) else _GRAIN_COARSE, 1.0))
    if ctx.ordinal and text.startswith("第"):
        add((_ORDINAL_MATCH, 1.0))
    if ctx.measures and kinds & _FIGURES:
        measure = measures.measure_of(text, kinds)
        key = _MEASURE_NONE if measure is None else _MEASURE_MATCH
        if measure is not None and measure not in ctx.measures:
            key = _MEASURE_CLASH
        add((key, 1.0))
    kind = ctx.kind
    if kind and text.endswith(kind):
        add((_CATEGORY_MATCH, 1.0))
    elif kind and len(text) > 1 and text[-1] == kind[-1]:
        add((_KIND_HEAD, 1.0))
    elif kind and len(kind) == 2 and len(text) > 1 and text[-1] == kind[0]:
        add((_KIND_FIRST, 1.0))  # 语言 → 梵语, 族群 → 汉族, 港口 → 亚德港
    start, end = span.start, span.end
    if start < 0:
        add((_NOT_A_SPAN, 1.0))
        return out
    if start:
        add((_POSITION, start / len(norm)))
    # 52 of 52元, and 186亿 of 186亿元: 万 and 亿 say how many, not of what.
    if (
        "number" in kinds
        and (text[-1:].isdigit() or text[-1:] in _MAGNITUDES)
        and measures.unit_at(norm, end)
    ):
        add((_UNIT_CUT, 1.0))
    if norm[start - 1 : start] == "、" or norm[end : end + 1] == "、":
        add((_LIST_ITEM, 1.0))
    terms = ctx.terms
    gaps = [start - e if e <= start else s - end for s, e in terms if e <= start or s >= end]
    if gaps:
        add((_NEAR, 1 / (1 + min(gaps))))
    if any(0 <= start - e <= 2 for _, e in terms):
        add((_TERM_BEFORE, 1.0))
    if kind and norm[max(0, start - len(kind) - 1) : start].strip().endswith(kind):
        add((_KIND_BEFORE, 1.0))
    # Not across a break: in 全年订价: 300元 每月订价: 25元, the term after 300元 is the next's.
    if any(0 <= s - end <= 2 and not _BREAKS.intersection(norm[end:s]) for s, _ in terms):
        add((_TERM_AFTER, 1.0))
    left = shared_start(ctx.left[::-1], preceding(norm, start)[::-1], _CONTEXT_MOST)
    if left:
        add((_CONTEXT_LEFT, left))
    right = shared_start(beyond(ctx.right, text), following(norm, end), _CONTEXT_MOST)
    if right:
        add((_CONTEXT_RIGHT, right))
    qchars = ctx.qchars
    before = norm[max(0, start - 8) : start]
    after = norm[end : end + 4]
    near = sum(1 / (1 + i) for i, c in enumerate(reversed(before)) if c in qchars)
    near += sum(0.3 / (1 + i) for i, c in enumerate(after) if c in qchars)
    if near:
        add((_CONTEXT_CHARS, near))
    for c_start, c_end, share in ctx.clauses:
        if c_start <= start <= c_end:
            # On the focus's side as the question has it, in one clause, not holding it:
            # 末班车几点 → 末班车时间为22:30, 把什么作为第一动力 → 把创新作为第一动力. 外在表现
            # is what is asked about, and in 216元 每月订价: 18元 the 订价 after 216元 is not its.
            if ctx.focus and ctx.focus not in text:
                lo, hi = (c_start, start) if ctx.focus_first else (end, c_end)
                if any(lo <= a < hi for a in ctx.focus_at):
                    add((_FOCUS_CLAUSE, 1.0))
            if share:
                add((_CLAUSE_COVER, share))
                if share == ctx.best:
                    add((_BEST_CLAUSE, 1.0))
            break
    prev = norm[start - 1 : start]
    if prev in _COPULA:
        add((_AFTER_COPULA, 1.0))
    if prev in _PREPOSITION:
        add((_AFTER_PREPOSITION, 1.0))
    if ctx.rule and (start, end) != ctx.rule:
        r_start, r_end = ctx.rule
        if start <= r_start and r_end <= end:
            add((_RULE_INSIDE, 1.0))
        if r_start <= start and end <= r_end:
            add((_INSIDE_RULE, 1.0))
    if text[:1] in _LEADING:
        add((_STARTS_FUNCTION, 1.0))
    if text[-1:] in _TRAILING or text.endswith(_TRAILING_WORDS):
        add((_ENDS_FUNCTION, 1.0))
    if start == 0 or norm[start - 1] in _BREAKS:
        add((_AFTER_BREAK, 1.0))
    if end == len(norm) or norm[end] in _BREAKS:
        add((_BEFORE_BREAK, 1.0))
    if kinds & _WHEN and _REPORTER_LEARNED.match(norm, end):
        add((_REPORTED, 1.0))
    if coordinated(norm, start, end, ctx.items):
        add((_COORDINATED, 1.0))
        if ctx.asks_other:
            add((_COORDINATED_OTHER, 1.0))
    change = measures.changed(norm, start, end) if kinds & _FIGURES else None
    if change:
        add((_CHANGED_TO if change == "to" else _CHANGED_FROM, 1.0))
    return out
