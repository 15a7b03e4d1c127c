"""Candidate short answers in an evidence sentence: dates, numbers, names, titles, chunks.

Every candidate is a span of the normalised sentence (or, for the hand-written readings of
`extract`, a text that may not be one) with the kinds that proposed it. `span_features`
describes each for the span model, which picks one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate

from bot.answer.clauses import clauses
from bot.answer.lists import lists
from bot.answer.measures import figures
from bot.answer.question import Question
from bot.answer.runs import MAX_NOUN_RUN, nominal, wide_runs, widened
from bot.answer.spans import (
    BYLINE_NAME,
    TITLE_NAME,
    asks_for_credit,
    asks_for_several,
    occurrences,
    ordinals,
    posts,
)
from bot.lang.lexicon import AFTER_NAME, CATEGORY_NOUNS, PHONE_WORDS, POSTS, SERIES_JOINERS
from bot.lang.masked import masked_names
from bot.lang.names import (
    ORG_SUFFIX,
    PERSON_TAGS,
    dotted,
    dotted_names,
    glued_surnames,
    join_dotted,
    org_start,
    person_runs,
    surname_and_given,
    venues,
)
from bot.lang.tokenizer import Tokenizer
from bot.model import QType, Source

# Every kind of candidate, in the order a span proposed by several keeps them.
KINDS = (
    "date",  # a whole date expression
    "year",  # the year of a longer date (1949年 of 1949年10月1日)
    "number",  # a number with its unit
    "clock",  # a time of day (22:30, 10时18分, 凌晨1点)
    "person",
    "place",
    "org",
    "book",  # 《title》 with its brackets
    "book_inner",  # the same title without them
    "post",  # a post (市委书记)
    "quote",  # the inside of “…” or 「…」
    "named",  # … after a word that names (名为“港城鲜”的餐馆, 被称为“老娘舅”)
    "series",  # names of one kind joined by 、/和/与/及 (团市委、市文明办、市志愿者协会)
    "list",  # any items joined by 、 (218路、225路), see lists.py
    "noun",  # a run of nouns: the fallback for what-questions
    "wide",  # a run of nouns across a character jieba cut off (被|浣|东|街道|队, 至孝|丰镇)
    "clause",  # a whole clause, between punctuation
    "clause_tail",  # the rest of a clause after a question term
    "clause_head",  # a clause up to a question term
    "trimmed",  # a clause or part of one without its leading or trailing function words
    "sentence",  # the whole sentence (CMRC 2018 answers many questions with one)
    "rule",  # what the hand-written readings of the question found (extract.py)
)
# The hand-written readings of extract.reading, by name; the span model weighs each.
READINGS = (
    "post",
    "fill",
    "between",
    "residual",
    "typed",
    "reason",
    "quote",
    "definition",
    "previous",
)
_NAMES = frozenset(("person", "org", "series", "named", "rule"))
_ORGS = _NAMES | {"list"}  # organisations are often listed by names the tagger does not know
# Questions a list may answer: of things often several (places, who), or asking for several
# (哪些). Elsewhere a list is the rare answer: of DRCD's 144 哪一/什么 questions with one on offer,
# none (docs/spans.md, "Lists, ordinals and dotted names").
_LISTED = frozenset((QType.LIST, QType.PLACE, QType.AGENT, QType.ORG, QType.PERSON))
_TYPED_KINDS = {
    QType.TIME: frozenset(("date", "year", "clock", "rule")),
    QType.NUMBER: frozenset(("number", "clock", "rule")),
    QType.PERSON: _NAMES,
    QType.AGENT: _ORGS,
    QType.ORG: _ORGS,
    QType.PLACE: frozenset(("place", "org", "series", "list", "named", "rule")),
    QType.TITLE: frozenset(("post", "rule")),
}
_PLACE_TAGS = frozenset(("ns",))
_ORG_TAGS = frozenset(("nt",))
# Besides nouns, the words a field of an organisation's name may be (发展和改革委员会, 自然资源).
_JOINED_ORG_TAGS = frozenset(("vn", "l", "j"))
_BOOK = re.compile(r"《([^《》]{1,40})》")
_QUOTE = re.compile(r"[“「『\"]([^“”「」『』\"]{1,40})[”」』\"]")
_NAMING = re.compile(r"(?:名为|名叫|叫做|叫作|称为|称作|取名为?|命名为|号称|叫)$")
# A person named right after a post (市长方启明主持): two or three characters, the fewest that
# the next word allows.
_POST_NAME = re.compile(
    "(?:"
    + "|".join(POSTS)
    + r")([\u4e00-\u9fff]{2,3}?)(?="
    + "|".join(AFTER_NAME)
    + r"|[，,。、；;）)])"
)
SERIES_JOINER = re.compile("|".join(SERIES_JOINERS))  # extract joins series with it too
_PLACE_SUFFIX = re.compile(r"(?:街道|[省市县区镇乡村])")
# Prepositions and conjunctions jieba's HMM glues to the end of a name it does not know
# (阿贝贝以1小时13分55秒获得…).
_GLUED_AFTER = frozenset("以在于和与将把被从向对给")
# A word of its own after a name that makes the name a place's (高迁|村, 沙门|镇).
_SETTLEMENTS = frozenset(("村", "镇", "乡", "街道", "社区"))
# Characters that add no content to a span: particles, copulas, conjunctions, punctuation.
_FUNCTION = frozenset("的了是在和与及或也都就而能会要把被对从到向于为之其这那个，,、。；;：:“”\"'")


@dataclass(frozen=True)
class Span:
    """A candidate answer: where it stands in the normalised sentence and what it shows."""

    start: int  # -1: not a span of the sentence (a joined list, the sentence before)
    end: int
    kinds: frozenset[str]
    text: str  # normalised; for a completed date, the completed form
    said: str | None = None  # the sentence's own words when `text` completes them (今年9月)
    byline: bool = False  # a name in a byline (记者 张三)
    reading: str | None = None  # the hand-written reading that proposed it, if one did


def candidates(
    q: Question,
    norm: str,
    source: Source | None,
    tokenizer: Tokenizer,
    rule: tuple[str, str] | None = None,
) -> list[Span]:
    """Every candidate answer in a sentence, minus the question's own words."""
    found: dict[tuple[int, int], tuple[set[str], str, str | None]] = {}

    def add(
        start: int, end: int, kind: str, text: str | None = None, said: str | None = None
    ) -> None:
        if end <= start:
            return
        entry = found.setdefault((start, end), (set(), text or norm[start:end], said))
        entry[0].add(kind)

    published = source.date if source else None
    phones = any(w in q.text for w in PHONE_WORDS)
    for start, end, kind, text, said in figures(norm, published, phones):
        add(start, end, kind, text, said)
    for start, text in ordinals(q, norm):  # a place in an order, with or without a unit
        add(start, start + len(text), "number")
    words = tokenizer.tagged(norm)
    # Where each word starts, and where the last ends: word i is norm[starts[i]:starts[i + 1]].
    starts = [0, *accumulate(len(w) for w, _ in words)]
    _names(norm, words, starts, add, tokenizer.known)
    # Masked names (黄某军) and names whose surname jieba glued to a role (河长方|志远: 方志远)
    # whole, however jieba cut them; their pieces name no one (below).
    whole = [(at, at + len(name)) for at, name in masked_names(norm, tokenizer.known)]
    whole += glued_surnames(words, starts, norm)
    for start, end in dotted_names(words, starts) + person_runs(words, starts) + whole:
        add(start, end, "person")
    for start, end in venues(words, starts):
        add(start, end, "place")
    for m in _BOOK.finditer(norm):
        add(m.start(), m.end(), "book")
        add(m.start(1), m.end(1), "book_inner")
    for m in _QUOTE.finditer(norm):
        add(m.start(1), m.end(1), "quote")
        if _NAMING.search(norm, 0, m.start()):
            add(m.start(1), m.end(1), "named")
    for start, end in posts(norm):
        add(start, end, "post")
    for m in TITLE_NAME.finditer(norm):
        add(m.start(), m.end(), "person")
    for m in _POST_NAME.finditer(norm):
        add(m.start(1), m.end(1), "person")
    clauses(norm, q.terms, words, starts, add)
    if q.qtype in _LISTED or asks_for_several(q.text):
        lists(words, starts, add)
    bylines = {(m.start(1), m.end(1)) for m in BYLINE_NAME.finditer(norm)}
    for start, end in bylines:
        add(start, end, "person")
    if source and source.paper:
        for at in occurrences(source.paper, norm):
            add(at, at + len(source.paper), "org")
    widened(found, wide_runs(words, starts), add)
    _series(found, norm, add)
    # A byline (记者 张三) names who wrote the report, not who built or chaired anything.
    credited = {norm[s:e] for s, e in bylines} if not asks_for_credit(q.text) else set()
    unnamed = CATEGORY_NOUNS.get(q.qtype, ())
    out = []
    for (start, end), (kinds, text, said) in found.items():
        # Part of a byline's name too (海燕 of 记者 邬海燕, as jieba cuts it).
        byline = any(s <= start and end <= e for s, e in bylines)
        if byline and credited:
            continue
        if any(s <= start and end <= e and (s, e) != (start, end) for s, e in whole):
            continue  # a piece of such a name (某芳 of 周某芳, 志远 of 方志远) names no one
        # The kind asked for alone (时候 for 何时, 人 for 谁) names no answer.
        if not only_asked(text, q.text) and text not in credited and text not in unnamed:
            out.append(Span(start, end, frozenset(kinds), text, said, byline))
    if rule and rule[0] not in credited and not only_asked(rule[0], q.text):
        out = _with_rule(out, rule, norm)
    # A question of a span type (谁, 哪一年, 多少家) is answered by a span of a fitting kind
    # when the sentence has one; runs and clauses are only the fallback.
    typed = _TYPED_KINDS.get(q.qtype)
    if typed:
        fitting = [s for s in out if s.kinds & typed]
        return fitting or out
    return out


def _series(
    found: dict[tuple[int, int], tuple[set[str], str, str | None]],
    norm: str,
    add: Callable[[int, int, str], None],
) -> None:
    """Names of one kind joined by 、/和/与/及 answer together: the whole run is a candidate."""
    for kind in ("person", "place", "org", "book", "number", "post"):
        # The longest name at each start; names inside an earlier one are skipped.
        names = sorted((k for k, v in found.items() if kind in v[0]), key=lambda k: (k[0], -k[1]))
        run: list[tuple[int, int]] = []
        for start, end in [*names, (len(norm) + 1, len(norm) + 1)]:
            if run and start < run[-1][1]:
                continue
            if run and SERIES_JOINER.fullmatch(norm[run[-1][1] : start]):
                run.append((start, end))
                continue
            if len(run) > 1:
                add(run[0][0], run[-1][1], "series")
            run = [(start, end)]


def only_asked(text: str, asked: str) -> bool:
    """Whether a span says nothing the question does not: past every piece of two or more
    characters the question also has, only function characters are left (能|走上这样高规格的讲台
    for 走上这样高规格的讲台金政有什么感觉)."""
    i = 0
    n = len(text)
    while i < n:
        size = 0
        while i + size < n and text[i : i + size + 1] in asked:
            size += 1
        if size >= 2:
            i += size
        elif text[i] in _FUNCTION or not text[i].strip():
            i += 1
        else:
            return False
    return True


def _with_rule(out: list[Span], rule: tuple[str, str], norm: str) -> list[Span]:
    """Add the hand-written reading's answer, or mark the span it coincides with."""
    text, how = rule
    start = norm.find(text) if how != "previous" else -1
    for i, s in enumerate(out):
        if s.text == text or (start >= 0 and (s.start, s.end) == (start, start + len(text))):
            out[i] = Span(s.start, s.end, s.kinds | {"rule"}, s.text, s.said, s.byline, how)
            return out
    end = start + len(text) if start >= 0 else -1
    out.append(Span(start, end, frozenset(("rule",)), text, reading=how))
    return out


def _names(
    norm: str,
    words: list[tuple[str, str]],
    starts: list[int],
    add: Callable[[int, int, str], None],
    known: Callable[[str], bool],
) -> None:
    """People, places, organisations and runs of nouns, from jieba's tags of the sentence
    (`known`: whether jieba's dictionary has a word)."""
    run_start = place_from = numeral = -1
    n = len(words)
    i = 0
    while i < n:
        w, tag = words[i]
        s, e = starts[i], starts[i + 1]
        # A numeral with its measure word, from the run's first numeral (5000|万|加元: not 万加元).
        numeral = numeral if tag == "m" and i and words[i - 1][1] == "m" else s
        if tag == "m" and i + 1 < n and words[i + 1][1] == "q":
            add(numeral, e + len(words[i + 1][0]), "number")
        if nominal(words, i):
            if run_start < 0:
                run_start = s
        else:
            if 0 <= run_start < s and s - run_start <= MAX_NOUN_RUN:
                add(run_start, s, "noun")
            run_start = -1
        if i + 1 < n and surname_and_given(w, words[i + 1], tag):
            add(s, e + len(words[i + 1][0]), "person")  # 何|俊杰, 邱|海峰
        if tag in PERSON_TAGS and len(w) >= 2 or tag in ("nr", "nrt") and dotted(norm, e):
            end, i = join_dotted(words, starts, i, norm)
            add(s, end, "person")
            if end == e and len(w) >= 3 and w[-1] in _GLUED_AFTER and not known(w):
                add(s, e - 1, "person")  # 阿贝贝以: jieba glued 以 to the name
            if i < n and words[i][0] in _SETTLEMENTS:
                add(s, end + len(words[i][0]), "place")  # 高迁|村: a village taken for a person
            continue
        if tag in _PLACE_TAGS:
            if place_from < 0:
                place_from = s
            if len(w) >= 2:
                suffix = _PLACE_SUFFIX.match(norm, e)
                reach = suffix.end() if suffix else e
                add(s, reach, "place")
                # 江西|上饶, 岱山县|衢|山岛: a place within a place is one answer.
                if place_from < s:
                    add(place_from, reach, "place")
        elif w.strip():
            place_from = -1
        if tag in _ORG_TAGS or (len(w) >= 2 and tag[:1] == "n" and ORG_SUFFIX.search(w)):
            begin = org_start(norm, words, starts, i, known)
            add(begin, e, "org")
            joined = _joined_org(words, starts, i)
            if joined is not None and joined < begin:
                add(joined, e, "org")
        i += 1
    if 0 <= run_start < len(norm) and len(norm) - run_start <= MAX_NOUN_RUN:
        add(run_start, starts[-1], "noun")


def _joined_org(words: list[tuple[str, str]], starts: list[int], i: int) -> int | None:
    """Where an organisation named for two fields joined by 和 starts (市|文化|和|广电|旅游|体育局,
    住房|和|城乡|建设局), from its last word i: the nouns before it, across a 和; None without one.
    """
    begin, crossed = None, False
    for j in range(i - 1, max(-1, i - 7), -1):
        w, tag = words[j]
        if w == "和" and not crossed:
            crossed = True
        elif tag[:1] == "n" or tag in _JOINED_ORG_TAGS:
            if crossed:
                begin = starts[j]
        else:
            break
    return begin
