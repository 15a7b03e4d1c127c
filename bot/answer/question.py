"""Question analysis: what kind of answer is wanted, and which words are the topic."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from bot.answer.open_end import reopened
from bot.answer.wei import asks_what
from bot.lang.lexicon import (
    AGENT_ASKERS,
    AGENT_VERBS,
    ATTRIBUTE_WH,
    ATTRIBUTES,
    CATEGORIES,
    CHATTER,
    COPULAS,
    COUNT_STEMS,
    COUNTED_UNITS,
    FILLER,
    FRAME_VERBS,
    KIND_WH,
    NUMBER_UNITS,
    QUESTION_PHRASES,
    QUESTION_WORDS,
    WH_MEASURE_TYPES,
    WH_STEMS,
    YESNO_PARTICLES,
)
from bot.lang.names import NAME_WORDS, names_a_person
from bot.lang.tokenizer import Tokenizer
from bot.model import QType

# Question phrases by their first character, for one pass over a question's word starts.
_BY_FIRST: dict[str, list[tuple[str, QType, int]]] = {}
for _rank, (_qtype, _words) in enumerate(QUESTION_WORDS.items()):
    for _word in _words:
        _BY_FIRST.setdefault(_word[0], []).append((_word, _qtype, _rank))
_TYPE_RANK = {qtype: rank for rank, qtype in enumerate(QUESTION_WORDS)}
# Question phrases of two or more characters read the same wherever they stand, so a jieba
# word that glues one to the next character (哪天开的 → 哪/天开/的) is cut at the phrase's edge.
_LONG_PHRASES = re.compile(
    "|".join(sorted((w for w in QUESTION_PHRASES if len(w) >= 2), key=len, reverse=True))
)
# "多少家企业", "几名学员": the measure word a counted answer must carry.
_COUNTED = re.compile(r"(?:多少|几)(" + "|".join(COUNTED_UNITS) + ")")
_YESNO_END = re.compile("(" + "|".join(YESNO_PARTICLES) + ")[?？]?$")
_CHATTER = re.compile(r"^(" + "|".join(CHATTER) + r")[!！。.~～?？\s]*$", re.I)
_PUNCT_ONLY = re.compile(r"^[\W_]*$")
# The most topic terms a question keeps (the first ones): a question's work grows with its
# terms, and real questions have at most ~13 (dev, held-out and 1,000 CMRC questions).
MAX_TERMS = 24
_CALLED = re.compile("叫(?:什么|甚么|啥)")  # 叫什么, 叫啥, 叫什么名字
_WHAT_IS = re.compile(r"[^的]{2,12}是什么[?？]?")
_AGENT = re.compile("(" + "|".join(AGENT_ASKERS) + ")(" + "|".join(AGENT_VERBS) + ")")
# Types a kind noun after the question word may sharpen: 哪些职务 asks for titles.
_KIND_REFINES = (QType.WHAT, QType.LIST, QType.ORG, QType.PERSON, QType.OTHER)
# A count of two or more with its measure word after 哪: which ones (两个), or days (两天).
_SEVERAL = re.compile("[两二三四五六七八九十]+(" + "|".join(WH_MEASURE_TYPES) + ")")


@dataclass(frozen=True)
class Question:
    """An analysed question."""

    text: str  # normalised
    qtype: QType
    wh: str | None  # the question phrase found, if any
    terms: tuple[str, ...]  # topic terms for retrieval, question words removed
    chatter: bool = False
    wh_spans: tuple[tuple[int, int], ...] = ()  # where the question phrases stand in `text`
    category: str | None = None  # the noun after the question word (职务 in 哪些职务)
    # Any noun after a which-phrase (战争 in 哪一场战争), known category or not: the answer is
    # usually one of that kind, often ending in it (南北战争).
    kind: str | None = None
    unit: str | None = None  # the measure word a count must carry (家 in 多少家企业)


def _stem_type(word: str) -> QType | None:
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


def _wh_spans(
    text: str, spans: list[tuple[str, int, int]], tokenizer: Tokenizer
) -> list[tuple[int, int, QType, int]]:
    """Question phrases that begin and end on word boundaries: (start, end, type, rank).

    The boundaries keep 几 in 几乎 or 谁 in a name from reading as questions.
    """
    starts, ends = {s for _, s, _ in spans}, {e for _, _, e in spans}
    found: list[tuple[int, int, QType, int]] = []
    for start in starts:
        for phrase, qtype, rank in _BY_FIRST.get(text[start : start + 1], ()):
            end = start + len(phrase)
            if end in ends and text.startswith(phrase, start):
                found.append((start, end, qtype, rank))
    for word, start, end in spans:
        stem_type = _stem_type(word) if len(word) >= 2 else None
        if stem_type is None and _count_with_unit(word):
            stem_type = QType.NUMBER
        if stem_type is not None:
            found.append((start, end, stem_type, _TYPE_RANK[stem_type]))
    # jieba may cut the measure word off its stem (哪/一种 → 哪一/种, 哪/几座, 哪/两个, 第/几位):
    # the two are read together, as when jieba keeps them whole (哪一个), so 种 is no topic.
    after = {start: (word, end) for word, start, end in spans}
    before = {end: word for word, _, end in spans}
    for start, end, qtype, rank in list(found):
        nxt = after.get(end)
        # A kind noun after the stem stays the kind (哪一/国家), as in _unglued.
        if text[start:end] in WH_STEMS and nxt is not None and nxt[0] not in CATEGORIES:
            joined = _stem_type(text[start:end] + nxt[0])
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


def analyse(text: str, tokenizer: Tokenizer) -> Question:
    """Type a normalised question and pick its topic terms."""
    stripped = reopened(text.strip())
    if _PUNCT_ONLY.match(stripped) or _CHATTER.match(stripped):
        return Question(stripped, QType.OTHER, None, (), chatter=True)
    spans = _unglued(stripped, tokenizer.spans(stripped), tokenizer)
    wh = _wh_spans(stripped, spans, tokenizer)
    r = _Reading(stripped, spans, wh, tokenizer)
    for step in _STEPS:
        step(r)
    return Question(
        stripped,
        r.qtype,
        r.phrase,
        _terms(r),
        wh_spans=tuple((s, e) for s, e, _, _ in wh),
        category=r.category,
        kind=r.kind,
        unit=_unit(r),
    )


def _unglued(
    text: str, spans: list[tuple[str, int, int]], tokenizer: Tokenizer
) -> list[tuple[str, int, int]]:
    """Words cut where jieba glued a question phrase, or a counted unit, to what follows:
    哪/天开 → 哪天/开, 多少/家泵企 → 多少/家/泵企. A word that starts with the phrase (几个月,
    哪一年) stays whole: the stem and measure word are read together (_stem_type). So does a
    dictionary word that merely starts with a unit (多少/人口: 人口 is asked about, not 人)."""
    cuts = set()
    phrases = [(m.start(), m.end()) for m in _LONG_PHRASES.finditer(text)]
    units = [(m.start(1), m.end(1)) for m in _COUNTED.finditer(text)]
    previous = ""
    for word, s, e in spans:
        if len(word) >= 2 and word[-1] in "为是" and previous == "的":
            # …的人为谁: jieba glues the copula to the noun before a question phrase.
            if any(text.startswith(w, e) for w, _, _ in _BY_FIRST.get(text[e : e + 1], ())):
                cuts.add(e - 1)
        previous = word
        if word in QUESTION_PHRASES or _stem_type(word) is not None:
            continue  # 哪个 in 在哪个镇: a question word of its own stays whole
        for start, end in phrases:
            if s < start < e:
                cuts.add(start)
            # 哪一国/家 stays 哪一/国家: a kind noun after the stem is read as the kind.
            if start < s < end < e and word not in CATEGORIES:
                cuts.add(end)
        for start, end in units:
            if s == start and end < e and not tokenizer.known(word):
                cuts.add(end)  # the unit begins a word jieba made up: 家泵企
    if not cuts:
        return spans
    out = []
    for _, s, e in spans:  # each word, in the pieces the cuts inside it make
        points = [s, *sorted(c for c in cuts if s < c < e), e]
        out += [(text[a:b], a, b) for a, b in pairwise(points)]
    return out


@dataclass
class _Reading:
    """A question under analysis: its words and question phrases, and what is read so far."""

    text: str
    spans: list[tuple[str, int, int]]  # (word, start, end)
    wh: list[tuple[int, int, QType, int]]  # question phrases (start, end, type, rank)
    tokenizer: Tokenizer
    qtype: QType = QType.OTHER
    phrase: str | None = None
    category: str | None = None
    kind: str | None = None


def _by_phrase(r: _Reading) -> None:
    """The longest question phrase gives the type; without one, a final 吗 asks yes or no."""
    if r.wh:
        best = min(r.wh, key=lambda f: (-(f[1] - f[0]), f[3]))
        r.qtype, r.phrase = best[2], r.text[best[0] : best[1]]
        if r.qtype is QType.PERSON and _AGENT.search(r.text):
            r.qtype = QType.AGENT
    elif _YESNO_END.search(r.text):
        r.qtype = QType.YESNO


def _called(r: _Reading) -> None:
    """ "董事长叫什么" asks for a person's name; "这座桥叫什么名字", for a thing's."""
    m = _CALLED.search(r.text)
    if m is None or r.qtype not in (QType.WHAT, QType.PERSON):
        return
    before = [w for w, _, e in r.spans if e <= m.start() and w.strip() and w not in NAME_WORDS]
    if before:  # the word named: a person's or a thing's
        person = names_a_person(before[-1], r.tokenizer.tag(before[-1]))
        r.qtype = QType.PERSON if person else QType.WHAT


def _kind_after_phrase(r: _Reading) -> None:
    """ "哪些职务": a kind noun right after the question phrase says what is asked."""
    words = {st: (w, e) for w, st, e in r.spans}
    for s0, e0, _, _ in r.wh:
        after, end = words.get(e0, (None, e0))
        phrase = r.text[s0:e0]
        if not (phrase in KIND_WH or _stem_type(phrase)) or after is None:
            continue
        if after in CATEGORIES:
            r.category = after
            if r.qtype in _KIND_REFINES:
                r.qtype = CATEGORIES[after]
        if after == "的":  # 什么样的能力: the kind only, not a category that retypes it
            after = words.get(end, (None, end))[0] or ""
        if r.kind is None and (after in CATEGORIES or r.tokenizer.tag(after)[:1] == "n"):
            r.kind = after


def _attribute_before_phrase(r: _Reading) -> None:
    """ "…的主题是什么", "…的职务有哪些": the attribute asked about, often not in the answer."""
    if r.category is not None or not r.wh or r.text[r.wh[0][0] : r.wh[0][1]] not in ATTRIBUTE_WH:
        return
    before = [w for w, _, e in r.spans if e <= r.wh[0][0] and w.strip()]
    if len(before) >= 2 and before[-1] in ("是", "有") and r.tokenizer.tag(before[-2])[:1] == "n":
        r.category = before[-2]
        if r.category in CATEGORIES and r.qtype in (QType.WHAT, QType.LIST):
            r.qtype = CATEGORIES[r.category]


def _bare_attribute(r: _Reading) -> None:
    """ "永康日报征订热线": a bare topic ending in an attribute asks for that attribute."""
    if r.wh or not r.spans:
        return
    words = [w for w, _, _ in r.spans if w.strip("?？!！。 ")]
    last = words[-1] if words else ""
    if last in ATTRIBUTES:
        r.qtype, r.category = ATTRIBUTES[last], last


def _definition(r: _Reading) -> None:
    """ "工匠精神是什么" asks what the term is."""
    if r.wh and _WHAT_IS.fullmatch(r.text):
        r.qtype, r.category = QType.DEFINITION, None


def _named_person(r: _Reading) -> None:
    """ "唐一军是谁" asks for a named person's post; only when the name ends the question:
    余姚市长是谁 and 史贻直的父亲是谁 ask for a person (the tagger tags 余姚 and 嘉兴 nr)."""
    if not (r.qtype is QType.PERSON and r.wh and r.text[r.wh[-1][1] :].strip("?？ ") == ""):
        return
    before = [w for w, _, e in r.spans if e <= r.wh[-1][0] and w.strip() and w not in COPULAS]
    if before and r.tokenizer.tag(before[-1]) == "nr":
        r.qtype = QType.TITLE


# Each step may refine what the ones before it read; the order matters.
_STEPS = (
    _by_phrase,
    _called,
    _kind_after_phrase,
    _attribute_before_phrase,
    _bare_attribute,
    _definition,
    _named_person,
)


def _unit(r: _Reading) -> str | None:
    """The measure word a counted answer must carry: 家 in 多少家企业. People counted by 个
    (几个人, 几个志愿者, 几个消费者代表) are counted in 名 or 人 (6名): 人."""
    m = _COUNTED.search(r.text) if r.qtype is QType.NUMBER else None
    if m and m.group(1) == "个":
        after = next((w for w, s, _ in r.spans if s == m.end()), r.text[m.end() : m.end() + 1])
        if names_a_person(after, r.tokenizer.tag(after)):
            return "人"
    return m.group(1) if m else None


def _terms(r: _Reading) -> tuple[str, ...]:
    """Topic terms: the question's words but question phrases, filler and framing verbs."""
    frame = FRAME_VERBS.get(r.qtype, frozenset())
    # 多少人, 几家: the measure word after the question phrase is the answer's unit (38名
    # answers 多少人), not a topic the evidence must repeat.
    unit = _unit(r)
    counted_at = {e for _, e, _, _ in r.wh}
    terms = []
    for word, start, end in r.spans:
        term = r.tokenizer.term(word)
        if term is None or term in FILLER or term in frame:
            continue
        if word == unit and start in counted_at:
            continue
        # 哪个朝代, 职务有哪些: the noun naming the kind of answer is seldom in the answer
        # (唐朝, 市委书记); it types the question and is not a topic to find. An attribute
        # (热线, 地址) is, and stays: 征订热线：87138012.
        if term == r.category and term in CATEGORIES and term not in ATTRIBUTES:
            continue
        if any(start < e and s < end for s, e, _, _ in r.wh):
            continue
        terms.append(term)
    return tuple(dict.fromkeys(terms))[:MAX_TERMS]
