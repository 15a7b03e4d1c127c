"""Question analysis: what kind of answer is wanted, and which words are the topic."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from bot.answer.open_end import reopened
from bot.answer.wh import BY_FIRST, LONG_PHRASES, stem_type, wh_spans
from bot.lang.lexicon import (
    AGENT_ASKERS,
    AGENT_VERBS,
    ATTRIBUTE_WH,
    ATTRIBUTES,
    CATEGORIES,
    CHATTER,
    COPULAS,
    COUNTED_UNITS,
    DEMONSTRATIVES,
    FILLER,
    FRAME_VERBS,
    KIND_WH,
    NUMBER_UNITS,
    QUESTION_PHRASES,
    WH_MEASURE_TYPES,
    WH_STEMS,
    YESNO_PARTICLES,
)
from bot.lang.names import NAME_WORDS, names_a_person
from bot.lang.tokenizer import Tokenizer
from bot.model import QType

# "多少家企业", "几名学员": the measure word a counted answer must carry.
_COUNTED = re.compile(r"(?:多少|几)(" + "|".join(COUNTED_UNITS) + ")")
_MANY = re.compile("多少")
_YESNO_END = re.compile("(" + "|".join(YESNO_PARTICLES) + ")[?？]?$")
_CHATTER = re.compile(r"^(" + "|".join(CHATTER) + r")[!！。.~～?？\s]*$", re.I)
_PUNCT_ONLY = re.compile(r"^[\W_]*$")
# The most topic terms a question keeps (the first ones): a question's work grows with its
# terms, and real questions have at most ~13 (dev, held-out and 1,000 CMRC questions).
MAX_TERMS = 24
# The measure words a demonstrative points with (这轮, 那天, 这一): one character.
_POINTED_UNITS = frozenset(u for u in NUMBER_UNITS if len(u) == 1) | {"一"}
_CALLED = re.compile("叫(?:什么|甚么|啥)")  # 叫什么, 叫啥, 叫什么名字
_WHAT_IS = re.compile(r"[^的]{2,12}是什么[?？]?")
_AGENT = re.compile("(" + "|".join(AGENT_ASKERS) + ")(" + "|".join(AGENT_VERBS) + ")")
# Types a kind noun after the question word may sharpen: 哪些职务 asks for titles.
_KIND_REFINES = (QType.WHAT, QType.LIST, QType.ORG, QType.PERSON, QType.OTHER)
# Stems a kind noun may follow inside one question phrase (哪个国家, 哪一国, 什么人), longest
# first; and place words that point rather than name a kind (哪边, 何处).
_STEMS = sorted({*KIND_WH, *WH_STEMS, "哪一个"}, key=lambda w: (-len(w), w))
_PLACE_POINTERS = frozenset("边处地里")


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

    @property
    def asked_kind(self) -> str | None:
        """What the answer is one of: the known category (职务), else any kind noun (战争)."""
        return self.category or self.kind


def analyse(text: str, tokenizer: Tokenizer) -> Question:
    """Type a normalised question and pick its topic terms."""
    stripped = reopened(text.strip())
    if _PUNCT_ONLY.match(stripped) or _CHATTER.match(stripped):
        return Question(stripped, QType.OTHER, None, (), chatter=True)
    spans = _unglued(stripped, tokenizer.spans(stripped), tokenizer)
    wh = wh_spans(stripped, spans, tokenizer)
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
    哪一年) stays whole: the stem and measure word are read together (stem_type). So does a
    dictionary word that merely starts with a unit (多少/人口: 人口 is asked about, not 人)."""
    cuts = set()
    phrases = [(m.start(), m.end()) for m in LONG_PHRASES.finditer(text)]
    units = [(m.start(1), m.end(1)) for m in _COUNTED.finditer(text)]
    previous = ""
    for word, s, e in spans:
        if len(word) >= 2 and word[-1] in "为是" and previous == "的":
            # …的人为谁: jieba glues the copula to the noun before a question phrase.
            if any(text.startswith(w, e) for w, _, _ in BY_FIRST.get(text[e : e + 1], ())):
                cuts.add(e - 1)
        previous = word
        if word in QUESTION_PHRASES or stem_type(word) is not None:
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
        if not (phrase in KIND_WH or stem_type(phrase)) or after is None:
            continue
        if after in CATEGORIES:
            r.category = after
            if r.qtype in _KIND_REFINES:
                r.qtype = CATEGORIES[after]
        if after == "的":  # 什么样的能力: the kind only, not a category that retypes it
            after = words.get(end, (None, end))[0] or ""
        if r.kind is None and (after in CATEGORIES or r.tokenizer.tag(after)[:1] == "n"):
            r.kind = after


def _kind_in_phrase(r: _Reading) -> None:
    """ "哪个国家的赛车手", "哪国的政治家": the kind named inside the question phrase is what is
    asked (法国), ahead of the noun after it, which names what the question is about."""
    if r.phrase is None or r.qtype in (QType.TIME, QType.NUMBER):
        return
    stem = next((w for w in _STEMS if r.phrase.startswith(w)), "")
    rest = r.phrase[len(stem) :]
    if stem and rest and WH_MEASURE_TYPES.get(rest, QType.PLACE) is QType.PLACE:
        if rest not in _PLACE_POINTERS and (rest in CATEGORIES or r.tokenizer.tag(rest)[:1] == "n"):
            r.kind = rest


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
    _kind_in_phrase,
    _attribute_before_phrase,
    _bare_attribute,
    _definition,
    _named_person,
)


def _unit(r: _Reading) -> str | None:
    """The measure word a counted answer must carry: 家 in 多少家企业. People counted by 个
    (几个人, 几个志愿者, 几个消费者代表) are counted in 名 or 人 (6名): 人."""
    if r.qtype is not QType.NUMBER:
        return None
    m = _COUNTED.search(r.text)
    if m and m.group(1) == "个":
        if _people_at(r, m.end(), r.text[m.end() : m.end() + 1]):
            return "人"
    if m:
        return m.group(1)
    # 多少小学生, 多少志愿者: people counted with no measure word are counted in 名 or 人.
    if any(_people_at(r, k.end(), "") for k in _MANY.finditer(r.text)):
        return "人"
    return None


def _people_at(r: _Reading, at: int, otherwise: str) -> bool:
    """Whether the word starting at `at` (else `otherwise`) names a person."""
    after = next((w for w, s, _ in r.spans if s == at), otherwise)
    return bool(after) and names_a_person(after, r.tokenizer.tag(after))


def is_filler(term: str) -> bool:
    """A word that frames a question and names no topic: listed, or a demonstrative with a
    measure word (这轮, 那天)."""
    return term in FILLER or (
        len(term) == 2 and term[0] in DEMONSTRATIVES and term[1] in _POINTED_UNITS
    )


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
        if term is None or is_filler(term) or term in frame:
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
